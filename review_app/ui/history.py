"""A segment's history on the Review page: who changed what and when, from the audit log."""

from __future__ import annotations

import streamlit as st

from review_app import audit
from review_app.store import ArticleStore
from review_app.ui import render
from review_app.ui.session import article_store


@st.cache_data(max_entries=16, show_spinner=False)
def _by_segment(folder: str, article_id: str, stamp: tuple[int, int]) -> dict[str, list[dict]]:
    """Read once per change of the audit file (its modification time and size)."""
    return audit.history_by_segment(ArticleStore(folder), article_id)


def _stamp(store: ArticleStore, article_id: str) -> tuple[int, int]:
    try:
        stat = (store.audit_dir / f"{article_id}.jsonl").stat()
    except FileNotFoundError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def segment_history(article_id: str, segment_id: str) -> None:
    """An expander listing the segment's changes, newest first (nothing if there are none)."""
    store = article_store()
    records = _by_segment(str(store.workspace), article_id, _stamp(store, article_id)).get(
        segment_id, []
    )
    if not records:
        return
    with st.expander(f"History ({len(records)})", icon=":material/history:"):
        lines = []
        for record in reversed(records):
            before, after = audit.summary(record)
            change = f"{before} → {after}" if before or after else ""
            lines.append(
                f"{record.get('time', '')} · {record.get('user', '')} · "
                f"{record.get('action', '')}{': ' + change if change else ''}"
            )
        st.html(render.escaped("\n".join(lines), "ra-muted"))
