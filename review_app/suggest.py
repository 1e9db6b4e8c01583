"""Glossary growth: candidate terms mined from approved segments.

Chinese candidates are jieba words and runs of two or three words (content words at both
ends) that recur in approved segments and are not in the glossary yet. Each candidate's
English is the word n-gram (1–4 words, no function word at either end) that best goes with
it: highest Dice association between "source has the term" and "English has the n-gram" over
the approved segments, so a rendering that is everywhere ("the union") loses to one that
appears exactly where the term does. Its consistency is the share of the term's segments
whose English contains that rendering.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jieba
import jieba.posseg

from review_app.checks.names import confirmed_names, name_reading, normalise, split_surname
from review_app.glossary import Glossary, GlossaryEntry, load_workspace_glossary
from review_app.lexicon import (
    ENGLISH_FUNCTION_WORDS,
    en_words,
    lexical_similarity,
    stem,
    zh_glosses,
)
from review_app.tm import TMUnit, workspace_units

jieba.setLogLevel(logging.WARNING)

MAX_TERM_WORDS = 3
MAX_RENDERING_WORDS = 5
# A word followed (preceded) by the same word this often is not where a rendering ends
# (starts): "trade" → "union".
BOUND_SHARE = 0.9
DEFAULT_MIN_CONSISTENCY = 0.6
# Dice + half the dictionary support; below this the pairing is a coincidence of two
# sentences ("贡献力量" → "city").
DEFAULT_MIN_ASSOCIATION = 0.75
# jieba part-of-speech tags that may start/end a term (nouns, verbal nouns, abbreviations,
# idioms); a single word needs one of the proper-noun-like tags or three characters.
_CONTENT_TAGS = ("n", "vn", "j", "l", "i", "b", "s")
_PROPER_TAGS = {"j", "nz", "nt", "ns", "nr", "nrt", "nrfg", "l", "i"}
# Tags that never occur inside a term. Plain "u" (之 in 职工之家) and "q" (家) may: jieba cuts
# the same term differently by context (职工之家 is 职工/之家 in one sentence, 职工/之/家 in
# the next), so terms are built from tokens, not looked up as words.
_FUNCTION_TAGS = ("uj", "ul", "uz", "ug", "uv", "ud", "p", "c", "x", "m", "d", "y", "e", "o", "t")
_FUNCTION_WORDS = frozenset("的地得了着过和与及或并等在是对把被将向从为以于而也都就又还所其")
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*(?:['’](?![A-Za-z]))?")


@dataclass(frozen=True)
class Suggestion:
    """A candidate glossary entry and the evidence for it."""

    source: str
    target: str
    kind: str
    segments: int  # approved segments whose source has the term
    agreeing: int  # of those, how many render it as `target`
    consistency: float
    association: float  # Dice of term and rendering + half its dictionary support, 0–1.5
    examples: tuple[str, ...]  # "article segment" of the first few agreeing segments

    def as_entry(self, domain: str = "general") -> GlossaryEntry:
        note = f"suggested from {self.agreeing} approved segments ({', '.join(self.examples)})"
        return GlossaryEntry(
            source=self.source, target=self.target, kind=self.kind, domain=domain, note=note
        )


@dataclass(frozen=True)
class _Token:
    start: int
    word: str
    tag: str


@functools.lru_cache(maxsize=20_000)
def _tokens(source: str) -> tuple[_Token, ...]:
    out, pos = [], 0
    for pair in jieba.posseg.lcut(source):
        out.append(_Token(pos, pair.word, pair.flag))
        pos += len(pair.word)
    return tuple(out)


def _is_content(token: _Token) -> bool:
    return bool(_HAN_ONLY.fullmatch(token.word)) and token.tag.startswith(_CONTENT_TAGS)


def _is_inner(token: _Token) -> bool:
    return (
        bool(_HAN_ONLY.fullmatch(token.word))
        and token.word not in _FUNCTION_WORDS
        and not token.tag.startswith(_FUNCTION_TAGS)
        and not (token.tag == "r" and len(token.word) == 1)
    )


def _can_end(token: _Token) -> bool:
    return _is_content(token) or token.tag == "q" or (token.tag == "r" and len(token.word) > 1)


@dataclass(frozen=True)
class TermOccurrence:
    """A candidate term in one sentence, with the content words on either side ("" if the
    term starts or ends at punctuation, a function word or the sentence edge)."""

    term: str
    kind: str
    before: str
    after: str


def source_terms(source: str, covered: Sequence[tuple[int, int]] = ()) -> list[TermOccurrence]:
    """Candidate terms of one Chinese sentence; kind "name" for a person name that the names
    checks confirm (`review_app.checks.names.confirmed_names`).

    `covered` are spans already matched by the glossary: terms inside them are not new.
    """
    tokens = _tokens(source)
    names = confirmed_names(source)
    found: list[TermOccurrence] = []
    for i, first in enumerate(tokens):
        if not _is_content(first):
            continue
        for n in range(1, MAX_TERM_WORDS + 1):
            run = tokens[i : i + n]
            if len(run) < n or not all(_is_inner(t) for t in run):
                break
            last = run[-1]
            if n > 1 and not _can_end(last):
                continue
            term = "".join(t.word for t in run)
            if n == 1 and len(term) < 3 and first.tag not in _PROPER_TAGS:
                continue
            start, end = first.start, last.start + len(last.word)
            if any(a <= start and end <= b for a, b in covered):
                continue
            before = tokens[i - 1] if i > 0 else None
            after = tokens[i + n] if i + n < len(tokens) else None
            found.append(
                TermOccurrence(
                    term,
                    "name" if term in names else "term",
                    before.word if before and _is_inner(before) else "",
                    after.word if after and _is_inner(after) else "",
                )
            )
    return found


def _is_fragment(occurrences: Sequence[TermOccurrence]) -> bool:
    """Seen more than once, always next to the same content word: a piece of a longer term."""
    if len(occurrences) < 2:
        return False
    befores = {o.before for o in occurrences}
    afters = {o.after for o in occurrences}
    return (len(befores) == 1 and "" not in befores) or (len(afters) == 1 and "" not in afters)


def english_ngrams(target: str) -> dict[str, str]:
    """Word n-grams of an English text, lower-cased → their spelling in the text."""
    words = list(_EN_WORD.finditer(target))
    grams: dict[str, str] = {}
    for i in range(len(words)):
        if words[i].group().lower() in ENGLISH_FUNCTION_WORDS:
            continue
        for n in range(1, MAX_RENDERING_WORDS + 1):
            run = words[i : i + n]
            if len(run) < n:
                break
            if run[-1].group().lower() in ENGLISH_FUNCTION_WORDS:
                continue
            key = " ".join(m.group().lower() for m in run)
            grams.setdefault(key, target[run[0].start() : run[-1].end()])
    return grams


def _pinyin_spellings(name: str, grams: Sequence[str]) -> list[str]:
    """The n-grams that spell the name in pinyin (either order, any spacing or hyphens)."""
    parts = split_surname(name)
    if parts is None:
        return []
    reading = name_reading(name, parts[0])
    spellings = reading.compact | {g + s for s in reading.surnames for g in reading.givens}
    return [g for g in grams if normalise(g) in spellings]


def _bound_words(targets: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Words that nearly always run on into the same next word, and words that nearly
    always follow the same word: a rendering should not end, or start, with them."""
    totals: Counter[str] = Counter()
    nexts: dict[str, Counter[str]] = {}
    prevs: dict[str, Counter[str]] = {}
    for target in targets:
        words = [m.group().lower() for m in _EN_WORD.finditer(target)]
        totals.update(words)
        for left, right in zip(words, words[1:], strict=False):
            nexts.setdefault(left, Counter())[stem(right)] += 1
            prevs.setdefault(right, Counter())[stem(left)] += 1

    def bound(neighbours: dict[str, Counter[str]]) -> frozenset[str]:
        return frozenset(
            word
            for word, counts in neighbours.items()
            if totals[word] >= 2 and counts.most_common(1)[0][1] >= BOUND_SHARE * totals[word]
        )

    return bound(nexts), bound(prevs)


def suggest(
    units: Iterable[TMUnit],
    glossary: Glossary,
    *,
    min_count: int = 2,
    min_consistency: float = DEFAULT_MIN_CONSISTENCY,
    min_association: float = DEFAULT_MIN_ASSOCIATION,
    limit: int | None = 50,
) -> list[Suggestion]:
    """Ranked candidates: most agreeing segments first, then most consistent, then longest."""
    units = list(units)
    occurrences: dict[str, list[tuple[int, TermOccurrence]]] = {}
    grams: list[dict[str, str]] = []
    gram_counts: Counter[str] = Counter()
    for index, unit in enumerate(units):
        covered = [(m.start, m.end) for m in glossary.match_source(unit.source)]
        for occurrence in source_terms(unit.source, covered):
            if glossary.by_source(occurrence.term) is None:
                occurrences.setdefault(occurrence.term, []).append((index, occurrence))
        grams.append(english_ngrams(unit.target))
        gram_counts.update(grams[-1].keys())

    runs_on, follows = _bound_words(u.target for u in units)
    found: list[Suggestion] = []
    for term, seen in occurrences.items():
        indexes = sorted({index for index, _ in seen})
        if len(indexes) < min_count or _is_fragment([o for _, o in seen]):
            continue
        need = max(min_count, math.ceil(min_consistency * len(indexes) - 1e-9))
        eligible = [
            g for g, n in Counter(g for i in indexes for g in grams[i]).items() if n >= need
        ]
        kind = seen[0][1].kind
        if kind == "name":
            eligible = _pinyin_spellings(term, eligible)
        whole = [
            g for g in eligible if g.split()[-1] not in runs_on and g.split()[0] not in follows
        ]
        rendering = _best_rendering(
            term, whole or eligible, [grams[i] for i in indexes], gram_counts
        )
        if rendering is None or rendering[1] < min_association:
            continue
        best, strength = rendering
        agreeing = [i for i in indexes if best in grams[i]]
        spellings = Counter(grams[i][best] for i in agreeing)
        found.append(
            Suggestion(
                source=term,
                target=spellings.most_common(1)[0][0],
                kind=kind,
                segments=len(indexes),
                agreeing=len(agreeing),
                consistency=round(len(agreeing) / len(indexes), 3),
                association=strength,
                examples=tuple(units[i].origin for i in agreeing[:3]),
            )
        )
    found.sort(key=lambda s: (-s.agreeing, -s.consistency, -len(s.source), s.source))
    return found[:limit] if limit is not None else found


def _best_rendering(
    term: str,
    eligible: Sequence[str],
    term_grams: Sequence[dict[str, str]],
    gram_counts: Counter[str],
) -> tuple[str, float] | None:
    """The eligible English n-gram most associated with the term, and that association: the
    Dice coefficient of "source has the term" and "English has the n-gram" plus half the
    share of the term's dictionary words the n-gram translates (CC-CEDICT). Ties go to the
    n-gram whose word count is nearest to one word per two Chinese characters, then the
    longest."""
    glosses = zh_glosses(term)
    expected_words = max(1, round(len(term) / 2))

    def association(gram: str) -> tuple[float, int, int]:
        together = sum(gram in grams for grams in term_grams)
        dice = 2 * together / (len(term_grams) + gram_counts[gram])
        lexical = lexical_similarity(glosses, en_words(gram))
        words = len(gram.split())
        return round(dice + lexical / 2, 3), -abs(words - expected_words), words

    if not eligible:
        return None
    best = max(eligible, key=association)
    return best, association(best)[0]


def workspace_suggestions(
    workspace: str | Path,
    *,
    min_count: int = 2,
    min_consistency: float = DEFAULT_MIN_CONSISTENCY,
    limit: int | None = 50,
) -> list[Suggestion]:
    """Suggestions from the workspace's approved segments against its glossary."""
    units, _ = workspace_units(workspace)
    return suggest(
        units,
        load_workspace_glossary(workspace),
        min_count=min_count,
        min_consistency=min_consistency,
        limit=limit,
    )
