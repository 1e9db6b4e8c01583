"""Export: choose articles and a format, download the files the `export` command would write.

The English copy (md, txt, html, docx) is offered to editors and admins only; the core
refuses it to other roles as well.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app.accounts import User
from review_app.actions import export_final
from review_app.errors import ReviewAppError
from review_app.export import (
    COPY_FORMATS,
    FORMATS,
    ExportFile,
    UnapprovedError,
    zip_bundle,
)
from review_app.permissions import Action, allowed
from review_app.store import ArticleStore
from review_app.ui import auth, data, render
from review_app.ui.session import article_store, workspace

ARTICLES_KEY = "export-articles"
FORMAT_KEY = "export-format"
ALLOW_KEY = "export-allow-unapproved"


@st.cache_data(max_entries=16, show_spinner="Preparing the export…")
def _export(
    user: User,
    folder: str,
    article_ids: tuple[str, ...],
    fmt: str,
    allow_unapproved: bool,
    stamps: tuple[object, ...],
) -> list[ExportFile]:
    """Cached per user on the articles' and glossary's modification times: a change
    re-exports, and one user's export is never served to another."""
    return export_final(
        user, ArticleStore(folder), article_ids, fmt, allow_unapproved=allow_unapproved
    )


def main() -> None:
    user = auth.require()
    st.title("Export", anchor=False)
    store = article_store()
    ids = store.ids()
    if not ids:
        st.info("No articles yet: import one on the Articles page.")
        return
    chosen = st.multiselect("Articles", ids, key=ARTICLES_KEY, placeholder="Choose articles")
    formats = [f for f in FORMATS if f not in COPY_FORMATS or allowed(user, Action.EXPORT_FINAL)]
    fmt = st.selectbox(
        "Format", formats, key=FORMAT_KEY, format_func=lambda f: f"{f}: {FORMATS[f]}"
    )
    if len(formats) < len(FORMATS):
        st.caption("The English copy (md, txt, html, docx) is exported by an editor.")
    allow = fmt in COPY_FORMATS and st.checkbox(
        "Include segments that are not approved yet (marked [not approved: …] in the text)",
        key=ALLOW_KEY,
    )
    if fmt == "tmx":
        st.caption("The translation memory holds approved segments only.")
    if not chosen:
        st.caption("Choose at least one article to export.")
        return
    folder = str(workspace())
    stamps = (tuple(store.mtime(i) for i in chosen), data.glossary_stamp(folder))
    try:
        files = _export(user, folder, tuple(chosen), fmt, allow, stamps)
    except UnapprovedError as exc:
        _refusal(exc)
        return
    except ReviewAppError as exc:
        st.html(render.alert(f"Nothing was exported: {exc}"))
        return
    for file in files:
        _download(file)
    if len(files) > 1:
        _download(zip_bundle(files, f"export-{fmt}.zip"), primary=True)


def _refusal(exc: UnapprovedError) -> None:
    st.html(
        render.alert(
            "Not exported: every segment must be approved first. Approve these segments on the "
            "Review page, or tick the box above to export them marked as not approved."
        )
    )
    rows = [
        {"article": article_id, "not approved": len(ids), "segments": ", ".join(ids)}
        for article_id, ids in exc.unapproved.items()
    ]
    st.dataframe(pd.DataFrame(rows).set_index("article"), width="stretch")


def _download(file: ExportFile, *, primary: bool = False) -> None:
    st.download_button(
        f"Download {file.name}",
        data=file.data,
        file_name=file.name,
        mime=file.mime,
        key=f"download-{file.name}",
        icon=":material/download:",
        type="primary" if primary else "secondary",
        on_click="ignore",
    )


main()
