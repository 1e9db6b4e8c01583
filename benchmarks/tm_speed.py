"""Translation-memory lookup speed: 100,000 segments, 40-character Chinese queries.

Builds a synthetic memory from the sample articles' Chinese sentences (fragments recombined
and mutated, so sources repeat the corpus' vocabulary the way union news does), then times
`TranslationMemory.lookup` against a full rapidfuzz scan of every source and reports recall
of the index against that scan, build time and memory.

With `--articles N` (default 500) it also writes N articles of 40 approved segments as PO
files to a temp workspace and times a cold build (every PO parsed), a build from the
per-article cache, and a `WorkspaceMemory.refresh` after one article changed.

    .venv/bin/python benchmarks/tm_speed.py [--units 100000] [--queries 200] [--articles 500]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from review_app.model import Article, Segment, Status
from review_app.segmenting import split_zh
from review_app.store import ArticleStore
from review_app.tm import (
    DEFAULT_MIN_SCORE,
    TMUnit,
    TranslationMemory,
    WorkspaceMemory,
    normalize_source,
)

SOURCES = Path(__file__).resolve().parent.parent / "translations" / "sources"
QUERY_LENGTH = 40
SEGMENTS_PER_ARTICLE = 40


def corpus_sentences() -> list[str]:
    sentences = []
    for path in sorted(SOURCES.glob("*.zh.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            sentences += [s for s in split_zh(line) if len(s) >= 8]
    if not sentences:
        sys.exit(f"no Chinese sample sentences in {SOURCES}")
    return sentences


def mutate(text: str, share: float, alphabet: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(max(1, int(len(chars) * share))):
        pos = rng.randrange(len(chars))
        roll = rng.random()
        if roll < 0.6:
            chars[pos] = rng.choice(alphabet)
        elif roll < 0.8:
            chars.insert(pos, rng.choice(alphabet))
        elif len(chars) > 2:
            del chars[pos]
    return "".join(chars)


def synthetic_sentence(sentences: list[str], alphabet: str, rng: random.Random) -> str:
    parts = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        base = rng.choice(sentences)
        start = rng.randrange(max(1, len(base) - 10))
        parts.append(base[start : start + rng.randint(10, 45)])
    return mutate("，".join(parts), rng.uniform(0.05, 0.3), alphabet, rng)


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sentences = corpus_sentences()
    alphabet = "".join(sorted({ch for s in sentences for ch in s}))
    units = [
        TMUnit(
            synthetic_sentence(sentences, alphabet, rng),
            f"English {i}",
            f"article-{i // 40}",
            f"s{i % 40 + 1:04d}",
            "bench",
            f"2026-01-{i % 28 + 1:02d}",
        )
        for i in range(args.units)
    ]
    long_sources = [u.source for u in units if len(u.source) >= QUERY_LENGTH]
    queries = []
    for k in range(args.queries):
        if k % 2:  # near-repeat of a stored sentence: fuzzy hits expected
            start = rng.randrange(len(pick := rng.choice(long_sources)) - QUERY_LENGTH + 1)
            queries.append(mutate(pick[start : start + QUERY_LENGTH], 0.08, alphabet, rng))
        else:  # new sentence from the same vocabulary: mostly no hits
            text = synthetic_sentence(sentences, alphabet, rng) * 3
            queries.append(text[:QUERY_LENGTH])

    rss_before = rss_mib()
    started = time.perf_counter()
    memory = TranslationMemory(units)
    build_s = time.perf_counter() - started
    rss_after = rss_mib()
    tracemalloc.start()
    traced = TranslationMemory(units)
    traced_bytes, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    index_ms, scan_ms, found, expected = [], [], 0, 0
    sources = [normalize_source(u.source) for u in memory.units]
    for query in queries:
        started = time.perf_counter()
        matches = memory.lookup(query, limit=10)
        index_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        scan = process.extract(
            normalize_source(query),
            sources,
            scorer=fuzz.ratio,
            score_cutoff=DEFAULT_MIN_SCORE,
            limit=None,
        )
        scan_ms.append((time.perf_counter() - started) * 1000)
        best_scan = {s for s, _, _ in sorted(scan, key=lambda r: -r[1])[:10]}
        found += len(best_scan & {normalize_source(m.unit.source) for m in matches})
        expected += len(best_scan)

    hits = sum(bool(memory.lookup(q, limit=1)) for q in queries)
    index_median, scan_median = statistics.median(index_ms), statistics.median(scan_ms)
    print(f"TM units                   {len(memory):>10,}")
    print(f"queries ({QUERY_LENGTH} chars)          {len(queries):>10}  ({hits} with a match)")
    print(f"index build                {build_s:>10.2f} s")
    print(f"memory: RSS growth         {rss_after - rss_before:>10.1f} MiB")
    print(f"memory: traced by build    {traced_bytes / 1048576:>10.1f} MiB")
    print(f"lookup median (index)      {index_median:>10.2f} ms")
    print(f"lookup p95 (index)         {statistics.quantiles(index_ms, n=20)[-1]:>10.2f} ms")
    print(f"lookup median (full scan)  {scan_median:>10.2f} ms")
    print(f"speed-up vs full scan      {scan_median / index_median:>10.1f} ×")
    print(f"recall of top-10 vs scan   {found / expected if expected else 1.0:>10.3f}")
    print(f"target: median ≤ 50 ms     {'met' if index_median <= 50 else 'NOT met':>10}")
    if args.articles:
        incremental(units[: args.articles * SEGMENTS_PER_ARTICLE])


def incremental(units: list[TMUnit]) -> None:
    """Cold build, cached build and a one-article refresh on a workspace of PO files."""
    with tempfile.TemporaryDirectory() as folder:
        store = ArticleStore(folder)
        for start in range(0, len(units), SEGMENTS_PER_ARTICLE):
            chunk = units[start : start + SEGMENTS_PER_ARTICLE]
            segments = [
                Segment(f"s{i:04d}", u.source, u.target, u.target, i, status=Status.APPROVED)
                for i, u in enumerate(chunk, 1)
            ]
            store.create(Article(f"article-{start // SEGMENTS_PER_ARTICLE}", "", segments))
        articles = len(store.ids())
        cold = timed(lambda: TranslationMemory.load(folder))
        cached = timed(lambda: TranslationMemory.load(folder))
        live = WorkspaceMemory(folder)
        first = timed(live.refresh)
        store.update_segment("article-0", "s0001", reviewer="bench", target="Changed.")
        builds = live.builds
        refresh = timed(live.refresh)
        rebuilt = "index rebuilt" if live.builds > builds else "no index rebuild"
        print(f"workspace                  {articles:>10} articles, {len(units):,} approved")
        print(f"load, every PO parsed      {cold:>10.2f} s")
        print(f"load, per-article cache    {cached:>10.2f} s  ({cold / cached:.1f} × faster)")
        print(f"live memory, first refresh {first:>10.2f} s")
        print(f"live memory, 1 PO changed  {refresh * 1000:>10.1f} ms  ({rebuilt})")


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
