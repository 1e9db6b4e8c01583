"""Translation memory and corpus consistency on the Review page; glossary suggestions on the
Glossary page. Rendering only: the work is done by `review_app.tm`, `review_app.consistency`
and `review_app.suggest`.

One `WorkspaceCorpus` per workspace and glossary serves every session; `with_corpus_flags`
refreshes it (re-reading only changed PO files) once per page run, before the cards ask it
for matches.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable

import pandas as pd
import streamlit as st

from review_app import suggest, tm
from review_app.checks import Flag
from review_app.consistency import WorkspaceCorpus
from review_app.glossary import DOMAINS, KINDS, GlossaryEntry
from review_app.model import Article, Segment
from review_app.ui import actions, data, render
from review_app.ui.session import workspace

SHOWN_MATCHES = 3
SUGGEST_KEY = "tm-suggest-on"


@st.cache_resource(max_entries=2, show_spinner=False)
def _corpus(folder: str, glossary_stamp: tuple[tuple[str, int, int], ...]) -> WorkspaceCorpus:
    return WorkspaceCorpus(folder, data.load_glossary())


def corpus() -> WorkspaceCorpus:
    """The shared TM and corpus index of this workspace and glossary (as last refreshed)."""
    folder = str(workspace())
    return _corpus(folder, data.glossary_stamp(folder))


def with_corpus_flags(
    article: Article, flags: dict[str, list[Flag]]
) -> tuple[dict[str, list[Flag]], bool]:
    """The article's flags plus where it departs from what other articles approved, and
    whether the comparison is current (False for a moment after an edit)."""
    shared = corpus()
    shared.refresh()
    found, exact = shared.flags_soon(article)
    merged = {seg.id: [*flags.get(seg.id, []), *found.get(seg.id, [])] for seg in article.segments}
    return merged, exact


def matches(article_id: str, seg: Segment) -> None:
    """Exact and fuzzy TM matches of the segment's Chinese, each with **Use this**."""
    if seg.is_extra:
        return
    found = corpus().memory.lookup(seg.source, limit=SHOWN_MATCHES, exclude=(article_id, seg.id))
    for index, match in enumerate(found):
        cols = st.columns([8.5, 1.5], vertical_alignment="center")
        cols[0].html(match_html(seg.source, match))
        cols[1].button(
            "Use this",
            key=f"tm-use-{article_id}-{seg.id}-{index}",
            icon=":material/input:",
            help="Replace the English with this approved translation",
            disabled=match.unit.target == seg.target,
            on_click=actions.use_tm,
            args=(article_id, seg.id, match.unit.origin, match.unit.target),
            width="stretch",
        )


def match_html(source: str, match: tm.TMMatch) -> str:
    """Score, origin, the TM source with its differences from `source`, and its English."""
    unit = match.unit
    kind = "exact" if match.is_exact else "fuzzy"
    colour = "#15803d" if match.is_exact else "#1d4ed8"
    where = f"article {unit.article_id} {unit.segment_id}" if unit.article_id else unit.origin
    if match.occurrences > 1:
        where += f" (and {match.occurrences - 1} more)"
    who = " · ".join(x for x in (unit.reviewer, unit.reviewed_at[:10]) if x)
    head = (
        f'<span class="ra-sev" style="color:{colour};border-color:{colour}">'
        f"TM {match.score:g}% {kind}</span> from <b>{html.escape(where)}</b>"
        + (f' <span class="ra-muted">{html.escape(who)}</span>' if who else "")
    )
    diff = "" if match.is_exact else render.diff_html(tm.diff_pieces(source, match))
    return f'<div class="ra-flag-line">{head}</div>{diff}{render.escaped(unit.target)}'


@st.cache_data(max_entries=4, show_spinner="Mining approved segments…")
def _suggestions(
    folder: str, _shared: WorkspaceCorpus, stamp: object, glossary_stamp: object
) -> list[suggest.Suggestion]:
    units = [u for u in _shared.memory.memory.units if u.article_id]
    return suggest.suggest(units, _shared.glossary)


def glossary_suggestions(save: Callable[[list[GlossaryEntry]], None]) -> None:
    """Candidate terms mined from approved segments; the ticked ones go to `save` (the
    Glossary page's validated, permission-checked write)."""
    st.caption(
        "Chinese terms that approved segments translate the same way and the glossary does "
        "not list yet, most frequent first. Tick, correct the English if needed, and add."
    )
    if not st.toggle("Mine the approved segments", key=SUGGEST_KEY):
        return
    folder = str(workspace())
    shared = corpus()
    shared.refresh()
    found = _suggestions(folder, shared, shared.memory.stamp, data.glossary_stamp(folder))
    if not found:
        st.info("No candidate yet: a term needs 2+ approved segments that render it alike.")
        return
    frame = pd.DataFrame(
        [
            {
                "add": False,
                "source": s.source,
                "target": s.target,
                "kind": s.kind,
                "domain": "general",
                "agreeing": f"{s.agreeing} of {s.segments}",
                "examples": ", ".join(s.examples),
            }
            for s in found
        ]
    )
    with st.form("tm-suggestions"):
        edited = st.data_editor(
            frame,
            key="tm-suggestions-table",
            hide_index=True,
            disabled=["source", "agreeing", "examples"],
            column_config={
                "add": st.column_config.CheckboxColumn("Add", width="small"),
                "target": st.column_config.TextColumn("English", required=True),
                "kind": st.column_config.SelectboxColumn("Kind", options=KINDS),
                "domain": st.column_config.SelectboxColumn("Domain", options=DOMAINS),
                "agreeing": "Segments agreeing",
            },
        )
        submitted = st.form_submit_button("Add the ticked terms to the glossary", type="primary")
    if submitted:
        by_source = {s.source: s for s in found}
        entries = [
            dataclasses.replace(
                by_source[row.source].as_entry(row.domain),
                target=" ".join(str(row.target).split()),
                kind=row.kind,
            )
            for row in edited[edited["add"]].itertuples()
        ]
        if entries:
            save(entries)
            st.rerun()
        st.warning("Tick at least one term to add.")
