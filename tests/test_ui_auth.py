"""Login, logout and role-based pages of the browser app, driven through Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from auth_helpers import PASSWORD, add_account
from streamlit.testing.v1 import AppTest

from review_app import accounts, actions
from review_app.accounts import DEMO_ENV, Role, User, UserStore
from review_app.commands.serve import APP_PATH
from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore
from review_app.ui.auth import USER_KEY

ARTICLE = "union-visit"


@pytest.fixture
def ui_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One small article and an admin, an editor and a translator, served to the app."""
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)  # for accounts the tests add or reset
    monkeypatch.setenv("REVIEW_APP_WORKSPACE", str(tmp_path))
    monkeypatch.delenv(DEMO_ENV, raising=False)
    segments = [
        Segment(
            id="s0001",
            source="工会来访。",
            target="Union visit.",
            draft="Union visit.",
            paragraph=1,
        ),
        Segment(id="s0002", source="双方座谈。", target="Talks.", draft="Talks.", paragraph=1),
    ]
    ArticleStore(tmp_path).create(Article(id=ARTICLE, title="Union visit", segments=segments))
    add_account(tmp_path, "root")
    add_account(tmp_path, "ed", "editor", "Ed Editor")
    add_account(tmp_path, "tina", "translator")
    return tmp_path


def _start() -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _log_in(at: AppTest, name: str, password: str | None = None) -> AppTest:
    at.text_input(key="login-name").input(name)
    at.text_input(key="login-password").input(password or PASSWORD)
    at.button[0].click().run()  # the form's only button: Log in
    assert not at.exception, at.exception
    return at


def _html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html) + "\n".join(h.value for h in at.sidebar.html)


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def _page_reached(at: AppTest, page: str) -> str | None:
    """Ask for a page by its file, as a menu link does; the title shown, or None when this
    session's menu does not hold the page at all."""
    try:
        at.switch_page(f"app_pages/{page}.py")
    except ValueError as exc:
        assert "Could not find a navigation page" in str(exc)
        return None
    at.run()
    assert not at.exception, at.exception
    return _titles(at)[0]


def test_without_accounts_the_app_says_how_to_add_one(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_WORKSPACE", str(tmp_path))
    monkeypatch.delenv(DEMO_ENV, raising=False)
    at = _start()
    assert "review-app user add NAME --role admin" in _html(at)
    assert not at.text_input and USER_KEY not in at.session_state


def test_wrong_password_is_refused_and_forgotten(ui_workspace: Path):
    at = _log_in(_start(), "tina", "wrong-password")
    assert "unknown user or wrong password" in _html(at)
    assert USER_KEY not in at.session_state
    assert at.text_input(key="login-password").value == ""
    at = _log_in(at, "nobody")
    assert "unknown user or wrong password" in _html(at)
    assert _titles(at) == ["Review app"]  # still the login page


def test_login_then_logout(ui_workspace: Path):
    at = _log_in(_start(), "ed")
    assert at.session_state[USER_KEY] == "ed"
    assert "Logged in as <b>Ed Editor</b> · editor" in _html(at)
    assert _titles(at) == ["Articles"]
    at.sidebar.button(key="logout").click().run()
    assert USER_KEY not in at.session_state
    assert _titles(at) == ["Review app"] and at.text_input(key="login-name").value == ""
    assert _page_reached(at, "articles") is None  # nothing is reachable logged out


@pytest.mark.parametrize(
    ("name", "extra"),
    [("tina", []), ("ed", ["Sign-off"]), ("root", ["Sign-off", "Users"])],
)
def test_each_role_reaches_its_pages_only(ui_workspace: Path, name: str, extra: list[str]):
    at = _log_in(_start(), name)
    for page, title in [("signoff", "Sign-off"), ("users", "Users")]:
        assert _page_reached(at, page) == (title if title in extra else None)
    for page in ("glossary", "export"):
        assert _page_reached(at, page) == page.title()


@pytest.mark.parametrize("page", ["signoff", "users"])
def test_pages_check_the_role_themselves(ui_workspace: Path, page: str):
    at = AppTest.from_file(str(APP_PATH.parent / "app_pages" / f"{page}.py"), default_timeout=60)
    at.run()
    assert "Log in first." in _html(at) and not at.button
    at.session_state[USER_KEY] = "tina"
    at.run()
    assert "Your role (translator) may not" in _html(at)
    assert not at.button and not at.title


def test_removed_account_is_logged_out_at_once(ui_workspace: Path):
    at = _log_in(_start(), "tina")
    UserStore(ui_workspace).remove("tina")
    at.run()
    assert USER_KEY not in at.session_state and _titles(at) == ["Review app"]


def test_broken_accounts_file_logs_everyone_out_with_a_clear_message(ui_workspace: Path):
    at = _log_in(_start(), "tina")
    (ui_workspace / accounts.USERS_FILE).write_text("[users.tina\n", encoding="utf-8")
    at.run()
    assert not at.exception and _titles(at) == ["Review app"]
    assert "not a valid accounts file" in _html(at) and not at.text_input


def test_editor_signs_off_and_reopens(ui_workspace: Path):
    store = ArticleStore(ui_workspace)
    at = _log_in(_start(), "ed")
    assert _page_reached(at, "signoff") == "Sign-off"
    assert at.button(key="sign-off").disabled  # nothing approved yet
    for seg in ("s0001", "s0002"):
        store.update_segment(ARTICLE, seg, reviewer="tina", status=Status.APPROVED)
    at.run()
    at.button(key="sign-off").click().run()
    assert store.load(ARTICLE).signed_off_by == "ed"
    assert "signed off by ed" in _html(at)
    at.button(key="reopen").click().run()
    assert store.load(ARTICLE).signed_off_by == ""
    assert [r["action"] for r in store.history(ARTICLE)][-2:] == ["sign-off", "reopen"]


def test_admin_manages_accounts(ui_workspace: Path):
    at = _log_in(_start(), "root")
    assert _page_reached(at, "users") == "Users"
    at.text_input(key="user-add-name").input("zhao")
    at.selectbox(key="user-add-role").select("editor")
    at.text_input(key="user-add-pw").input("zhao-password")
    at.text_input(key="user-add-pw2").input("zhao-passwort")
    at.button[0].click().run()
    assert "differ" in _html(at) and "zhao" not in [u.name for u in UserStore(ui_workspace).users()]
    at.text_input(key="user-add-name").input("zhao")
    at.text_input(key="user-add-pw").input("zhao-password")
    at.text_input(key="user-add-pw2").input("zhao-password")
    at.button[0].click().run()
    assert UserStore(ui_workspace).authenticate("zhao", "zhao-password").role.value == "editor"
    at.selectbox(key="user-passwd-name").select("tina")
    at.text_input(key="user-passwd-pw").input("tina-new-password")
    at.text_input(key="user-passwd-pw2").input("tina-new-password")
    at.button[1].click().run()
    assert UserStore(ui_workspace).authenticate("tina", "tina-new-password").name == "tina"
    at.selectbox(key="user-remove-name").select("tina")
    at.button[2].click().run()
    assert "Tick the box" in _html(at) and UserStore(ui_workspace).get("tina")
    at.checkbox(key="user-remove-confirm").check()
    at.button[2].click().run()
    assert [u.name for u in UserStore(ui_workspace).users()] == ["ed", "root", "zhao"]
    assert "root" not in at.selectbox(key="user-remove-name").options  # never yourself


def test_demo_mode_uses_only_the_demo_accounts(ui_workspace: Path, monkeypatch):
    monkeypatch.setenv(DEMO_ENV, "1")
    demo = UserStore.demo(ui_workspace)
    demo.write_demo_accounts()
    at = _start()
    assert "demo-editor" in at.table[0].value.to_string()
    at = _log_in(at, "tina")  # a real account is not a demo account
    assert USER_KEY not in at.session_state
    at = _log_in(at, "demo-translator", "translator-demo")
    assert at.session_state[USER_KEY] == "demo-translator"
    assert "never use demo mode for real work" in _html(at)


def _review_page(at: AppTest) -> AppTest:
    at.switch_page("app_pages/review.py")
    at.query_params["article"] = ARTICLE
    at.run()
    assert not at.exception, at.exception
    return at


def test_review_page_changes_are_the_logged_in_users_and_show_in_history(ui_workspace: Path):
    store = ArticleStore(ui_workspace)
    actions.edit_segment(User("ed", Role.EDITOR), store, ARTICLE, "s0001", "Trade union visit.")
    at = _review_page(_log_in(_start(), "tina"))
    at.button(key=f"approve-{ARTICLE}-s0001").click().run()
    seg = store.load(ARTICLE).segment("s0001")
    assert (seg.status, seg.reviewer) == (Status.APPROVED, "tina")
    [history] = [e for e in at.expander if e.label == "History (2)"]
    lines = history.html[0].value
    assert lines.index("tina · approved: status: edited → status: approved") < lines.index(
        "ed · edit: target: Union visit.; status: draft → target: Trade union visit.; "
        "status: edited"
    )


def test_signed_off_article_refuses_changes_on_the_review_page(ui_workspace: Path):
    store = ArticleStore(ui_workspace)
    for seg in ("s0001", "s0002"):
        store.update_segment(ARTICLE, seg, reviewer="tina", status=Status.APPROVED)
    actions.sign_off(User("ed", Role.EDITOR), store, ARTICLE)
    before = store.path(ARTICLE).read_bytes()
    at = _review_page(_log_in(_start(), "tina"))
    at.button(key=f"needs-work-{ARTICLE}-s0001").click().run()
    assert "signed off by ed" in _html(at) and "must reopen it" in _html(at)
    assert store.path(ARTICLE).read_bytes() == before


@pytest.mark.parametrize(("name", "copy"), [("tina", False), ("ed", True), ("root", True)])
def test_export_page_offers_the_english_copy_to_editors_only(ui_workspace, name, copy):
    at = _log_in(_start(), name)
    assert _page_reached(at, "export") == "Export"
    offered = {option.split(":")[0] for option in at.selectbox(key="export-format").options}
    assert {"xlsx", "csv", "tmx"} <= offered
    assert ({"md", "txt", "html", "docx"} <= offered) is copy


@pytest.mark.parametrize(("name", "edits"), [("tina", False), ("ed", False), ("root", True)])
def test_only_admins_get_the_glossary_editor(ui_workspace: Path, name: str, edits: bool):
    at = _log_in(_start(), name)
    assert _page_reached(at, "glossary") == "Glossary"
    labels = [tab.label for tab in at.tabs]
    assert ("Add or edit" in labels) is edits and "Browse" in labels
    assert any(b.label == "Save entry" for b in at.button) is edits
