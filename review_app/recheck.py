"""Keeping an article's flags current while it is reviewed, at a cost that does not grow with
the article.

Checking a whole article takes about a millisecond per segment, and some checks look across
segments (one rendering per term or name in an article). After an edit the changed segments
are re-checked on their own at once, the others keep their flags, and the whole article is
re-checked in a background thread (after a short pause, so the page that asked is drawn first
and a quick succession of edits costs one re-check); its result replaces the provisional one
when it is ready.
Approving, commenting and dismissing change nothing the checks read, so they re-check nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor

from review_app.checks import Flag, run_checks
from review_app.glossary import Glossary
from review_app.model import Article

FlagMap = dict[str, list[Flag]]
CheckRunner = Callable[..., FlagMap]


def content_key(article: Article) -> str:
    """Hash of what the checks read: segment ids, sources, drafts and targets, in order."""
    digest = hashlib.sha1()
    for seg in article.segments:
        for part in (seg.id, seg.source, seg.draft, seg.target):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
    return digest.hexdigest()


def changed_ids(old: Article, new: Article) -> set[str] | None:
    """Segments whose source, draft or target differ; None if segments were added or removed."""
    if [s.id for s in old.segments] != [s.id for s in new.segments]:
        return None
    return {
        b.id
        for a, b in zip(old.segments, new.segments, strict=True)
        if (a.source, a.draft, a.target) != (b.source, b.draft, b.target)
    }


def apply_dismissals(article: Article, flags: FlagMap) -> FlagMap:
    """Mark each flag dismissed or not by the segment's current dismissals."""
    out: FlagMap = {}
    for seg in article.segments:
        seg_flags = flags.get(seg.id, [])
        if seg.dismissed or any(f.dismissed for f in seg_flags):
            seg_flags = [
                f
                if f.dismissed == seg.is_dismissed(f.check)
                else f._replace(dismissed=not f.dismissed)
                for f in seg_flags
            ]
        out[seg.id] = seg_flags
    return out


@dataclasses.dataclass(frozen=True)
class _Checked:
    key: str
    glossary: Glossary
    article: Article
    flags: FlagMap


@dataclasses.dataclass(frozen=True)
class _Pending:
    key: str
    glossary: Glossary
    future: Future[FlagMap]


class LiveChecks:
    """Flags of the articles under review, shared by every session of one server.

    `flags(name, article, glossary)` returns (flags with dismissed ones marked, exact): exact
    is False while a whole-article re-check after an edit is still running.
    """

    def __init__(
        self,
        run: CheckRunner = run_checks,
        *,
        max_patch: int = 25,
        max_articles: int = 32,
        delay: float = 0.5,
    ) -> None:
        self._run = run
        self._max_patch = max_patch
        self._delay = delay
        self._max_articles = max_articles
        self._lock = threading.Lock()
        self._checked: OrderedDict[Hashable, _Checked] = OrderedDict()
        self._pending: dict[Hashable, _Pending] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recheck")

    def flags(self, name: Hashable, article: Article, glossary: Glossary) -> tuple[FlagMap, bool]:
        key = content_key(article)
        with self._lock:
            checked = self._checked.get(name)
            if checked and checked.glossary is not glossary:
                checked = None
            if checked and checked.key == key:
                self._checked.move_to_end(name)
                return apply_dismissals(article, checked.flags), True
            changed = changed_ids(checked.article, article) if checked else None
            patch = changed is not None and len(changed) <= self._max_patch
            future = self._whole_article(
                name, key, article, glossary, delay=self._delay if patch else 0.0
            )
        if future.done() or not patch or checked is None or changed is None:
            return apply_dismissals(article, self._result(future, article, glossary)), True
        fresh = self._run(
            dataclasses.replace(article, segments=[s for s in article.segments if s.id in changed]),
            glossary,
            include_dismissed=True,
        )
        patched = {
            s.id: fresh.get(s.id, []) if s.id in changed else checked.flags.get(s.id, [])
            for s in article.segments
        }
        return apply_dismissals(article, patched), False

    def wait(self) -> None:
        """Block until every background re-check has finished (benchmarks, tests)."""
        with self._lock:
            futures = [p.future for p in self._pending.values()]
        for future in futures:
            try:
                future.result()
            except CancelledError:
                continue

    def _whole_article(
        self, name: Hashable, key: str, article: Article, glossary: Glossary, delay: float
    ) -> Future[FlagMap]:
        """The running or queued re-check of this version, started if there is none (under
        the lock); a queued re-check of an older version is cancelled."""
        pending = self._pending.get(name)
        if pending and pending.key == key and pending.glossary is glossary:
            return pending.future
        if pending:
            pending.future.cancel()
        future = self._executor.submit(self._check_whole, name, key, article, glossary, delay)
        self._pending[name] = _Pending(key, glossary, future)
        return future

    def _check_whole(
        self, name: Hashable, key: str, article: Article, glossary: Glossary, delay: float
    ) -> FlagMap:
        if delay:
            # let the page that asked finish first (the GIL is shared), and skip the work
            # if another edit comes in meanwhile
            time.sleep(delay)
            with self._lock:
                pending = self._pending.get(name)
                if pending is None or pending.key != key:
                    raise CancelledError
        flags = self._run(article, glossary, include_dismissed=True)
        with self._lock:
            self._checked[name] = _Checked(key, glossary, article, flags)
            self._checked.move_to_end(name)
            while len(self._checked) > self._max_articles:
                self._checked.popitem(last=False)
            pending = self._pending.get(name)
            if pending and pending.key == key:
                del self._pending[name]
        return flags

    def _result(self, future: Future[FlagMap], article: Article, glossary: Glossary) -> FlagMap:
        try:
            return future.result()
        except CancelledError:  # a newer version was queued meanwhile: check this one here
            return self._run(article, glossary, include_dismissed=True)
