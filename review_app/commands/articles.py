"""import, list, show, approve, edit: getting articles in and moving segments along."""

from __future__ import annotations

import argparse
import textwrap

from review_app import actions
from review_app.commands.output import emit
from review_app.commands.users import acting_user, add_identity_arguments
from review_app.errors import InputError
from review_app.glossary import load_workspace_glossary
from review_app.importer import import_files
from review_app.model import Status
from review_app.store import ArticleStore


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import a Chinese source and its English MT draft")
    p.add_argument("source", help="Chinese source (.txt, .md, .html, .docx)")
    p.add_argument("draft", help="English machine draft (.txt, .md, .html, .docx)")
    p.add_argument("--id", required=True, help="article id: lower-case letters, digits, '-'")
    p.add_argument("--title", default="")
    p.add_argument("--url", default="")
    p.add_argument("--date", default="", help="YYYY-MM-DD")
    p.add_argument("--replace", action="store_true", help="overwrite an existing article")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", help="list articles with counts by status")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="print an article's aligned segments")
    p.add_argument("id")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("approve", help="approve segments (all of them if none are named)")
    p.add_argument("id")
    p.add_argument("segments", nargs="*", metavar="SEGMENT_ID")
    add_identity_arguments(p)
    p.set_defaults(func=cmd_approve)

    p = sub.add_parser("edit", help="set one segment's English text")
    p.add_argument("id")
    p.add_argument("segment", metavar="SEGMENT_ID")
    p.add_argument("--text", required=True)
    add_identity_arguments(p)
    p.set_defaults(func=cmd_edit)


def cmd_import(args: argparse.Namespace) -> int:
    store = ArticleStore(args.workspace)
    if store.exists(args.id) and not args.replace:
        raise InputError(f"article {args.id!r} already exists (use --replace to overwrite)")
    article = import_files(
        args.id,
        args.source,
        args.draft,
        title=args.title,
        url=args.url,
        date=args.date,
        glossary=load_workspace_glossary(args.workspace),
    )
    store.create(article, replace=args.replace)
    shapes: dict[str, int] = {}
    for seg in article.segments:
        shapes[seg.bead] = shapes.get(seg.bead, 0) + 1
    beads = ", ".join(f"{k} ×{v}" for k, v in sorted(shapes.items()))
    where = store.path(article.id)
    print(f"imported {article.id}: {len(article.segments)} segments ({beads}) → {where}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows = []
    for s in ArticleStore(args.workspace).summaries():
        rows.append(
            {
                "id": s.id,
                "title": s.title,
                "date": s.date,
                "segments": s.segments,
                **{k: v for k, v in s.counts.items()},
                "approved_pct": round(100 * s.approved_share, 1),
            }
        )
    columns = ["id", "title", "date", "segments", *[st.value for st in Status], "approved_pct"]
    if args.format == "table":
        for row in rows:
            row["title"] = textwrap.shorten(row["title"], 50, placeholder="…")
    emit(rows, args.format, columns)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    article = ArticleStore(args.workspace).load(args.id)
    print(f"{article.title}\n{article.id} · {article.date} · {article.url}\n")
    for seg in article.segments:
        head = (
            f"{seg.id}  ¶{seg.paragraph}  {seg.bead}  conf {seg.confidence:.2f}  {seg.status.label}"
        )
        print(head)
        print(
            textwrap.indent(
                textwrap.fill(seg.source or "(no source: extra content)", 60), "  zh │ "
            )
        )
        print(textwrap.indent(textwrap.fill(seg.target or "(empty)", 90), "  en │ "))
        print()
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    user = acting_user(args)
    store = ArticleStore(args.workspace)
    article = store.load(args.id)
    ids = args.segments or [s.id for s in article.segments]
    # unknown ids fail before anything is written; approved segments are left as they are
    pending = [i for i in ids if article.segment(i).status is not Status.APPROVED]
    for segment_id in pending:
        actions.set_status(user, store, args.id, segment_id, Status.APPROVED)
    print(f"approved {len(pending)} segment(s) of {args.id} ({len(ids) - len(pending)} already)")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    user = acting_user(args)
    seg = actions.edit_segment(user, ArticleStore(args.workspace), args.id, args.segment, args.text)
    print(f"{args.id} {seg.id}: {seg.status.label}")
    return 0
