"""The check registry, the flag type and the per-run context the checks share.

A check is one small class: subclassing `Check` with a `check_id` registers it (the way
Weblate's `weblate/checks/` works), so adding a check is adding one class. Work that several
checks need (sentence splits, glossary matches, person names) is computed once per segment or
once per article through the `memo` helpers of `SegmentView` and `CheckContext`.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, NamedTuple, TypeVar

from review_app.aligning import looks_like_cruft
from review_app.glossary import Glossary, GlossaryEntry, SourceMatch, TargetMatch, TargetScan
from review_app.model import Article, Segment
from review_app.segmenting import en_sentence_spans, split_zh

CATEGORIES: tuple[str, ...] = (
    "terminology",
    "names",
    "numbers",
    "punctuation",
    "fluency",
    "completeness",
)
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

T = TypeVar("T")

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# possessive repeats: a word never needs to give letters back, so the engine keeps no states
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*+(?:-[A-Za-z][A-Za-z'’]*+)*+")
# For `bytes.translate` of an ASCII-encoded text: letters lower-cased, every other byte a space
# (words become runs of letters between spaces, at their offsets in the text).
ASCII_LETTERS_ONLY = bytes(c | 32 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))


class Flag(NamedTuple):
    """One problem found in one segment.

    Spans are `[start, end)` character offsets into the segment's source / target text.
    `fix` is the whole corrected target text (apply it by replacing the target), or None.
    A named tuple, not a frozen dataclass: a batch run makes two a segment, and a frozen
    dataclass costs four times as much to build and to send back from a worker process.
    """

    check: str
    category: str
    severity: str
    message: str
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    fix: str | None = None
    dismissed: bool = False


class Check:
    """Base of every check: set the class attributes and implement `run`.

    `needs_source`: skip segments with no Chinese source (extra draft content).
    `needs_target`: skip segments whose English is empty.
    `on_cruft`: also run on web-page furniture with no source (share buttons, breadcrumbs),
    which is flagged for deletion as a whole.
    """

    check_id: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    description: ClassVar[str] = ""
    needs_source: ClassVar[bool] = True
    needs_target: ClassVar[bool] = True
    on_cruft: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.check_id:
            return
        if cls.category not in CATEGORIES:
            raise ValueError(f"{cls.__name__}: unknown category {cls.category!r}")
        if cls.severity not in SEVERITIES:
            raise ValueError(f"{cls.__name__}: unknown severity {cls.severity!r}")
        if not cls.check_id.startswith(cls.category + "."):
            raise ValueError(f"{cls.__name__}: id {cls.check_id!r} must start with its category")
        if cls.check_id in CHECKS:
            raise ValueError(f"duplicate check id {cls.check_id!r}")
        CHECKS[cls.check_id] = cls()

    def applies_to(self, kind: SegmentKind) -> bool:
        if self.needs_source and kind.extra:
            return False
        if kind.cruft and not self.on_cruft:
            return False
        return not (self.needs_target and not kind.has_target)

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        raise NotImplementedError

    def flag(
        self,
        message: str,
        *,
        source_span: tuple[int, int] | None = None,
        target_span: tuple[int, int] | None = None,
        fix: str | None = None,
    ) -> Flag:
        return Flag(
            check=self.check_id,
            category=self.category,
            severity=self.severity,
            message=message,
            source_span=source_span,
            target_span=target_span,
            fix=fix,
        )


CHECKS: dict[str, Check] = {}


class SegmentKind(NamedTuple):
    """What decides which checks apply to a segment (so the choice is made once per kind;
    a tuple, as it is made and hashed once per segment)."""

    extra: bool  # no Chinese source
    cruft: bool  # extra and web-page furniture
    has_target: bool

    @classmethod
    def of(cls, segment: Segment) -> SegmentKind:
        extra = segment.is_extra
        return cls(extra, extra and looks_like_cruft(segment.target), bool(segment.target.strip()))


class Sentence(NamedTuple):
    """An English sentence of a target with its offset in the target (a named tuple: one is
    made for every sentence of every segment, and a frozen dataclass costs more to build)."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


_UNSET: Any = object()  # a memo's "not computed yet" (None is a result)


def sentence_spans(text: str) -> list[Sentence]:
    """`split_en`'s sentences located in the original text."""
    return [Sentence(start, text[start:end]) for start, end in en_sentence_spans(text)]


class Memo:
    """Work several checks need, computed on first request and kept for the run."""

    __slots__ = ("_memo",)

    def __init__(self) -> None:
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        value = self._memo.get(key, _UNSET)
        if value is _UNSET:
            value = self._memo[key] = compute()
        return value


class SegmentView(Memo):
    """One segment as the checks see it, with lazily computed, shared derived data. Its
    source and target are plain attributes: the checks read them some thirty times a
    segment, and a property costs a call each time."""

    __slots__ = ("segment", "index", "source", "target")

    def __init__(self, segment: Segment, index: int) -> None:
        super().__init__()
        self.segment = segment
        self.index = index
        self.source = segment.source
        self.target = segment.target

    # The sentences and their words are asked for by most fluency checks of every segment:
    # a hit is one dict look-up, without `memo`'s call and a closure built per ask.
    @property
    def sentences(self) -> list[Sentence]:
        sentences = self._memo.get("sentences")
        if sentences is None:
            sentences = self.memo("sentences", lambda: sentence_spans(self.target))
        return sentences

    @property
    def sentence_words(self) -> list[list[str]]:
        """The words (`WORD_RE`) of each sentence."""
        words = self._memo.get("sentence_words")
        if words is None:
            words = self.memo("sentence_words", self._sentence_words)
        return words

    def _sentence_words(self) -> list[list[str]]:
        target = self.target
        return [WORD_RE.findall(target, s.start, s.end) for s in self.sentences]

    @property
    def source_sentences(self) -> list[str]:
        return self.memo("source_sentences", lambda: split_zh(self.source))


class GlossaryCache:
    """Per-glossary derived data kept as long as the glossary object lives.

    A glossary is loaded once and checked against many articles; what the checks derive
    from it (source matches per sentence, proper words) must not be rebuilt per article.
    """

    _by_glossary: weakref.WeakKeyDictionary[Glossary, GlossaryCache] = weakref.WeakKeyDictionary()
    _MAX_SOURCES = 200_000

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._source_matches: dict[str, list[SourceMatch]] = {}
        self._derived: dict[str, Any] = {}

    @classmethod
    def of(cls, glossary: Glossary) -> GlossaryCache:
        cache = cls._by_glossary.get(glossary)
        if cache is None:
            cache = cls._by_glossary[glossary] = cls(glossary)
        return cache

    def match_source(self, text: str) -> list[SourceMatch]:
        found = self._source_matches.get(text)
        if found is None:
            if len(self._source_matches) >= self._MAX_SOURCES:
                self._source_matches.clear()
            found = self._source_matches[text] = self.glossary.match_source(text)
        return found

    def derived(self, key: str, compute: Callable[[Glossary], T]) -> T:
        if key not in self._derived:
            self._derived[key] = compute(self.glossary)
        return self._derived[key]


class CheckContext(Memo):
    """Everything one run shares: the article, the glossary and article-wide aggregates."""

    def __init__(self, article: Article, glossary: Glossary) -> None:
        super().__init__()
        self.article = article
        self.glossary = glossary
        self.glossary_cache = GlossaryCache.of(glossary)
        self.views = [SegmentView(seg, i) for i, seg in enumerate(article.segments)]

    def term_matches(self, view: SegmentView) -> list[SourceMatch]:
        """Glossary terms in the segment's source (longest first, no overlaps)."""
        return view.memo("term_matches", lambda: self.glossary_cache.match_source(view.source))

    def target_scan(self, view: SegmentView) -> TargetScan:
        """Every glossary rendering in the segment's English, found in one pass (memoised; for
        several lookups in a segment, ask it directly rather than through `renderings`)."""
        scan = view._memo.get("target_scan")  # asked for several times a segment
        if scan is None:
            scan = view.memo("target_scan", lambda: self.glossary.scan_target(view.target))
        return scan

    def forbidden(self, view: SegmentView) -> list[TargetMatch]:
        """Every forbidden rendering in the segment's English (memoised per segment)."""
        return self.target_scan(view).forbidden()

    def renderings(self, view: SegmentView, entry: GlossaryEntry) -> list[TargetMatch]:
        """Accepted renderings of `entry` in the segment's English (memoised per segment)."""
        return self.target_scan(view).renderings(entry)

    def translated_views(self) -> Iterator[SegmentView]:
        """Segments with both a source and an English text."""
        return (v for v in self.views if not v.segment.is_extra and v.target.strip())


def replace_span(text: str, start: int, end: int, replacement: str) -> str:
    return text[:start] + replacement + text[end:]


_SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def capital_expected_at(text: str, index: int) -> bool:
    """Whether a word at `index` of `text` starts with a capital for its place alone: at a
    sentence or quotation start, or after a capitalised word (inside a name, "Hexi Street")."""
    before = text[:index].rstrip()
    if not before or before[-1] in '.!?:;"“‘(「《':
        return True
    return _last_word_capitalised(before)


def _last_word_capitalised(text: str) -> bool:
    """Whether the last word of `text` (trailing punctuation aside; a word runs over letters,
    digits, _, apostrophes and hyphens) has a capital as its first ASCII letter. Walks back
    from the end, so the cost is the last word's length, not the text's."""
    i = len(text)
    while i and not (text[i - 1].isalnum() or text[i - 1] == "_"):
        i -= 1
    first = ""
    while i and (text[i - 1].isalnum() or text[i - 1] in "_'’-"):
        i -= 1
        if text[i] in _ASCII_LETTERS:
            first = text[i]
    return first.isupper()


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def match_case(replacement: str, original: str, *, capital_expected: bool = True) -> str:
    """Give `replacement` the capitalisation pattern of `original`: Title Case anywhere, a
    capital first letter only where the place calls for one (`capital_expected`): in "of the
    Chinese ethnic …" the capital belongs to "Chinese", not to whatever replaces it."""
    if not replacement or not original:
        return replacement
    words = original.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return " ".join(
            w if w in _SMALL_WORDS and i else w[:1].upper() + w[1:]
            for i, w in enumerate(replacement.split(" "))
        )
    if capital_expected and original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
