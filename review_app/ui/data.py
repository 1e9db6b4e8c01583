"""Cached reads for the pages, keyed on file modification times.

A change on disk (by this app, the CLI or another reviewer) gives a new key, so no page ever
shows a stale article; an unchanged file is parsed and checked once, not on every rerun.
"""

from __future__ import annotations

import streamlit as st

from review_app.glossary import Glossary, load_workspace_glossary, workspace_glossary_files
from review_app.model import Article
from review_app.recheck import FlagMap, LiveChecks
from review_app.store import ArticleStore, ArticleSummary
from review_app.ui.session import workspace


def glossary_stamp(folder: str) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the workspace's glossary files."""
    stamp = []
    for path in workspace_glossary_files(folder):
        stat = path.stat()
        stamp.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(stamp)


@st.cache_resource(max_entries=4, show_spinner=False)
def _glossary(folder: str, stamp: tuple[tuple[str, int, int], ...]) -> Glossary:
    return load_workspace_glossary(folder)


def load_glossary() -> Glossary:
    folder = str(workspace())
    return _glossary(folder, glossary_stamp(folder))


@st.cache_data(max_entries=64, show_spinner=False)
def _article(folder: str, article_id: str, mtime: float) -> Article:
    return ArticleStore(folder).load(article_id)


def load_article(article_id: str) -> Article:
    folder = str(workspace())
    return _article(folder, article_id, ArticleStore(folder).mtime(article_id))


@st.cache_resource(show_spinner=False)
def live_checks() -> LiveChecks:
    """One per server: sessions reviewing the same article share its flags."""
    return LiveChecks()


def article_flags(article_id: str) -> tuple[FlagMap, bool]:
    """Every flag of every segment, dismissed ones included (marked `dismissed`), and whether
    they are exact (False while the whole article is re-checked after an edit)."""
    folder = str(workspace())
    article = load_article(article_id)
    return live_checks().flags((folder, article_id), article, load_glossary())


@st.cache_data(max_entries=256, show_spinner=False)
def _title(folder: str, article_id: str, mtime: float) -> str:
    return _article(folder, article_id, mtime).title


def article_titles() -> dict[str, str]:
    """Id → title of every article; an edit re-reads no other article."""
    folder = str(workspace())
    store = ArticleStore(folder)
    return {i: _title(folder, i, store.mtime(i)) for i in store.ids()}


@st.cache_data(max_entries=8, show_spinner=False)
def _summaries(folder: str, stamps: tuple[tuple[str, float], ...]) -> list[ArticleSummary]:
    return ArticleStore(folder).summaries()


def article_summaries() -> list[ArticleSummary]:
    folder = str(workspace())
    store = ArticleStore(folder)
    return _summaries(folder, tuple((i, store.mtime(i)) for i in store.ids()))
