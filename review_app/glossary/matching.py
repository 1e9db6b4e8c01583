"""Finding glossary terms in Chinese text and their renderings in English text.

Both sides use Aho–Corasick automata (pyahocorasick), so the cost of a lookup depends on the
length of the text and the number of hits, not on the size of the glossary. On the English
side one automaton holds every entry's accepted and forbidden spellings, so one pass over a
text (`Glossary.scan_target`) serves every lookup in it. pyahocorasick finds a node's
children by a linear scan, so Chinese keys go in as UTF-8 bytes (at most 64 children per
node) instead of characters (thousands under the root of a large glossary).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

import ahocorasick

from review_app.glossary.entry import GlossaryEntry

# One character in, one character out, so offsets in the folded text are offsets in the original.
_FOLDED_CHARS = (
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\u2019", "'"),
    ("\u00a0", " "),
    ("\t", " "),
    ("\n", " "),
    ("\r", " "),
    ("\u3000", " "),
)
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")
_HEAD_BEFORE = (" of ", " for ", " in ", " to ", " at ")


class SourceMatch(NamedTuple):
    """A glossary source term found in Chinese text: `text[start:end] == entry.source`.

    Named tuples (here and `TargetMatch`): made for every term and rendering in every segment,
    at a third of a frozen dataclass's cost."""

    start: int
    end: int
    entry: GlossaryEntry


class TargetMatch(NamedTuple):
    """A rendering of `entry` found in English text (`text` is what the English says there)."""

    start: int
    end: int
    text: str
    entry: GlossaryEntry
    rendering: str

    @property
    def case_matches(self) -> bool:
        """Whether the English uses the rendering's letter case ("Party" vs "party").

        Letters are compared position by position, ignoring spaces, hyphens and the
        inflected tail ("Parties" agrees with "Party").
        """
        found = [c for c in self.text if c.isalpha()]
        wanted = [c for c in self.rendering if c.isalpha()]
        return all(a == b for a, b in zip(found, wanted, strict=False) if a.lower() == b.lower())


def fold(text: str) -> str:
    """Lower-case text with hyphens, apostrophes and spaces unified, same length as `text`."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (İ) lower to two
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    # a substring test per character and a replace for those present: most texts have none,
    # and `str.translate` with a mapping looks up every character (several times slower)
    for char, folded in _FOLDED_CHARS:
        if char in lowered:
            lowered = lowered.replace(char, folded)
    return lowered


def _inflect_word(word: str) -> set[str]:
    """The word and its regular plural (-s/-es/-ies, -man → -men); possessives need no form."""
    forms = {word}
    if not word[-1:].isalpha():
        return forms
    if word.endswith("man"):
        forms.add(word[:-3] + "men")
    elif word.endswith(_SIBILANT_ENDINGS):
        forms.add(word + "es")
    elif len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    return forms


def surface_forms(rendering: str) -> set[str]:
    """Folded spellings that count as this rendering: plurals of the last word and of the
    head before "of/for/in …", and for hyphenated compounds the spaced and fused spellings.
    """
    base = " ".join(fold(rendering).split())
    if not base:
        return set()
    spellings = {base}
    if "-" in base:
        spellings |= {base.replace("-", " "), base.replace("-", "")}
    forms: set[str] = set()
    for spelling in spellings:
        head_end = min((i for i in map(spelling.find, _HEAD_BEFORE) if i > 0), default=-1)
        heads = {spelling}
        if head_end > 0:
            head_start = spelling.rfind(" ", 0, head_end) + 1
            for word in _inflect_word(spelling[head_start:head_end]):
                heads.add(spelling[:head_start] + word + spelling[head_end:])
        for phrase in heads:
            cut = phrase.rfind(" ") + 1
            forms |= {phrase[:cut] + word for word in _inflect_word(phrase[cut:])}
    return forms


def _non_overlapping(spans: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Longest spans first (ties: leftmost), none overlapping, returned left to right."""
    if len(spans) < 2:
        return spans
    if len(spans) == 2:  # the usual many ("trade union" and "union"): no sorting
        (a_start, a_end, _), (b_start, b_end, _) = spans
        if a_end <= b_start or b_end <= a_start:
            return spans if a_start < b_start else [spans[1], spans[0]]
        if (a_start - a_end, a_start) <= (b_start - b_end, b_start):
            return [spans[0]]
        return [spans[1]]
    taken = _first_come(sorted(spans, key=lambda s: (s[0] - s[1], s[0])))
    taken.sort(key=itemgetter(0))
    return taken


def _first_come(ranked: Iterable[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """The spans of `ranked` (start, end first) that overlap no span before them."""
    taken: list[tuple[int, int, Any]] = []
    for span in ranked:
        start, end = span[0], span[1]
        for other in taken:
            if end > other[0] and start < other[1]:
                break
        else:
            taken.append(span)
    return taken


# (start, end, minus the length in characters, …) spans: longest first, then leftmost
_LONGEST_FIRST = itemgetter(2, 0)


def _utf8_chars(text: str) -> str:
    """The UTF-8 bytes of `text` as a str of code points 0–255 (what the automaton indexes)."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def automaton_of(values: Mapping[str, Any]) -> ahocorasick.Automaton | None:
    """An Aho–Corasick automaton finding the keys of `values` (iterating it over a text gives
    (index of a hit's last character, value)), or None for no keys."""
    if not values:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in values.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


# What `_TargetIndex`'s automaton holds for a spelling (see the class)
Spelling = tuple[int, bool, bool, tuple[int, ...], tuple[str, ...], tuple[tuple[int, str], ...]]


class _TargetIndex:
    """Every accepted and forbidden rendering of a set of entries in one Aho–Corasick
    automaton over their folded surface forms, so one pass over a text finds them all.

    Hits name entries by number (equal entries share one). What the automaton holds for a
    spelling (a `Spelling`) is a tuple: length, whether it starts / ends with a word
    character, the numbers of the entries it renders, the rendering each has this spelling
    for, and (number, phrase) pairs of the entries it misrenders. One rendering or phrase per
    entry and spelling: the others would have the same span, and of equal spans only the
    first is ever reported. Tuples of numbers and strings only, so the garbage collector stops
    tracking them: a glossary's tens of thousands of spellings would otherwise be walked in
    every full collection of a checking run.
    """

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.entries: list[GlossaryEntry] = []
        numbers: dict[GlossaryEntry, int] = {}
        accepted: dict[str, dict[int, str]] = {}
        forbidden: dict[str, dict[int, str]] = {}
        for entry in entries:
            if entry in numbers:
                continue
            number = numbers[entry] = len(self.entries)
            self.entries.append(entry)
            for rendering in entry.accepted:
                for form in surface_forms(rendering):
                    accepted.setdefault(form, {}).setdefault(number, rendering)
            for wrong in entry.forbidden:
                for form in surface_forms(wrong):
                    forbidden.setdefault(form, {}).setdefault(number, wrong)
        self.numbers = numbers
        # by identity first: an entry's hash walks all its fields, and the checks look up
        # the glossary's own entry objects
        self._numbers_by_id = {id(entry): number for entry, number in numbers.items()}
        self._automaton = automaton_of(
            {
                form: (
                    len(form),
                    form[0].isalnum(),
                    form[-1].isalnum(),
                    tuple(accepted.get(form, {})),
                    tuple(accepted.get(form, {}).values()),
                    tuple(forbidden.get(form, {}).items()),
                )
                for form in dict.fromkeys([*accepted, *forbidden])
            }
        )

    def number_of(self, entry: GlossaryEntry) -> int | None:
        """The number of `entry` (or of an entry equal to it), None if it is not indexed."""
        number = self._numbers_by_id.get(id(entry))
        return number if number is not None else self.numbers.get(entry)

    def find(self, folded: str) -> tuple[tuple[int, ...], tuple[Spelling, ...]]:
        """Every spelling in `folded` (a `fold`ed text), word boundaries not yet tested (see
        `_word_start`): the indexes of their last characters and what the automaton holds for
        each, hits possibly overlapping. Made in C: a segment asks about a few entries and the
        forbidden spellings, so testing only their hits costs less than a Python pass over
        them all. Two tuples a text, not one a hit: the checks keep a scan per segment, and
        the garbage collector's work grows with the number of objects kept."""
        if self._automaton is None:
            return (), ()
        hits = tuple(zip(*self._automaton.iter(folded), strict=True))
        return hits if hits else ((), ())


def _word_start(folded: str, last: int, spelling: Spelling) -> int:
    """Where `spelling`, found ending at index `last` of `folded`, starts; -1 where it runs on
    into a word on either side ("union" in "reunion")."""
    start = last - spelling[0] + 1
    if spelling[1] and start > 0 and folded[start - 1].isalnum():
        return -1
    if spelling[2] and last + 1 < len(folded) and folded[last + 1].isalnum():
        return -1
    return start


@functools.lru_cache(maxsize=4096)
def _entry_index(entry: GlossaryEntry) -> _TargetIndex:
    """An index of one entry's renderings alone: one lookup in a text needs no pass for the
    whole glossary."""
    return _TargetIndex([entry])


class TargetScan:
    """The glossary's renderings in one English text, found in one pass over it: each entry's
    accepted renderings and the forbidden ones are cut from the same hits (and memoised)."""

    __slots__ = ("text", "_index", "_folded", "_lasts", "_spellings", "_matches", "_forbidden")

    def __init__(self, index: _TargetIndex, text: str) -> None:
        self.text = text
        self._index = index
        self._folded = fold(text)
        self._lasts, self._spellings = index.find(self._folded)
        self._matches: dict[int, list[TargetMatch]] = {}  # by entry number
        self._forbidden: list[TargetMatch] | None = None

    def _rendering_spans(self, number: int) -> list[tuple[int, int, str]]:
        """(start, end, rendering) of the accepted renderings of entry `number`: longest
        first, non-overlapping, left to right."""
        folded, lasts = self._folded, self._lasts
        found: list[tuple[int, int, str]] = []
        for i, spelling in enumerate(self._spellings):  # (zip with lasts costs more)
            numbers = spelling[3]
            if number in numbers:
                start = _word_start(folded, lasts[i], spelling)
                if start >= 0:
                    found.append((start, lasts[i] + 1, spelling[4][numbers.index(number)]))
        return _non_overlapping(found)

    def renderings(self, entry: GlossaryEntry) -> list[TargetMatch]:
        """Accepted renderings of `entry` (see `Glossary.find_renderings`)."""
        number = self._index.number_of(entry)
        if number is None:
            return TargetScan(_entry_index(entry), self.text).renderings(entry)
        known = self._matches.get(number)
        if known is not None:
            return known
        text = self.text
        matches = [
            TargetMatch(start, end, text[start:end], entry, rendering)
            for start, end, rendering in self._rendering_spans(number)
        ]
        self._matches[number] = matches
        return matches

    def forbidden(self) -> list[TargetMatch]:
        """Forbidden renderings of every entry (see `Glossary.find_forbidden`)."""
        if self._forbidden is not None:
            return self._forbidden
        folded, lasts = self._folded, self._lasts
        by_entry: dict[int, list[tuple[int, int, str]]] = {}
        for i, spelling in enumerate(self._spellings):
            if spelling[5]:
                start = _word_start(folded, lasts[i], spelling)
                if start >= 0:
                    for number, phrase in spelling[5]:
                        by_entry.setdefault(number, []).append((start, lasts[i] + 1, phrase))
        if not by_entry:  # most texts
            self._forbidden = []
            return self._forbidden
        text = self.text
        matches: list[TargetMatch] = []
        for number, found in by_entry.items():
            accepted = self._rendering_spans(number)
            for start, end, phrase in _non_overlapping(found):
                if any(a_start <= start and end <= a_end for a_start, a_end, _ in accepted):
                    continue
                entry = self._index.entries[number]
                matches.append(TargetMatch(start, end, text[start:end], entry, phrase))
        matches.sort(key=lambda m: (m.start, m.start - m.end))
        self._forbidden = matches
        return matches


class Glossary:
    """A loaded glossary: entries plus the indexes that find them in text.

    Indexes are built on first use and left out when pickled (Streamlit's cache_data pickles).
    """

    def __init__(self, entries: Iterable[GlossaryEntry] = ()) -> None:
        self.entries: list[GlossaryEntry] = list(entries)
        self._by_source = {e.source: e for e in reversed(self.entries) if e.source}
        self._source_automaton: ahocorasick.Automaton | None = None
        self._source_entries: list[GlossaryEntry] = []
        self._target_index: _TargetIndex | None = None
        self._built = False

    def __len__(self) -> int:
        return len(self.entries)

    def __getstate__(self) -> dict[str, Any]:
        return {"entries": self.entries}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["entries"])  # type: ignore[misc]

    def _build(self) -> None:
        if self._built:
            return
        # (length in UTF-8, length, entry number): numbers only, untracked by the collector
        values = {}
        for number, source in enumerate(self._by_source):
            key = _utf8_chars(source)
            values[key] = (len(key), len(source), number)
        self._source_entries = list(self._by_source.values())
        self._source_automaton = automaton_of(values)
        self._target_index = _TargetIndex(self.entries)
        self._built = True

    def by_source(self, source: str) -> GlossaryEntry | None:
        return self._by_source.get(source)

    @property
    def names(self) -> list[GlossaryEntry]:
        return [e for e in self.entries if e.kind == "name"]

    @property
    def style_rules(self) -> list[GlossaryEntry]:
        return [e for e in self.entries if e.is_style]

    def match_source(self, text: str) -> list[SourceMatch]:
        """Glossary terms in Chinese text: longest first, non-overlapping, left to right
        (区教育工会 wins over 教育工会 and 工会)."""
        self._build()
        if self._source_automaton is None:
            return []
        raw = text.encode("utf-8", "surrogatepass")
        # Overlaps are settled on byte offsets (they order spans as character offsets do),
        # longest in characters first, so only the spans kept are converted to characters.
        ranked = sorted(
            [
                (last + 1 - size, last + 1, -length, number)
                for last, (size, length, number) in self._source_automaton.iter(
                    raw.decode("latin-1")
                )
            ],
            key=_LONGEST_FIRST,
        )
        entries = self._source_entries
        matches = [
            SourceMatch(
                start := len(raw[:byte_start].decode("utf-8", "surrogatepass")),
                start - minus_length,
                entries[number],
            )
            for byte_start, _, minus_length, number in _first_come(ranked)
        ]
        if len(matches) > 1:
            matches.sort(key=attrgetter("start"))
        return matches

    def scan_target(self, target: str) -> TargetScan:
        """Every accepted and forbidden rendering of every entry in English text, found in one
        pass (for several lookups in the same text)."""
        self._build()
        assert self._target_index is not None
        return TargetScan(self._target_index, target)

    def find_renderings(self, entry: GlossaryEntry, target: str) -> list[TargetMatch]:
        """Accepted renderings of `entry` in English text, case-insensitive (compare case with
        `TargetMatch.case_matches`); longest first, non-overlapping, left to right. (For
        several entries in one text, `scan_target` finds them all in one pass.)"""
        return TargetScan(_entry_index(entry), target).renderings(entry)

    def find_forbidden(self, target: str) -> list[TargetMatch]:
        """Forbidden renderings of every entry (style rules included) in English text.

        Hits of different entries may overlap (the caller keeps those whose source term is in
        the segment); a hit inside an accepted rendering of the same entry is not reported.
        """
        return self.scan_target(target).forbidden()
