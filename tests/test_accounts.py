"""User accounts: bcrypt hashes, one error for every failed login, names, the last admin, the
file on disk, concurrent writers and the demo accounts."""

from __future__ import annotations

import getpass
import json
import multiprocessing
import os
import sys
import tomllib
from pathlib import Path

import bcrypt
import pytest
from cli_helpers import run_cli

from review_app import accounts
from review_app.accounts import DEMO_ACCOUNTS, LOGIN_FAILED, Role, User, UserStore
from review_app.cli import main
from review_app.errors import InputError, NotFoundError, PermissionDeniedError

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cheapest bcrypt cost: the tests check behaviour, not the work factor."""
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def users(tmp_path: Path) -> UserStore:
    store = UserStore(tmp_path)
    store.add("root", "admin", "root-password")
    return store


def test_password_is_stored_only_as_a_salted_bcrypt_hash(users: UserStore):
    users.add("ann", "translator", "same-password", "Ann Li")
    users.add("bob", "translator", "same-password")
    text = users.path.read_text(encoding="utf-8")
    assert "same-password" not in text
    table = tomllib.loads(text)["users"]
    ann, bob = table["ann"]["password_hash"], table["bob"]["password_hash"]
    assert ann.startswith("$2b$") and bob.startswith("$2b$")
    assert ann != bob  # salted: the same password gives different hashes
    assert bcrypt.checkpw(b"same-password", ann.encode())
    assert users.path.stat().st_mode & 0o077 == 0  # hashes readable by the owner only


def test_authenticate_returns_the_user(users: UserStore):
    users.add("ann", "editor", "ann-password", "Ann Li")
    assert users.authenticate("ann", "ann-password") == User("ann", Role.EDITOR, "Ann Li")


@pytest.mark.parametrize(
    ("name", "password"),
    [("root", "wrong-password"), ("nobody", "root-password"), ("root", ""), ("root", "é" * 40)],
)
def test_failed_logins_look_the_same(users: UserStore, name: str, password: str, monkeypatch):
    calls = []
    real_checkpw = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, h: calls.append(h) or real_checkpw(pw, h))
    with pytest.raises(PermissionDeniedError) as excinfo:
        users.authenticate(name, password)
    assert str(excinfo.value) == LOGIN_FAILED
    assert len(calls) == 1  # an unknown user costs one bcrypt check, like a wrong password


@pytest.mark.parametrize(
    "name", ["", "Ann", "../ann", "a/b", "-ann", ".ann", "ann li", "名字", "a" * 41, "ann\n"]
)
def test_bad_user_names_are_refused(users: UserStore, name: str):
    with pytest.raises(InputError, match="invalid user name"):
        users.add(name, "translator", "long-enough")
    assert [u.name for u in users.users()] == ["root"]


@pytest.mark.parametrize("name", ["a", "ann.li", "ann_li-2", "0" * 40])
def test_good_user_names_are_accepted(users: UserStore, name: str):
    users.add(name, "translator", "long-enough")
    assert users.get(name).name == name


@pytest.mark.parametrize("password", ["", "short", "1234567", "x" * 73, "密" * 25])
def test_bad_passwords_are_refused(users: UserStore, password: str):
    with pytest.raises(InputError, match="password too"):
        users.add("ann", "translator", password)
    with pytest.raises(InputError, match="password too"):
        users.passwd("root", password)
    assert users.authenticate("root", "root-password").name == "root"


def test_unknown_role_is_refused(users: UserStore):
    with pytest.raises(InputError, match="unknown role 'owner'"):
        users.add("ann", "owner", "long-enough")


def test_duplicate_name_is_refused(users: UserStore):
    with pytest.raises(InputError, match="already exists"):
        users.add("root", "admin", "another-password")
    assert users.authenticate("root", "root-password").name == "root"


def test_first_account_must_be_an_admin(tmp_path: Path):
    store = UserStore(tmp_path)
    with pytest.raises(InputError, match="first account must be an admin"):
        store.add("ann", "translator", "long-enough")
    assert not store.path.exists() and not store.configured()


def test_last_admin_cannot_be_removed(users: UserStore):
    users.add("ann", "editor", "long-enough")
    with pytest.raises(InputError, match="last admin"):
        users.remove("root")
    users.add("second", "admin", "long-enough")
    users.remove("root")
    assert {u.name for u in users.users()} == {"ann", "second"}
    with pytest.raises(InputError, match="last admin"):
        users.remove("second")
    users.remove("ann")
    with pytest.raises(NotFoundError):
        users.remove("ann")


def test_passwd_replaces_the_password(users: UserStore):
    users.add("ann", "translator", "old-password")
    users.passwd("ann", "new-password")
    assert users.authenticate("ann", "new-password").name == "ann"
    with pytest.raises(PermissionDeniedError):
        users.authenticate("ann", "old-password")
    with pytest.raises(NotFoundError):
        users.passwd("nobody", "new-password")


def test_file_round_trip(users: UserStore, tmp_path: Path):
    users.add("ann", "translator", "ann-password", "  Ann   Li ")
    users.add("eve", "editor", "eve-password")
    again = UserStore(tmp_path)
    assert again.users() == [
        User("ann", Role.TRANSLATOR, "Ann Li"),
        User("eve", Role.EDITOR, ""),
        User("root", Role.ADMIN, ""),
    ]
    assert again.authenticate("eve", "eve-password").role is Role.EDITOR
    assert again.configured()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[users.ann\n", "not a valid accounts file"),
        ("users = 3\n", "must be a table"),
        ('[users.ann]\nrole = "admin"\n', "no bcrypt password_hash"),
        ('[users.ann]\nrole = "boss"\npassword_hash = "$2b$04$x"\n', "unknown role"),
        ('[users."A B"]\nrole = "admin"\npassword_hash = "$2b$04$x"\n', "invalid user name"),
    ],
)
def test_malformed_file_is_a_clear_error(tmp_path: Path, text: str, message: str):
    (tmp_path / accounts.USERS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        UserStore(tmp_path).users()


def test_damaged_hash_fails_the_login_only(tmp_path: Path):
    (tmp_path / accounts.USERS_FILE).write_text(
        '[users.ann]\nrole = "admin"\npassword_hash = "$2b$garbage"\n', encoding="utf-8"
    )
    with pytest.raises(PermissionDeniedError, match=LOGIN_FAILED):
        UserStore(tmp_path).authenticate("ann", "any-password")


def _add_users(workspace: str, worker: int, count: int) -> None:
    store = UserStore(workspace)
    for i in range(count):
        store.add(f"w{worker}-u{i}", "translator", f"password-{worker}-{i}")


def test_concurrent_adds_lose_nobody(users: UserStore, tmp_path: Path):
    workers, each = 8, 4
    context = multiprocessing.get_context("fork")  # children keep the cheap bcrypt cost
    processes = [
        context.Process(target=_add_users, args=(str(tmp_path), w, each)) for w in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    names = {u.name for u in UserStore(tmp_path).users()}
    assert names == {"root"} | {f"w{w}-u{i}" for w in range(workers) for i in range(each)}
    assert users.authenticate("w7-u3", "password-7-3").name == "w7-u3"


def test_demo_accounts_are_written_only_to_the_marked_demo_file(tmp_path: Path):
    demo = UserStore.demo(tmp_path)
    written = demo.write_demo_accounts()
    assert {u.role for u in written} == set(Role)
    assert demo.path.name == accounts.DEMO_USERS_FILE
    assert demo.path.read_text(encoding="utf-8").startswith("# DEMO ACCOUNTS ONLY")
    for user, password in DEMO_ACCOUNTS:
        assert demo.authenticate(user.name, password) == user
    assert not UserStore(tmp_path).configured()  # the real accounts file is untouched
    with pytest.raises(InputError, match="demo accounts go only"):
        UserStore(tmp_path).write_demo_accounts()


def test_readme_publishes_the_demo_accounts():
    readme = README.read_text(encoding="utf-8")
    for user, password in DEMO_ACCOUNTS:
        assert f"`{user.name}`" in readme and f"`{password}`" in readme


def test_cli_user_add_list_passwd_remove(tmp_path: Path, capsys):
    assert (
        run_cli(
            tmp_path,
            "user",
            "add",
            "root",
            "--role",
            "admin",
            "--password-stdin",
            stdin="root-password\n",
        )
        == 0
    )
    assert (
        run_cli(
            tmp_path,
            "user",
            "add",
            "ann",
            "--role",
            "translator",
            "--display-name",
            "Ann Li",
            "--password-stdin",
            stdin="ann-password\n",
        )
        == 0
    )
    capsys.readouterr()
    assert run_cli(tmp_path, "user", "list", "--format", "json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {"name": "ann", "role": "translator", "display_name": "Ann Li"},
        {"name": "root", "role": "admin", "display_name": ""},
    ]
    assert run_cli(tmp_path, "user", "list") == 0
    assert capsys.readouterr().out.splitlines()[2].split() == ["ann", "translator", "Ann", "Li"]
    assert (
        run_cli(tmp_path, "user", "passwd", "ann", "--password-stdin", stdin="new-password\n") == 0
    )
    assert UserStore(tmp_path).authenticate("ann", "new-password").name == "ann"
    assert run_cli(tmp_path, "user", "remove", "ann") == 0
    assert run_cli(tmp_path, "user", "remove", "root") == 2
    assert capsys.readouterr().err.strip() == (
        "review-app: 'root' is the last admin; add another admin first"
    )


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["user", "add", "Bad", "--role", "admin", "--password-stdin"],
            "long-enough\n",
            "invalid user name",
        ),
        (["user", "add", "ann", "--role", "admin", "--password-stdin"], "short\n", "too short"),
        (["user", "add", "ann", "--role", "admin"], "", "use --password-stdin"),
        (["user", "passwd", "nobody", "--password-stdin"], "long-enough\n", "no user 'nobody'"),
        (["user", "remove", "nobody"], "", "no user 'nobody'"),
    ],
)
def test_cli_user_errors_are_one_line_and_change_nothing(tmp_path, capsys, args, stdin, message):
    assert run_cli(tmp_path, *args, stdin=stdin) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / accounts.USERS_FILE).exists()


def test_cli_asks_for_the_password_twice_on_a_terminal(tmp_path: Path, monkeypatch, capsys):
    answers = iter(["root-password", "root-passwort"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert main(["--workspace", str(tmp_path), "user", "add", "root", "--role", "admin"]) == 2
    assert "differ" in capsys.readouterr().err and not UserStore(tmp_path).configured()
    answers = iter(["root-password", "root-password"])
    assert main(["--workspace", str(tmp_path), "user", "add", "root", "--role", "admin"]) == 0
    assert UserStore(tmp_path).authenticate("root", "root-password").role is Role.ADMIN


def test_serve_needs_accounts_or_demo(tmp_path: Path, monkeypatch, capsys):
    started: list[dict] = []
    monkeypatch.setattr(os, "execve", lambda path, argv, env: started.append(env))
    monkeypatch.setenv(accounts.DEMO_ENV, "1")  # inherited from elsewhere: must not count
    assert run_cli(tmp_path, "serve") == 2
    assert "add one with `review-app user add NAME --role admin`" in capsys.readouterr().err
    assert not started
    assert run_cli(tmp_path, "serve", "--demo") == 0
    assert started[-1][accounts.DEMO_ENV] == "1"
    assert "DEMO MODE" in capsys.readouterr().out
    for user, password in DEMO_ACCOUNTS:
        assert UserStore.demo(tmp_path).authenticate(user.name, password) == user
    assert not UserStore(tmp_path).configured()
    UserStore(tmp_path).add("root", "admin", "root-password")
    assert run_cli(tmp_path, "serve") == 0
    assert accounts.DEMO_ENV not in started[-1]
    assert started[-1]["REVIEW_APP_WORKSPACE"] == str(tmp_path.resolve())
