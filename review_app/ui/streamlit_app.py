"""Entry point of the review app: page setup, who is reviewing, and the page menu.

Started by `review-app serve`; the workspace comes from env REVIEW_APP_WORKSPACE.
"""

from pathlib import Path

import streamlit as st

from review_app.ui import render, session

PAGES = Path(__file__).parent / "app_pages"


def main() -> None:
    st.set_page_config(page_title="Review app", page_icon="📝", layout="wide")
    st.html(render.CSS)
    session.reviewer_input()
    st.sidebar.caption(f"Workspace: `{session.workspace()}`")
    pages = [
        st.Page(PAGES / "articles.py", title="Articles", icon=":material/list:", default=True),
        st.Page(PAGES / "review.py", title="Review", icon=":material/rate_review:"),
        st.Page(PAGES / "glossary.py", title="Glossary", icon=":material/menu_book:"),
        st.Page(PAGES / "dashboard.py", title="Dashboard", icon=":material/monitoring:"),
        st.Page(PAGES / "export.py", title="Export", icon=":material/download:"),
    ]
    st.navigation(pages).run()


main()
