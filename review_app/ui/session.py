"""Who is working and on which workspace: the only place the UI decides either."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import streamlit as st

from review_app.store import ArticleStore

REVIEWER_KEY = "reviewer"


def workspace() -> Path:
    """The workspace `review-app serve` was started on (env REVIEW_APP_WORKSPACE)."""
    return Path(os.environ.get("REVIEW_APP_WORKSPACE", ".")).resolve()


def article_store() -> ArticleStore:
    return ArticleStore(workspace())


def reviewer_input() -> None:
    """Sidebar field naming the reviewer; every change is recorded under this name."""
    if REVIEWER_KEY not in st.session_state:
        st.session_state[REVIEWER_KEY] = _default_reviewer()
    st.sidebar.text_input(
        "Reviewer", key=REVIEWER_KEY, help="Your name, recorded with every change you make."
    )


def current_reviewer() -> str:
    """The name recorded with every change made in this browser session."""
    return " ".join(str(st.session_state.get(REVIEWER_KEY, "")).split())


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment (some containers)
        return ""
