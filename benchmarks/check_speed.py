"""QA check speed: our full check set vs Translate Toolkit's pofilter on the same PO files.

    .venv/bin/python benchmarks/check_speed.py [--segments 50000] [--per-article 500]

Segment pairs are the sample corpus's aligned pairs (MT drafts and references), cycled to the
requested count; each copy gets an issue number on both sides ("第12期：" / "Issue No. 12: ")
so no two sentences are equal and per-sentence caches do not flatter the figures. Articles
are written as PO files into a temp workspace. Each configuration runs in a fresh process
(fair caches, clean peak memory): loading every PO file and running every check with the
bundled glossary padded to 2,000 and 20,000 entries (generated entries as in
benchmarks/glossary_speed.py), then `pofilter --progress=none -i translations -o out` on the
same files. Prints segments/s, peak RSS, our/pofilter throughput ratio (target ≥ 5×) and the
20k/2k slowdown (target ≤ 1.5×).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from glossary_speed import generated_entries

from review_app.checks import run_checks
from review_app.checks.quality import corpus_ids, import_pair
from review_app.glossary import Glossary, load_workspace_glossary
from review_app.model import Article, Segment
from review_app.store import ArticleStore

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "translations" / "sources"
GLOSSARY_SIZES = (2_000, 20_000)


def sample_pairs() -> list[tuple[str, str]]:
    pairs = []
    for article_id in corpus_ids(SOURCES):
        for kind in ("en-mt", "en-ref"):
            article = import_pair(SOURCES, article_id, kind)
            if article is not None:
                pairs += [(s.source, s.target) for s in article.segments]
    return pairs


def build_workspace(workspace: Path, segments: int, per_article: int) -> int:
    pairs = sample_pairs()
    store = ArticleStore(workspace)
    written = 0
    for number in range(0, segments, per_article):
        batch = []
        for k in range(number, min(segments, number + per_article)):
            source, target = pairs[k % len(pairs)]
            issue = k // len(pairs) + 1
            if source:
                source = f"第{issue}期：{source}"
                target = f"Issue No. {issue}: {target}" if target else target
            batch.append(Segment(f"s{len(batch) + 1:04d}", source, target, target, len(batch)))
        store.create(Article(f"bench-{number // per_article:04d}", "benchmark", batch))
        written += len(batch)
    return written


def glossary_of(size: int) -> Glossary:
    real = load_workspace_glossary(ROOT).entries
    sources = {e.source for e in real}
    padding = [e for e in generated_entries(size, random.Random(7)) if e.source not in sources]
    return Glossary(real[:size] + padding[: max(0, size - len(real))])


def _run_ours(workspace: str, size: int, queue: multiprocessing.Queue) -> None:
    start = time.perf_counter()
    glossary = glossary_of(size)
    glossary.match_source("")  # build the automata
    run_checks(
        Article("warm", "", [Segment("s0001", "张建国说。", "Zhang said.", "", 1)]), glossary
    )
    startup = time.perf_counter() - start
    store = ArticleStore(workspace)
    timings = []
    for _ in range(2):  # cold: every sentence new; warm: re-checking, as the UI does
        start = time.perf_counter()
        segments = flags = 0
        for article_id in store.ids():
            article = store.load(article_id)
            results = run_checks(article, glossary)
            segments += len(article.segments)
            flags += sum(len(f) for f in results.values())
        timings.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((segments, flags, timings[0], timings[1], startup, peak_mb))


def run_ours(workspace: Path, size: int) -> tuple[int, int, float, float, float, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run_ours, args=(str(workspace), size, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def run_pofilter(workspace: Path) -> tuple[float, float]:
    pofilter = Path(sys.executable).with_name("pofilter")
    out = workspace / "pofilter-out"
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [str(pofilter), "--progress=none", "-i", str(workspace / "translations"), "-o", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--per-article", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="check-speed-") as tmp:
        workspace = Path(tmp)
        total = build_workspace(workspace, args.segments, args.per_article)
        print(f"{total} segments in {len(ArticleStore(workspace).ids())} PO files")
        print(f"{'run':<30} {'seconds':>8} {'segments/s':>11} {'peak MB':>8}  notes")
        seconds, peak = run_pofilter(workspace)  # first: the children's peak RSS is its own
        theirs = total / seconds
        print(f"{'pofilter (all tests)':<30} {seconds:>8.1f} {theirs:>11,.0f} {peak:>8.0f}")
        cold: dict[int, float] = {}
        warm: dict[int, float] = {}
        for size in GLOSSARY_SIZES:
            segments, flags, first, second, startup, peak = run_ours(workspace, size)
            cold[size], warm[size] = segments / first, segments / second
            name = f"review-app, {size:,} terms"
            print(
                f"{name + ', cold':<30} {first:>8.1f} {cold[size]:>11,.0f} {peak:>8.0f}  "
                f"{flags:,} flags; startup {startup:.1f} s"
            )
            print(f"{name + ', re-check':<30} {second:>8.1f} {warm[size]:>11,.0f}")
        print()
        for size in GLOSSARY_SIZES:
            print(
                f"throughput vs pofilter, {size:,} terms: cold {cold[size] / theirs:.1f}×, "
                f"re-check {warm[size] / theirs:.1f}× (target ≥ 5×)"
            )
        small, large = GLOSSARY_SIZES[0], GLOSSARY_SIZES[-1]
        print(
            f"slowdown 2,000 → 20,000 terms: cold {cold[small] / cold[large]:.2f}×, "
            f"re-check {warm[small] / warm[large]:.2f}× (target ≤ 1.5×)"
        )


if __name__ == "__main__":
    main()
