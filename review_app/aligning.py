"""Align source sentences with draft sentences: paragraphs first, then sentences.

One banded dynamic programme serves both levels. A bead's cost is a Gale–Church length
cost (calibrated for Chinese characters → English characters), a prior for its shape, and
anchors: numbers and dates must agree, person names and glossary terms found on both sides
pull a pair together. Draft lines that look like page cruft are cheap to leave unpaired.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from review_app.lexicon import en_words, lexical_similarity, zh_glosses

# English characters (spaces included) per Chinese character, and the variance per character,
# fitted on the sentence-parallel reference translations in translations/sources/.
CHARS_PER_HAN = 4.5
VARIANCE = 36.0

SENTENCE_SHAPES = {(1, 1): 0.12, (2, 1): 3.1, (1, 2): 3.1, (2, 2): 4.5, (1, 0): 5.3, (0, 1): 5.3}
PARAGRAPH_SHAPES = {**SENTENCE_SHAPES, (3, 1): 6.0, (1, 3): 6.0}
_NULL_COST_PER_CHAR = 0.02
_ANCHOR_MATCH = 1.5
_ANCHOR_MISMATCH = 1.0
_LEXICAL_WEIGHT = 6.0
_LEXICAL_EXPECTED = 0.4

CRUFT_RE = re.compile(
    r"""^(?:share\s+(?:on|to)\b.*|print(?:\s+this(?:\s+page)?)?|close(?:\s+window)?|back\s+to\s+top
    |home\s*(?:>|»|/|›).*|.*\s(?:>|»|›)\s.*|.*-logo|logo\b.*|source\s*:.*|editor\s*:.*
    |(?:responsible\s+)?editor\s+in\s+charge\s*:.*|author\s*:.*published.*|views?\s*:\s*\d+.*
    |click(?:s)?\s*:\s*\d+.*|font\s+size.*|previous\s*:.*|next\s*:.*|related\s+(?:news|articles).*
    |wechat|weibo|facebook|twitter|linkedin|qr\s+code.*|scan\s+.*qr.*|copyright.*|©.*)$""",
    re.IGNORECASE | re.VERBOSE,
)


def looks_like_cruft(text: str) -> bool:
    """Web-page furniture an MT draft picks up: share buttons, breadcrumbs, logo captions."""
    return bool(CRUFT_RE.match(text.strip().strip("【】[]()（）<>《》 ")))


@dataclass(frozen=True)
class Bead:
    """A group of consecutive source units paired with a group of consecutive draft units."""

    source: tuple[int, ...]
    draft: tuple[int, ...]
    confidence: float

    @property
    def shape(self) -> str:
        return f"{len(self.source)}:{len(self.draft)}"


def han_length(text: str) -> int:
    """Characters that are not white space (`str.split` splits on exactly those)."""
    return len("".join(text.split()))


def en_length(text: str) -> int:
    return len(text.strip())


_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_NUM_EN_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_MONTH_EN_RE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
_NUM_ZH_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿|月)?")


def _number_key(value: float) -> str:
    return f"#{value:g}"


def zh_number_anchors(text: str) -> set[str]:
    keys = set()
    for match in _NUM_ZH_RE.finditer(text):
        value = float(match.group(1))
        unit = match.group(2)
        if unit == "月":
            keys.add(f"m{value:g}")
        else:
            keys.add(_number_key(value * {"万": 1e4, "亿": 1e8}.get(unit or "", 1)))
    return keys


def en_number_anchors(text: str) -> set[str]:
    keys = {_number_key(float(m.group().replace(",", ""))) for m in _NUM_EN_RE.finditer(text)}
    keys |= {f"m{_MONTHS[m.group(1).lower()]}" for m in _MONTH_EN_RE.finditer(text)}
    return keys


class Features(NamedTuple):
    """What a unit brings to the bead cost: hard number anchors, soft name/term anchors, and
    dictionary vocabulary (gloss sets on the Chinese side, word stems on the English side)."""

    numbers: frozenset[str]
    soft: frozenset[str]
    vocabulary: tuple[frozenset[str], ...] | frozenset[str]


@dataclass
class Anchors:
    """Anchor extraction for one article: numbers, dictionary glosses and a name/term lexicon.

    `lexicon` maps a key to (Chinese forms, lower-case English forms); a key found on both
    sides of a bead counts as a match, a key on one side only costs nothing (names and terms
    are often legitimately rephrased).
    """

    lexicon: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)

    def zh(self, text: str) -> Features:
        soft = {k for k, (forms, _) in self.lexicon.items() if any(f in text for f in forms)}
        return Features(frozenset(zh_number_anchors(text)), frozenset(soft), zh_glosses(text))

    def en(self, text: str) -> Features:
        lowered = text.lower()
        soft = {k for k, (_, forms) in self.lexicon.items() if any(f in lowered for f in forms)}
        return Features(frozenset(en_number_anchors(text)), frozenset(soft), en_words(text))


def align(
    source: Sequence[str],
    draft: Sequence[str],
    anchors: Anchors | None = None,
    *,
    shapes: dict[tuple[int, int], float] = SENTENCE_SHAPES,
) -> list[Bead]:
    """Best monotone bead sequence covering every unit of both sides exactly once."""
    n, m = len(source), len(draft)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.5) for i in range(n)] + [
            Bead((), (j,), 0.9 if looks_like_cruft(draft[j]) else 0.4) for j in range(m)
        ]
    anchors = anchors or Anchors()
    src_len = [han_length(s) for s in source]
    dft_len = [en_length(d) for d in draft]
    src_anchor = [anchors.zh(s) for s in source]
    dft_anchor = [anchors.en(d) for d in draft]
    cruft = [looks_like_cruft(d) for d in draft]
    band = min(60, 12 + abs(n - m))

    def band_columns(i: int) -> range:
        """Draft positions within `band` of the diagonal (measured along either axis)."""
        lo = min(i * m / n - band, (i - band) * m / n)
        hi = max(i * m / n + band, (i + band) * m / n)
        return range(max(0, math.ceil(lo)), min(m, math.floor(hi)) + 1)

    @cache
    def bead_cost(i0: int, di: int, j0: int, dj: int) -> tuple[float, float]:
        return _bead_cost(
            shapes[(di, dj)],
            sum(src_len[i0 : i0 + di]),
            sum(dft_len[j0 : j0 + dj]),
            src_anchor[i0 : i0 + di],
            dft_anchor[j0 : j0 + dj],
            dj == 1 and di == 0 and cruft[j0],
        )

    inf = math.inf
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        for j in band_columns(i):
            if (i, j) == (0, 0):
                continue
            best, best_shape = inf, None
            for di, dj in shapes:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = cost.get((pi, pj))
                if prev is None:
                    continue
                total = prev + bead_cost(pi, di, pj, dj)[0]
                if total < best:
                    best, best_shape = total, (di, dj)
            if best_shape is not None:
                cost[(i, j)] = best
                back[(i, j)] = best_shape
    if (n, m) not in cost:  # the band always holds the corner (n, m)
        raise AssertionError("alignment band did not reach the end")
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = back[(i, j)]
        i, j = i - di, j - dj
        beads.append(
            Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), bead_cost(i, di, j, dj)[1])
        )
    beads.reverse()
    return beads


def _bead_cost(
    prior: float,
    src_chars: int,
    dft_chars: int,
    src: Sequence[Features],
    dft: Sequence[Features],
    is_cruft: bool,
) -> tuple[float, float]:
    """(cost, confidence in [0, 1]) of one bead."""
    if not src:
        if is_cruft:
            return 1.0, 0.9
        return prior + _NULL_COST_PER_CHAR * dft_chars, 0.4
    if not dft:
        return prior + _NULL_COST_PER_CHAR * CHARS_PER_HAN * src_chars, 0.4
    mean = (src_chars + dft_chars / CHARS_PER_HAN) / 2
    delta = (dft_chars - CHARS_PER_HAN * src_chars) / math.sqrt(VARIANCE * max(mean, 1.0))
    p_length = max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)
    numbers_s = frozenset().union(*(f.numbers for f in src))
    numbers_d = frozenset().union(*(f.numbers for f in dft))
    soft_s = frozenset().union(*(f.soft for f in src))
    soft_d = frozenset().union(*(f.soft for f in dft))
    matched = len(numbers_s & numbers_d) + len(soft_s & soft_d)
    mismatched = len(numbers_s ^ numbers_d)
    glosses = [g for f in src for g in f.vocabulary]
    lexical = lexical_similarity(glosses, frozenset().union(*(f.vocabulary for f in dft)))
    cost = (
        prior
        - math.log(p_length)
        - _ANCHOR_MATCH * matched
        + _ANCHOR_MISMATCH * mismatched
        + _LEXICAL_WEIGHT * (_LEXICAL_EXPECTED - lexical)
    )
    agreement = 1.0 if matched + mismatched == 0 else matched / (matched + mismatched)
    confidence = (0.4 * p_length + 0.3 * agreement + 0.3 * min(1.0, lexical / 0.5)) * (
        1.0 if prior < 1 else 0.9
    )
    return cost, round(min(1.0, confidence), 3)
