"""The review queue: filtering, ordering, stepping, paging and bulk approval."""

from __future__ import annotations

import pytest

from review_app.checks import Flag
from review_app.errors import ConflictError, InputError
from review_app.model import Article, Segment, Status
from review_app.review import (
    ReviewFilter,
    Span,
    approvable_without_flags,
    bulk_approve,
    next_segment,
    page_start,
    progress,
    review_queue,
    split_marked,
)
from review_app.store import ArticleStore


def _seg(n: int, status: Status = Status.DRAFT, target: str = "", source: str = "工会") -> Segment:
    text = target or f"English {n}"
    return Segment(
        id=f"s{n:04d}", source=source, target=text, draft=text, paragraph=n, status=status
    )


def _flag(check: str, severity: str = "warning", dismissed: bool = False) -> Flag:
    category = check.split(".")[0]
    return Flag(check, category, severity, f"{check} found", dismissed=dismissed)


@pytest.fixture
def article() -> Article:
    return Article(
        id="queue",
        title="Queue",
        segments=[
            _seg(1),
            _seg(2, Status.APPROVED),
            _seg(3, Status.NEEDS_WORK, target="Labor union meeting"),
            _seg(4, Status.EDITED),
            _seg(5),
        ],
    )


FLAGS = {
    "s0001": [_flag("terminology.forbidden", "error")],
    "s0003": [_flag("names.split-name", "warning")],
    "s0004": [_flag("fluency.repeated-word", "info", dismissed=True)],
    "s0005": [_flag("numbers.mismatch", "warning"), _flag("terminology.missing", "info")],
}


def _ids(segments: list[Segment]) -> list[str]:
    return [s.id for s in segments]


def test_no_filter_keeps_document_order(article):
    assert _ids(review_queue(article, FLAGS)) == ["s0001", "s0002", "s0003", "s0004", "s0005"]


def test_filter_by_status_category_severity_and_text(article):
    def queue(**kwargs) -> list[str]:
        return _ids(review_queue(article, FLAGS, ReviewFilter(**kwargs)))

    assert queue(statuses=frozenset({Status.DRAFT, Status.EDITED})) == ["s0001", "s0004", "s0005"]
    assert queue(categories=frozenset({"terminology"})) == ["s0001", "s0005"]
    assert queue(severities=frozenset({"info"})) == ["s0005"]  # s0004's info flag is dismissed
    # category and severity must hold for the same flag: s0005's terminology flag is info
    assert queue(categories=frozenset({"terminology"}), severities=frozenset({"error"})) == [
        "s0001"
    ]
    assert queue(text="LABOR") == ["s0003"]
    assert queue(text="s0002") == ["s0002"]
    assert queue(text="  ") == _ids(article.segments)


def test_sort_by_risk_is_stable_and_needs_a_score(article):
    def risk(flags) -> float:
        return sum({"error": 10, "warning": 3, "info": 1}[f.severity] for f in flags)

    ordered = review_queue(article, FLAGS, sort="risk", risk=risk)
    assert _ids(ordered) == ["s0001", "s0005", "s0003", "s0002", "s0004"]
    with pytest.raises(InputError):
        review_queue(article, FLAGS, sort="risk")
    with pytest.raises(InputError, match="unknown sort order"):
        review_queue(article, FLAGS, sort="alphabetical")  # type: ignore[arg-type]


def test_next_unapproved_and_next_flagged_wrap_around(article):
    queue = article.segments
    assert next_segment(queue, FLAGS, None, "unapproved").id == "s0001"
    assert next_segment(queue, FLAGS, "s0001", "unapproved").id == "s0003"
    assert next_segment(queue, FLAGS, "s0005", "unapproved").id == "s0001"
    assert next_segment(queue, FLAGS, "s0001", "flagged").id == "s0003"
    assert next_segment(queue, FLAGS, "s0003", "flagged").id == "s0005"  # s0004: dismissed only
    only = [article.segments[0]]
    assert next_segment(only, FLAGS, "s0001", "flagged").id == "s0001"
    assert next_segment([article.segments[1]], FLAGS, None, "unapproved") is None
    with pytest.raises(InputError):
        next_segment(queue, FLAGS, None, "everything")  # type: ignore[arg-type]


def test_approvable_skips_flagged_approved_and_needs_work(article):
    assert _ids(approvable_without_flags(article, FLAGS)) == ["s0004"]
    assert _ids(approvable_without_flags(article, {})) == ["s0001", "s0004", "s0005"]


def test_progress_counts_and_describes(article):
    p = progress(article)
    assert (p.total, p.approved, p.share) == (5, 1, 0.2)
    assert p.describe() == "1 of 5 approved · 1 needs work · 1 edited · 2 machine draft"
    assert progress(Article(id="empty", title="", segments=[])).share == 0.0


def test_page_start_puts_the_segment_on_top(article):
    queue = article.segments
    assert page_start(queue, "s0002") == 1
    assert page_start(queue, "s0005") == 4
    assert page_start(queue[2:], "s0005") == 2
    assert page_start(queue, "s9999") == 0


def test_bulk_approve_writes_once_and_logs_each(workspace, article):
    store = ArticleStore(workspace)
    store.create(article)
    seen = {s.id: s.target for s in approvable_without_flags(article, {})}
    assert bulk_approve(store, "queue", seen, reviewer="alice") == ["s0001", "s0004", "s0005"]
    saved = store.load("queue")
    assert [s.status for s in saved.segments] == [
        Status.APPROVED,
        Status.APPROVED,
        Status.NEEDS_WORK,
        Status.APPROVED,
        Status.APPROVED,
    ]
    assert saved.segment("s0004").reviewer == "alice"
    history = store.history("queue")
    assert [(h["segment"], h["action"]) for h in history] == [
        ("s0001", "bulk-approve"),
        ("s0004", "bulk-approve"),
        ("s0005", "bulk-approve"),
    ]
    assert history[1]["before"]["status"] == "edited"


def test_bulk_approve_refuses_all_when_one_text_changed(workspace, article):
    store = ArticleStore(workspace)
    store.create(article)
    seen = {s.id: s.target for s in approvable_without_flags(article, {})}
    store.update_segment("queue", "s0005", reviewer="bob", target="Changed meanwhile")
    before = store.path("queue").read_text(encoding="utf-8")
    with pytest.raises(ConflictError) as caught:
        bulk_approve(store, "queue", seen, reviewer="alice")
    assert caught.value.segment_id == "s0005"
    assert caught.value.theirs == "Changed meanwhile"
    assert store.path("queue").read_text(encoding="utf-8") == before


def test_split_marked_handles_overlaps_and_clipping():
    pieces = split_marked(
        "杜志平主持会议", [Span(0, 3, "name"), Span(2, 5, "flag"), Span(6, 99, "x")]
    )
    assert pieces == [
        ("杜志", ("name",)),
        ("平", ("name", "flag")),
        ("主持", ("flag",)),
        ("会", ()),
        ("议", ("x",)),
    ]
    assert split_marked("abc", []) == [("abc", ())]
    assert split_marked("", [Span(0, 2, "m")]) == []
