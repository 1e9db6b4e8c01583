"""`review-app` command line: everything the app does on one article, on many.

Exit codes: 0 ok, 1 the requested work failed (or found errors), 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from review_app.commands import COMMAND_MODULES
from review_app.errors import ReviewAppError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, exit 2
        self.print_usage(sys.stderr)
        print(f"review-app: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="review-app", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workspace",
        default=os.environ.get("REVIEW_APP_WORKSPACE", "."),
        help="folder holding translations/ and glossary/ (env REVIEW_APP_WORKSPACE; default .)",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ReviewAppError as exc:
        print(f"review-app: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
