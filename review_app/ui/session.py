"""Which workspace the app works on (who works on it: `review_app.ui.auth`)."""

from __future__ import annotations

import os
from pathlib import Path

from review_app.store import ArticleStore


def workspace() -> Path:
    """The workspace `review-app serve` was started on (env REVIEW_APP_WORKSPACE)."""
    return Path(os.environ.get("REVIEW_APP_WORKSPACE", ".")).resolve()


def article_store() -> ArticleStore:
    return ArticleStore(workspace())
