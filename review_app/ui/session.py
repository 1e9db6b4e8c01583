"""Which workspace the app works on (who works on it: `review_app.ui.auth`), and messages that
callbacks leave in session state for the next run."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from review_app.store import ArticleStore
from review_app.ui import render


def workspace() -> Path:
    """The workspace `review-app serve` was started on (env REVIEW_APP_WORKSPACE)."""
    return Path(os.environ.get("REVIEW_APP_WORKSPACE", ".")).resolve()


def article_store() -> ArticleStore:
    return ArticleStore(workspace())


def show_notice(key: str) -> None:
    """Show, once, the `(kind, text)` message a callback left under `key` ("error", "success")."""
    notice = st.session_state.pop(key, None)
    if notice:
        kind, text = notice
        st.html(render.alert(text, kind))
