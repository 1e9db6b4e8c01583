"""A reviewed copy of the bundled samples: what the export and dashboard tests start from."""

from __future__ import annotations

from pathlib import Path

from workspace_helpers import copy_sample_workspace

from review_app.model import Article, Status
from review_app.store import ArticleStore

REVIEWED_AT = "2026-11-20T09:30:05+00:00"


def review(article: Article) -> Article:
    """What a reviewer does before export: deletes web cruft, fills MT omissions, approves."""
    for seg in article.segments:
        if seg.is_extra:
            seg.target, seg.status = "", Status.EDITED
            continue
        if not seg.target.strip():
            seg.target = f"Omitted sentence {seg.id} translated."
        seg.target = seg.target.replace("labor union", "trade union")
        seg.status, seg.reviewer, seg.reviewed_at = Status.APPROVED, "alice", REVIEWED_AT
    return article


def reviewed_workspace(folder: Path) -> ArticleStore:
    """Every sample article reviewed and approved, with the repository glossary."""
    store = ArticleStore(copy_sample_workspace(folder))
    for article_id in store.ids():
        store.save(review(store.load(article_id)))
    return store
