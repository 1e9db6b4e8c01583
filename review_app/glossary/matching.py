"""Finding glossary terms in Chinese text and their renderings in English text.

Both sides use Aho–Corasick automata (pyahocorasick), so the cost of a lookup depends on the
length of the text and the number of hits, not on the size of the glossary. pyahocorasick
finds a node's children by a linear scan, so Chinese keys go in as UTF-8 bytes (at most 64
children per node) instead of characters (thousands under the root of a large glossary).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick

from review_app.glossary.entry import GlossaryEntry

# One character in, one character out, so offsets in the folded text are offsets in the original.
_FOLD = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2019": "'",
        "\u00a0": " ",
        "\t": " ",
        "\n": " ",
        "\r": " ",
        "\u3000": " ",
    }
)
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")
_HEAD_BEFORE = (" of ", " for ", " in ", " to ", " at ")


@dataclass(frozen=True)
class SourceMatch:
    """A glossary source term found in Chinese text: `text[start:end] == entry.source`."""

    start: int
    end: int
    entry: GlossaryEntry


@dataclass(frozen=True)
class TargetMatch:
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
    return lowered.translate(_FOLD)


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


def _is_boundary(text: str, index: int, inner: str) -> bool:
    """No word continues across `index` (only checked where the phrase itself has a word
    character at that edge, so "《" or "…" match anywhere)."""
    if not inner.isalnum() or index < 0 or index >= len(text):
        return True
    return not text[index].isalnum()


def _non_overlapping(spans: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Longest spans first (ties: leftmost), none overlapping, returned left to right."""
    taken: list[tuple[int, int, Any]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= t[0] or span[0] >= t[1] for t in taken):
            taken.append(span)
    return sorted(taken, key=lambda s: s[0])


def _utf8_chars(text: str) -> str:
    """The UTF-8 bytes of `text` as a str of code points 0–255 (what the automaton indexes)."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def _automaton(keys: dict[str, Any]) -> ahocorasick.Automaton | None:
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in keys.items():
        automaton.add_word(key, (key, value))
    automaton.make_automaton()
    return automaton


class PhraseIndex:
    """English phrases (each tied to a value) found in text word-boundary aware, case-insensitively,
    tolerant of regular plurals and hyphen/space/fused spellings of hyphenated compounds."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        keys: dict[str, list[tuple[str, Any]]] = {}
        for phrase, value in phrases:
            for form in surface_forms(phrase):
                keys.setdefault(form, []).append((phrase, value))
        self._automaton = _automaton(keys)

    def find(self, text: str) -> Iterator[tuple[int, int, str, Any]]:
        """Every hit as (start, end, phrase, value); hits may overlap."""
        if self._automaton is None:
            return
        folded = fold(text)
        for last, (key, pairs) in self._automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if _is_boundary(folded, start - 1, key[0]) and _is_boundary(folded, end, key[-1]):
                for phrase, value in pairs:
                    yield start, end, phrase, value


@functools.lru_cache(maxsize=4096)
def _renderings_index(renderings: tuple[str, ...]) -> PhraseIndex:
    return PhraseIndex((r, r) for r in renderings)


class Glossary:
    """A loaded glossary: entries plus the indexes that find them in text.

    Indexes are built on first use and left out when pickled (Streamlit's cache_data pickles).
    """

    def __init__(self, entries: Iterable[GlossaryEntry] = ()) -> None:
        self.entries: list[GlossaryEntry] = list(entries)
        self._by_source = {e.source: e for e in reversed(self.entries) if e.source}
        self._source_automaton: ahocorasick.Automaton | None = None
        self._forbidden_index: PhraseIndex | None = None
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
        self._source_automaton = _automaton(
            {_utf8_chars(source): entry for source, entry in self._by_source.items()}
        )
        self._forbidden_index = PhraseIndex(
            (wrong, entry) for entry in self.entries for wrong in entry.forbidden
        )
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
        spans = []
        for last, (key, entry) in self._source_automaton.iter(raw.decode("latin-1")):
            start = len(raw[: last + 1 - len(key)].decode("utf-8", "surrogatepass"))
            spans.append((start, start + len(entry.source), entry))
        return [SourceMatch(s, e, entry) for s, e, entry in _non_overlapping(spans)]

    def find_renderings(self, entry: GlossaryEntry, target: str) -> list[TargetMatch]:
        """Accepted renderings of `entry` in English text, case-insensitive (compare case with
        `TargetMatch.case_matches`); longest first, non-overlapping, left to right."""
        hits = [
            (s, e, rendering)
            for s, e, rendering, _ in _renderings_index(entry.accepted).find(target)
        ]
        return [
            TargetMatch(s, e, target[s:e], entry, rendering)
            for s, e, rendering in _non_overlapping(hits)
        ]

    def find_forbidden(self, target: str) -> list[TargetMatch]:
        """Forbidden renderings of every entry (style rules included) in English text.

        One automaton over the whole glossary. Hits of different entries may overlap (the
        caller keeps those whose source term is in the segment); a hit inside an accepted
        rendering of the same entry is not reported.
        """
        self._build()
        assert self._forbidden_index is not None
        by_entry: dict[GlossaryEntry, list[tuple[int, int, str]]] = {}
        for start, end, phrase, entry in self._forbidden_index.find(target):
            by_entry.setdefault(entry, []).append((start, end, phrase))
        matches: list[TargetMatch] = []
        for entry, hits in by_entry.items():
            accepted = self.find_renderings(entry, target)
            for start, end, phrase in _non_overlapping(hits):
                if any(a.start <= start and end <= a.end for a in accepted):
                    continue
                matches.append(TargetMatch(start, end, target[start:end], entry, phrase))
        matches.sort(key=lambda m: (m.start, m.start - m.end))
        return matches
