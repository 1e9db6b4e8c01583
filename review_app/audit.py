"""Reading the audit log (`audit/ID.jsonl`, written by ArticleStore): what each record changed.

Shared by `review-app log` and the Review page's segment history, so both say the same thing.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass

from review_app.store import ArticleStore


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def changes(record: dict) -> list[Change]:
    """The fields a record changed, old and new value (none for a dismissal)."""
    before, after = record.get("before") or {}, record.get("after") or {}
    fields = dict.fromkeys([*before, *after])
    return [
        Change(field, str(before.get(field, "")), str(after.get(field, "")))
        for field in fields
        if before.get(field) != after.get(field)
    ]


def summary(record: dict, width: int = 60) -> tuple[str, str]:
    """'field: value; …' of the changed fields before and after, each value shortened."""

    def side(values: list[tuple[str, str]]) -> str:
        return "; ".join(textwrap.shorten(f"{f}: {v}", width, placeholder=" …") for f, v in values)

    found = changes(record)
    return side([(c.field, c.before) for c in found]), side([(c.field, c.after) for c in found])


def history_by_segment(store: ArticleStore, article_id: str) -> dict[str, list[dict]]:
    """Segment id → its records, oldest first ('' holds sign-off and reopen)."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in store.history(article_id):
        grouped[str(record.get("segment", ""))].append(record)
    return dict(grouped)
