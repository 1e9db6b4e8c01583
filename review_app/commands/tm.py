"""tm search, tm import, tm stats: the translation memory of approved segments."""

from __future__ import annotations

import argparse
import json

from review_app import tm
from review_app.commands.output import emit
from review_app.errors import InputError


def _score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0 < score <= 100:
        raise argparse.ArgumentTypeError(f"must be a number above 0 and at most 100, not {value}")
    return score


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value}")
    return int(value)


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("tm", help="translation memory of approved segments")
    tm_sub = group.add_subparsers(dest="tm_command", required=True)

    p = tm_sub.add_parser("search", help="exact and fuzzy matches of a Chinese sentence")
    p.add_argument("text", help="Chinese sentence to look up")
    p.add_argument("--limit", type=_positive, default=5, help="most matches shown (default 5)")
    p.add_argument(
        "--min-score",
        type=_score,
        default=tm.DEFAULT_MIN_SCORE,
        help=f"lowest similarity in %% (default {tm.DEFAULT_MIN_SCORE:g})",
    )
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_search)

    p = tm_sub.add_parser("import", help="add the Chinese–English units of a TMX file")
    p.add_argument("file", help="TMX file (TMX 1.4; zh-* source, en-* target)")
    p.add_argument("--name", help="collection name (default: the file name)")
    p.add_argument("--replace", action="store_true", help="replace a collection of that name")
    p.set_defaults(func=cmd_import)

    p = tm_sub.add_parser("stats", help="what the translation memory holds")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_stats)


def cmd_search(args: argparse.Namespace) -> int:
    if not tm.normalize_source(args.text):
        raise InputError("nothing to search for: TEXT is empty")
    memory = tm.TranslationMemory.load(args.workspace)
    matches = memory.lookup(args.text, limit=args.limit, min_score=args.min_score)
    if args.format == "json":
        rows = [
            {
                "score": m.score,
                "exact": m.is_exact,
                "source": m.unit.source,
                "target": m.unit.target,
                "article": m.unit.article_id,
                "segment": m.unit.segment_id,
                "collection": m.unit.collection,
                "reviewer": m.unit.reviewer,
                "reviewed_at": m.unit.reviewed_at,
                "occurrences": m.occurrences,
                "differences": [{"op": p.op, "text": p.text} for p in tm.diff_pieces(args.text, m)],
            }
            for m in matches
        ]
        emit(rows, "json")
        return 0
    if not matches:
        print(f"no match of at least {args.min_score:g}% among {len(memory)} TM units")
        return 0
    rows = [
        {
            "score": f"{m.score:g}",
            "match": "exact" if m.is_exact else "fuzzy",
            "from": m.unit.origin + (f" (+{m.occurrences - 1})" if m.occurrences > 1 else ""),
            "reviewer": m.unit.reviewer,
            "source": _marked(args.text, m),
            "target": m.unit.target,
        }
        for m in matches
    ]
    emit(rows, "table")
    return 0


def _marked(query: str, match: tm.TMMatch) -> str:
    """The TM source with what differs from the query marked: [-only in query-]{+only in TM+}."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[p.op].format(p.text) for p in tm.diff_pieces(query, match))


def cmd_import(args: argparse.Namespace) -> int:
    result = tm.import_tmx(args.workspace, args.file, name=args.name, replace=args.replace)
    skipped = f" ({result.skipped} other-language or empty units skipped)" if result.skipped else ""
    print(f"imported {result.units} units as TM collection {result.name!r}{skipped}")
    print(f"  → {result.path}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    figures = tm.stats(args.workspace)
    if args.format == "json":
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    collections = figures.pop("collections")
    rows = [{"figure": key.replace("_", " "), "value": value} for key, value in figures.items()]
    rows += [{"figure": f"collection {name}", "value": n} for name, n in collections.items()]
    emit(rows, "table")
    return 0
