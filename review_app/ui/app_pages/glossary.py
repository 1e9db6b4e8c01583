"""Glossary: browse and search the workspace glossary, add or edit an entry, import, export.

Every write goes through the core merge that `review-app glossary import` uses, validated
with the whole glossary, so a change it would refuse (duplicate source, forbidden = accepted,
unknown kind …) is shown as an error and nothing is written. Only admins get the editing
tabs, and the core refuses anyone else's write as well.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app.actions import save_glossary_entries
from review_app.errors import InputError, ReviewAppError
from review_app.glossary import (
    DOMAINS,
    KINDS,
    GlossaryEntry,
    read_csv,
    read_files,
    read_tbx,
    workspace_glossary_files,
)
from review_app.glossary.csvfile import LIST_SEPARATOR, entries_to_csv
from review_app.glossary.loading import errors_message
from review_app.glossary.merging import MAIN_GLOSSARY
from review_app.glossary.tbx import entries_to_tbx
from review_app.permissions import Action, allowed
from review_app.ui import auth, tm_panel
from review_app.ui.session import show_notice, workspace

RESULT_KEY = "glossary-result"
NEW_ENTRY = "(new entry)"


def main() -> None:
    user = auth.require()
    st.title("Glossary", anchor=False)
    folder = workspace()
    files = workspace_glossary_files(folder)
    entries, problems = read_files(files) if files else ([], [])
    show_notice(RESULT_KEY)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        st.error(f"The glossary has {len(errors)} error(s); fix them in the files:")
        st.code("\n".join(str(p) for p in errors), language=None)
    if not allowed(user, Action.EDIT_GLOSSARY):
        st.caption("Browse and export the glossary; an admin edits it.")
        browse, exchange = st.tabs(["Browse", "Export"])
        with browse:
            _browse(entries)
        with exchange:
            _export(entries)
        return
    browse, edit, exchange, suggested = st.tabs(
        ["Browse", "Add or edit", "Import / export", "Suggestions"]
    )
    with browse:
        _browse(entries)
    with edit:
        _edit_form(entries)
    with exchange:
        _import_form()
        _export(entries)
    with suggested:
        tm_panel.glossary_suggestions(lambda new: _merge(new, replace=False, what="suggestions"))


def _frame(entries: list[GlossaryEntry]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source": e.source,
                "target": e.target,
                "variants": f" {LIST_SEPARATOR} ".join(e.variants),
                "forbidden": f" {LIST_SEPARATOR} ".join(e.forbidden),
                "kind": e.kind,
                "domain": e.domain,
                "case_sensitive": e.case_sensitive,
                "note": e.note,
                "file": e.origin,
            }
            for e in entries
        ],
        columns=[
            "source",
            "target",
            "variants",
            "forbidden",
            "kind",
            "domain",
            "case_sensitive",
            "note",
            "file",
        ],
    )


def _browse(entries: list[GlossaryEntry]) -> None:
    cols = st.columns([4, 2, 2])
    text = cols[0].text_input(
        "Search", key="glossary-search", placeholder="Chinese or English, any column"
    )
    domains = cols[1].multiselect("Domain", DOMAINS, key="glossary-domain")
    kinds = cols[2].multiselect("Kind", KINDS, key="glossary-kind")
    frame = _frame(entries)
    if domains:
        frame = frame[frame["domain"].isin(domains)]
    if kinds:
        frame = frame[frame["kind"].isin(kinds)]
    needle = text.strip()
    if needle:
        columns = ["source", "target", "variants", "forbidden", "note"]
        hit = (
            frame[columns]
            .apply(lambda col: col.str.contains(needle, case=False, regex=False))
            .any(axis=1)
        )
        frame = frame[hit]
    st.caption(f"{len(frame)} of {len(entries)} entries")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=560,
        column_config={
            "source": st.column_config.TextColumn("source", width="small"),
            "target": st.column_config.TextColumn("target", width="medium"),
            "variants": st.column_config.TextColumn("variants", width="medium"),
            "forbidden": st.column_config.TextColumn("forbidden", width="medium"),
            "kind": st.column_config.TextColumn("kind", width="small"),
            "domain": st.column_config.TextColumn("domain", width="small"),
            "case_sensitive": st.column_config.CheckboxColumn("case", width="small"),
            "note": st.column_config.TextColumn("note", width="medium"),
            "file": st.column_config.TextColumn("file", width="small"),
        },
    )


def _label(entry: GlossaryEntry) -> str:
    if entry.source:
        return f"{entry.source} → {entry.target}"
    return f"style: {' / '.join(entry.forbidden)} → {entry.target}"


def _edit_form(entries: list[GlossaryEntry]) -> None:
    editable = [e for e in entries if e.origin.startswith(_main_file_origin())]
    options = [NEW_ENTRY, *range(len(editable))]
    choice = st.selectbox(
        "Entry",
        options,
        key="glossary-edit-choice",
        format_func=lambda o: o if o == NEW_ENTRY else _label(editable[o]),
        help=f"Entries of {MAIN_GLOSSARY}; an entry is identified by its Chinese source "
        "(style rules by their forbidden phrases).",
    )
    entry = None if choice == NEW_ENTRY else editable[choice]
    suffix = "new" if entry is None else str(choice)
    with st.form(f"glossary-edit-{suffix}"):
        cols = st.columns(2)
        source = cols[0].text_input(
            "Chinese source",
            value=entry.source if entry else "",
            disabled=entry is not None,
            help="Empty only for kind=style rules",
        )
        target = cols[1].text_input("Required English", value=entry.target if entry else "")
        cols = st.columns(2)
        variants = cols[0].text_input(
            "Accepted variants",
            value=LIST_SEPARATOR.join(entry.variants) if entry else "",
            help=f"Separated by {LIST_SEPARATOR}",
        )
        forbidden = cols[1].text_input(
            "Forbidden renderings",
            value=LIST_SEPARATOR.join(entry.forbidden) if entry else "",
            help=f"Separated by {LIST_SEPARATOR}",
        )
        cols = st.columns([1, 1, 1, 3])
        kind = cols[0].selectbox("Kind", KINDS, index=KINDS.index(entry.kind) if entry else 0)
        domain = cols[1].selectbox(
            "Domain",
            DOMAINS,
            index=DOMAINS.index(entry.domain) if entry else DOMAINS.index("general"),
        )
        case_sensitive = cols[2].checkbox(
            "Case-sensitive", value=entry.case_sensitive if entry else False
        )
        note = cols[3].text_input("Note", value=entry.note if entry else "")
        submitted = st.form_submit_button("Save entry", type="primary")
    if submitted:
        new = GlossaryEntry(
            source=(entry.source if entry else source).strip(),
            target=target.strip(),
            variants=_split(variants),
            forbidden=_split(forbidden),
            case_sensitive=case_sensitive,
            kind=kind,
            domain=domain,
            note=note.strip(),
        )
        _merge([new], replace=True, what=f"saved {_label(new)}")
        st.rerun()


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(LIST_SEPARATOR) if p.strip())


def _main_file_origin() -> str:
    return str(workspace() / MAIN_GLOSSARY) + ":"


def _import_form() -> None:
    st.subheader("Import", anchor=False)
    with st.form("glossary-import"):
        upload = st.file_uploader("Glossary file (CSV or TBX)", type=["csv", "tbx"])
        replace = st.checkbox(
            "Imported entries replace existing ones with the same source",
            help="Without this, an entry that differs from an existing one is refused.",
        )
        submitted = st.form_submit_button("Import", type="primary")
    if submitted:
        if upload is None:
            st.session_state[RESULT_KEY] = ("error", "Choose a CSV or TBX file first.")
        else:
            _import_upload(upload.name, upload.getvalue(), replace=replace)
        st.rerun()


def _import_upload(name: str, data: bytes, *, replace: bool) -> None:
    try:
        if name.lower().endswith(".tbx"):
            incoming = read_tbx(data, name)
        else:
            incoming, problems = read_csv(name, data)
            if any(p.severity == "error" for p in problems):
                raise InputError(errors_message(problems))
    except ReviewAppError as exc:
        st.session_state[RESULT_KEY] = ("error", f"Nothing was imported: {exc}")
        return
    _merge(incoming, replace=replace, what=f"imported {name}")


def _merge(entries: list[GlossaryEntry], *, replace: bool, what: str) -> None:
    """Merge entries into glossary/glossary.csv as the logged-in user (the core checks the
    role), validated with the whole glossary."""
    try:
        result = save_glossary_entries(auth.require(), workspace(), entries, replace=replace)
    except ReviewAppError as exc:
        st.session_state[RESULT_KEY] = ("error", f"Nothing was saved: {exc}")
        return
    st.session_state[RESULT_KEY] = (
        "success",
        f"Glossary {what}: {result.added} added, {result.replaced} replaced, "
        f"{result.unchanged} unchanged; {result.total} entries in {MAIN_GLOSSARY}.",
    )


def _export(entries: list[GlossaryEntry]) -> None:
    st.subheader("Export", anchor=False)
    if not entries:
        st.caption("The glossary is empty.")
        return
    cols = st.columns([1, 1, 4])
    cols[0].download_button(
        "Download CSV",
        entries_to_csv(entries),
        file_name="glossary.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    cols[1].download_button(
        "Download TBX",
        entries_to_tbx(entries),
        file_name="glossary.tbx",
        mime="application/x-tbx+xml",
        icon=":material/download:",
    )


main()
