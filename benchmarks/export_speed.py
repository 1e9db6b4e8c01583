"""Export and post-editing-effort speed on the sample corpus, post-edited to its references.

Every sample article that has a clean reference translation is "post-edited" to it: the
reference is aligned to the segments (`metrics.reference_alignment`), each pair's first
segment gets the reference text, the others an empty (deleted) target; everything is
approved. Prints, per format, the time to export every article (QA checks warmed up first);
for `stats`, the time of `article_stats` against sacrebleu's public API called the obvious
way (sentence_score per segment, corpus_score per article and for the corpus), the ratio,
and the effort figures themselves.

    .venv/bin/python benchmarks/export_speed.py
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF, TER

from review_app.export import FORMATS, export_articles
from review_app.metrics import (
    article_stats,
    flag_frame,
    reference_alignment,
    scored_segments,
    workspace_flags,
)
from review_app.model import Article, Status
from review_app.store import ArticleStore
from review_app.textio import read_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "translations" / "sources"


def post_edited(article: Article) -> Article:
    """The article with the reference translation as its approved English."""
    reference = read_paragraphs(SOURCES / f"{article.id}.en-ref.txt")
    targets = {}
    for segments, text in reference_alignment(article, reference):
        for k, seg in enumerate(segments):
            targets[seg.id] = text if k == 0 else ""
    segments = [
        replace(seg, target=targets.get(seg.id, ""), status=Status.APPROVED, reviewer="bench")
        for seg in article.segments
    ]
    return replace(article, segments=segments)


def naive_stats(articles: list[Article]) -> None:
    """The same figures through sacrebleu's public API, each statistic computed as asked."""
    sentence = {"chrf": CHRF(), "bleu": BLEU(effective_order=True), "ter": TER()}
    corpus = {"chrf": CHRF(), "bleu": BLEU(), "ter": TER()}
    everything: list = []
    for article in articles:
        segments = scored_segments(article)
        everything += segments
        for seg in segments:
            for metric in sentence.values():
                metric.sentence_score(seg.draft, [seg.target])
        for metric in corpus.values():
            metric.corpus_score([s.draft for s in segments], [[s.target for s in segments]])
    for metric in corpus.values():
        metric.corpus_score([s.draft for s in everything], [[s.target for s in everything]])


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    store = ArticleStore(ROOT)
    ids = [i for i in store.ids() if (SOURCES / f"{i}.en-ref.txt").is_file()]
    if not ids:
        sys.exit(f"no sample articles with references in {store.root}")
    articles = [post_edited(store.load(i)) for i in ids]
    segments = sum(len(a.segments) for a in articles)
    print(f"{len(articles)} articles, {segments} segments (approved = reference text)\n")
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(ROOT / "glossary", Path(folder) / "glossary")
        work = ArticleStore(folder)
        for article in articles:
            work.create(article)
        start = time.perf_counter()
        workspace_flags(articles, folder)
        print(f"first QA check run (loads glossary, jieba): {time.perf_counter() - start:.2f} s\n")
        print(f"{'format':<6} {'total s':>8} {'ms/article':>11}")
        for fmt in FORMATS:
            start = time.perf_counter()
            export_articles(work, [a.id for a in articles], fmt)
            took = time.perf_counter() - start
            print(f"{fmt:<6} {took:>8.2f} {1000 * took / len(articles):>11.1f}")
    start = time.perf_counter()
    report = article_stats(articles, flag_frame({}))
    ours = time.perf_counter() - start
    start = time.perf_counter()
    naive_stats(articles)
    naive = time.perf_counter() - start
    print(f"\nstats: article_stats {ours:.2f} s, sacrebleu public API per figure {naive:.2f} s")
    print(f"       ratio {naive / ours:.1f}× ({segments / ours:.0f} segments/s)")
    corpus = report.table.iloc[-1]
    print(
        f"\nMT draft → reference-quality English, corpus: chrF {corpus['chrf']:.1f}, "
        f"BLEU {corpus['bleu']:.1f}, HTER {corpus['ter']:.1f}, "
        f"{corpus['words_edited'] / corpus['scored']:.1f} words edited per segment"
    )
    for line in report.signatures.values():
        print(f"  {line}")


if __name__ == "__main__":
    main()
