"""QA checks: find what is wrong in a draft, say why, and offer the corrected text.

The UI and the CLI use only the names exported here. Each check lives in the module of its
category (terminology, names, numbers, punctuation, fluency, completeness) and registers itself
in `CHECKS` by subclassing `Check`.
"""

from __future__ import annotations

import functools
import multiprocessing
from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from review_app.checks import (  # noqa: F401  (importing registers the checks)
    completeness,
    fluency,
    names,
    numbers,
    punctuation,
    terminology,
)
from review_app.checks.base import (
    CATEGORIES,
    CHECKS,
    SEVERITIES,
    Check,
    CheckContext,
    Flag,
    SegmentKind,
)
from review_app.errors import InputError
from review_app.glossary import Glossary
from review_app.model import Article, fingerprint

__all__ = [
    "CATEGORIES",
    "CHECKS",
    "SEVERITIES",
    "Check",
    "Flag",
    "check_articles",
    "checks_table",
    "resolve_checks",
    "risk_score",
    "run_checks",
]

SEVERITY_WEIGHTS = {"error": 10.0, "warning": 3.0, "info": 1.0}
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def resolve_checks(only: Collection[str] | None) -> list[Check]:
    """The checks named by id or by category (all of them for None); unknown names fail."""
    if only is None:
        return list(CHECKS.values())
    unknown = [name for name in only if name not in CHECKS and name not in CATEGORIES]
    if unknown:
        raise InputError(
            f"unknown check {', '.join(sorted(unknown))}: use a check id "
            f"({', '.join(CHECKS)}) or a category ({', '.join(CATEGORIES)})"
        )
    return [c for c in CHECKS.values() if c.check_id in only or c.category in only]


def run_checks(
    article: Article,
    glossary: Glossary,
    *,
    only: Collection[str] | None = None,
    include_dismissed: bool = False,
) -> dict[str, list[Flag]]:
    """Segment id → its flags (every segment is a key), errors first, then by position.

    A flag the reviewer dismissed for this segment is left out while the segment's English is
    unchanged; with `include_dismissed` it is kept and marked `dismissed=True`.
    """
    checks = resolve_checks(only)
    ctx = CheckContext(article, glossary)
    results: dict[str, list[Flag]] = {}
    applicable: dict[SegmentKind, list[Check]] = {}
    for view in ctx.views:
        segment = view.segment
        flags: list[Flag] = []
        dismissed_checks = (
            {c for c, mark in segment.dismissed.items() if mark == fingerprint(segment.target)}
            if segment.dismissed
            else set()
        )
        kind = SegmentKind.of(segment)
        if kind not in applicable:
            applicable[kind] = [check for check in checks if check.applies_to(kind)]
        for check in applicable[kind]:
            dismissed = check.check_id in dismissed_checks
            if dismissed and not include_dismissed:
                continue
            for flag in check.run(view, ctx):
                if dismissed:
                    flag = Flag(**{**flag.__dict__, "dismissed": True})
                flags.append(flag)
        flags.sort(
            key=lambda f: (
                _SEVERITY_ORDER[f.severity],
                f.target_span[0] if f.target_span else -1,
                f.check,
            )
        )
        results[segment.id] = flags
    return results


def check_articles(
    articles: Sequence[Article],
    glossary: Glossary,
    *,
    only: Collection[str] | None = None,
    include_dismissed: bool = False,
    jobs: int = 1,
) -> Iterator[dict[str, list[Flag]]]:
    """`run_checks` for each article, in order; with `jobs` > 1 in that many worker processes
    (for archives: the checks are CPU-bound Python, so threads would not help). Workers are
    forked where the platform can, so they start with the loaded dictionaries and glossary
    indexes instead of building their own."""
    resolve_checks(only)
    jobs = min(jobs, len(articles))
    if jobs <= 1:
        for article in articles:
            yield run_checks(article, glossary, only=only, include_dismissed=include_dismissed)
        return
    check = functools.partial(_check_in_worker, only=only, include_dismissed=include_dismissed)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(glossary,)
    )
    with pool:
        yield from pool.map(check, articles, chunksize=max(1, len(articles) // (4 * jobs)))


_worker_glossary: Glossary | None = None


def _start_worker(glossary: Glossary) -> None:
    global _worker_glossary
    _worker_glossary = glossary


def _check_in_worker(
    article: Article, *, only: Collection[str] | None, include_dismissed: bool
) -> dict[str, list[Flag]]:
    assert _worker_glossary is not None
    return run_checks(article, _worker_glossary, only=only, include_dismissed=include_dismissed)


def risk_score(flags: Sequence[Flag]) -> float:
    """How urgently a segment needs a reviewer: errors 10, warnings 3, info 1 each, dismissed
    flags nothing; several categories at once add a quarter, since unrelated problems in one
    sentence usually mean the MT misread it."""
    live = [f for f in flags if not f.dismissed]
    score = sum(SEVERITY_WEIGHTS[f.severity] for f in live)
    categories = {f.category for f in live}
    return score * (1 + 0.25 * max(0, len(categories) - 1))


def checks_table() -> str:
    """The registry as a Markdown table (the README's list of checks is this output)."""
    lines = ["| check | category | severity | what it flags |", "|---|---|---|---|"]
    for check in CHECKS.values():
        description = check.description.replace("|", "\\|")
        lines.append(
            f"| `{check.check_id}` | {check.category} | {check.severity} | {description} |"
        )
    return "\n".join(lines)
