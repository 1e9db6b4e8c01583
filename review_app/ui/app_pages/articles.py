"""Articles: every article of the workspace with its progress, opening one, importing one."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from review_app import review
from review_app.errors import ReviewAppError
from review_app.importer import import_files
from review_app.store import ArticleSummary
from review_app.textio import SUPPORTED_SUFFIXES, max_file_bytes
from review_app.ui import data, render
from review_app.ui.session import article_store, show_notice

UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]
IMPORT_RESULT_KEY = "import-result"
OPEN_KEY = "open-article"


def main() -> None:
    st.title("Articles", anchor=False)
    try:
        summaries = data.article_summaries()
    except ReviewAppError as exc:
        st.html(render.alert(str(exc)))
        summaries = []
    if summaries:
        _table(summaries)
        _open(summaries)
    else:
        st.info("No articles yet: import a Chinese source and its English machine draft below.")
    _import_form()


def _table(summaries: list[ArticleSummary]) -> None:
    rows = []
    for s in summaries:
        flags, _ = data.article_flags(s.id)
        active = [f for seg_flags in flags.values() for f in review.active_flags(seg_flags)]
        rows.append(
            {
                "title": s.title,
                "date": s.date,
                "segments": s.segments,
                "approved": s.approved_share,
                "errors": sum(f.severity == "error" for f in active),
                "warnings": sum(f.severity == "warning" for f in active),
                "last reviewed": _last_reviewed(s.last_reviewed_at, s.last_reviewer),
                "signed off by": s.signed_off_by,
                "id": s.id,
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn("Title", width="large"),
            "date": st.column_config.TextColumn("Date", width="small"),
            "segments": st.column_config.NumberColumn("Segments", width="small"),
            "approved": st.column_config.ProgressColumn(
                "Approved", format="percent", min_value=0.0, max_value=1.0, width="small"
            ),
            "errors": st.column_config.NumberColumn("Errors", width="small"),
            "warnings": st.column_config.NumberColumn("Warnings", width="small"),
            "last reviewed": st.column_config.TextColumn("Last reviewed", width="medium"),
            "signed off by": st.column_config.TextColumn("Signed off by", width="small"),
            "id": st.column_config.TextColumn("Id", width="medium"),
        },
    )
    st.caption("Click a column header to sort.")


def _last_reviewed(at: str, by: str) -> str:
    """'2026-11-23 10:00 · alice': sorts by time, reads at a glance."""
    return f"{render.short_time(at)} · {by}" if at else ""


def _open(summaries: list[ArticleSummary]) -> None:
    cols = st.columns([5, 1.5], vertical_alignment="bottom")
    titles = {s.id: s.title for s in summaries}
    chosen = cols[0].selectbox(
        "Article to review",
        list(titles),
        key=OPEN_KEY,
        format_func=lambda i: f"{titles[i]}  ({i})",
    )
    if cols[1].button("Open for review", type="primary", icon=":material/edit_note:"):
        st.switch_page("app_pages/review.py", query_params={"article": chosen})


def _import_form() -> None:
    st.subheader("Import an article", anchor=False)
    show_notice(IMPORT_RESULT_KEY)
    limit_mb = max(1, math.ceil(max_file_bytes() / 1048576))
    with st.form("import", border=True):
        source, draft = st.columns(2)
        source.file_uploader(
            "Chinese source", type=UPLOAD_TYPES, key="import-source", max_upload_size=limit_mb
        )
        draft.file_uploader(
            "English machine draft", type=UPLOAD_TYPES, key="import-draft", max_upload_size=limit_mb
        )
        cols = st.columns([2, 3, 3, 1.5])
        cols[0].text_input("Article id", key="import-id", placeholder="e.g. union-congress-2024")
        cols[1].text_input("Title", key="import-title", placeholder="default: first sentence")
        cols[2].text_input("URL", key="import-url")
        cols[3].text_input("Date", key="import-date", placeholder="YYYY-MM-DD")
        st.form_submit_button("Import", type="primary", on_click=_import)


def _import() -> None:
    """Read, align and store the uploaded pair; nothing is written unless all of it worked."""
    state = st.session_state
    source, draft = state.get("import-source"), state.get("import-draft")
    if source is None or draft is None:
        state[IMPORT_RESULT_KEY] = ("error", "Choose both files: the Chinese source and the draft.")
        return
    article_id = state.get("import-id", "").strip()
    try:
        article = import_files(
            article_id,
            source.name,
            draft.name,
            source_data=source.getvalue(),
            draft_data=draft.getvalue(),
            title=state.get("import-title", "").strip(),
            url=state.get("import-url", "").strip(),
            date=state.get("import-date", "").strip(),
        )
        article_store().create(article)
    except ReviewAppError as exc:
        state[IMPORT_RESULT_KEY] = ("error", f"Nothing was imported: {exc}")
        return
    state[OPEN_KEY] = article.id
    state[IMPORT_RESULT_KEY] = (
        "success",
        f"Imported {article.id}: {len(article.segments)} segments. Open it for review above.",
    )


main()
