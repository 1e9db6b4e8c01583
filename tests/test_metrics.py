import json
import math

import pytest
from conftest import SOURCES
from sacrebleu.metrics import BLEU, CHRF, TER

from review_app import metrics
from review_app.cli import main
from review_app.model import Article, Segment, Status
from review_app.segmenting import split_en
from review_app.store import ArticleStore
from review_app.textio import read_paragraphs

EDITS = [
    ("Du Chaired by Zhiping the meeting.", "The meeting was chaired by Du Zhiping."),
    ("The labor union held a meeting.", "The trade union held a meeting."),
    ("Share on facebook", ""),
    ("", "A sentence the machine left out."),
    ("Unchanged sentence stays.", "Unchanged sentence stays."),
]


def article(article_id: str, pairs, *, approved: int | None = None) -> Article:
    """One segment per pair (draft, final); the first `approved` are approved."""
    approved = len(pairs) if approved is None else approved
    segments = [
        Segment(
            id=f"s{k + 1:04d}",
            source=f"第{k + 1}句。",
            draft=draft,
            target=final,
            paragraph=k,
            status=Status.APPROVED if k < approved else Status.EDITED,
            reviewer=["alice", "bob"][k % 2],
        )
        for k, (draft, final) in enumerate(pairs)
    ]
    return Article(id=article_id, title=article_id, segments=segments)


def no_flags():
    import pandas as pd

    return pd.DataFrame([], columns=metrics.FLAG_COLUMNS)


def test_sentence_scores_equal_direct_sacrebleu_calls():
    effort = metrics.segment_effort([article("a", EDITS)])
    assert len(effort) == len(EDITS)
    bleu, chrf, ter = BLEU(effective_order=True), CHRF(), TER()
    for row, (draft, final) in zip(effort.itertuples(), EDITS, strict=True):
        assert row.bleu == pytest.approx(bleu.sentence_score(draft, [final]).score)
        assert row.chrf == pytest.approx(chrf.sentence_score(draft, [final]).score)
        assert row.ter == pytest.approx(ter.sentence_score(draft, [final]).score)
    assert list(effort["words_edited"]) == [7, 1, 3, 6, 0]


def test_article_and_corpus_scores_equal_corpus_score():
    first, second = EDITS[:3], EDITS[3:] + [("Two words.", "Three small words.")]
    articles = [article("a", first), article("b", second, approved=2)]
    report = metrics.article_stats(articles, no_flags())
    rows = {row["article"]: row for row in report.table.to_dict("records")}
    scored = {"a": first, "b": second[:2], metrics.CORPUS: first + second[:2]}
    for label, pairs in scored.items():
        drafts, finals = [d for d, _ in pairs], [f for _, f in pairs]
        for name, metric in (("chrf", CHRF()), ("bleu", BLEU()), ("ter", TER())):
            expected = metric.corpus_score(drafts, [finals])
            assert rows[label][name] == pytest.approx(expected.score)
            assert report.signatures[name] == f"{expected.name}|{metric.get_signature()}"
        assert rows[label]["scored"] == len(pairs)
    assert rows["b"]["approved_pct"] == pytest.approx(100 * 2 / 3, abs=0.05)
    assert rows[metrics.CORPUS]["segments"] == 6
    assert rows[metrics.CORPUS]["words_edited"] == rows["a"]["words_edited"] + 6
    assert rows["a"]["reviewers"] == "alice, bob"


def test_nothing_approved_has_no_scores():
    report = metrics.article_stats([article("a", EDITS, approved=0)], no_flags())
    row = report.table.iloc[0]
    assert row["scored"] == 0 and math.isnan(row["bleu"])
    assert report.signatures == {}


def test_reference_units_cover_every_source_and_reference_sentence(sample_workspace):
    article_id = "ouhai-education-union-2024"
    loaded = ArticleStore(sample_workspace).load(article_id)
    reference = read_paragraphs(SOURCES / f"{article_id}.en-ref.txt")
    units = metrics.reference_units(loaded, reference)
    sentences = [s for paragraph in reference for s in split_en(paragraph)]
    assert " ".join(u[2] for u in units if u[2]) == " ".join(sentences)
    drafts = [seg.draft for seg in loaded.segments if not seg.is_extra and seg.draft]
    assert " ".join(u[0] for u in units if u[0]) == " ".join(drafts)
    assert len(units) >= len(reference)
    first_draft, _, first_reference = units[0]
    assert "happiness" in first_draft.lower() and "Happiness" in first_reference


def test_reference_scores_draft_and_final(sample_workspace):
    article_id = "ouhai-education-union-2024"
    store = ArticleStore(sample_workspace)
    reference = read_paragraphs(SOURCES / f"{article_id}.en-ref.txt")
    loaded = store.load(article_id)
    units = metrics.reference_units(loaded, reference)
    # A reviewer who produced exactly the reference for the segments of the first unit.
    first = [seg for seg in loaded.segments if not seg.is_extra][0]
    first.target, first.status = units[0][2], Status.APPROVED
    report = metrics.article_stats([loaded], no_flags(), {article_id: reference})
    row = report.table.iloc[0]
    units = metrics.reference_units(loaded, reference)
    drafts, finals, refs = (list(side) for side in zip(*units, strict=True))
    assert row["ref_chrf_draft"] == pytest.approx(CHRF().corpus_score(drafts, [refs]).score)
    assert row["ref_ter_final"] == pytest.approx(TER().corpus_score(finals, [refs]).score)
    assert row["ref_bleu_final"] > row["ref_bleu_draft"]
    assert row["ref_ter_final"] < row["ref_ter_draft"]


def test_flags_by_category_leave_dismissed_flags_out(sample_workspace):
    store = ArticleStore(sample_workspace)
    loaded = store.load("xjnu-union-visit")
    flags = metrics.flag_frame(metrics.workspace_flags([loaded], sample_workspace))
    assert (flags["article"] == "xjnu-union-visit").all()
    labor = [s.id for s in loaded.segments if "labor union" in s.target]
    terminology = flags[flags["category"] == "terminology"]
    assert labor and set(labor) <= set(terminology["segment"])
    row = metrics.article_stats([loaded], flags).table.iloc[0]
    assert row["flags"] == len(flags)
    counts = metrics.flag_counts(flags)
    assert counts["flags"].sum() == len(flags)
    assert f"terminology {len(terminology)}" in row["flags_by_category"]
    check = terminology[terminology["segment"] == labor[0]]["check"].iloc[0]
    store.update_segment(loaded.id, labor[0], reviewer="alice", dismiss=check)
    after = metrics.flag_frame(metrics.workspace_flags([store.load(loaded.id)], sample_workspace))
    dismissed = (after["segment"] == labor[0]) & (after["check"] == check)
    assert not dismissed.any() and len(after) < len(flags)


def test_activity_and_status_frames(sample_workspace):
    store = ArticleStore(sample_workspace)
    store.update_segment("model-worker-awards", "s0001", reviewer="alice", status=Status.APPROVED)
    store.update_segment("model-worker-awards", "s0002", reviewer="alice", target="New text.")
    store.update_segment("xjnu-union-visit", "s0004", reviewer="bob", status=Status.NEEDS_WORK)
    activity = metrics.activity_frame(store, store.ids())
    assert dict(zip(activity["reviewer"], activity["actions"], strict=True)) == {
        "alice": 2,
        "bob": 1,
    }
    statuses = metrics.status_frame([store.load("model-worker-awards")])
    counts = dict(zip(statuses["status"], statuses["segments"], strict=True))
    assert counts["approved"] == 1 and counts["edited"] == 1
    assert sum(counts.values()) == len(store.load("model-worker-awards").segments)


def test_cli_stats(sample_workspace, capsys):
    store = ArticleStore(sample_workspace)
    store.update_segment("model-worker-awards", "s0002", reviewer="alice", target="New text.")
    store.update_segment("model-worker-awards", "s0002", reviewer="alice", status=Status.APPROVED)
    ws = ["--workspace", str(sample_workspace)]
    assert main([*ws, "stats", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["article"] for r in rows] == [*store.ids(), metrics.CORPUS]
    corpus = rows[-1]
    assert corpus["scored"] == 1 and corpus["bleu"] is not None
    assert corpus["signature"].startswith("chrF2|nrefs:1|") and "TER|" in corpus["signature"]
    assert rows[0]["bleu"] is None  # nothing approved: no score
    assert main([*ws, "stats", "model-worker-awards"]) == 0
    out = capsys.readouterr().out
    assert "sacrebleu signatures" in out and "BLEU|nrefs:1|" in out
    assert main([*ws, "stats", "model-worker-awards", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("article,segments,approved_pct")
    ref = str(SOURCES / "model-worker-awards.en-ref.txt")
    assert main([*ws, "stats", "model-worker-awards", "--reference", ref, "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert 0 < row["ref_chrf_draft"] < 100 and row["ref_chrf_final"] is not None
    assert main([*ws, "stats", "--reference", ref]) == 2
    assert "exactly one" in capsys.readouterr().err
    assert main([*ws, "stats", "model-worker-awards", "--reference", "missing.txt"]) == 2
    assert main([*ws, "stats", "no-such-article"]) == 2
