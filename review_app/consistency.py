"""Corpus consistency: what approved segments in other articles say, checked against one article.

Three kinds of usage are collected from every approved segment of the workspace (through the
translation memory's per-article cache, so the PO files are not parsed again):

- `consistency.source`: the English of a source sentence (the same Chinese sentence approved
  with different English elsewhere);
- `consistency.name`: the spelling of a person name, found by the names checks
  (`review_app.checks.names`);
- `consistency.term`: the rendering of a glossary term of kind term/title.

A segment is flagged when its usage is not the corpus' usual one (most approvals; ties go to
the glossary's target or the standard pinyin, then to the latest approval) and that usual one
is approved elsewhere; the message names where, and the fix applies it. Differences
inside one article are the article checks' business (`names.inconsistent`,
`terminology.inconsistent`), so names and terms are compared with other articles only.
"""

from __future__ import annotations

import functools
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from review_app.checks.base import CheckContext, Flag, SegmentView, replace_span
from review_app.checks.names import name_hits
from review_app.checks.terminology import rendering_like
from review_app.glossary import Glossary, load_workspace_glossary
from review_app.glossary.matching import fold
from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore
from review_app.tm import TMUnit, WorkspaceMemory, normalize_source, workspace_units

SOURCE_CHECK = "consistency.source"
NAME_CHECK = "consistency.name"
TERM_CHECK = "consistency.term"
_CATEGORY = {SOURCE_CHECK: "terminology", NAME_CHECK: "names", TERM_CHECK: "terminology"}
_SEVERITY = {SOURCE_CHECK: "warning", NAME_CHECK: "warning", TERM_CHECK: "info"}
_TERM_KINDS = ("term", "title")
# Two-character words (讲话, 学校, 表彰) have context-dependent accepted renderings ("speech" /
# "addressed", "school" / "university"); compound terms and titles should not vary.
MIN_TERM_CHARS = 3
_QUOTE_WIDTH = 90


@dataclass(frozen=True)
class Usage:
    """How one segment renders one thing (a sentence, a name, a term), and where it is.

    `source_span`/`target_span` locate it in the segment; `fixed_target` puts another
    usage's text in its place (for a term, in the number and case found there).
    """

    check: str
    key: str
    text: str
    segment: Segment
    source_span: tuple[int, int]
    target_span: tuple[int, int]
    label: str  # how the message names the thing: the name or term in Chinese
    preferred: str = ""  # wins ties: the glossary target, the standard pinyin of a name
    adapt: Callable[[str], str] = str  # fits another usage's text to this place

    def fixed_target(self, other: str) -> str:
        start, end = self.target_span
        return replace_span(self.segment.target, start, end, self.adapt(other))


@dataclass(frozen=True)
class Approved:
    article_id: str
    segment_id: str
    text: str
    reviewed_at: str


@dataclass
class CorpusIndex:
    """Approved usages across the workspace, by check id and key; updated one article at a
    time (`replace_article`)."""

    usages: dict[tuple[str, str], list[Approved]] = field(default_factory=dict)
    _keys_by_article: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    def replace_article(self, article_id: str, found: Iterable[Usage]) -> None:
        """Forget what the article's approved segments said and record `found` instead."""
        for key in self._keys_by_article.pop(article_id, ()):
            kept = [a for a in self.usages[key] if a.article_id != article_id]
            if kept:
                self.usages[key] = kept
            else:
                del self.usages[key]
        keys = set()
        for usage in found:
            key = (usage.check, usage.key)
            keys.add(key)
            self.usages.setdefault(key, []).append(
                Approved(article_id, usage.segment.id, usage.text, usage.segment.reviewed_at)
            )
        self._keys_by_article[article_id] = keys


def usages(article: Article, glossary: Glossary) -> Iterator[Usage]:
    """Every sentence, name spelling and term rendering in the article's translated segments."""
    ctx = CheckContext(article, glossary)
    for view in ctx.translated_views():
        seen: set[tuple[str, str]] = set()
        for usage in _segment_usages(view, ctx):
            if (usage.check, usage.key) not in seen:  # a term twice in a sentence: once
                seen.add((usage.check, usage.key))
                yield usage


def _segment_usages(view: SegmentView, ctx: CheckContext) -> Iterator[Usage]:
    seg = view.segment
    target = " ".join(seg.target.split())
    yield Usage(
        SOURCE_CHECK,
        normalize_source(seg.source),
        target,
        seg,
        (0, len(seg.source)),
        (0, len(seg.target)),
        "",
        "",
    )
    for hit in name_hits(view, ctx):
        if hit.kind == "ok" and hit.text:
            yield Usage(
                NAME_CHECK,
                hit.name.text,
                hit.text,
                seg,
                (hit.name.start, hit.name.end),
                (hit.start, hit.end),
                hit.name.text,
                hit.name.reading.display,
            )
    for match in ctx.term_matches(view):
        if match.entry.kind not in _TERM_KINDS or len(match.entry.source) < MIN_TERM_CHARS:
            continue
        found = ctx.renderings(view, match.entry)
        if found:
            yield Usage(
                TERM_CHECK,
                match.entry.source,
                found[0].rendering,
                seg,
                (match.start, match.end),
                (found[0].start, found[0].end),
                match.entry.source,
                match.entry.target,
                functools.partial(rendering_like, found=found[0], target=seg.target),
            )


def _articles_of(units: Iterable[TMUnit]) -> Iterator[Article]:
    """Approved TM units grouped back into (partial) articles, for the checks' context."""
    by_article: dict[str, list[Segment]] = {}
    for unit in units:
        if unit.article_id:
            by_article.setdefault(unit.article_id, []).append(
                Segment(
                    id=unit.segment_id,
                    source=unit.source,
                    target=unit.target,
                    draft=unit.target,
                    paragraph=0,
                    status=Status.APPROVED,
                    reviewer=unit.reviewer,
                    reviewed_at=unit.reviewed_at,
                )
            )
    for article_id, segments in by_article.items():
        yield Article(id=article_id, title=article_id, segments=segments)


def build_index(units: Iterable[TMUnit], glossary: Glossary) -> CorpusIndex:
    index = CorpusIndex()
    for article in _articles_of(units):
        index.replace_article(article.id, usages(article, glossary))
    return index


def corpus_index(workspace: str | Path, glossary: Glossary | None = None) -> CorpusIndex:
    """The workspace's approved usages (approved units come from the TM cache)."""
    units, _ = workspace_units(workspace)
    return build_index(units, glossary or load_workspace_glossary(workspace))


def article_flags(
    article: Article, index: CorpusIndex, glossary: Glossary
) -> dict[str, list[Flag]]:
    """Segment id → flags where the article departs from what is approved elsewhere."""
    flags: dict[str, list[Flag]] = {}
    for usage in usages(article, glossary):
        flag = _flag(usage, article.id, index.usages.get((usage.check, usage.key), []))
        if flag is not None:
            flags.setdefault(usage.segment.id, []).append(flag)
    return flags


def _flag(usage: Usage, article_id: str, approved: list[Approved]) -> Flag | None:
    """Flag a usage that is not the corpus' usual one when the usual one is approved where
    this check compares. Usual: most approvals; ties go to the preferred form, then to the
    most recently approved."""
    counts = Counter(a.text for a in approved)
    if not counts:
        return None
    latest: dict[str, str] = {}
    for a in approved:
        latest[a.text] = max(latest.get(a.text, ""), a.reviewed_at)
    usual = max(
        counts, key=lambda text: (counts[text], text == usage.preferred, latest[text], text)
    )
    if usual == usage.text or (usage.check == TERM_CHECK and _nested(usual, usage.text)):
        return None
    elsewhere = [
        a
        for a in approved
        if a.text == usual
        and (a.article_id, a.segment_id) != (article_id, usage.segment.id)
        and (usage.check == SOURCE_CHECK or a.article_id != article_id)
    ]
    if not elsewhere:
        return None
    more = len(elsewhere) - 1
    place = f"{elsewhere[0].article_id} {elsewhere[0].segment_id}" + (
        f" and {more} more" if more else ""
    )
    if usage.check == SOURCE_CHECK:
        message = (
            f"The same Chinese sentence was approved as “{_quote(usual)}” in {place}; "
            "use that English or make both agree."
        )
    else:
        message = (
            f"{usage.label} is “{usual}” in approved {place} but “{usage.text}” here; "
            "spell it one way across articles."
        )
    return Flag(
        check=usage.check,
        category=_CATEGORY[usage.check],
        severity=_SEVERITY[usage.check],
        message=message,
        source_span=usage.source_span,
        target_span=usage.target_span,
        fix=usage.fixed_target(usual),
        dismissed=usage.segment.is_dismissed(usage.check),
    )


def _nested(one: str, other: str) -> bool:
    """ "workers" in "all workers": a modifier or a shorter mention, not another rendering."""
    a, b = f" {fold(one)} ", f" {fold(other)} "
    return a in b or b in a


def _quote(text: str) -> str:
    return textwrap.shorten(text, _QUOTE_WIDTH, placeholder=" …")


def workspace_flags(
    workspace: str | Path, article_ids: Iterable[str] | None = None
) -> dict[str, dict[str, list[Flag]]]:
    """Article id → segment id → corpus flags, for the named articles (default: all)."""
    store = ArticleStore(workspace)
    glossary = load_workspace_glossary(workspace)
    index = corpus_index(workspace, glossary)
    ids = list(article_ids) if article_ids is not None else store.ids()
    return {i: article_flags(store.load(i), index, glossary) for i in ids}


class WorkspaceCorpus:
    """Translation memory and corpus index of a workspace, kept current in a long-running
    process (the web app): one `refresh` re-reads the changed files for both, and only the
    changed articles' usages are collected again. Build a new one when the glossary changes.
    """

    def __init__(self, workspace: str | Path, glossary: Glossary) -> None:
        self.memory = WorkspaceMemory(workspace)
        self.glossary = glossary
        self.index = CorpusIndex()
        self._lock = threading.Lock()
        self._generation = 0  # bumped whenever the index changes
        self._done: dict[str, tuple[Hashable, dict[str, list[Flag]], dict[str, tuple]]] = {}
        self._pending: dict[str, Hashable] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="corpus-flags")

    def refresh(self) -> None:
        with self._lock:
            for origin in self.memory.refresh():
                if origin.startswith("tmx:"):
                    continue  # imported units have no article to compare with
                self._generation += 1
                units = self.memory.memory.units_of(origin)
                articles = list(_articles_of(units))
                self.index.replace_article(
                    origin, usages(articles[0], self.glossary) if articles else ()
                )

    def _key(self, article: Article) -> Hashable:
        return (
            self._generation,
            tuple((s.id, s.source, s.target, tuple(s.dismissed.items())) for s in article.segments),
        )

    def flags(self, article: Article) -> dict[str, list[Flag]]:
        """`article_flags` against the corpus as of the last refresh. Page reruns that change
        no text or dismissal (approve, comment, paging) reuse the previous answer."""
        with self._lock:
            key = self._key(article)
            done = self._done.get(article.id)
            if done is None or done[0] != key:
                done = self._compute(article, key)
            return {k: list(v) for k, v in done[1].items()}

    def flags_soon(self, article: Article) -> tuple[dict[str, list[Flag]], bool]:
        """(flags, exact) for a page that must not wait: after a change, the previous answer
        for the segments whose text did not change, while the article is re-compared in the
        background (exact is False until then); the first look at an article waits."""
        with self._lock:
            key = self._key(article)
            done = self._done.get(article.id)
            if done is None:
                done = self._compute(article, key)
            if done[0] == key:
                return {k: list(v) for k, v in done[1].items()}, True
            if self._pending.get(article.id) != key:
                self._pending[article.id] = key
                self._executor.submit(self._compute_later, article, key)
            unchanged = {
                s.id
                for s in article.segments
                if done[2].get(s.id) == (s.source, s.target, tuple(s.dismissed.items()))
            }
            return {k: list(v) for k, v in done[1].items() if k in unchanged}, False

    def _compute(self, article: Article, key: Hashable):
        """Compare the article with the corpus and remember the answer (lock held)."""
        snapshot = {
            s.id: (s.source, s.target, tuple(s.dismissed.items())) for s in article.segments
        }
        done = (key, article_flags(article, self.index, self.glossary), snapshot)
        self._done[article.id] = done
        return done

    def _compute_later(self, article: Article, key: Hashable) -> None:
        time.sleep(0.3)  # let the page that asked be drawn first (the GIL is shared)
        with self._lock:
            if self._pending.get(article.id) != key:
                return  # a newer version was asked for meanwhile
            if self._key(article) == key:
                self._compute(article, key)
            self._pending.pop(article.id, None)
