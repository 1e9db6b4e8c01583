"""QA checks: find what is wrong in a draft, say why, and offer the corrected text.

The UI and the CLI use only the names exported here. Each check lives in the module of its
category (terminology, names, numbers, punctuation, fluency, completeness) and registers itself
in `CHECKS` by subclassing `Check`.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence, Sized
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
from review_app.model import Article, Segment, fingerprint

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


def _flag_order(flag: Flag) -> tuple[int, int, str]:
    return (
        _SEVERITY_ORDER[flag.severity],
        flag.target_span[0] if flag.target_span else -1,
        flag.check,
    )


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
    views = ctx.views
    kinds = [SegmentKind.of(view.segment) for view in views]
    dismissed = [_dismissed_checks(view.segment) for view in views]
    found: list[list[Flag]] = [[] for _ in views]
    # One check over every segment, then the next: each check's code and data stay in the
    # CPU's caches for a whole article (segment by segment, 33 checks evict each other).
    for check in checks:
        check_id, run = check.check_id, check.run
        applies = {kind: check.applies_to(kind) for kind in set(kinds)}
        for view, kind, off, flags in zip(views, kinds, dismissed, found, strict=True):
            if not applies[kind]:
                continue
            if check_id not in off:
                flags += run(view, ctx)
            elif include_dismissed:
                flags += (f._replace(dismissed=True) for f in run(view, ctx))
    results: dict[str, list[Flag]] = {}
    for view, flags in zip(views, found, strict=True):
        if len(flags) > 1:
            flags.sort(key=_flag_order)
        results[view.segment.id] = flags
    return results


def _dismissed_checks(segment: Segment) -> Collection[str]:
    """The checks whose flags the reviewer dismissed for the segment's current English."""
    if not segment.dismissed:
        return ()
    mark = fingerprint(segment.target)
    return {check for check, seen in segment.dismissed.items() if seen == mark}


def check_articles(
    articles: Iterable[Article] | Iterable[str],
    glossary: Glossary,
    *,
    load: Callable[[str], Article] | None = None,
    only: Collection[str] | None = None,
    include_dismissed: bool = False,
    jobs: int = 1,
) -> Iterator[tuple[Article, dict[str, list[Flag]]]]:
    """Each article with its `run_checks` result, in order; with `jobs` > 1 in that many
    worker processes (for archives: the checks are CPU-bound Python, so threads would not
    help). `articles` are Articles, or article ids that `load` reads (a picklable callable,
    such as a store's bound `load`): with workers, each worker then reads its own articles
    and the parent neither parses nor sends them (Articles go to a worker and come back with
    their flags). `articles` may be lazy: workers start on the first ones while the rest are
    still coming. Workers are forked where the platform can, so they start with the loaded
    dictionaries and glossary indexes instead of building their own."""
    resolve_checks(only)
    if isinstance(articles, Sized):
        jobs = min(jobs, len(articles))
    with _batch_collection():
        if jobs <= 1:
            for item in articles:
                article = _article_of(item, load)
                yield (
                    article,
                    run_checks(article, glossary, only=only, include_dismissed=include_dismissed),
                )
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker, initargs=(glossary,)
        )
        check = functools.partial(
            _check_in_worker, load=load, only=only, include_dismissed=include_dismissed
        )
        with pool:
            yield from pool.map(check, articles)  # submits them all at once


def _article_of(item: Article | str, load: Callable[[str], Article] | None) -> Article:
    article = load(item) if isinstance(item, str) and load else item
    assert isinstance(article, Article)
    return article


@contextlib.contextmanager
def _batch_collection() -> Iterator[None]:
    """A batch run allocates millions of short-lived objects next to a few million long-lived
    ones (dictionaries, glossary indexes, loaded articles). Freezing those keeps the garbage
    collector from walking them again and again (and forked workers from copying their pages
    to do so), and a larger youngest generation means fewer collections: ~12 % of check
    time."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


_worker_glossary: Glossary | None = None


def _start_worker(glossary: Glossary) -> None:
    global _worker_glossary
    _worker_glossary = glossary


def _check_in_worker(
    item: Article | str,
    *,
    load: Callable[[str], Article] | None,
    only: Collection[str] | None,
    include_dismissed: bool,
) -> tuple[Article, dict[str, list[Flag]]]:
    """One article, read here when it comes as an id, and its flags (returned with it)."""
    assert _worker_glossary is not None
    article = _article_of(item, load)
    flags = run_checks(article, _worker_glossary, only=only, include_dismissed=include_dismissed)
    return article, flags


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
