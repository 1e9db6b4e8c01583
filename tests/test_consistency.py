import json

import pytest
from auth_helpers import add_account, open_app

from review_app import cli, consistency
from review_app.glossary import load_workspace_glossary
from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore

GLOSSARY = (
    "source,target,variants,forbidden,case_sensitive,kind,domain,note\n"
    "教职工代表大会,teachers' and staff congress,faculty and staff congress,,no,term,union,\n"
)
CONGRESS = "区教育工会召开教职工代表大会。"
CHAIR = "会议由杜志平主持。"


def article(
    article_id: str, pairs: list[tuple[str, str]], status: Status, reviewed_at: str = ""
) -> Article:
    segments = [
        Segment(f"s{i:04d}", source, target, target, i, status=status, reviewed_at=reviewed_at)
        for i, (source, target) in enumerate(pairs, 1)
    ]
    return Article(article_id, article_id, segments)


@pytest.fixture
def corpus(tmp_path):
    """alpha and beta approved; beta, approved earlier, departs from alpha in a sentence, a
    name and a term (one approval each: ties go to the latest approval)."""
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    store = ArticleStore(tmp_path)
    store.create(
        article(
            "alpha",
            [
                (CONGRESS, "The district education union held a teachers' and staff congress."),
                (CHAIR, "The meeting was chaired by Du Zhiping."),
            ],
            Status.APPROVED,
            "2025-02-01T00:00:00+00:00",
        )
    )
    store.create(
        article(
            "beta",
            [
                (CONGRESS, "The district education union convened a faculty and staff congress."),
                (CHAIR, "The meeting was chaired by Du Zhi-ping."),
            ],
            Status.APPROVED,
            "2024-02-01T00:00:00+00:00",
        )
    )
    return tmp_path


def test_planted_inconsistencies_flag_the_odd_article(corpus):
    flags = consistency.workspace_flags(corpus)
    assert flags["alpha"] == {}
    beta = {(segment_id, f.check): f for segment_id, fs in flags["beta"].items() for f in fs}
    assert set(beta) == {
        ("s0001", "consistency.source"),
        ("s0001", "consistency.term"),
        ("s0002", "consistency.source"),
        ("s0002", "consistency.name"),
    }

    source = beta["s0001", "consistency.source"]
    assert source.category == "terminology" and "alpha s0001" in source.message
    assert source.fix == "The district education union held a teachers' and staff congress."

    name = beta["s0002", "consistency.name"]
    assert name.category == "names"
    assert "杜志平" in name.message and "alpha s0002" in name.message
    assert name.fix == "The meeting was chaired by Du Zhiping."

    term = beta["s0001", "consistency.term"]
    assert "教职工代表大会" in term.message and "alpha s0001" in term.message
    assert term.fix == "The district education union convened a teachers' and staff congress."
    target = ArticleStore(corpus).load("beta").segment("s0001").target
    assert target[slice(*term.target_span)] == "faculty and staff congress"


def test_unapproved_article_is_checked_against_the_approved_corpus(corpus):
    store = ArticleStore(corpus)
    store.create(article("gamma", [(CHAIR, "Chaired by Du Zhi-ping.")], Status.DRAFT))
    store.create(article("delta", [(CHAIR, "Du Zhiping chaired.")], Status.DRAFT))
    flags = consistency.workspace_flags(corpus, ["gamma", "delta"])
    assert {f.check for f in flags["gamma"]["s0001"]} == {"consistency.name", "consistency.source"}
    assert {f.check for f in flags["delta"]["s0001"]} == {"consistency.source"}
    # drafts do not vote: beta's approved spelling still ties alpha's, so beta stays flagged
    beta = consistency.workspace_flags(corpus, ["beta"])["beta"]
    assert "consistency.name" in {f.check for f in beta["s0002"]}


def test_differences_inside_one_article_are_left_to_the_article_checks(tmp_path):
    ArticleStore(tmp_path).create(
        article(
            "solo",
            [
                (CHAIR, "The meeting was chaired by Du Zhiping."),
                ("杜志平作了讲话。", "Du Zhi-ping gave a speech."),
            ],
            Status.APPROVED,
        )
    )
    assert consistency.workspace_flags(tmp_path) == {"solo": {}}


def test_dismissal_holds_while_the_target_is_unchanged(corpus):
    store = ArticleStore(corpus)
    store.update_segment("beta", "s0002", reviewer="ann", dismiss="consistency.name")
    flags = consistency.workspace_flags(corpus, ["beta"])["beta"]["s0002"]
    assert {f.check: f.dismissed for f in flags}["consistency.name"] is True
    store.update_segment("beta", "s0002", reviewer="ann", target="Chaired by Du Zhi-ping.")
    flags = consistency.workspace_flags(corpus, ["beta"])["beta"]["s0002"]
    assert {f.check: f.dismissed for f in flags}["consistency.name"] is False


def test_check_command_reports_corpus_flags_only_when_asked(corpus, capsys):
    ws = ["--workspace", str(corpus)]
    cli.main([*ws, "check", "beta", "--format", "json"])
    assert not [r for r in json.loads(capsys.readouterr().out) if r["check"].startswith("consis")]
    cli.main([*ws, "check", "beta", "--corpus", "--checks", "names", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    corpus_rows = [(r["segment"], r["check"]) for r in rows if r["check"].startswith("consis")]
    assert corpus_rows == [("s0002", "consistency.name")]


def test_workspace_corpus_follows_approvals(corpus):
    store = ArticleStore(corpus)
    live = consistency.WorkspaceCorpus(corpus, load_workspace_glossary(corpus))
    live.refresh()
    for article_id in ("alpha", "beta"):
        expected = consistency.workspace_flags(corpus, [article_id])[article_id]
        assert live.flags(store.load(article_id)) == expected
    store.update_segment(
        "alpha",
        "s0002",
        reviewer="ann",
        target=store.load("beta").segment("s0002").target,
        status=Status.APPROVED,
    )
    assert "consistency.name" in {f.check for f in live.flags(store.load("beta"))["s0002"]}
    live.refresh()
    assert live.flags(store.load("beta")).get("s0002", []) == []
    assert live.flags(store.load("beta")) == consistency.workspace_flags(corpus, ["beta"])["beta"]


def test_review_page_shows_corpus_flags_with_their_fix(corpus, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_WORKSPACE", str(corpus))
    add_account(corpus, "alice")
    at = open_app("review", article="beta")
    lines = [h.value for h in at.html if "ra-flag-line" in h.value and "杜志平 is" in h.value]
    assert len(lines) == 1 and "approved alpha s0002" in lines[0]
    assert "<del>Zhi-ping</del><ins>Zhiping</ins>" in lines[0]  # the fix, as a diff


def test_page_gets_previous_flags_of_unchanged_segments_while_an_edit_is_compared(corpus):
    store = ArticleStore(corpus)
    live = consistency.WorkspaceCorpus(corpus, load_workspace_glossary(corpus))
    live.refresh()
    beta = store.load("beta")
    first, exact = live.flags_soon(beta)
    assert exact and {"s0001", "s0002"} <= set(first)
    edited = store.load("beta")
    edited.segments[1].target = "The meeting was chaired by Du Zhiping."  # the usual spelling
    provisional, exact = live.flags_soon(edited)
    assert not exact
    assert provisional.get("s0001") == first["s0001"]  # unchanged segment keeps its flags
    assert "s0002" not in provisional  # stale spans of the edited segment are not shown
    live._executor.shutdown(wait=True)  # the background comparison finishes
    settled, exact = live.flags_soon(edited)
    assert exact
    assert settled == live.flags(edited)
    assert settled.get("s0002", []) == []
