"""Where check time goes: microseconds per segment for each check and each shared computation
(the per-segment and per-article memos), on a first run, as in a batch run.

    .venv/bin/python benchmarks/check_cost.py [--segments 10000] [--terms 2000]

The workspace is benchmarks/check_speed.py's (sample pairs cycled, every sentence made
distinct). The checks run once, every sentence new to them, with the garbage-collector settings
of `check_articles`. Time spent inside a memo computation is charged to the memo, not to the
check that first asked for it. Timing every call adds about a microsecond a call, so the
total is above check_speed.py's; the figures are for finding what to make faster.
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from check_speed import build_workspace, glossary_of, warm_up

from review_app.checks import CHECKS, check_articles
from review_app.checks.base import CheckContext, SegmentView
from review_app.store import ArticleStore


class Ledger:
    """Exclusive time per item: a nested item's time is taken out of the item around it."""

    def __init__(self) -> None:
        self.seconds: collections.Counter[str] = collections.Counter()
        self._inner: list[float] = []

    def timed(self, name: str, call: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        self._inner.append(0.0)
        try:
            return call()
        finally:
            spent = time.perf_counter() - start
            self.seconds[name] += spent - self._inner.pop()
            if self._inner:
                self._inner[-1] += spent


def instrument(ledger: Ledger) -> None:
    def memo_of(prefix: str) -> Callable[..., Any]:
        def memo(self: Any, key: str, compute: Callable[[], Any]) -> Any:
            if key not in self._memo:
                self._memo[key] = ledger.timed(f"{prefix}{key}", compute)
            return self._memo[key]

        return memo

    SegmentView.memo = memo_of("segment memo: ")  # type: ignore[method-assign]
    CheckContext.memo = memo_of("article memo: ")  # type: ignore[method-assign]
    for check in CHECKS.values():
        run = check.run

        def timed_run(view: Any, ctx: Any, run: Any = run, name: str = check.check_id) -> Any:
            return ledger.timed(name, lambda: list(run(view, ctx)))

        check.run = timed_run  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=2_000)
    args = parser.parse_args()
    glossary = glossary_of(args.terms)
    warm_up(glossary)
    with tempfile.TemporaryDirectory(prefix="check-cost-") as tmp:
        total = build_workspace(Path(tmp), args.segments, 500)
        store = ArticleStore(tmp)
        articles = [store.load(article_id) for article_id in store.ids()]
        ledger = Ledger()
        instrument(ledger)
        start = time.perf_counter()
        for _ in check_articles(articles, glossary):
            pass
        elapsed = time.perf_counter() - start
    print(f"{total:,} segments, {args.terms:,} glossary terms, first run, instrumented")
    print(f"{'µs/segment':>10}  item")
    for name, seconds in ledger.seconds.most_common():
        print(f"{seconds / total * 1e6:>10.1f}  {name}")
    rest = elapsed - sum(ledger.seconds.values())
    print(f"{rest / total * 1e6:>10.1f}  the rest (the run loop, views, sorting flags)")
    print(f"{elapsed / total * 1e6:>10.1f}  in all")


if __name__ == "__main__":
    main()
