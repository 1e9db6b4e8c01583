"""Numbers: every number, date, percentage and ordinal of the Chinese must be in the English.

Chinese numerals are read with cn2an, including 万 (10⁴) and 亿 (10⁸) scales; 余/多/以上
("more than"), 近 ("nearly") and 约/左右 ("about") must keep their qualifier; 3月20日 must be
"March 20", and a month alone (3月 → March) is no mismatch. Chinese numerals count only where
they quantify something (a measure word follows, 第 precedes, or a multi-character number),
so idioms such as 一线, 三会一课 or 五一 raise nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

import cn2an

from review_app.checks.base import (
    ASCII_LETTERS_ONLY,
    Check,
    CheckContext,
    Flag,
    SegmentView,
    replace_span,
)
from review_app.glossary import automaton_of

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_ALT = "|".join(
    sorted(
        [m for m in MONTHS] + [m[:3] + r"\.?" for m in MONTHS if len(m) > 4] + [r"sept\.?"],
        key=len,
        reverse=True,
    )
)
_ZH_DIGITS = "零〇一二三四五六七八九十百千万亿两"
_CLASSIFIERS = set(
    "名人个位项件户家次届年岁元所座场天周票条点篇本部支批类种份处间栋台辆架套张期集章级班组队段轮倍吨亩"
)
_CLASSIFIER_WORDS = ("小时", "分钟", "公里", "平方米", "公顷", "千克", "万元", "亿元", "周年")
_IDIOMS = {"十分", "万一", "千万", "一一", "百万", "千千万万", "万万", "百分"}
_MORE = "余多"
_APPROX_BEFORE = {
    "近": "nearly",
    "将近": "nearly",
    "接近": "nearly",
    "约": "about",
    "大约": "about",
    "超过": "more",
    "逾": "more",
    "超": "more",
}
_APPROX_AFTER = {"余": "more", "多": "more", "以上": "more", "左右": "about"}
_APPROX_WORDS = {
    "more": ("more than", "over", "above", "upwards of", "in excess of", "at least",
             "exceeding", "-plus", "plus", "or more"),
    "nearly": ("nearly", "almost", "close to", "about", "around", "approximately",
               "some", "roughly", "up to", "under", "just under"),
    "about": ("about", "around", "approximately", "some", "roughly", "nearly", "or so",
              "an estimated"),
}  # fmt: skip
_APPROX_EN = {"more": "more than", "nearly": "nearly", "about": "about"}


class Quantity(NamedTuple):
    """A number found in text. `key` is what must agree between source and English:
    ("n", value), ("pct", value), ("date", month, day), ("month", month). A named tuple, not a
    dataclass: a frozen dataclass costs three times as much to create, and every segment
    creates a few. The readers below pass every field by position: keyword arguments make
    each one half as dear again."""

    key: tuple
    start: int
    end: int
    text: str
    ordinal: bool = False
    approx: str = ""
    style: str = "digits"  # how the English wrote it: digits, words, scale (2.5 million)

    def moved(self, offset: int) -> Quantity:
        """The same quantity in a text where its own text starts `offset` further on."""
        return Quantity(self.key, self.start + offset, self.end + offset, *self[3:])


@lru_cache(maxsize=4096)
def _cn_value(text: str) -> float | None:
    """cn2an's value of a Chinese numeral (cached: the same short numerals recur)."""
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


_ZH_ISO_DATE = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})|(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})"
)
# The look-ahead (every date opens with one of these) rejects most characters with one class
# test; without it `re` tries the optional year and both month alternatives at each.
_ZH_DATE = re.compile(
    r"(?=[0-9〇零一二三四五六七八九十])(?:(?<![0-9])([0-9]{4}|[〇零一二三四五六七八九]{4})年)?((?<![0-9])[0-9]{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:([0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号])?"
)
_ZH_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]|百分之([零一二三四五六七八九十百点.]+)")
_ZH_SCALES = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
_ZH_MULTIPLIERS = frozenset("十百千万亿")
# Digits with an optional scale (1,200.5 万), or a run of Chinese numerals. It opens with the
# class of its first character, not a look-ahead: `re` then skips to those characters in its
# fast prefix loop instead of trying a match at every character.
_ZH_NUMBER = re.compile(
    rf"[\d{_ZH_DIGITS}](?:(?<=\d)\d*(?:,\d{{3}})*(?:\.\d+)?\s*(?:万亿|万|亿)?|[{_ZH_DIGITS}]*)"
)


_START = attrgetter("start")


class _Collected:
    """Quantities found so far in a text, and which characters they already cover (a later,
    looser pattern must not read a date's day again as a plain number)."""

    def __init__(self, text: str) -> None:
        self.found: list[Quantity] = []
        self.taken = bytearray(len(text) + 1)  # 1 where a quantity already covers the character

    def add(self, quantity: Quantity) -> None:
        self.found.append(quantity)
        self.taken[quantity.start : quantity.end] = b"\1" * (quantity.end - quantity.start)


# A segment's own quantities are kept in its view for every check that reads them
# (`quantities_in_source` / `quantities_in_target`); this small cache serves what else recurs
# right away (completeness reads the quantities of each source sentence). Kept small: a named
# tuple is never untracked by the garbage collector, so a large cache's quantities are walked
# by every full collection. The English side has no such cache: only the view memo reads a
# segment's English, so a cache would only hash every sentence (~0.3 µs) for nothing.
_SENTENCE_CACHE_SIZE = 64


@lru_cache(maxsize=_SENTENCE_CACHE_SIZE)
def source_quantities(text: str) -> tuple[Quantity, ...]:
    """Numbers the English must carry, from a Chinese sentence."""
    collected = _Collected(text)
    found, taken, add = collected.found, collected.taken, collected.add

    # Each pattern runs only where its marker occurs: most sentences have no date or percentage.
    for m in _ZH_ISO_DATE.finditer(text) if "-" in text or "/" in text or "." in text else ():
        year, month, day = (g for g in m.groups() if g is not None)
        add(Quantity(("n", float(year)), m.start(), m.start() + 4, year))
        if 1 <= int(month) <= 12:
            add(Quantity(("date", int(month), int(day)), m.start() + 5, m.end(), m.group()[5:]))
    work = text
    if found:  # blank out the ISO dates: 2024-03-243月20日
        work = "".join(" " if taken[i] else ch for i, ch in enumerate(text))
    for m in _ZH_DATE.finditer(work) if "月" in text else ():
        if taken[m.start()]:
            continue
        month = _cn_value(m.group(2))
        if month is None or not 1 <= month <= 12:
            continue
        if m.group(1):
            year = _cn_value(m.group(1))
            if year:
                add(Quantity(("n", year), m.start(1), m.end(1), m.group(1)))
        day = _cn_value(m.group(3)) if m.group(3) else None
        key = ("date", int(month), int(day)) if day else ("month", int(month))
        add(Quantity(key, m.start(2), m.end(), m.group()[m.start(2) - m.start() :]))
    for m in _ZH_PERCENT.finditer(work) if "%" in text or "％" in text or "百分之" in text else ():
        value = float(m.group(1)) if m.group(1) else _cn_value(m.group(2).replace(".", "点"))
        if value is not None and not taken[m.start()]:
            add(
                Quantity(
                    ("pct", value),
                    m.start(),
                    m.end(),
                    m.group(),
                    approx=_approx(text, m.start(), m.end()),
                )
            )
    # The last pattern: its matches need not be marked as taken (none of them overlap).
    for m in _ZH_NUMBER.finditer(work):
        start, end = m.span()
        if taken[start] or taken[end - 1]:
            continue
        before = text[start - 2 : start] if start >= 2 else text[:start]
        reading = _zh_number_reading(m.group(), before, text[end : end + 3])
        if reading is None:
            continue
        value, ordinal, approx = reading
        first = start - 1 if ordinal else start
        found.append(Quantity(("n", value), first, end, text[first:end], ordinal, approx))
    found.sort(key=_START)
    return tuple(found)


@lru_cache(maxsize=16384)
def _zh_number_reading(number: str, before: str, after: str) -> tuple[float, bool, str] | None:
    """(value, ordinal, approximation) of a number of the Chinese, from the two characters
    `before` it and the three `after` it (all that 第, measure words and approximation markers
    need), or None where it quantifies nothing. Cached: a number in its context recurs (2024年,
    一个), and a plain tuple of plain values is nothing the garbage collector tracks."""
    text, start, end = before + number + after, len(before), len(before) + len(number)
    ordinal = before[-1:] == "第"
    if number[0] in _ZH_DIGITS:
        value = _chinese_numeral(text, start, end, number, ordinal)
    else:  # digits, then maybe a scale
        digits = number.rstrip("万亿")
        scale = number[len(digits) :]
        value = float(digits.rstrip().replace(",", "")) * _ZH_SCALES.get(scale, 1)
    if value is None:
        return None
    return value, ordinal, _approx(text, start, end)


def _chinese_numeral(text: str, start: int, end: int, run: str, ordinal: bool) -> float | None:
    following = text[end : end + 3]
    counted = following[:1] in _CLASSIFIERS or following.startswith(_CLASSIFIER_WORDS)
    multi = len(run) >= 2 and not _ZH_MULTIPLIERS.isdisjoint(run)
    if run in _IDIOMS:
        return None
    if not (ordinal or counted or multi):
        return None
    value = _cn_value(run)
    if value is None or (value == 1 and not ordinal):
        return None  # 一 + measure word is "a", "once", "each" as often as "one"
    return value


# The character next to the number that any marker after / before it has there: most numbers
# have no marker, and one set test each side says so.
_APPROX_AFTER_FIRST = frozenset(marker[0] for marker in _APPROX_AFTER)
# The two-character markers also follow a measure word; 余/多 there often start another word.
_APPROX_AFTER_WORD = {marker: kind for marker, kind in _APPROX_AFTER.items() if len(marker) == 2}
_APPROX_BEFORE_LAST = frozenset(marker[-1] for marker in _APPROX_BEFORE)


def _approx(text: str, start: int, end: int) -> str:
    # Markers are one or two characters, and no two-character one starts (after the number)
    # or ends (before it) with a one-character one of another kind: two look-ups each.
    # 30多名 / 120余人: the marker may follow a measure word-less number directly.
    if text[end : end + 1] in _APPROX_AFTER_FIRST:
        after = text[end : end + 2]
        kind = _APPROX_AFTER.get(after[:1]) or _APPROX_AFTER.get(after)
        if kind:
            return kind
    elif text[end : end + 1] in _CLASSIFIERS and text[end + 1 : end + 3] in _APPROX_AFTER_WORD:
        return _APPROX_AFTER_WORD[text[end + 1 : end + 3]]  # 三次左右, 100人以上
    if start and text[start - 1] in _APPROX_BEFORE_LAST:
        before = text[max(0, start - 2) : start]
        return _APPROX_BEFORE.get(before[-1:]) or _APPROX_BEFORE.get(before) or ""
    return ""


_WORD_VALUES = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_WORD_VALUES |= {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "twice": 2,
    "both": 2,
    "dozen": 12,
}
_ORDINAL_WORDS = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
}
_ORDINAL_WORDS |= {"thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# A pattern that opens with a digit writes "\b before it" as a look-behind after that digit,
# (?<!\w\d), so that it still opens with the digit: `re` then skips to digits fast instead of
# trying the look-behind at every character.
_EN_DATE_MD = re.compile(rf"\b({_MONTH_ALT})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_EN_DATE_DM = re.compile(
    rf"(\d(?<!\w\d)\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_ALT})(?![a-z])", re.I
)  # the month a whole word: "3 mayors", "20 Marines" are no dates
_EN_MONTH = re.compile(rf"\b({_MONTH_ALT})(?![a-z])", re.I)
_EN_ISO = re.compile(r"(\d(?<!\w\d)\d{3})-(\d{2})-(\d{2})\b")
_EN_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")
# A number not glued to a word or a decimal point.
_EN_NUMBER = re.compile(
    r"(\d(?<![\w.]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(\.\d+)?(?:(st|nd|rd|th)\b)?"
    r"(?:\s+(hundred|thousand|million|billion|trillion)\b)?"
)


def _ascii_twin(regex: re.Pattern[str]) -> re.Pattern[str]:
    """`regex` with [0-9] for \\d: in an ASCII text it finds the same, and `re` skips to an
    ASCII digit faster than to any Unicode one (English sentences are nearly all ASCII)."""
    return re.compile(regex.pattern.replace(r"\d", "[0-9]"), regex.flags)


_EN_ISO_ASCII = _ascii_twin(_EN_ISO)
_EN_NUMBER_ASCII = _ascii_twin(_EN_NUMBER)
_EN_NO = re.compile(r"No\.(?<!\wNo\.)\s?(\d+)")  # \bNo.: a literal start is found fast
_NUMBER_WORDS = (*_WORD_VALUES, *_ORDINAL_WORDS, *_SCALES)
_EN_WORDS = re.compile(
    r"\b(?:(?:" + "|".join([*_NUMBER_WORDS, "and", "a"]) + r")(?:[\s-]+|\b))+", re.I
)
# The "a" / "and" words that open a run of number words ("and a hundred"), read backwards
# from the first number word: where the run, and so the _EN_WORDS match, starts.
_WORDS_BEFORE_REVERSED = re.compile(r"(?:[\s-]+(?:a|dna)(?!\w))*", re.I)
_ASCII_WORD_RE = re.compile(r"[A-Za-z]+")
# Characters that re.I folds onto ASCII letters, or that lower() lengthens (İ ı ſ K): in a
# text with one, word hits in the lowercased text may miss matches or sit elsewhere.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")

_MONTH_WORDS = frozenset([*MONTHS, *(m[:3] for m in MONTHS), "sept"])
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


# (is it a month name, its length) for every month name and number word, each after a space:
# found only where a word starts, and most characters leave the automaton at its root, which
# has one way on instead of a dozen.
_WORD_AUTOMATON = automaton_of(
    {" " + word: (True, len(word)) for word in _MONTH_WORDS}
    | {" " + word: (False, len(word)) for word in _NUMBER_WORDS}
)


class _WordHits(NamedTuple):
    """Where month names and number words start a word in a lowercased text (they may end
    inside one: "mar" in "market"), and whether a month name stands as a whole word."""

    months: Sequence[int]
    numbers: Sequence[int]
    whole_month: bool


_NO_WORD_HITS = _WordHits((), (), False)  # the answer for half the sentences, made once


def _word_hits(text: str) -> _WordHits:
    """The hits in `text`, an ASCII text or a lowercased one (an ASCII text needs no lower():
    its letters are lowercased with the rest below)."""
    # A space before the text, and every character but a letter a space (a non-ASCII one
    # encodes as one "?", so every position stays): a word starts wherever a space precedes it.
    spaced = (b" " + text.encode("ascii", "replace").translate(ASCII_LETTERS_ONLY)).decode()
    months: list[int] = []
    numbers: list[int] = []
    whole_month = False
    # Hits come word by word, so a word's several hits ("four", "fourth") follow each other.
    for end, (is_month, length) in _WORD_AUTOMATON.iter(spaced):
        start = end - length  # in `text`, which has no space before it
        if not is_month:
            if not numbers or numbers[-1] != start:
                numbers.append(start)
            continue
        if not months or months[-1] != start:
            months.append(start)
        whole_month = whole_month or spaced[end + 1 : end + 2] not in _ASCII_LOWER
    if not (months or numbers):
        return _NO_WORD_HITS
    return _WordHits(months, numbers, whole_month)


def _word_run_start(text: str, first_number_word: int) -> int:
    """Where the run of number words that this one opens starts: "a" / "and" may come first."""
    previous = text[first_number_word - 1 : first_number_word]
    if not (previous.isspace() or previous == "-"):
        return first_number_word
    before = _WORDS_BEFORE_REVERSED.match(text[:first_number_word][::-1])
    return first_number_word - (before.end() if before else 0)


def _matches(
    regex: re.Pattern[str], text: str, starts: Sequence[int] | None
) -> Iterator[re.Match[str]]:
    """`regex.finditer(text)`, tried only at `starts` (ascending) when the caller knows every
    match begins at one of them (None: everywhere). A scan with a long case-insensitive
    alternation of words costs far more than a few anchored attempts."""
    if starts is None:
        yield from regex.finditer(text)
        return
    end = 0
    for start in starts:
        if start >= end and (m := regex.match(text, start)):
            end = m.end()
            yield m


# What re.I lets stand for an ASCII letter of a month name ("ſeptember" matches "september").
_CASE_TRAP_LETTERS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@lru_cache(maxsize=256)
def _month_number(name: str) -> int:
    """The month (1-12) a month name or abbreviation stands for (cached: a dozen names recur)."""
    name = name.translate(_CASE_TRAP_LETTERS).lower().rstrip(".")
    return next(i for i, m in enumerate(MONTHS, start=1) if m.startswith(name[:3]))


def target_quantities(text: str) -> tuple[Quantity, ...]:
    """Numbers, dates, percentages and ordinals in an English sentence."""
    collected = _Collected(text)
    found, taken, add = collected.found, collected.taken, collected.add

    ascii_text = text.isascii()
    iso = _EN_ISO_ASCII if ascii_text else _EN_ISO
    for m in iso.finditer(text) if "-" in text else ():
        add(Quantity(("n", float(m.group(1))), m.start(1), m.end(1), m.group(1)))
        add(
            Quantity(("date", int(m.group(2)), int(m.group(3))), m.start(2), m.end(), m.group()[5:])
        )
    hits = _word_hits(text if ascii_text else text.lower())
    # Where the hits are exact, a pattern that starts with a month name or a number word is
    # tried only at those; the date patterns run only with a whole month name in the text.
    exact = ascii_text or not _CASE_TRAPS.search(text)
    month_starts = hits.months if exact else None
    date_patterns = (
        ((_EN_DATE_MD, 1, 2, month_starts), (_EN_DATE_DM, 2, 1, None)) if hits.whole_month else ()
    )
    for regex, month_group, day_group, starts in date_patterns:
        for m in _matches(regex, text, starts):
            if taken[m.start()]:
                continue
            key = ("date", _month_number(m.group(month_group)), int(m.group(day_group)))
            add(Quantity(key, m.start(), m.end(), m.group()))
    for m in _matches(_EN_MONTH, text, month_starts) if hits.whole_month else ():
        if not taken[m.start()] and (m.group(1).lower() != "may" or m.group(1)[0] == "M"):
            add(Quantity(("month", _month_number(m.group(1))), m.start(), m.end(), m.group()))
    percent = "%" in text or "percent" in text or "per cent" in text
    for m in _EN_PERCENT.finditer(text) if percent else ():
        if not taken[m.start()]:
            add(Quantity(("pct", float(m.group(1))), m.start(), m.end(), m.group()))
    for m in _EN_NO.finditer(text) if "No." in text else ():
        add(Quantity(("n", float(m.group(1))), m.start(), m.end(), m.group(), True))
    # Only the number words, read last, look at what the digits cover ("5 million"); the
    # words' own matches need not be marked (none of them overlap).
    add_number = add if hits.numbers else found.append
    for m in (_EN_NUMBER_ASCII if ascii_text else _EN_NUMBER).finditer(text):
        start, end = m.span()
        if taken[start]:
            continue
        whole, fraction, suffix, scale = m.groups()
        value = float(whole.replace(",", "") + (fraction or ""))
        style = "digits"
        if scale:
            value *= _SCALES[scale.lower()]
            style = "scale"
        add_number(Quantity(("n", value), start, end, m.group(), suffix is not None, "", style))
    if hits.numbers:  # else _EN_WORDS finds at most "a" / "and" alone, which read as nothing
        word_starts = [_word_run_start(text, q) for q in hits.numbers] if exact else None
        for m in _matches(_EN_WORDS, text, word_starts):
            if taken[m.start()]:
                continue
            found += [q.moved(m.start()) for q in _word_numbers(m.group())]
    found.sort(key=_START)
    return tuple(found)


@lru_cache(maxsize=4096)
def _word_numbers(run: str) -> tuple[Quantity, ...]:
    """Spelled-out numbers in a run of number words ("two hundred", "twenty-five", "third"),
    placed in the run (cached: the same runs, "first", "two", recur)."""
    words = [(w.start(), w.end(), w.group().lower()) for w in _ASCII_WORD_RE.finditer(run)]
    found: list[Quantity] = []
    phrase: list[tuple[int, int, str]] = []
    for item in [*words, (len(run), len(run), "")]:
        word = item[2]
        unit = _WORD_VALUES.get(word, _ORDINAL_WORDS.get(word))
        previous = phrase[-1][2] if phrase else ""
        prev_value = _WORD_VALUES.get(previous, _ORDINAL_WORDS.get(previous))
        breaks = (
            unit is not None
            and prev_value is not None
            and not (prev_value >= 20 and prev_value % 10 == 0 and unit < 10)
        )
        if breaks or not (unit is not None or word in _SCALES or word in ("and", "a")):
            found += _phrase_value(run, phrase)
            phrase = []
        if word:
            phrase.append(item)
    return tuple(found)


def _phrase_value(text: str, phrase: list[tuple[int, int, str]]) -> Iterator[Quantity]:
    while phrase and phrase[-1][2] in ("and", "a"):
        phrase = phrase[:-1]
    while phrase and phrase[0][2] == "and":
        phrase = phrase[1:]
    if phrase and phrase[0][2] == "a" and (len(phrase) == 1 or phrase[1][2] not in _SCALES):
        phrase = phrase[1:]  # "a" is one only before a scale: "a hundred", not "a two-day"
    if not any(w in _WORD_VALUES or w in _ORDINAL_WORDS or w in _SCALES for _, _, w in phrase):
        return
    total, current, ordinal = 0.0, 0.0, False
    for _, _, word in phrase:
        if word in _SCALES:
            if word == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * _SCALES[word]
                current = 0.0
        elif word == "a":
            current = current or 1
        elif word != "and":
            ordinal = word in _ORDINAL_WORDS
            current += _WORD_VALUES.get(word, _ORDINAL_WORDS.get(word, 0))
    first, last = phrase[0][0], phrase[-1][1]
    style = "scale" if total >= 1e6 else "words"
    yield Quantity(
        ("n", total + current), first, last, text[first:last], ordinal=ordinal, style=style
    )


def found_in(q: Quantity, targets: tuple[Quantity, ...]) -> Quantity | None:
    """The English quantity that renders source quantity `q`, or None."""
    kind = q.key[0]
    if kind == "n":  # the commonest kind: the same number up to float rounding
        value = q.key[1]
        # Numbers of 309 digits and more are infinite as floats: one matches only its equal.
        tolerance = 0.0 if math.isinf(value) else 1e-9 * max(1.0, abs(value))
        for t in targets:
            if t.key[0] == "n" and (abs(value - t.key[1]) <= tolerance or value == t.key[1]):
                return t
        return None
    for t in targets:
        if t.key == q.key or (kind == "month" and t.key[0] == "date" and t.key[1] == q.key[1]):
            return t
    if kind == "date":  # "the 20th of March" style: month and day found apart
        months = {t.key[1] for t in targets if t.key[0] in ("month", "date")}
        days = {t.key[1] for t in targets if t.key[0] == "n"}
        if q.key[1] in months and float(q.key[2]) in days:
            return next(t for t in targets if t.key[0] == "n" and t.key[1] == q.key[2])
    if kind == "pct":
        return next((t for t in targets if t.key == ("n", q.key[1])), None)
    return None


def english_number(value: float, like: Quantity) -> str:
    """Write `value` the way the English wrote the quantity it replaces."""
    if like.style == "words" and value == int(value) and value <= 20:
        words = {
            v: w
            for w, v in (_ORDINAL_WORDS if like.ordinal else _WORD_VALUES).items()
            if w not in ("twice", "both", "dozen")
        }
        word = words.get(int(value))
        if word:
            return word.capitalize() if like.text[:1].isupper() else word
    if like.style == "scale" or value >= 1e6:
        for name, scale in (("billion", 1e9), ("million", 1e6)):
            if value >= scale:
                return f"{value / scale:,.3f}".rstrip("0").rstrip(".") + f" {name}"
    if like.ordinal and like.text.startswith("No"):
        return f"No. {value:g}"
    text = f"{value:,.10f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if 1000 <= value <= 2100 and value == int(value) and "," not in like.text:
        text = text.replace(",", "")  # a year
    if like.ordinal and value == int(value):
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(
            int(value) % 10 if int(value) % 100 not in (11, 12, 13) else 0, "th"
        )
        text += suffix
    return text


def _describe(q: Quantity) -> str:
    kind = q.key[0]
    if kind == "date":
        return f"{MONTHS[q.key[1] - 1].capitalize()} {q.key[2]}"
    if kind == "month":
        return MONTHS[q.key[1] - 1].capitalize()
    if kind == "pct":
        return f"{q.key[1]:g}%"
    value = q.key[1]
    return english_number(
        value,
        Quantity(q.key, 0, 0, "", ordinal=q.ordinal, style="scale" if value >= 1e6 else "digits"),
    )


def _replacement(q: Quantity, extra: Quantity) -> str:
    if q.key[0] == "date":
        month = MONTHS[q.key[1] - 1].capitalize()
        return f"{q.key[2]} {month}" if extra.text[:1].isdigit() else f"{month} {q.key[2]}"
    if q.key[0] == "pct":
        suffix = (
            extra.text[len(extra.text.rstrip("%")) :] if extra.text.endswith("%") else (" percent")
        )
        return f"{q.key[1]:g}{suffix}"
    return english_number(q.key[1], extra)


def _compatible(q: Quantity, t: Quantity) -> bool:
    if q.key[0] != t.key[0]:
        return False
    if q.key[0] == "n":
        if t.style == "words":
            return q.key[1] <= 20 and q.ordinal == t.ordinal
        return q.ordinal == t.ordinal or t.text.startswith("No")
    return True


def quantities_in_source(view: SegmentView) -> tuple[Quantity, ...]:
    """The segment's Chinese quantities, read once for all its checks."""
    return view.memo("source_quantities", lambda: source_quantities(view.source))


def quantities_in_target(view: SegmentView) -> tuple[Quantity, ...]:
    """The segment's English quantities, read once for all its checks."""
    return view.memo("target_quantities", lambda: target_quantities(view.target))


class NumberMismatch(Check):
    check_id = "numbers.mismatch"
    category = "numbers"
    severity = "error"
    description = (
        "A number, date, percentage or ordinal of the Chinese is missing or different in the "
        "English (万/亿 scales, 3月20日 → March 20, 第二 → second / No. 2)."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        sources = quantities_in_source(view)
        if not sources:
            return
        targets = quantities_in_target(view)
        missing = [q for q in sources if found_in(q, targets) is None]
        if not missing:
            return
        used = {id(t) for q in sources if (t := found_in(q, targets)) is not None}
        extras = [t for t in targets if id(t) not in used and t.key[0] != "month"]
        for q in missing:
            partner = next((t for t in extras if _compatible(q, t)), None)
            said = _describe(q)
            if partner is None:
                yield self.flag(
                    f"The Chinese has {q.text} ({said}) but the English does not; add it.",
                    source_span=(q.start, q.end),
                )
                continue
            extras.remove(partner)
            fixed = _replacement(q, partner)
            yield self.flag(
                f"The English says “{partner.text}” where the Chinese has {q.text} "
                f"({said}); write “{fixed}”.",
                source_span=(q.start, q.end),
                target_span=(partner.start, partner.end),
                fix=replace_span(view.target, partner.start, partner.end, fixed),
            )


class Approximation(Check):
    check_id = "numbers.approximation"
    category = "numbers"
    severity = "warning"
    description = (
        "余/多/以上 (more than), 近 (nearly) or 约/左右 (about) is lost: the English gives "
        "the number as exact."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        for q in quantities_in_source(view):
            if not q.approx:
                continue
            t = found_in(q, quantities_in_target(view))
            if t is None:
                continue
            lowered = view.target.lower()
            before = lowered[max(0, t.start - 25) : t.start]
            after = lowered[t.end : t.end + 12]
            words = _APPROX_WORDS[q.approx]
            if any(before.rstrip().endswith(w) or after.startswith((w, " " + w)) for w in words):
                continue
            wanted = _APPROX_EN[q.approx]
            yield self.flag(
                f"The Chinese says {q.text} (“{wanted} {_describe(q)}”) but the English gives "
                f"“{t.text}” as an exact number; write “{wanted} {t.text}”.",
                source_span=(q.start, q.end),
                target_span=(t.start, t.end),
                fix=replace_span(view.target, t.start, t.start, wanted + " "),
            )
