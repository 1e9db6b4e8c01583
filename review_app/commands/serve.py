"""serve: start the browser review app on a workspace."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from review_app.accounts import DEMO_ACCOUNTS, DEMO_ENV, DEMO_USERS_FILE, USERS_FILE, UserStore
from review_app.errors import InputError
from review_app.textio import max_file_bytes

APP_PATH = Path(__file__).resolve().parent.parent / "ui" / "streamlit_app.py"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the review app in the browser (Streamlit)")
    p.add_argument("--port", type=_port, default=8501, help="default 8501")
    p.add_argument(
        "--host", default="localhost", help="address to listen on (default localhost only)"
    )
    p.add_argument(
        "--workspace",
        default=argparse.SUPPRESS,  # given here or before `serve`: the same option
        help="workspace to serve (the global --workspace may also come after `serve`)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help=f"log in with the published demo accounts ({DEMO_USERS_FILE}); never for real work",
    )
    p.set_defaults(func=cmd_serve)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be a number from 1 to 65535, not {value!r}")
    return port


def streamlit_command(host: str, port: int) -> list[str]:
    """`streamlit run` on the packaged app with every option on the command line, so the
    server behaves the same from any working directory."""
    upload_mb = max(1, math.ceil(max_file_bytes() / 1048576))
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--server.headless=true",
        "--browser.gatherUsageStats=false",
        f"--server.address={host}",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        f"--server.maxUploadSize={upload_mb}",
        "--client.toolbarMode=minimal",
        "--theme.base=light",
        "--theme.primaryColor=#1d4ed8",
    ]


def cmd_serve(args: argparse.Namespace) -> int:
    workspace = Path(args.workspace).resolve()
    if not workspace.is_dir():
        raise InputError(f"workspace {workspace} is not a folder")
    env = {**os.environ, "REVIEW_APP_WORKSPACE": str(workspace)}
    env.pop(DEMO_ENV, None)
    if args.demo:
        demo = UserStore.demo(workspace)
        demo.write_demo_accounts()
        env[DEMO_ENV] = "1"
        accounts = ", ".join(f"{user.name} / {password}" for user, password in DEMO_ACCOUNTS)
        print(f"DEMO MODE (accounts in {demo.path}, never for real work): {accounts}")
    elif not UserStore(workspace).configured():
        raise InputError(
            f"no user accounts in {workspace / USERS_FILE}: add one with "
            "`review-app user add NAME --role admin`, or try the app with `serve --demo`"
        )
    print(f"review app on http://{args.host}:{args.port} (workspace {workspace}); Ctrl+C stops it")
    sys.stdout.flush()
    command = streamlit_command(args.host, args.port)
    # become the server rather than its parent: stopping `serve` then stops Streamlit too
    os.execve(command[0], command, env)
