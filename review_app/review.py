"""The review queue: which segments a reviewer sees, in what order, and the bulk moves on them.

Pure functions over an Article and its check results, so the browser UI and any other
front end filter, sort, page and step through segments the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, Protocol, TypeVar

from review_app.errors import InputError
from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore, SegmentChange

SortOrder = Literal["position", "risk"]
SORT_ORDERS: tuple[SortOrder, ...] = ("position", "risk")
NextKind = Literal["unapproved", "flagged"]


class FlagLike(Protocol):
    """What the queue needs to know about a check result."""

    check: str
    category: str
    severity: str
    dismissed: bool


FlagsBySegment = Mapping[str, Sequence[FlagLike]]
F = TypeVar("F", bound=FlagLike)
T = TypeVar("T")


def active_flags(flags: Iterable[F]) -> list[F]:
    """Flags a reviewer still has to look at (not dismissed as false alarms)."""
    return [f for f in flags if not f.dismissed]


@dataclass(frozen=True)
class ReviewFilter:
    """Empty sets and an empty text mean "no restriction"."""

    statuses: frozenset[Status] = frozenset()
    categories: frozenset[str] = frozenset()
    severities: frozenset[str] = frozenset()
    text: str = ""

    def matches(self, segment: Segment, flags: Sequence[FlagLike]) -> bool:
        if self.statuses and segment.status not in self.statuses:
            return False
        if self.categories or self.severities:
            wanted = [
                f
                for f in active_flags(flags)
                if (not self.categories or f.category in self.categories)
                and (not self.severities or f.severity in self.severities)
            ]
            if not wanted:
                return False
        needle = self.text.strip().casefold()
        if needle:
            haystack = " ".join(
                (segment.id, segment.source, segment.target, segment.draft, segment.comment)
            )
            return needle in haystack.casefold()
        return True


def review_queue(
    article: Article,
    flags: FlagsBySegment,
    review_filter: ReviewFilter = ReviewFilter(),
    sort: SortOrder = "position",
    risk: Callable[[Sequence[FlagLike]], float] | None = None,
) -> list[Segment]:
    """Segments that pass the filter, in document order or riskiest first.

    `risk` scores a segment's flags; sorting by risk is stable, so ties keep document order.
    """
    if sort not in SORT_ORDERS:
        raise InputError(f"unknown sort order {sort!r} (expected one of {', '.join(SORT_ORDERS)})")
    queue = [s for s in article.segments if review_filter.matches(s, flags.get(s.id, ()))]
    if sort == "risk":
        if risk is None:
            raise InputError("sorting by risk needs a risk score")
        queue.sort(key=lambda s: -risk(active_flags(flags.get(s.id, ()))))
    return queue


def next_segment(
    queue: Sequence[Segment],
    flags: FlagsBySegment,
    after: str | None,
    kind: NextKind,
) -> Segment | None:
    """The next segment in queue order after `after` that is unapproved (or flagged).

    The search wraps around to the start of the queue; `after` itself comes last, so a
    reviewer who has fixed everything else is brought back to it. None when there is none.
    """
    if kind == "unapproved":

        def wanted(s: Segment) -> bool:
            return s.status is not Status.APPROVED
    elif kind == "flagged":

        def wanted(s: Segment) -> bool:
            return bool(active_flags(flags.get(s.id, ())))
    else:
        raise InputError(f"unknown kind {kind!r} (expected 'unapproved' or 'flagged')")
    ids = [s.id for s in queue]
    start = ids.index(after) + 1 if after in ids else 0
    for seg in [*queue[start:], *queue[:start]]:
        if wanted(seg):
            return seg
    return None


def approvable_without_flags(article: Article, flags: FlagsBySegment) -> list[Segment]:
    """Segments a reviewer may approve in bulk: not yet approved, not marked as needing work,
    and with no flag left to look at."""
    return [
        s
        for s in article.segments
        if s.status in (Status.DRAFT, Status.EDITED) and not active_flags(flags.get(s.id, ()))
    ]


def bulk_approve(
    store: ArticleStore, article_id: str, seen: Mapping[str, str], *, reviewer: str
) -> list[str]:
    """Approve many segments in one locked write (one audit record each).

    `seen` maps segment id → the target text the reviewer saw. If any of them changed on disk
    since, nothing is written and a ConflictError names the first one.
    """
    changes = [
        SegmentChange(segment_id, base_target=target, status=Status.APPROVED)
        for segment_id, target in seen.items()
    ]
    approved = store.update_segments(article_id, changes, reviewer=reviewer, action="bulk-approve")
    return [seg.id for seg in approved]


@dataclass(frozen=True)
class Progress:
    total: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def approved(self) -> int:
        return self.counts.get(Status.APPROVED.value, 0)

    @property
    def share(self) -> float:
        return self.approved / self.total if self.total else 0.0

    def describe(self) -> str:
        """'12 of 40 approved · 3 needs work · 5 edited · 20 machine draft'."""
        parts = [f"{self.approved} of {self.total} approved"]
        for status in (Status.NEEDS_WORK, Status.EDITED, Status.DRAFT):
            if self.counts.get(status.value):
                parts.append(f"{self.counts[status.value]} {status.label}")
        return " · ".join(parts)


def progress(article: Article) -> Progress:
    return Progress(total=len(article.segments), counts=article.status_counts())


def page_start(queue: Sequence[Segment], segment_id: str) -> int:
    """Offset that shows `segment_id` at the top of a page (0 if it is not in the queue)."""
    ids = [s.id for s in queue]
    return ids.index(segment_id) if segment_id in ids else 0


@dataclass(frozen=True)
class Span(Generic[T]):
    """A marked stretch of a text: [start, end) and what it stands for."""

    start: int
    end: int
    mark: T


def split_marked(text: str, spans: Iterable[Span[T]]) -> list[tuple[str, tuple[T, ...]]]:
    """Cut `text` into pieces, each with the marks covering all of it (overlaps allowed).

    Spans outside the text are clipped; pieces with no mark carry an empty tuple.
    """
    clipped = [
        Span(max(0, s.start), min(len(text), s.end), s.mark)
        for s in spans
        if min(len(text), s.end) > max(0, s.start)
    ]
    cuts = sorted({0, len(text), *(s.start for s in clipped), *(s.end for s in clipped)})
    pieces: list[tuple[str, tuple[T, ...]]] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        marks = tuple(s.mark for s in clipped if s.start <= lo and hi <= s.end)
        pieces.append((text[lo:hi], marks))
    return pieces
