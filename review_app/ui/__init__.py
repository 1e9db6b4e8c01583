"""The Streamlit review app: renders the core's data and calls the core; no business logic."""
