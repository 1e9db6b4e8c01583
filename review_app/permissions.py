"""Who may do what: the one table every mutation is checked against, in the core.

Hiding a button is a convenience; `authorize` is the rule. The UI and the CLI both reach the
store through `review_app.actions`, which calls `authorize` before anything is written.
"""

from __future__ import annotations

from enum import StrEnum

from review_app.accounts import Role, User
from review_app.errors import PermissionDeniedError


class Action(StrEnum):
    EDIT = "edit"  # change or revert a segment's English
    APPLY_FIX = "apply-fix"
    SET_STATUS = "set-status"  # approve, needs work, approve all unflagged
    COMMENT = "comment"
    DISMISS = "dismiss"
    SIGN_OFF = "sign-off"  # and reopen a signed-off article
    EXPORT_FINAL = "export-final"  # the English copy (md, txt, html, docx)
    EDIT_GLOSSARY = "edit-glossary"
    MANAGE_USERS = "manage-users"

    @property
    def label(self) -> str:
        return {
            "edit": "edit segments",
            "apply-fix": "apply suggested fixes",
            "set-status": "approve segments or mark them as needing work",
            "comment": "comment on segments",
            "dismiss": "dismiss QA flags",
            "sign-off": "sign off or reopen articles",
            "export-final": "export the final English copy",
            "edit-glossary": "edit the glossary",
            "manage-users": "manage user accounts",
        }[self.value]


_REVIEW = frozenset(
    {Action.EDIT, Action.APPLY_FIX, Action.SET_STATUS, Action.COMMENT, Action.DISMISS}
)
_EDIT = _REVIEW | {Action.SIGN_OFF, Action.EXPORT_FINAL}
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.TRANSLATOR: _REVIEW,
    Role.EDITOR: _EDIT,
    Role.ADMIN: _EDIT | {Action.EDIT_GLOSSARY, Action.MANAGE_USERS},
}


def allowed(user: User, action: Action) -> bool:
    """For showing or hiding controls; enforcement is `authorize`."""
    return action in ROLE_ACTIONS[user.role]


def authorize(user: User, action: Action) -> None:
    if not allowed(user, action):
        needed = [r.value for r, actions in ROLE_ACTIONS.items() if action in actions]
        raise PermissionDeniedError(
            f"{user.name} ({user.role.value}) may not {action.label}: "
            f"that needs the role {' or '.join(needed)}"
        )
