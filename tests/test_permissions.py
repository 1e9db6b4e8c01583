"""Every role × every action through `review_app.actions`: allowed ones take effect, denied ones
raise PermissionDeniedError and leave every file of the workspace byte for byte as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from review_app import accounts, actions
from review_app.accounts import Role, User, UserStore
from review_app.errors import PermissionDeniedError
from review_app.glossary import GlossaryEntry
from review_app.model import Article, Segment, Status
from review_app.permissions import ROLE_ACTIONS, Action, allowed, authorize
from review_app.store import ArticleStore

ARTICLE = "perm-test"
EDITOR = User("ed", Role.EDITOR)
ROOT = User("root", Role.ADMIN)


def _store(workspace: Path) -> ArticleStore:
    return ArticleStore(workspace)


def _approve_all(workspace: Path) -> None:
    store = _store(workspace)
    for seg in store.load(ARTICLE).segments:
        store.update_segment(ARTICLE, seg.id, reviewer="setup", status=Status.APPROVED)


def _signed_off(workspace: Path) -> None:
    _approve_all(workspace)
    actions.sign_off(EDITOR, _store(workspace), ARTICLE)


def _edited(workspace: Path) -> None:
    _store(workspace).update_segment(ARTICLE, "s0001", reviewer="setup", target="Edited.")


@dataclass(frozen=True)
class Case:
    perform: Callable[[User, Path], object]
    prepare: Callable[[Path], None] = lambda workspace: None
    writes: bool = True  # exports only read


CASES: dict[str, Case] = {
    "edit": Case(lambda u, w: actions.edit_segment(u, _store(w), ARTICLE, "s0001", "New.")),
    "apply-fix": Case(
        lambda u, w: actions.apply_fix(u, _store(w), ARTICLE, "s0001", "terms.x", "Fixed.")
    ),
    "approve": Case(
        lambda u, w: actions.set_status(u, _store(w), ARTICLE, "s0001", Status.APPROVED)
    ),
    "needs-work": Case(
        lambda u, w: actions.set_status(u, _store(w), ARTICLE, "s0001", Status.NEEDS_WORK)
    ),
    "revert": Case(
        lambda u, w: actions.revert_segment(u, _store(w), ARTICLE, "s0001"), prepare=_edited
    ),
    "comment": Case(lambda u, w: actions.comment_segment(u, _store(w), ARTICLE, "s0001", "Hm.")),
    "dismiss": Case(lambda u, w: actions.dismiss_flag(u, _store(w), ARTICLE, "s0001", "x.y")),
    "approve-all": Case(
        lambda u, w: actions.approve_all_unflagged(
            u, _store(w), ARTICLE, {"s0001": "Draft one.", "s0002": "Draft two."}
        )
    ),
    "sign-off": Case(lambda u, w: actions.sign_off(u, _store(w), ARTICLE), prepare=_approve_all),
    "reopen": Case(lambda u, w: actions.reopen(u, _store(w), ARTICLE), prepare=_signed_off),
    "export-copy": Case(
        lambda u, w: actions.export_final(u, _store(w), [ARTICLE], "md", allow_unapproved=True),
        writes=False,
    ),
    "export-table": Case(
        lambda u, w: actions.export_final(u, _store(w), [ARTICLE], "csv"), writes=False
    ),
    "glossary": Case(
        lambda u, w: actions.save_glossary_entries(
            u, w, [GlossaryEntry(source="工会", target="trade union", forbidden=("labor union",))]
        )
    ),
    "add-user": Case(
        lambda u, w: actions.add_user(u, UserStore(w), "new", "translator", "long-enough")
    ),
    "remove-user": Case(lambda u, w: actions.remove_user(u, UserStore(w), "victim")),
    "set-password": Case(
        lambda u, w: actions.set_password(u, UserStore(w), "victim", "another-password")
    ),
}

REVIEW = {
    "edit",
    "apply-fix",
    "approve",
    "needs-work",
    "revert",
    "comment",
    "dismiss",
    "approve-all",
    "export-table",
}
# The roles as the project defines them, written out rather than derived from ROLE_ACTIONS.
EXPECTED = {
    Role.TRANSLATOR: REVIEW,
    Role.EDITOR: REVIEW | {"sign-off", "reopen", "export-copy"},
    Role.ADMIN: set(CASES),
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)
    segments = [
        Segment(
            id="s0001", source="第一句。", target="Draft one.", draft="Draft one.", paragraph=1
        ),
        Segment(
            id="s0002", source="第二句。", target="Draft two.", draft="Draft two.", paragraph=1
        ),
    ]
    ArticleStore(tmp_path).create(Article(id=ARTICLE, title="Permissions", segments=segments))
    (tmp_path / "glossary").mkdir()
    users = UserStore(tmp_path)
    users.add("root", "admin", "root-password")
    users.add("victim", "translator", "victim-password")
    return tmp_path


def _snapshot(workspace: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(workspace)): p.read_bytes()
        for p in sorted(workspace.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("case", list(CASES))
def test_role_may_do_exactly_what_it_is_meant_to(workspace: Path, role: Role, case: str):
    user = User(f"a-{role.value}", role)
    CASES[case].prepare(workspace)
    before = _snapshot(workspace)
    if case not in EXPECTED[role]:
        with pytest.raises(PermissionDeniedError, match=f"a-{role.value} \\({role.value}\\)"):
            CASES[case].perform(user, workspace)
        assert _snapshot(workspace) == before
        return
    result = CASES[case].perform(user, workspace)
    if CASES[case].writes:
        assert _snapshot(workspace) != before
    else:
        assert result and _snapshot(workspace) == before


def test_segment_changes_record_who_and_when(workspace: Path):
    translator = User("tina", Role.TRANSLATOR)
    seg = actions.edit_segment(translator, _store(workspace), ARTICLE, "s0002", "Better.")
    assert (seg.reviewer, seg.status) == ("tina", Status.EDITED)
    saved = _store(workspace).load(ARTICLE).segment("s0002")
    assert saved.reviewer == "tina" and saved.reviewed_at.startswith("20")
    [record] = _store(workspace).history(ARTICLE, "s0002")
    assert (record["user"], record["action"], record["after"]["target"]) == (
        "tina",
        "edit",
        "Better.",
    )


def test_every_action_belongs_to_some_role():
    assert set().union(*ROLE_ACTIONS.values()) == set(Action)
    assert ROLE_ACTIONS[Role.TRANSLATOR] < ROLE_ACTIONS[Role.EDITOR] < ROLE_ACTIONS[Role.ADMIN]


def test_denial_names_the_roles_that_may():
    translator = User("tina", Role.TRANSLATOR)
    assert not allowed(translator, Action.EDIT_GLOSSARY)
    with pytest.raises(PermissionDeniedError, match="may not edit the glossary: .* role admin$"):
        authorize(translator, Action.EDIT_GLOSSARY)
    with pytest.raises(PermissionDeniedError, match="role editor or admin$"):
        authorize(translator, Action.SIGN_OFF)
