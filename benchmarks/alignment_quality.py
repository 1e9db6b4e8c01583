"""Alignment quality on the sample corpus: link precision / recall / F1 per article.

Run: .venv/bin/python benchmarks/alignment_quality.py
"""

from __future__ import annotations

from pathlib import Path

from review_app.evaluation import Score, gold_links, score_links, segment_links
from review_app.glossary import load_workspace_glossary
from review_app.importer import import_files

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "translations" / "sources"
GOLD = REPO / "tests" / "data" / "gold"


def evaluate() -> dict[str, Score]:
    scores = {}
    glossary = load_workspace_glossary(REPO)
    for gold_path in sorted(GOLD.glob("*.json")):
        article_id = gold_path.stem
        article = import_files(
            article_id,
            SOURCES / f"{article_id}.zh.txt",
            SOURCES / f"{article_id}.en-mt.txt",
            glossary=glossary,
        )
        scores[article_id] = score_links(segment_links(article.segments), gold_links(gold_path))
    return scores


def main() -> None:
    scores = evaluate()
    total = Score(0, 0, 0)
    print(f"{'article':40} {'P':>6} {'R':>6} {'F1':>6}  links(gold)")
    for article_id, score in scores.items():
        total += score
        print(
            f"{article_id:40} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
            f"  {score.gold}"
        )
    print(f"{'ALL':40} {total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f}  {total.gold}")


if __name__ == "__main__":
    main()
