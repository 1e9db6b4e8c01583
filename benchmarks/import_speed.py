"""Import speed: articles of 100 / 1,000 / 10,000 sentences built from the sample corpus.

Prints wall time, time per sentence and memory (each size in a fresh process; the baseline
is the process after jieba and CC-CEDICT are loaded, the peak includes
the alignment), so near-linear growth shows as a flat time per sentence.
Run: .venv/bin/python benchmarks/import_speed.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "translations" / "sources"
SIZES = (100, 1_000, 10_000)


def corpus_paragraphs() -> list[tuple[str, str]]:
    """(zh paragraph, en paragraph) pairs from the gold alignments' 1:1 paragraphs."""
    from review_app.textio import read_paragraphs

    pairs = []
    for zh in sorted(SOURCES.glob("*.zh.txt")):
        ref = SOURCES / zh.name.replace(".zh.txt", ".en-ref.txt")
        if ref.exists():
            pairs += zip(read_paragraphs(zh), read_paragraphs(ref), strict=False)
    return pairs


def build(sentences: int) -> tuple[list[str], list[str]]:
    from review_app.segmenting import split_zh

    pairs = corpus_paragraphs()
    zh, en, count, k = [], [], 0, 0
    while count < sentences:
        z, e = pairs[k % len(pairs)]
        zh.append(f"{z}（{k}）")
        en.append(f"{e} ({k})")
        count += len(split_zh(z))
        k += 1
    return zh, en


def measure(sentences: int) -> dict[str, float]:
    from review_app.importer import build_article
    from review_app.lexicon import zh_glosses

    zh_glosses("预热词典。")  # load jieba and CC-CEDICT before timing
    zh, en = build(sentences)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    article = build_article("bench", zh, en)
    seconds = time.perf_counter() - start
    return {
        "sentences": sentences,
        "paragraphs": len(zh),
        "segments": len(article.segments),
        "seconds": seconds,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    if len(sys.argv) == 2:
        print(json.dumps(measure(int(sys.argv[1]))))
        return
    rows = []
    for size in SIZES:
        out = subprocess.run(
            [sys.executable, __file__, str(size)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(out.stdout))
    print(f"{'sentences':>10} {'segments':>9} {'seconds':>9} {'ms/sentence':>12} "
          f"{'base RSS MB':>12} {'peak RSS MB':>12}")  # fmt: skip
    for r in rows:
        print(
            f"{r['sentences']:>10} {r['segments']:>9} {r['seconds']:>9.2f} "
            f"{1000 * r['seconds'] / r['sentences']:>12.2f} {r['baseline_rss_mb']:>12.0f} "
            f"{r['peak_rss_mb']:>12.0f}"
        )
    base = rows[0]["seconds"] / rows[0]["sentences"]
    print("time per sentence relative to the smallest:", ", ".join(
        f"{(r['seconds'] / r['sentences']) / base:.2f}×" for r in rows))  # fmt: skip


if __name__ == "__main__":
    main()
