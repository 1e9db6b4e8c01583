"""The checks on the sample corpus: recall per category against the hand-labelled defects of
the MT drafts, false alarms on the clean reference translations.

Each sample (`translations/sources/ID.zh.txt` + `ID.en-mt.txt` / `ID.en-ref.txt`) is imported
into a temp workspace and read back from its PO file, then checked with the repository
glossary. `benchmarks/check_quality.py -v` prints the full table, the misses and the alarms.

The bar is recall ≥ 0.9 in every category and at most one false alarm (warning or error) per
10 reference segments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.checks import CATEGORIES
from review_app.checks.quality import QualityReport, corpus_ids, measure
from review_app.glossary import load_workspace_glossary
from review_app.store import ArticleStore

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "translations" / "sources"
DEFECTS = REPO / "tests" / "data" / "defects"
RECALL_BAR = 0.9
MAX_FALSE_ALARMS_PER_10 = 1.0


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> QualityReport:
    workspace = tmp_path_factory.mktemp("quality")
    sources = workspace / "translations" / "sources"
    sources.mkdir(parents=True)
    for path in SOURCES.glob("*.txt"):
        (sources / path.name).write_bytes(path.read_bytes())
    result = measure(sources, DEFECTS, load_workspace_glossary(REPO))
    print("\n" + result.table())
    return result


def test_corpus_is_there() -> None:
    assert len(corpus_ids(SOURCES)) >= 5
    assert len(list(DEFECTS.glob("*.json"))) >= 5


@pytest.mark.parametrize("category", CATEGORIES)
def test_recall_per_category(report: QualityReport, category: str) -> None:
    assert report.labelled[category] > 0
    missed = [d.text for d in report.missed if d.category == category]
    assert report.recall(category) >= RECALL_BAR, missed


def test_false_alarms_on_clean_references(report: QualityReport) -> None:
    assert report.reference_segments >= 50
    assert report.false_alarms_per_10 <= MAX_FALSE_ALARMS_PER_10, report.false_alarm_examples


def test_checks_read_the_same_from_a_stored_article(tmp_path: Path) -> None:
    """What the store writes and reads back is checked the same as the imported article."""
    from review_app.checks import run_checks
    from review_app.importer import import_files

    article_id = "model-worker-awards"
    article = import_files(
        article_id, SOURCES / f"{article_id}.zh.txt", SOURCES / f"{article_id}.en-mt.txt"
    )
    store = ArticleStore(tmp_path)
    store.create(article)
    glossary = load_workspace_glossary(REPO)
    assert run_checks(store.load(article_id), glossary) == run_checks(article, glossary)
