"""Running the CLI in-process, for tests that type a password on standard input."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from review_app.cli import main


def run_cli(workspace: Path, *args: str, stdin: str = "") -> int:
    """`review-app --workspace WORKSPACE ARGS…` with `stdin` as standard input (not a
    terminal); returns the exit status."""
    real = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--workspace", str(workspace), *args])
    finally:
        sys.stdin = real
