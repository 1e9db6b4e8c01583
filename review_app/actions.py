"""Every change a person makes, checked against their role: the layer the UI and CLI call.

Each function takes the acting `User` first and calls `authorize` before anything is read for
writing, so a denied action leaves every file as it was. Segment changes go through
`ArticleStore.update_segment`, which records the reviewer, the time and an audit record.
A signed-off article is final: its segments change only after an editor reopens it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from review_app import review
from review_app.accounts import User, UserStore
from review_app.errors import InputError, ReviewAppError
from review_app.export import (
    COPY_FORMATS,
    ExportFile,
    export_articles,
    unapproved_segments,
)
from review_app.glossary import GlossaryEntry
from review_app.glossary.merging import MAIN_GLOSSARY, MergeResult, merge_entries
from review_app.model import Article, Segment, Status
from review_app.permissions import Action, authorize
from review_app.store import ArticleStore

REVIEW_STATUSES = (Status.APPROVED, Status.NEEDS_WORK)


def _update(
    user: User,
    permission: Action,
    store: ArticleStore,
    article_id: str,
    segment_id: str,
    /,
    **changes,
) -> Segment:
    authorize(user, permission)
    return store.update_segment(article_id, segment_id, reviewer=user.name, **changes)


def edit_segment(
    user: User,
    store: ArticleStore,
    article_id: str,
    segment_id: str,
    target: str,
    *,
    base_target: str | None = None,
    action: str = "",
) -> Segment:
    """Set the English of one segment (`base_target`: the text the user saw, for conflicts;
    `action`: how the audit log names the change, e.g. `use TM …`, instead of `edit`)."""
    return _update(
        user,
        Action.EDIT,
        store,
        article_id,
        segment_id,
        target=target,
        base_target=base_target,
        action=action,
    )


def set_status(
    user: User,
    store: ArticleStore,
    article_id: str,
    segment_id: str,
    status: Status,
    *,
    target: str | None = None,
    base_target: str | None = None,
) -> Segment:
    """Approve a segment or mark it as needing work; with `target`, as that English (text
    typed but not saved yet), in one write."""
    if status not in REVIEW_STATUSES:
        raise InputError(
            f"a reviewer sets {' or '.join(s.label for s in REVIEW_STATUSES)}, not {status.label}"
        )
    if target is not None:
        authorize(user, Action.EDIT)
    return _update(
        user,
        Action.SET_STATUS,
        store,
        article_id,
        segment_id,
        status=status,
        target=target,
        base_target=base_target,
    )


def revert_segment(
    user: User,
    store: ArticleStore,
    article_id: str,
    segment_id: str,
    *,
    base_target: str | None = None,
) -> Segment:
    """Put the machine draft back as the segment's English."""
    authorize(user, Action.EDIT)
    draft = store.load(article_id).segment(segment_id).draft
    return store.update_segment(
        article_id,
        segment_id,
        reviewer=user.name,
        target=draft,
        status=Status.DRAFT,
        base_target=base_target,
    )


def comment_segment(
    user: User,
    store: ArticleStore,
    article_id: str,
    segment_id: str,
    comment: str,
    *,
    base_target: str | None = None,
) -> Segment:
    return _update(
        user,
        Action.COMMENT,
        store,
        article_id,
        segment_id,
        comment=comment.strip(),
        base_target=base_target,
    )


def dismiss_flag(
    user: User,
    store: ArticleStore,
    article_id: str,
    segment_id: str,
    check_id: str,
    *,
    base_target: str | None = None,
) -> Segment:
    """Mark a QA flag as a false alarm for the segment's current English."""
    return _update(
        user,
        Action.DISMISS,
        store,
        article_id,
        segment_id,
        dismiss=check_id,
        base_target=base_target,
    )


def apply_fix(
    user: User,
    store: ArticleStore,
    article_id: str,
    segment_id: str,
    check_id: str,
    fix: str,
    *,
    base_target: str | None = None,
) -> Segment:
    """Take a check's suggested English; the audit log names the check."""
    return _update(
        user,
        Action.APPLY_FIX,
        store,
        article_id,
        segment_id,
        target=fix,
        base_target=base_target,
        action=f"fix {check_id}",
    )


def approve_all_unflagged(
    user: User, store: ArticleStore, article_id: str, seen: Mapping[str, str]
) -> list[str]:
    """Approve, in one write, the segments the user was shown as free of flags.

    `seen` maps segment id → the English shown; if any changed since, nothing is approved.
    """
    authorize(user, Action.SET_STATUS)
    return review.bulk_approve(store, article_id, seen, reviewer=user.name)


def _all_approved(article: Article) -> None:
    pending = unapproved_segments(article)
    if pending:
        shown = ", ".join(pending[:10]) + (", …" if len(pending) > 10 else "")
        raise ReviewAppError(
            f"article {article.id!r} cannot be signed off: "
            f"{len(pending)} segment(s) not approved ({shown})"
        )


def sign_off(user: User, store: ArticleStore, article_id: str) -> Article:
    """Record that an editor accepts the article as final; every segment must be approved."""
    authorize(user, Action.SIGN_OFF)
    return store.set_sign_off(article_id, user.name, user=user.name, check=_all_approved)


def reopen(user: User, store: ArticleStore, article_id: str) -> Article:
    """Withdraw a sign-off so that the article's segments can change again."""
    authorize(user, Action.SIGN_OFF)
    return store.set_sign_off(article_id, "", user=user.name)


def export_final(
    user: User,
    store: ArticleStore,
    article_ids: Iterable[str],
    fmt: str,
    *,
    allow_unapproved: bool = False,
) -> list[ExportFile]:
    """Export articles; the English copy (md, txt, html, docx) needs an editor, while review
    tables and the TMX of approved segments are open to every role."""
    if fmt in COPY_FORMATS:
        authorize(user, Action.EXPORT_FINAL)
    return export_articles(store, article_ids, fmt, allow_unapproved=allow_unapproved)


def save_glossary_entries(
    user: User,
    workspace: str | Path,
    entries: Sequence[GlossaryEntry],
    *,
    replace: bool = False,
    into: str = MAIN_GLOSSARY,
) -> MergeResult:
    """Add or replace glossary entries (admin), validated against the whole glossary."""
    authorize(user, Action.EDIT_GLOSSARY)
    return merge_entries(workspace, entries, into=into, replace=replace)


def add_user(
    user: User, users: UserStore, name: str, role: str, password: str, display_name: str = ""
) -> User:
    authorize(user, Action.MANAGE_USERS)
    return users.add(name, role, password, display_name)


def remove_user(user: User, users: UserStore, name: str) -> None:
    authorize(user, Action.MANAGE_USERS)
    if name == user.name:
        raise InputError("you cannot remove your own account; another admin can")
    users.remove(name)


def set_password(user: User, users: UserStore, name: str, password: str) -> None:
    authorize(user, Action.MANAGE_USERS)
    users.passwd(name, password)
