"""QA check speed: our full check set vs Translate Toolkit's pofilter on the same PO files.

    .venv/bin/python benchmarks/check_speed.py [--segments 50000] [--per-article 500]
                                               [--repeat 3] [--jobs N]

Segment pairs are the sample corpus's aligned pairs (MT drafts and references), cycled to the
requested count; each copy gets an issue number on both sides ("第12期：" / "Issue No. 12: ")
so no two sentences are equal and per-sentence caches do not flatter the figures (words and
names do recur, as they do in a real archive). Articles are written as PO files into a temp
workspace. Each configuration runs in a fresh process (fair caches, clean peak memory):
loading every PO file and running every check with the bundled glossary padded to 2,000 and
20,000 entries (generated entries as in benchmarks/glossary_speed.py); pofilter's `main()` as
`pofilter --progress=none -i translations -o out` on the same files, in a fresh interpreter
that imports nothing of ours (neither side's start-up is timed); and the same checks with
`check_articles(..., jobs=N)` (N worker processes, default: every CPU core), which
`review-app check --jobs N` uses. Every configuration runs `--repeat` times, interleaved so
that load from other processes falls on all of them; the figures are medians. Prints
segments/s, peak resident memory (for N processes: the parent's only), our/pofilter
throughput ratio single-process and parallel (target ≥ 5×) and the 20k/2k slowdown
(target ≤ 1.5×).
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from glossary_speed import generated_entries

from review_app.checks import check_articles, run_checks
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


def warm_up(glossary: Glossary) -> None:
    """Build the glossary's automata and load the dictionaries, so that start-up is not timed."""
    glossary.match_source("")
    run_checks(
        Article("warm", "", [Segment("s0001", "张建国说。", "Zhang said.", "", 1)]), glossary
    )


def peak_mb() -> float:
    """This process's peak resident memory in MB. Linux's VmHWM starts afresh at exec;
    getrusage's maxrss would also count the launching process's memory."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_ours(workspace: str, size: int, jobs: int, queue: multiprocessing.Queue) -> None:
    start = time.perf_counter()
    glossary = glossary_of(size)
    warm_up(glossary)
    startup = time.perf_counter() - start
    store = ArticleStore(workspace)
    timings = []
    for _ in range(2):  # cold: every sentence new; warm: re-checking, as the UI does
        start = time.perf_counter()
        load = functools.partial(store.load, cached=False)
        segments = flags = 0
        for article, result in check_articles(store.ids(), glossary, load=load, jobs=jobs):
            segments += len(article.segments)
            flags += sum(len(found) for found in result.values())
        timings.append(time.perf_counter() - start)
    queue.put(Run(segments, flags, timings[0], timings[1], startup, peak_mb()))


@dataclass(frozen=True)
class Run:
    segments: int
    flags: int
    cold: float  # seconds
    warm: float
    startup: float
    peak_mb: float


def run_ours(workspace: Path, size: int, jobs: int = 1) -> Run:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run_ours, args=(str(workspace), size, jobs, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


_POFILTER = """
import contextlib, io, json, sys, time
from translate.filters.pofilter import main
workspace = sys.argv[1]
sys.argv = ["pofilter", "--progress=none", "-i", workspace + "/translations",
            "-o", workspace + "/pofilter-out"]
start = time.perf_counter()
with contextlib.suppress(SystemExit), contextlib.redirect_stderr(io.StringIO()):
    main()
print(json.dumps([time.perf_counter() - start, PEAK()]))
"""


def run_pofilter(workspace: Path) -> tuple[float, float]:
    """pofilter's own main() with the command line's options, in a fresh interpreter that
    imports nothing of ours: timed without start-up, as our runs are; its peak memory its own."""
    shutil.rmtree(workspace / "pofilter-out", ignore_errors=True)
    code = inspect.getsource(peak_mb) + _POFILTER.replace("PEAK()", "peak_mb()")
    done = subprocess.run(
        [sys.executable, "-c", code, str(workspace)], check=True, capture_output=True, text=True
    )
    seconds, peak = json.loads(done.stdout.splitlines()[-1])
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--per-article", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    configs = [(size, 1) for size in GLOSSARY_SIZES] + [(GLOSSARY_SIZES[0], args.jobs)]
    with tempfile.TemporaryDirectory(prefix="check-speed-") as tmp:
        workspace = Path(tmp)
        total = build_workspace(workspace, args.segments, args.per_article)
        print(
            f"{total} segments in {len(ArticleStore(workspace).ids())} PO files; "
            f"{os.cpu_count()} CPU cores; medians of {args.repeat} runs"
        )
        pofilter: list[float] = []
        pofilter_peak = 0.0
        runs: dict[tuple[int, int], list[Run]] = {config: [] for config in configs}
        for _ in range(args.repeat):
            seconds, peak = run_pofilter(workspace)
            pofilter.append(seconds)
            pofilter_peak = max(pofilter_peak, peak)
            for size, jobs in configs:
                runs[(size, jobs)].append(run_ours(workspace, size, jobs))
        theirs = total / statistics.median(pofilter)
        print(f"{'run':<36} {'seconds':>8} {'segments/s':>11} {'peak MB':>8}  notes")
        print(
            f"{'pofilter (all tests)':<36} {statistics.median(pofilter):>8.1f} {theirs:>11,.0f} "
            f"{pofilter_peak:>8.0f}  runs {', '.join(f'{s:.1f}' for s in pofilter)} s"
        )
        cold: dict[tuple[int, int], float] = {}
        warm: dict[tuple[int, int], float] = {}
        for (size, jobs), found in runs.items():
            first = statistics.median(r.cold for r in found)
            second = statistics.median(r.warm for r in found)
            cold[(size, jobs)], warm[(size, jobs)] = total / first, total / second
            name = f"review-app, {size:,} terms" + (f", {jobs} processes" if jobs > 1 else "")
            print(
                f"{name + ', cold':<36} {first:>8.1f} {cold[(size, jobs)]:>11,.0f} "
                f"{max(r.peak_mb for r in found):>8.0f}  {found[0].flags:,} flags; startup "
                f"{statistics.median(r.startup for r in found):.1f} s; runs "
                f"{', '.join(f'{r.cold:.1f}' for r in found)} s"
            )
            print(f"{name + ', re-check':<36} {second:>8.1f} {warm[(size, jobs)]:>11,.0f}")
        print()
        for size, jobs in configs:
            how = f"{jobs} processes" if jobs > 1 else "one process"
            print(
                f"throughput vs pofilter, {size:,} terms, {how}: cold "
                f"{cold[(size, jobs)] / theirs:.1f}×, re-check {warm[(size, jobs)] / theirs:.1f}× "
                "(target ≥ 5×)"
            )
        small, large = (GLOSSARY_SIZES[0], 1), (GLOSSARY_SIZES[-1], 1)
        print(
            f"slowdown 2,000 → 20,000 terms: cold {cold[small] / cold[large]:.2f}×, "
            f"re-check {warm[small] / warm[large]:.2f}× (target ≤ 1.5×)"
        )


if __name__ == "__main__":
    main()
