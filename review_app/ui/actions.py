"""Widget callbacks of the review page: every change goes straight to the article's PO file,
as the logged-in user, through `review_app.actions` (which checks the user's role).

Each write passes the target text the reviewer was shown (`seen`) as `base_target`, so a
change someone else made in the meantime raises a ConflictError; the callback keeps both
versions in session state and the page shows them with a choice instead of overwriting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from review_app import actions as core
from review_app.errors import ConflictError, ReviewAppError
from review_app.model import Segment, Status
from review_app.ui.auth import current_user
from review_app.ui.session import article_store


def target_key(article_id: str, segment_id: str) -> str:
    return f"target-{article_id}-{segment_id}"


def comment_key(article_id: str, segment_id: str) -> str:
    return f"comment-{article_id}-{segment_id}"


def _seen_key(article_id: str, segment_id: str) -> str:
    return f"seen-{article_id}-{segment_id}"


def _seen_comment_key(article_id: str, segment_id: str) -> str:
    return f"seen-comment-{article_id}-{segment_id}"


def conflict_key(article_id: str, segment_id: str) -> str:
    return f"conflict-{article_id}-{segment_id}"


def error_key(article_id: str, segment_id: str) -> str:
    return f"error-{article_id}-{segment_id}"


def focus_key(article_id: str) -> str:
    return f"focus-{article_id}"


def start_key(article_id: str) -> str:
    return f"start-{article_id}"


def confirm_key(article_id: str) -> str:
    return f"confirm-bulk-{article_id}"


NOTICE_KEY = "notice"


def sync_widgets(article_id: str, seg: Segment) -> None:
    """Show the text on disk in the segment's widgets when it changed there (or when the
    widgets are new); a reviewer's own pending text is otherwise left alone."""
    state = st.session_state
    tkey, skey = target_key(article_id, seg.id), _seen_key(article_id, seg.id)
    if tkey not in state or state.get(skey) != seg.target:
        state[tkey] = state[skey] = seg.target
    ckey, sckey = comment_key(article_id, seg.id), _seen_comment_key(article_id, seg.id)
    if ckey not in state or state.get(sckey) != seg.comment:
        state[ckey] = state[sckey] = seg.comment


def update(
    article_id: str,
    segment_id: str,
    change: Callable[..., Segment],
    *args: object,
    **kwargs: object,
) -> None:
    """Call the role-checked action `change(user, store, article_id, segment_id, *args,
    base_target=seen, **kwargs)` as the logged-in user, `seen` being the text the reviewer was
    shown; on a conflict keep both versions for the page."""
    state = st.session_state
    state[focus_key(article_id)] = segment_id
    user = current_user()
    if user is None:
        state[error_key(article_id, segment_id)] = "Your login has ended: log in again."
        return
    seen = state.get(_seen_key(article_id, segment_id))
    try:
        seg = change(
            user, article_store(), article_id, segment_id, *args, base_target=seen, **kwargs
        )
    except ConflictError as exc:
        state[conflict_key(article_id, segment_id)] = {
            "message": str(exc),
            "mine": exc.mine,
            "theirs": exc.theirs,
        }
        return
    except ReviewAppError as exc:
        state[error_key(article_id, segment_id)] = str(exc)
        return
    state.pop(conflict_key(article_id, segment_id), None)
    state[target_key(article_id, segment_id)] = state[_seen_key(article_id, segment_id)] = (
        seg.target
    )
    state[comment_key(article_id, segment_id)] = seg.comment
    state[_seen_comment_key(article_id, segment_id)] = seg.comment


def _pending_text(article_id: str, segment_id: str) -> str | None:
    """The English in the box if it differs from what was last saved."""
    box = st.session_state.get(target_key(article_id, segment_id))
    seen = st.session_state.get(_seen_key(article_id, segment_id))
    return box if box is not None and box != seen else None


def _edit(article_id: str, segment_id: str, target: str) -> None:
    update(article_id, segment_id, core.edit_segment, target)


def use_tm(article_id: str, segment_id: str, origin: str, target: str) -> None:
    """Take a translation-memory match's English; the audit log names where it came from."""
    update(article_id, segment_id, core.edit_segment, target, action=f"use TM {origin}")


def save_target(article_id: str, segment_id: str) -> None:
    target = _pending_text(article_id, segment_id)
    if target is not None:  # already written, e.g. by an Approve clicked in the same rerun
        _edit(article_id, segment_id, target)


def save_comment(article_id: str, segment_id: str) -> None:
    comment = st.session_state[comment_key(article_id, segment_id)]
    update(article_id, segment_id, core.comment_segment, comment)


def set_status(article_id: str, segment_id: str, status: Status) -> None:
    """Approve (or mark as needing work) the English as it stands in the box: text typed but
    not yet committed is saved in the same write, whichever callback runs first."""
    target = _pending_text(article_id, segment_id)
    update(article_id, segment_id, core.set_status, status, target=target)


def revert(article_id: str, segment_id: str) -> None:
    update(article_id, segment_id, core.revert_segment)


def apply_fix(article_id: str, segment_id: str, check: str, fix: str) -> None:
    update(article_id, segment_id, core.apply_fix, check, fix)


def dismiss(article_id: str, segment_id: str, check: str) -> None:
    update(article_id, segment_id, core.dismiss_flag, check)


def keep_mine(article_id: str, segment_id: str) -> None:
    """Resolve a conflict with the reviewer's version, now that they have seen the other."""
    conflict = st.session_state[conflict_key(article_id, segment_id)]
    st.session_state[_seen_key(article_id, segment_id)] = conflict["theirs"]
    _edit(article_id, segment_id, conflict["mine"])


def keep_theirs(article_id: str, segment_id: str) -> None:
    conflict = st.session_state.pop(conflict_key(article_id, segment_id))
    st.session_state[target_key(article_id, segment_id)] = conflict["theirs"]
    st.session_state[_seen_key(article_id, segment_id)] = conflict["theirs"]
    st.session_state[focus_key(article_id)] = segment_id


def focus(article_id: str, segment_id: str, start: int) -> None:
    """Bring a segment to the top of the page (Next unapproved / Next flagged)."""
    st.session_state[focus_key(article_id)] = segment_id
    st.session_state[start_key(article_id)] = start


def set_start(article_id: str, start: int) -> None:
    """Show the queue from position `start` (paging; filters reset it to 0)."""
    st.session_state[start_key(article_id)] = start


def ask_bulk_approve(article_id: str, ask: bool) -> None:
    st.session_state[confirm_key(article_id)] = ask


def bulk_approve(article_id: str, seen: Mapping[str, str]) -> None:
    """Approve every segment without flags, as listed when the reviewer confirmed."""
    st.session_state[confirm_key(article_id)] = False
    user = current_user()
    if user is None:
        st.session_state[NOTICE_KEY] = ("error", "Your login has ended: log in again.")
        return
    try:
        approved = core.approve_all_unflagged(user, article_store(), article_id, seen)
    except ReviewAppError as exc:
        st.session_state[NOTICE_KEY] = ("error", str(exc))
        return
    st.session_state[NOTICE_KEY] = ("success", f"Approved {len(approved)} segment(s).")
