"""export: the English copy, bilingual review tables and TMX of articles, written to a folder."""

from __future__ import annotations

import argparse

from review_app.actions import export_final
from review_app.commands.users import acting_user, add_identity_arguments
from review_app.errors import ReviewAppError
from review_app.export import FORMATS, UnapprovedError, write_exports
from review_app.store import ArticleStore


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="export articles: English copy, bilingual table or TMX (one file each)"
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="article ids")
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default="md",
        help="; ".join(f"{fmt}: {what}" for fmt, what in FORMATS.items()) + " (default md)",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument(
        "--allow-unapproved",
        action="store_true",
        help="export the English copy even with unapproved segments, marking them",
    )
    add_identity_arguments(p, reviewer=False)
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    user = acting_user(args)
    store = ArticleStore(args.workspace)
    try:
        files = export_final(
            user, store, args.ids, args.format, allow_unapproved=args.allow_unapproved
        )
    except UnapprovedError as exc:
        raise ReviewAppError(
            f"{exc}; approve them, or use --allow-unapproved to export them marked"
        ) from exc
    for path in write_exports(files, args.out):
        print(f"wrote {path}")
    return 0
