"""serve: start the browser review app on a workspace."""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
from pathlib import Path

from review_app.errors import InputError
from review_app.textio import max_file_bytes

APP_PATH = Path(__file__).resolve().parent.parent / "ui" / "streamlit_app.py"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the review app in the browser (Streamlit)")
    p.add_argument("--port", type=int, default=8501, help="default 8501")
    p.add_argument(
        "--host", default="localhost", help="address to listen on (default localhost only)"
    )
    p.set_defaults(func=cmd_serve)


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
    if not 1 <= args.port <= 65535:
        raise InputError(f"--port must be between 1 and 65535, not {args.port}")
    env = {**os.environ, "REVIEW_APP_WORKSPACE": str(workspace)}
    print(f"review app on http://{args.host}:{args.port} (workspace {workspace}); Ctrl+C stops it")
    sys.stdout.flush()
    return subprocess.call(streamlit_command(args.host, args.port), env=env)
