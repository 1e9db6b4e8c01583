"""The article model every other part of the app reads and writes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from review_app.errors import InputError, NotFoundError

ARTICLE_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


def validate_name(value: str, pattern: re.Pattern[str], what: str, rule: str) -> str:
    """`value` if `pattern` matches all of it, else an InputError saying `rule`: names that
    become file names or keys are checked this way (no `../x`)."""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise InputError(f"invalid {what} {value!r}: {rule}")
    return value


def validate_article_id(article_id: str) -> str:
    """Article ids become file names, so only slugs are allowed."""
    return validate_name(
        article_id,
        ARTICLE_ID_RE,
        "article id",
        "use lower-case letters, digits and '-' "
        "(starting with a letter or digit, at most 100 characters)",
    )


class Status(StrEnum):
    DRAFT = "draft"
    EDITED = "edited"
    APPROVED = "approved"
    NEEDS_WORK = "needs_work"

    @property
    def label(self) -> str:
        return {
            "draft": "machine draft",
            "edited": "edited",
            "approved": "approved",
            "needs_work": "needs work",
        }[self.value]


def fingerprint(text: str) -> str:
    """Short stable hash of a target text; a dismissal holds only while it matches."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class Segment:
    """One aligned unit: source sentence(s), the current English and the original MT draft.

    A segment with an empty source is extra draft content (web-page cruft, added text);
    one with an empty draft is source content the MT left out.
    """

    id: str
    source: str
    target: str
    draft: str
    paragraph: int
    bead: str = "1:1"
    confidence: float = 1.0
    status: Status = Status.DRAFT
    comment: str = ""
    reviewer: str = ""
    reviewed_at: str = ""
    dismissed: dict[str, str] = field(default_factory=dict)

    @property
    def is_extra(self) -> bool:
        return not self.source.strip()

    def is_dismissed(self, check_id: str) -> bool:
        return self.dismissed.get(check_id) == fingerprint(self.target)


@dataclass
class Article:
    id: str
    title: str
    segments: list[Segment]
    url: str = ""
    date: str = ""
    imported_at: str = ""
    signed_off_by: str = ""
    signed_off_at: str = ""

    def segment(self, segment_id: str) -> Segment:
        for seg in self.segments:
            if seg.id == segment_id:
                return seg
        raise NotFoundError(f"article {self.id!r} has no segment {segment_id!r}")

    def status_counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for seg in self.segments:
            counts[seg.status.value] += 1
        return counts

    @property
    def approved_share(self) -> float:
        if not self.segments:
            return 0.0
        return sum(s.status is Status.APPROVED for s in self.segments) / len(self.segments)
