"""One module per page of the app, run by `st.navigation` from streamlit_app.py."""
