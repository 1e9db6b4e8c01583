"""stats: review progress, open QA flags and post-editing effort per article and corpus."""

from __future__ import annotations

import argparse
import math

from review_app.commands.output import emit
from review_app.errors import InputError
from review_app.metrics import CORPUS, article_stats, flag_frame, workspace_flags
from review_app.store import ArticleStore
from review_app.textio import read_paragraphs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stats", help="progress, open flags and post-editing effort (chrF, BLEU, HTER) per article"
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="article ids (default: every article)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument(
        "--reference",
        metavar="FILE",
        help="reference translation of the one article named (.txt, .md, .html, .docx): "
        "scores the machine draft and the final English against it",
    )
    p.set_defaults(func=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    store = ArticleStore(args.workspace)
    ids = list(dict.fromkeys(args.ids or store.ids()))
    if not ids:
        raise InputError(f"no articles in {store.root}")
    references = None
    if args.reference:
        if len(ids) != 1:
            raise InputError("--reference scores one article: name exactly one ID")
        references = {ids[0]: read_paragraphs(args.reference)}
    articles = [store.load(article_id, cached=False) for article_id in ids]
    flags = flag_frame(workspace_flags(articles, store.workspace))
    report = article_stats(articles, flags, references)
    rows = [
        {key: _plain(value, args.format) for key, value in row.items()}
        for row in report.table.to_dict("records")
    ]
    signature = "; ".join(report.signatures.values())
    if args.format != "table":
        for row in rows:
            row["signature"] = signature if row["article"] == CORPUS else ""
    emit(rows, args.format, list(rows[0]))
    if args.format == "table" and report.signatures:
        print("\nsacrebleu signatures (article and corpus rows):")
        for line in report.signatures.values():
            print(f"  {line}")
    return 0


def _plain(value: object, fmt: str) -> object:
    """Scores rounded to 2 decimals; no score (nothing approved) is null in JSON, blank else."""
    if isinstance(value, float):
        if math.isnan(value):
            return None if fmt == "json" else ""
        return round(value, 2)
    return value
