"""Recall and precision of the QA checks on the sample corpus, plus the length-ratio fit.

    .venv/bin/python benchmarks/check_quality.py [--workspace DIR] [--defects DIR] [-v]

Prints recall per category against the hand-labelled defects of the MT drafts, flags and
precision per check (a flag counts as precise when it sits on a labelled defect; labels are not
exhaustive, so this is a lower bound), false alarms (warnings and errors) per check on the clean
reference translations, and the English/Chinese length fit that `completeness.length` uses.
"""

from __future__ import annotations

import argparse
import math
import statistics
from pathlib import Path

from review_app.aligning import en_length, han_length
from review_app.checks.quality import corpus_ids, import_pair, measure
from review_app.glossary import load_workspace_glossary

ROOT = Path(__file__).resolve().parent.parent


def length_fit(sources: Path) -> str:
    ratios = []
    for article_id in corpus_ids(sources):
        article = import_pair(sources, article_id, "en-ref")
        if article is None:
            continue
        for seg in article.segments:
            if seg.source.strip() and seg.target.strip():
                ratios.append(en_length(seg.target) / han_length(seg.source))
    logs = [math.log(r) for r in ratios]
    mean, sd = statistics.mean(logs), statistics.stdev(logs)
    return (
        f"length fit on {len(ratios)} reference segments: English chars per Chinese char "
        f"log-mean {mean:.3f} ({math.exp(mean):.2f}), log-sd {sd:.3f}, range "
        f"{min(ratios):.2f}–{max(ratios):.2f}; ±3 sd bounds {math.exp(mean - 3 * sd):.2f}–"
        f"{math.exp(mean + 3 * sd):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=ROOT)
    parser.add_argument("--defects", type=Path, default=ROOT / "tests" / "data" / "defects")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and alarms")
    args = parser.parse_args()
    sources = args.workspace / "translations" / "sources"
    report = measure(sources, args.defects, load_workspace_glossary(args.workspace))
    print(report.table())
    print()
    print(length_fit(sources))
    if args.verbose:
        print("\nmissed defects:")
        for defect in report.missed:
            print(f"  [{defect.category}] {defect.article}: {defect.text!r}")
        print("\nfalse alarms on references:")
        for article_id, seg_id, message in report.false_alarm_examples:
            print(f"  {article_id} {seg_id}: {message}")


if __name__ == "__main__":
    main()
