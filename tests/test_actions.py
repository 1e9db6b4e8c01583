"""What the actions do beyond the role check: sign-off rules, reverts, fixes, bulk approval,
conflicts, exports and glossary merges, each checked on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli

from review_app import accounts, actions
from review_app.accounts import Role, User, UserStore
from review_app.errors import ConflictError, InputError, ReviewAppError
from review_app.export import UnapprovedError
from review_app.glossary import GlossaryEntry, read_csv
from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore

ARTICLE = "act-test"
TINA = User("tina", Role.TRANSLATOR)
ED = User("ed", Role.EDITOR)
ROOT = User("root", Role.ADMIN)


@pytest.fixture
def store(tmp_path: Path) -> ArticleStore:
    segments = [
        Segment(
            id="s0001",
            source="工会来访。",
            target="Labor union visit.",
            draft="Labor union visit.",
            paragraph=1,
        ),
        Segment(
            id="s0002",
            source="双方座谈。",
            target="Both sides talked.",
            draft="Both sides talked.",
            paragraph=1,
        ),
        Segment(id="s0003", source="", target="", draft="Share on facebook", paragraph=2),
    ]
    store = ArticleStore(tmp_path)
    store.create(Article(id=ARTICLE, title="Actions", segments=segments))
    return store


def _approve(store: ArticleStore, *ids: str) -> None:
    for segment_id in ids:
        actions.set_status(TINA, store, ARTICLE, segment_id, Status.APPROVED)


def test_sign_off_needs_every_segment_with_text_approved(store: ArticleStore):
    _approve(store, "s0001")
    with pytest.raises(ReviewAppError, match=r"1 segment\(s\) not approved \(s0002\)"):
        actions.sign_off(ED, store, ARTICLE)
    assert store.load(ARTICLE).signed_off_by == ""
    _approve(store, "s0002")  # s0003 is deleted extra content: it blocks nothing
    article = actions.sign_off(ED, store, ARTICLE)
    saved = store.load(ARTICLE)
    assert (saved.signed_off_by, saved.signed_off_at) == ("ed", article.signed_off_at)
    assert "X-Signed-Off-By: ed" in store.path(ARTICLE).read_text(encoding="utf-8")
    record = store.history(ARTICLE)[-1]
    assert (record["user"], record["action"], record["after"]["signed_off_by"]) == (
        "ed",
        "sign-off",
        "ed",
    )
    with pytest.raises(ReviewAppError, match="already signed off by ed"):
        actions.sign_off(ROOT, store, ARTICLE)


def test_signed_off_article_is_final_until_reopened(store: ArticleStore):
    _approve(store, "s0001", "s0002")
    actions.sign_off(ED, store, ARTICLE)
    before = store.path(ARTICLE).read_bytes()
    changes = [
        lambda: actions.edit_segment(TINA, store, ARTICLE, "s0001", "Trade union visit."),
        lambda: actions.set_status(TINA, store, ARTICLE, "s0001", Status.NEEDS_WORK),
        lambda: actions.comment_segment(TINA, store, ARTICLE, "s0001", "late remark"),
        lambda: actions.revert_segment(TINA, store, ARTICLE, "s0001"),
        lambda: actions.approve_all_unflagged(TINA, store, ARTICLE, {}),
    ]
    for change in changes:
        with pytest.raises(ReviewAppError, match="signed off by ed .* must reopen it"):
            change()
    assert store.path(ARTICLE).read_bytes() == before
    actions.reopen(ED, store, ARTICLE)
    assert store.load(ARTICLE).signed_off_by == ""
    assert store.history(ARTICLE)[-1]["action"] == "reopen"
    actions.edit_segment(TINA, store, ARTICLE, "s0001", "Trade union visit.")
    assert store.load(ARTICLE).segment("s0001").target == "Trade union visit."
    with pytest.raises(ReviewAppError, match="is not signed off"):
        actions.reopen(ED, store, ARTICLE)


def test_revert_puts_the_machine_draft_back(store: ArticleStore):
    actions.edit_segment(TINA, store, ARTICLE, "s0001", "Trade union visit.")
    seg = actions.revert_segment(TINA, store, ARTICLE, "s0001")
    assert (seg.target, seg.status) == ("Labor union visit.", Status.DRAFT)
    assert store.history(ARTICLE, "s0001")[-1]["action"] == "revert"


def test_apply_fix_names_the_check_in_the_audit_log(store: ArticleStore):
    seg = actions.apply_fix(TINA, store, ARTICLE, "s0001", "terminology", "Trade union visit.")
    assert (seg.target, seg.status) == ("Trade union visit.", Status.EDITED)
    assert store.history(ARTICLE, "s0001")[-1]["action"] == "fix terminology"


def test_approving_typed_text_is_one_write_and_needs_the_edit_right(store: ArticleStore):
    seg = actions.set_status(
        TINA, store, ARTICLE, "s0001", Status.APPROVED, target="Trade union visit."
    )
    assert (seg.target, seg.status, seg.reviewer) == ("Trade union visit.", Status.APPROVED, "tina")
    [record] = store.history(ARTICLE, "s0001")
    assert record["after"] == {"target": "Trade union visit.", "status": "approved", "comment": ""}


def test_edit_can_name_its_origin_in_the_audit_log(store: ArticleStore):
    actions.edit_segment(TINA, store, ARTICLE, "s0001", "Trade union visit.", action="use TM x")
    assert store.history(ARTICLE, "s0001")[-1]["action"] == "use TM x"


def test_dismissal_and_comment_are_kept(store: ArticleStore):
    actions.dismiss_flag(TINA, store, ARTICLE, "s0002", "fluency.calque")
    actions.comment_segment(TINA, store, ARTICLE, "s0002", "  check the name  ")
    seg = store.load(ARTICLE).segment("s0002")
    assert seg.is_dismissed("fluency.calque") and seg.comment == "check the name"


def test_stale_edit_is_a_conflict_not_an_overwrite(store: ArticleStore):
    actions.edit_segment(ED, store, ARTICLE, "s0001", "Ed's version.")
    with pytest.raises(ConflictError) as excinfo:
        actions.edit_segment(
            TINA, store, ARTICLE, "s0001", "Tina's version.", base_target="Labor union visit."
        )
    assert (excinfo.value.mine, excinfo.value.theirs) == ("Tina's version.", "Ed's version.")
    assert store.load(ARTICLE).segment("s0001").target == "Ed's version."


def test_only_reviewer_statuses_can_be_set(store: ArticleStore):
    for status in (Status.DRAFT, Status.EDITED):
        with pytest.raises(InputError, match="approved or needs work"):
            actions.set_status(TINA, store, ARTICLE, "s0001", status)


def test_approve_all_unflagged_approves_what_was_seen(store: ArticleStore):
    approved = actions.approve_all_unflagged(
        TINA, store, ARTICLE, {"s0001": "Labor union visit.", "s0002": "Both sides talked."}
    )
    assert approved == ["s0001", "s0002"]
    article = store.load(ARTICLE)
    assert [s.status for s in article.segments[:2]] == [Status.APPROVED] * 2
    assert {s.reviewer for s in article.segments[:2]} == {"tina"}


def test_approve_all_refuses_everything_when_one_segment_changed(store: ArticleStore):
    actions.edit_segment(ED, store, ARTICLE, "s0002", "Changed meanwhile.")
    with pytest.raises(ConflictError, match="s0002"):
        actions.approve_all_unflagged(
            TINA, store, ARTICLE, {"s0001": "Labor union visit.", "s0002": "Both sides talked."}
        )
    assert store.load(ARTICLE).segment("s0001").status is Status.DRAFT


def test_export_final_keeps_the_approval_rule(store: ArticleStore):
    with pytest.raises(UnapprovedError):
        actions.export_final(ED, store, [ARTICLE], "md")
    [file] = actions.export_final(ED, store, [ARTICLE], "md", allow_unapproved=True)
    assert file.name.endswith(".md") and b"union" in file.data


def test_glossary_entries_are_merged_and_validated(tmp_path: Path):
    entry = GlossaryEntry(source="工会", target="trade union", forbidden=("labor union",))
    result = actions.save_glossary_entries(ROOT, tmp_path, [entry])
    assert (result.added, result.total) == (1, 1)
    changed = GlossaryEntry(source="工会", target="union", forbidden=("labor union",))
    with pytest.raises(InputError, match="clash with existing ones"):
        actions.save_glossary_entries(ROOT, tmp_path, [changed])
    result = actions.save_glossary_entries(ROOT, tmp_path, [changed], replace=True)
    assert result.replaced == 1
    entries, _ = read_csv(result.path)
    assert [(e.source, e.target) for e in entries] == [("工会", "union")]


def test_admin_cannot_remove_their_own_account(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)
    users = UserStore(tmp_path)
    users.add("root", "admin", "root-password")
    users.add("other", "admin", "other-password")
    with pytest.raises(InputError, match="your own account"):
        actions.remove_user(ROOT, users, "root")
    actions.remove_user(ROOT, users, "other")
    assert [u.name for u in users.users()] == ["root"]


def test_cli_without_accounts_records_the_reviewer_name(store: ArticleStore):
    assert run_cli(store.workspace, "approve", ARTICLE, "s0001", "--reviewer", "alice") == 0
    assert store.load(ARTICLE).segment("s0001").reviewer == "alice"
    assert run_cli(store.workspace, "signoff", ARTICLE, "--user", "alice") == 1  # s0002 pending


def test_cli_with_accounts_needs_user_password_and_role(store, capsys, monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)
    users = UserStore(store.workspace)
    users.add("root", "admin", "root-password")
    users.add("tina", "translator", "tina-password")
    users.add("ed", "editor", "ed-password")
    ws = store.workspace
    before = store.path(ARTICLE).read_bytes()
    assert run_cli(ws, "approve", ARTICLE, "s0001") == 2
    assert "give --user NAME" in capsys.readouterr().err
    assert run_cli(ws, "approve", ARTICLE, "--reviewer", "tina") == 2
    assert "not --reviewer" in capsys.readouterr().err
    assert (
        run_cli(ws, "approve", ARTICLE, "--user", "tina", "--password-stdin", stdin="nope\n") == 1
    )
    assert run_cli(ws, "approve", ARTICLE, "--user", "nobody", "--password-stdin", stdin="x\n") == 1
    assert (
        capsys.readouterr().err.splitlines() == ["review-app: unknown user or wrong password"] * 2
    )
    assert store.path(ARTICLE).read_bytes() == before

    login = ("--user", "tina", "--password-stdin")
    assert (
        run_cli(
            ws, "edit", ARTICLE, "s0001", "--text", "Union visit.", *login, stdin="tina-password\n"
        )
        == 0
    )
    assert run_cli(ws, "approve", ARTICLE, *login, stdin="tina-password\n") == 0
    assert "approved 3 segment(s)" in capsys.readouterr().out
    assert {s.reviewer for s in store.load(ARTICLE).segments} == {"tina"}
    assert run_cli(ws, "signoff", ARTICLE, *login, stdin="tina-password\n") == 1
    assert "may not sign off" in capsys.readouterr().err
    tmp = ws / "out"
    assert run_cli(ws, "export", ARTICLE, "--out", str(tmp), *login, stdin="tina-password\n") == 1
    assert not tmp.exists()
    assert (
        run_cli(
            ws,
            "export",
            ARTICLE,
            "--format",
            "csv",
            "--out",
            str(tmp),
            *login,
            stdin="tina-password\n",
        )
        == 0
    )

    editor = ("--user", "ed", "--password-stdin")
    assert run_cli(ws, "signoff", ARTICLE, *editor, stdin="ed-password\n") == 0
    assert store.load(ARTICLE).signed_off_by == "ed"
    assert run_cli(ws, "export", ARTICLE, "--out", str(tmp), *editor, stdin="ed-password\n") == 0
    assert (tmp / f"{ARTICLE}.md").is_file()
    assert (
        run_cli(ws, "edit", ARTICLE, "s0001", "--text", "Late.", *login, stdin="tina-password\n")
        == 1
    )
    assert run_cli(ws, "reopen", ARTICLE, *editor, stdin="ed-password\n") == 0
    assert store.load(ARTICLE).signed_off_by == ""


def test_cli_log_prints_who_did_what(store: ArticleStore, capsys):
    actions.edit_segment(TINA, store, ARTICLE, "s0001", "Trade union visit.")
    actions.set_status(ED, store, ARTICLE, "s0001", Status.APPROVED)
    actions.comment_segment(TINA, store, ARTICLE, "s0002", "name?")
    capsys.readouterr()
    assert run_cli(store.workspace, "log", ARTICLE, "--segment", "s0001") == 0
    rows = [line.split(None, 4) for line in capsys.readouterr().out.splitlines()[2:]]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("tina", "s0001", "edit"),
        ("ed", "s0001", "approved"),
    ]
    assert "target: Labor union visit." in rows[0][4] and "target: Trade union visit." in rows[0][4]
    assert run_cli(store.workspace, "log", ARTICLE, "--format", "json") == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["user"], r["segment"], r["action"]) for r in records] == [
        ("tina", "s0001", "edit"),
        ("ed", "s0001", "approved"),
        ("tina", "s0002", "comment"),
    ]
    assert records[2]["after"]["comment"] == "name?" and records[0]["time"].startswith("20")
    assert run_cli(store.workspace, "log", "missing") == 2
