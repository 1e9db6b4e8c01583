"""user add|remove|list|passwd, signoff, reopen, log: who may work here, and who did what.

A workspace without `users.toml` is single-user: changes are recorded under `--reviewer`.
Once an account exists, every command that changes or publishes work takes `--user NAME` and
that user's password (asked on the terminal, or one line on stdin with `--password-stdin`),
and the user's role is checked before anything is written.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from review_app import actions, audit
from review_app.accounts import USERS_FILE, Role, User, UserStore
from review_app.commands.output import emit
from review_app.errors import InputError, NotFoundError
from review_app.store import ArticleStore

SINGLE_USER_NAME = "cli"


def register(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help="add, remove, list user accounts; change a password")
    commands = user.add_subparsers(dest="user_command", required=True)

    p = commands.add_parser("add", help="add an account (the first one must be an admin)")
    p.add_argument("name", help="1-40 of a-z 0-9 . _ -")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--display-name", default="", help="name shown in the app")
    _password_argument(p)
    p.set_defaults(func=cmd_user_add)

    p = commands.add_parser("remove", help="remove an account (never the last admin)")
    p.add_argument("name")
    p.set_defaults(func=cmd_user_remove)

    p = commands.add_parser("list", help="list accounts and their roles")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_user_list)

    p = commands.add_parser("passwd", help="set a new password for an account")
    p.add_argument("name")
    _password_argument(p)
    p.set_defaults(func=cmd_user_passwd)

    p = sub.add_parser("signoff", help="sign off an article as final (editor; all approved)")
    p.add_argument("id")
    add_identity_arguments(p, reviewer=False, required=True)
    p.set_defaults(func=cmd_signoff)

    p = sub.add_parser("reopen", help="withdraw an article's sign-off (editor)")
    p.add_argument("id")
    add_identity_arguments(p, reviewer=False, required=True)
    p.set_defaults(func=cmd_reopen)

    p = sub.add_parser("log", help="print an article's audit log: who changed what, when")
    p.add_argument("id")
    p.add_argument("--segment", metavar="SEGMENT_ID", help="only this segment's history")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_log)


def _password_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from stdin instead of asking",
    )


def add_identity_arguments(
    p: argparse.ArgumentParser, *, reviewer: bool = True, required: bool = False
) -> None:
    """--user NAME and --password-stdin (and --reviewer for workspaces without accounts)."""
    p.add_argument(
        "--user",
        required=required,
        metavar="NAME",
        help=f"account to act as (required once {USERS_FILE} exists; the password is asked)",
    )
    _password_argument(p)
    if reviewer:
        p.add_argument(
            "--reviewer",
            help=f"name recorded in a workspace without accounts (default {SINGLE_USER_NAME})",
        )


def read_password(from_stdin: bool, prompt: str = "Password: ", *, confirm: bool = False) -> str:
    if from_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        raise InputError("no terminal to ask for the password on: use --password-stdin")
    password = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat the password: ") != password:
        raise InputError("the two passwords differ; nothing was changed")
    return password


def acting_user(args: argparse.Namespace) -> User:
    """Who runs this command: a logged-in account, or in a workspace without accounts the
    name given (with every permission, as there is nobody else to tell apart)."""
    users = UserStore(args.workspace)
    if not users.configured():
        return User(args.user or getattr(args, "reviewer", None) or SINGLE_USER_NAME, Role.ADMIN)
    if getattr(args, "reviewer", None):
        raise InputError(
            f"this workspace has user accounts ({users.path}): use --user NAME, not --reviewer"
        )
    if not args.user:
        raise InputError(
            f"this workspace has user accounts ({users.path}): give --user NAME "
            "(the password is asked for, or read with --password-stdin)"
        )
    password = read_password(args.password_stdin, f"Password for {args.user}: ")
    return users.authenticate(args.user, password)


def cmd_user_add(args: argparse.Namespace) -> int:
    password = read_password(args.password_stdin, f"Password for {args.name}: ", confirm=True)
    user = UserStore(args.workspace).add(args.name, args.role, password, args.display_name)
    print(f"added {user.name} ({user.role.value})")
    return 0


def cmd_user_remove(args: argparse.Namespace) -> int:
    UserStore(args.workspace).remove(args.name)
    print(f"removed {args.name}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    rows = [
        {"name": u.name, "role": u.role.value, "display_name": u.display_name}
        for u in UserStore(args.workspace).users()
    ]
    emit(rows, args.format, ["name", "role", "display_name"])
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    users = UserStore(args.workspace)
    users.get(args.name)  # an unknown name fails before the password is asked
    password = read_password(args.password_stdin, f"New password for {args.name}: ", confirm=True)
    users.passwd(args.name, password)
    print(f"password of {args.name} changed")
    return 0


def cmd_signoff(args: argparse.Namespace) -> int:
    user = acting_user(args)
    article = actions.sign_off(user, ArticleStore(args.workspace), args.id)
    print(f"{article.id} signed off by {article.signed_off_by} at {article.signed_off_at}")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    user = acting_user(args)
    actions.reopen(user, ArticleStore(args.workspace), args.id)
    print(f"{args.id} reopened by {user.name}")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    store = ArticleStore(args.workspace)
    if not store.exists(args.id):
        raise NotFoundError(f"no article {args.id!r} in {store.root}")
    records = store.history(args.id, args.segment)
    if args.format == "json":
        emit(records, "json")
        return 0
    rows = []
    for record in records:
        before, after = audit.summary(record)
        rows.append({**record, "before": before, "after": after})
    emit(rows, "table", ["time", "user", "segment", "action", "before", "after"])
    return 0
