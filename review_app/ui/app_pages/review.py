"""Review: one article's segments side by side, with their flags, fixes and approval.

Segments are shown a page at a time, so opening or changing a long article costs about the
same as a short one; every button writes to the PO file through a callback at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from review_app import review
from review_app.checks import CATEGORIES, SEVERITIES, Flag, risk_score
from review_app.diff import changed_words, trim_context, word_diff
from review_app.errors import ReviewAppError
from review_app.glossary import Glossary
from review_app.model import Article, Segment, Status
from review_app.recheck import FlagMap
from review_app.ui import actions, data, history, render, tm_panel
from review_app.ui.session import article_store, show_notice

PER_PAGE_OPTIONS = (10, 25, 50)
DIFF_CONTEXT_WORDS = 6  # unchanged words kept beside each change in the diff
SHOWN_FLAGS = 4  # more are folded into an expander: a card should fit on a screen
SORT_LABELS = {"position": "Document order", "risk": "Highest risk first"}
ARTICLE_KEY = "article"


def main() -> None:
    store = article_store()
    ids = store.ids()
    if not ids:
        st.info("No articles in this workspace yet: import one on the Articles page.")
        return
    titles = data.article_titles()
    if st.session_state.get(ARTICLE_KEY) not in ids:
        # a new visit: the article named in the URL (?article=ID) or the first one
        wanted = st.query_params.get(ARTICLE_KEY)
        st.session_state[ARTICLE_KEY] = wanted if wanted in ids else ids[0]
    article_id = st.selectbox(
        "Article",
        ids,
        key=ARTICLE_KEY,
        format_func=lambda i: f"{titles.get(i, i)}  ({i})",
    )
    st.query_params[ARTICLE_KEY] = article_id  # a reload or a shared link opens the same one
    try:
        article = data.load_article(article_id)
        flags, exact = data.article_flags(article_id)
        flags, corpus_exact = tm_panel.with_corpus_flags(article, flags)
        glossary = data.load_glossary()
    except ReviewAppError as exc:
        st.html(render.alert(str(exc)))
        return
    show_notice(actions.NOTICE_KEY)
    _header(article)
    if not (exact and corpus_exact):
        st.caption("Re-checking the whole article (consistency across segments)…")
    review_filter, sort = _filter_bar(article.id)
    queue = review.review_queue(article, flags, review_filter, sort, risk=risk_score)
    per_page = st.session_state.get("per-page", 25)
    _toolbar(article, queue, flags)
    shown = _pager(article, queue, per_page, top=True)
    focused = st.session_state.get(actions.focus_key(article.id))
    for seg in shown:
        _segment_card(article.id, seg, flags.get(seg.id, []), glossary, seg.id == focused)
    if shown:
        _pager(article, queue, per_page, top=False)


def _header(article: Article) -> None:
    st.html(render.escaped(article.title, "ra-title"))
    meta = [article.id, article.date, article.url]
    if article.signed_off_by:
        meta.append(f"signed off by {article.signed_off_by} at {article.signed_off_at}")
    st.html(render.escaped(" · ".join(m for m in meta if m), "ra-muted"))
    progress = review.progress(article)
    st.progress(progress.share, text=progress.describe())


def _filter_bar(article_id: str) -> tuple[review.ReviewFilter, review.SortOrder]:
    cols = st.columns([2, 2, 2, 3, 2])
    # a changed filter or order shows its queue from the start; choices last the session
    from_start = {
        "on_change": actions.set_start,
        "args": (article_id, 0),
        "persist_state": "session",
    }
    statuses = cols[0].multiselect(
        "Status", list(Status), key="filter-status", format_func=lambda s: s.label, **from_start
    )
    categories = cols[1].multiselect(
        "Flag category", CATEGORIES, key="filter-category", **from_start
    )
    severities = cols[2].multiselect("Severity", SEVERITIES, key="filter-severity", **from_start)
    text = cols[3].text_input(
        "Search",
        key="filter-text",
        placeholder="Chinese, English, draft, comment or segment id",
        **from_start,
    )
    sort = cols[4].selectbox(
        "Order", review.SORT_ORDERS, key="sort", format_func=SORT_LABELS.get, **from_start
    )
    review_filter = review.ReviewFilter(
        statuses=frozenset(statuses),
        categories=frozenset(categories),
        severities=frozenset(severities),
        text=text,
    )
    return review_filter, sort


def _toolbar(article: Article, queue: Sequence[Segment], flags: FlagMap) -> None:
    focused = st.session_state.get(actions.focus_key(article.id))
    approvable = review.approvable_without_flags(article, flags)
    cols = st.columns([2, 2, 4, 3], vertical_alignment="bottom")
    for col, kind, label in (
        (cols[0], "unapproved", "Next unapproved"),
        (cols[1], "flagged", "Next flagged"),
    ):
        target = review.next_segment(queue, flags, focused, kind)
        col.button(
            label,
            key=f"next-{kind}",
            icon=":material/arrow_downward:",
            disabled=target is None,
            help=f"Go to {target.id}" if target else f"No {kind} segment in this view",
            on_click=actions.focus,
            args=(article.id, target.id, review.page_start(queue, target.id)) if target else None,
            width="stretch",
        )
    cols[3].button(
        f"Approve all without flags ({len(approvable)})",
        key="bulk-approve",
        icon=":material/done_all:",
        disabled=not approvable,
        help="Approves every machine-draft or edited segment that has no flag left; "
        "asks for confirmation first.",
        on_click=actions.ask_bulk_approve,
        args=(article.id, True),
        width="stretch",
    )
    if st.session_state.get(actions.confirm_key(article.id)) and approvable:
        with st.container(border=True, key="bulk-confirm"):
            st.warning(
                f"Approve {len(approvable)} segment(s) that have no flags? Segments marked "
                "as needing work and segments with flags are left alone."
            )
            yes, no, _ = st.columns([2, 1, 5])
            yes.button(
                f"Yes, approve {len(approvable)}",
                key="bulk-approve-confirm",
                type="primary",
                on_click=actions.bulk_approve,
                args=(article.id, {s.id: s.target for s in approvable}),
            )
            no.button(
                "Cancel",
                key="bulk-approve-cancel",
                on_click=actions.ask_bulk_approve,
                args=(article.id, False),
            )


def _pager(
    article: Article, queue: Sequence[Segment], per_page: int, *, top: bool
) -> list[Segment]:
    start = min(st.session_state.get(actions.start_key(article.id), 0), max(len(queue) - 1, 0))
    shown = list(queue[start : start + per_page])
    where = "top" if top else "bottom"
    cols = st.columns([1, 1, 4, 2], vertical_alignment="center")
    cols[0].button(
        "Previous",
        key=f"page-prev-{where}",
        icon=":material/chevron_left:",
        disabled=start == 0,
        on_click=actions.set_start,
        args=(article.id, max(start - per_page, 0)),
        width="stretch",
    )
    cols[1].button(
        "Next",
        key=f"page-next-{where}",
        icon=":material/chevron_right:",
        icon_position="right",
        disabled=start + per_page >= len(queue),
        on_click=actions.set_start,
        args=(article.id, start + per_page),
        width="stretch",
    )
    if not queue:
        cols[2].info("No segment matches these filters.")
    else:
        filtered = (
            f" (filtered from {len(article.segments)})"
            if len(queue) < len(article.segments)
            else ""
        )
        cols[2].caption(f"Segments {start + 1}–{start + len(shown)} of {len(queue)}{filtered}")
    if top:
        cols[3].selectbox(
            "Per page",
            PER_PAGE_OPTIONS,
            index=PER_PAGE_OPTIONS.index(25),
            key="per-page",
            label_visibility="collapsed",
            format_func=lambda n: f"{n} per page",
            persist_state="session",
        )
    return shown


def _segment_card(
    article_id: str, seg: Segment, seg_flags: list[Flag], glossary: Glossary, focused: bool
) -> None:
    active = review.active_flags(seg_flags)
    with st.container(border=True, key=f"focus-card-{seg.id}" if focused else f"card-{seg.id}"):
        st.html(render.segment_heading(seg))
        error = st.session_state.pop(actions.error_key(article_id, seg.id), None)
        if error:
            st.html(render.alert(error))
        _conflict(article_id, seg.id)
        left, right = st.columns(2, gap="medium")
        with left:
            _source(seg, glossary, active)
        with right:
            _target(article_id, seg)
        for i, flag in enumerate(active[:SHOWN_FLAGS]):
            _flag_row(article_id, seg, flag, i)
        if len(active) > SHOWN_FLAGS:
            with st.expander(f"{len(active) - SHOWN_FLAGS} more flag(s)"):
                for i, flag in enumerate(active[SHOWN_FLAGS:], SHOWN_FLAGS):
                    _flag_row(article_id, seg, flag, i)
        dismissed = len(seg_flags) - len(active)
        if dismissed:
            st.caption(f"{dismissed} flag(s) dismissed as false alarms")
        tm_panel.matches(article_id, seg)
        _buttons(article_id, seg)
        history.segment_history(article_id, seg.id)


def _conflict(article_id: str, segment_id: str) -> None:
    conflict = st.session_state.get(actions.conflict_key(article_id, segment_id))
    if not conflict:
        return
    with st.container(border=True):
        st.html(render.alert(conflict["message"]))
        mine, theirs = st.columns(2)
        mine.caption("Your version")
        mine.html(render.escaped(conflict["mine"]))
        mine.button(
            "Keep my version",
            key=f"keep-mine-{segment_id}",
            on_click=actions.keep_mine,
            args=(article_id, segment_id),
        )
        theirs.caption("Version now saved")
        theirs.html(render.escaped(conflict["theirs"]))
        theirs.button(
            "Keep the saved version",
            key=f"keep-theirs-{segment_id}",
            on_click=actions.keep_theirs,
            args=(article_id, segment_id),
        )


def _source(seg: Segment, glossary: Glossary, active: list[Flag]) -> None:
    if seg.is_extra:
        st.html(
            render.escaped(
                "No Chinese source: this is extra text in the machine draft "
                "(web-page furniture or added content).",
                "ra-extra",
            )
        )
        return
    matches = glossary.match_source(seg.source)
    st.html(render.highlighted_source(seg.source, matches, active))
    if matches:
        st.html(render.glossary_renderings(matches))


def _target(article_id: str, seg: Segment) -> None:
    actions.sync_widgets(article_id, seg)
    st.text_area(
        "English",
        key=actions.target_key(article_id, seg.id),
        on_change=actions.save_target,
        args=(article_id, seg.id),
        label_visibility="collapsed",
        height=_text_height(seg.target),
        placeholder="(no English)",
    )
    if seg.target == seg.draft:
        st.caption("Unchanged machine draft")
        return
    pieces = word_diff(seg.draft, seg.target)
    st.caption(f"Changes from the machine draft ({changed_words(pieces)} words)")
    st.html(render.diff_html(trim_context(pieces, DIFF_CONTEXT_WORDS)))
    with st.expander("Machine draft"):
        st.html(render.escaped(seg.draft or "(empty)"))


def _text_height(text: str) -> int:
    """Tall enough to show the whole text without scrolling, within reason."""
    lines = sum(len(line) // 60 + 1 for line in text.split("\n"))
    return max(80, min(320, 28 * lines + 20))


def _flag_row(article_id: str, seg: Segment, flag: Flag, index: int) -> None:
    has_fix = flag.fix is not None and flag.fix != seg.target
    cols = st.columns([7, 1.5, 1.5], vertical_alignment="center")
    with cols[0]:
        fix = trim_context(word_diff(seg.target, flag.fix)) if has_fix and flag.fix else None
        st.html(render.flag_line(flag, fix))
    if has_fix:
        cols[1].button(
            "Apply fix",
            key=f"fix-{article_id}-{seg.id}-{index}",
            icon=":material/auto_fix_high:",
            on_click=actions.apply_fix,
            args=(article_id, seg.id, flag.check, flag.fix),
            width="stretch",
        )
    cols[2].button(
        "Dismiss",
        key=f"dismiss-{article_id}-{seg.id}-{index}",
        icon=":material/close:",
        help="Mark as a false alarm (until the English changes)",
        on_click=actions.dismiss,
        args=(article_id, seg.id, flag.check),
        width="stretch",
    )


def _buttons(article_id: str, seg: Segment) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(
            "Approve",
            key=f"approve-{article_id}-{seg.id}",
            icon=":material/check:",
            type="primary",
            disabled=seg.status is Status.APPROVED,
            on_click=actions.set_status,
            args=(article_id, seg.id, Status.APPROVED),
        )
        st.button(
            "Needs work",
            key=f"needs-work-{article_id}-{seg.id}",
            icon=":material/flag:",
            disabled=seg.status is Status.NEEDS_WORK,
            on_click=actions.set_status,
            args=(article_id, seg.id, Status.NEEDS_WORK),
        )
        st.button(
            "Revert to machine draft",
            key=f"revert-{article_id}-{seg.id}",
            icon=":material/undo:",
            disabled=seg.target == seg.draft,
            on_click=actions.revert,
            args=(article_id, seg.id),
        )
        st.text_input(
            "Comment",
            key=actions.comment_key(article_id, seg.id),
            on_change=actions.save_comment,
            args=(article_id, seg.id),
            placeholder="Comment for the editor (saved on Enter)",
            label_visibility="collapsed",
        )


main()
