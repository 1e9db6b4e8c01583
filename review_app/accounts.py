"""User accounts of a workspace: names, roles and bcrypt password hashes in `users.toml`.

The file is rewritten atomically under a file lock, so concurrent `review-app user` commands
never lose each other's changes. There is no built-in account and no default password: the
first account is added with `review-app user add NAME --role admin`. `serve --demo` writes a
separate, clearly marked `users.demo.toml` with the published demo accounts instead.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import bcrypt
import tomli_w
from filelock import FileLock, Timeout

from review_app.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from review_app.model import validate_name
from review_app.store import atomic_write_text, now_iso

USERS_FILE = "users.toml"
DEMO_USERS_FILE = "users.demo.toml"
DEMO_ENV = "REVIEW_APP_DEMO"  # set to 1 by `serve --demo`: the app uses DEMO_USERS_FILE
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further; longer passwords are refused, not cut
BCRYPT_ROUNDS = 12
_LOCK_TIMEOUT_S = 30.0
LOGIN_FAILED = "unknown user or wrong password"

_HEADER = (
    "# review-app user accounts. Manage them with `review-app user add|remove|passwd|list`.\n"
    "# Passwords are stored only as salted bcrypt hashes.\n\n"
)
_DEMO_HEADER = (
    "# DEMO ACCOUNTS ONLY, written by `review-app serve --demo`.\n"
    "# Their passwords are published in the README: never use this file for real work.\n\n"
)


class Role(StrEnum):
    TRANSLATOR = "translator"
    EDITOR = "editor"
    ADMIN = "admin"


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    display_name: str = ""

    @property
    def label(self) -> str:
        """How the UI greets the user: the display name when there is one."""
        return self.display_name or self.name


# Published demo accounts (README "Accounts and roles"); only ever written to DEMO_USERS_FILE.
DEMO_ACCOUNTS = (
    (User("demo-translator", Role.TRANSLATOR, "Demo translator"), "translator-demo"),
    (User("demo-editor", Role.EDITOR, "Demo editor"), "editor-demo"),
    (User("demo-admin", Role.ADMIN, "Demo admin"), "admin-demo"),
)


def validate_username(name: str) -> str:
    return validate_name(
        name,
        USERNAME_RE,
        "user name",
        "use 1-40 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
    )


def validate_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InputError(
            f"unknown role {role!r}: use one of {', '.join(r.value for r in Role)}"
        ) from None


def validate_password(password: str) -> bytes:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(f"password too short: use at least {MIN_PASSWORD_CHARS} characters")
    data = password.encode("utf-8")
    if len(data) > MAX_PASSWORD_BYTES:
        raise InputError(f"password too long: at most {MAX_PASSWORD_BYTES} bytes in UTF-8")
    return data


def hash_password(password: str) -> str:
    return bcrypt.hashpw(validate_password(password), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


@cache
def _unknown_user_hash() -> bytes:
    """Compared against when the user does not exist, so that costs what a wrong password does."""
    return bcrypt.hashpw(b"no such user", bcrypt.gensalt(BCRYPT_ROUNDS))


def _password_matches(password: str, hashed: bytes) -> bool:
    data = password.encode("utf-8")
    too_long = len(data) > MAX_PASSWORD_BYTES  # bcrypt refuses these; no stored one is that long
    try:
        return bcrypt.checkpw(data[:MAX_PASSWORD_BYTES], hashed) and not too_long
    except ValueError:  # a damaged hash in the file: nobody logs in with it
        return False


@dataclass(frozen=True)
class _Record:
    user: User
    password_hash: str
    created_at: str


class UserStore:
    """All reads and writes of a workspace's accounts (CLI and UI alike)."""

    def __init__(self, workspace: str | Path, filename: str = USERS_FILE) -> None:
        self.workspace = Path(workspace)
        self.path = self.workspace / filename
        self._header = _DEMO_HEADER if filename == DEMO_USERS_FILE else _HEADER

    @classmethod
    def demo(cls, workspace: str | Path) -> UserStore:
        return cls(workspace, DEMO_USERS_FILE)

    def configured(self) -> bool:
        """True once the file holds at least one account (then every change needs a login)."""
        return bool(self._read())

    def users(self) -> list[User]:
        return [record.user for record in self._read().values()]

    def get(self, name: str) -> User:
        record = self._read().get(name)
        if record is None:
            raise NotFoundError(f"no user {name!r} in {self.path}")
        return record.user

    def add(self, name: str, role: str, password: str, display_name: str = "") -> User:
        user = User(validate_username(name), validate_role(role), " ".join(display_name.split()))
        password_hash = hash_password(password)
        with self._locked():
            records = self._read()
            if name in records:
                raise InputError(f"user {name!r} already exists (use `user passwd` to reset)")
            if not any(r.user.role is Role.ADMIN for r in records.values()) and (
                user.role is not Role.ADMIN
            ):
                raise InputError("the first account must be an admin: add one with --role admin")
            records[name] = _Record(user, password_hash, now_iso())
            self._write(records)
        return user

    def remove(self, name: str) -> None:
        with self._locked():
            records = self._read()
            if name not in records:
                raise NotFoundError(f"no user {name!r} in {self.path}")
            admins = [n for n, r in records.items() if r.user.role is Role.ADMIN]
            if admins == [name]:
                raise InputError(f"{name!r} is the last admin; add another admin first")
            del records[name]
            self._write(records)

    def passwd(self, name: str, password: str) -> None:
        password_hash = hash_password(password)
        with self._locked():
            records = self._read()
            if name not in records:
                raise NotFoundError(f"no user {name!r} in {self.path}")
            old = records[name]
            records[name] = _Record(old.user, password_hash, old.created_at)
            self._write(records)

    def authenticate(self, name: str, password: str) -> User:
        """The user, if the password is theirs; one error for unknown users and wrong passwords,
        and the same bcrypt work for both, so neither message nor timing tells them apart."""
        record = self._read().get(name)
        hashed = record.password_hash.encode() if record else _unknown_user_hash()
        if not _password_matches(password, hashed) or record is None:
            raise PermissionDeniedError(LOGIN_FAILED)
        return record.user

    def write_demo_accounts(self) -> list[User]:
        """(Re)write the demo file with the published demo accounts and passwords."""
        if self.path.name != DEMO_USERS_FILE:
            raise InputError(f"demo accounts go only into {DEMO_USERS_FILE}, not {self.path}")
        created = now_iso()
        with self._locked():
            self._write({u.name: _Record(u, hash_password(pw), created) for u, pw in DEMO_ACCOUNTS})
        return [u for u, _ in DEMO_ACCOUNTS]

    @contextmanager
    def _locked(self) -> Iterator[None]:
        lock = FileLock(str(self.path.with_name(f".{self.path.name}.lock")))
        try:
            with lock.acquire(timeout=_LOCK_TIMEOUT_S):
                yield
        except Timeout as exc:
            raise ConflictError(
                f"{self.path} is locked by another writer; try again",
                segment_id="",
                mine="",
                theirs="",
            ) from exc

    def _read(self) -> dict[str, _Record]:
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"{self.path}: not a valid accounts file ({exc})") from exc
        users = data.get("users", {})
        if not isinstance(users, dict):
            raise InputError(f"{self.path}: [users] must be a table of accounts")
        return {name: self._record(name, fields) for name, fields in users.items()}

    def _record(self, name: str, fields: object) -> _Record:
        where = f"{self.path}: user {name!r}"
        if not isinstance(fields, dict):
            raise InputError(f"{where} must be a table")
        hashed = fields.get("password_hash")
        if not isinstance(hashed, str) or not hashed.startswith("$2"):
            raise InputError(f"{where} has no bcrypt password_hash")
        try:
            user = User(
                validate_username(name),
                validate_role(str(fields.get("role", ""))),
                str(fields.get("display_name", "")),
            )
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from exc
        return _Record(user, hashed, str(fields.get("created_at", "")))

    def _write(self, records: dict[str, _Record]) -> None:
        table = {
            name: {
                "role": r.user.role.value,
                "display_name": r.user.display_name,
                "password_hash": r.password_hash,
                "created_at": r.created_at,
            }
            for name, r in sorted(records.items())
        }
        atomic_write_text(self.path, self._header + tomli_w.dumps({"users": table}))
