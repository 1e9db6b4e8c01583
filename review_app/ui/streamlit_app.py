"""Entry point of the review app: page setup, login, and the pages the user's role gets.

Started by `review-app serve`; the workspace comes from env REVIEW_APP_WORKSPACE.
"""

from pathlib import Path

import streamlit as st

from review_app.ui import auth, render, session

PAGES = Path(__file__).parent / "app_pages"


def main() -> None:
    st.set_page_config(page_title="Review app", page_icon="📝", layout="wide")
    st.html(render.CSS)
    pages = [
        st.Page(PAGES / "articles.py", title="Articles", icon=":material/list:", default=True),
        st.Page(PAGES / "review.py", title="Review", icon=":material/rate_review:"),
        st.Page(PAGES / "glossary.py", title="Glossary", icon=":material/menu_book:"),
        st.Page(PAGES / "dashboard.py", title="Dashboard", icon=":material/monitoring:"),
        st.Page(PAGES / "export.py", title="Export", icon=":material/download:"),
        st.Page(PAGES / "signoff.py", title="Sign-off", icon=":material/verified:"),
        st.Page(PAGES / "users.py", title="Users", icon=":material/group:"),
    ]
    user = auth.logged_in_user(pages)
    auth.sidebar(user)
    st.sidebar.caption(f"Workspace: `{session.workspace()}`")
    st.navigation(auth.permitted_pages(user, pages)).run()


if __name__ == "__main__":  # as Streamlit runs it; not when a process re-imports its main file
    main()
