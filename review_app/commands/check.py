"""check: run the QA checks on articles and report the flags (CI-friendly exit status)."""

from __future__ import annotations

import argparse
import functools
import os
from typing import Any

from review_app.checks import SEVERITIES, check_articles, checks_table, resolve_checks
from review_app.commands.output import emit
from review_app.consistency import article_flags, corpus_index
from review_app.errors import NotFoundError
from review_app.glossary import load_workspace_glossary
from review_app.store import ArticleStore

JSON_KEYS = [
    "article",
    "segment",
    "check",
    "category",
    "severity",
    "message",
    "source_span",
    "target_span",
    "fix",
    "source",
    "target",
]
_TABLE_COLUMNS = ["article", "segment", "severity", "check", "message"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="run the QA checks; exit 1 if any error is found",
        description="Run the QA checks on articles (all of them if none are named). "
        "Exit status: 0 no errors, 1 errors found, 2 bad usage or input.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="article ids (default: every article)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument(
        "--checks",
        default="",
        metavar="ID,...",
        help="only these checks, by check id or category (comma-separated)",
    )
    p.add_argument(
        "--min-severity",
        choices=SEVERITIES,
        default="info",
        help="report flags of at least this severity (error > warning > info)",
    )
    p.add_argument(
        "--include-dismissed",
        action="store_true",
        help="also report flags a reviewer dismissed (marked dismissed=true)",
    )
    p.add_argument(
        "--corpus",
        action="store_true",
        help="also compare with what other articles approved (consistency.* flags)",
    )
    p.add_argument(
        "--jobs",
        type=_positive,
        default=0,
        metavar="N",
        help="check articles in N worker processes (default: one per CPU core; "
        "a single article is checked in this process)",
    )
    p.add_argument(
        "--list-checks", action="store_true", help="print every check as a Markdown table"
    )
    p.set_defaults(func=cmd_check)


def default_jobs() -> int:
    """CPU cores this process may use (a container's CPU limit shows in its affinity)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def cmd_check(args: argparse.Namespace) -> int:
    if args.list_checks:
        print(checks_table())
        return 0
    only = [name.strip() for name in args.checks.split(",") if name.strip()] or None
    resolve_checks(only)  # unknown check names fail before any work
    store = ArticleStore(args.workspace)
    ids = args.ids or store.ids()
    for article_id in ids:  # unknown ids fail before any work
        if not store.exists(article_id):
            raise NotFoundError(f"no article {article_id!r} in {store.root}")
    glossary = load_workspace_glossary(args.workspace)
    corpus = corpus_index(args.workspace, glossary) if args.corpus else None
    allowed = set(SEVERITIES[: SEVERITIES.index(args.min_severity) + 1])
    rows: list[dict[str, Any]] = []
    errors = 0
    checked = check_articles(
        ids,
        glossary,
        load=functools.partial(store.load, cached=False),
        only=only,
        include_dismissed=args.include_dismissed,
        jobs=args.jobs or default_jobs(),
    )
    for article, results in checked:
        if corpus is not None:
            for segment_id, found in article_flags(article, corpus, glossary).items():
                results[segment_id] += [
                    f
                    for f in found
                    if (args.include_dismissed or not f.dismissed)
                    and (only is None or f.check in only or f.category in only)
                ]
        for seg in article.segments:
            for flag in results[seg.id]:
                errors += flag.severity == "error" and not flag.dismissed
                if flag.severity not in allowed:
                    continue
                row = {
                    "article": article.id,
                    "segment": seg.id,
                    "check": flag.check,
                    "category": flag.category,
                    "severity": flag.severity,
                    "message": flag.message,
                    "source_span": list(flag.source_span) if flag.source_span else None,
                    "target_span": list(flag.target_span) if flag.target_span else None,
                    "fix": flag.fix,
                    "source": seg.source,
                    "target": seg.target,
                }
                if args.include_dismissed:
                    row["dismissed"] = flag.dismissed
                rows.append(row)
    if args.format == "table":
        emit(rows, "table", _TABLE_COLUMNS + (["dismissed"] if args.include_dismissed else []))
        print(f"\n{len(rows)} flag(s) in {len(ids)} article(s); {errors} error(s)")
    else:
        emit(rows, args.format, JSON_KEYS + (["dismissed"] if args.include_dismissed else []))
    return 1 if errors else 0
