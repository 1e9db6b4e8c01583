"""Numbers: every number, date, percentage and ordinal of the Chinese must be in the English.

Chinese numerals are read with cn2an, including 万 (10⁴) and 亿 (10⁸) scales; 余/多/以上
("more than"), 近 ("nearly") and 约/左右 ("about") must keep their qualifier; 3月20日 must be
"March 20", and a month alone (3月 → March) is no mismatch. Chinese numerals count only where
they quantify something (a measure word follows, 第 precedes, or a multi-character number),
so idioms such as 一线, 三会一课 or 五一 raise nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from review_app.checks.base import Check, CheckContext, Flag, SegmentView, replace_span

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
             "exceeding", "-plus", "plus", "or more", "over"),
    "nearly": ("nearly", "almost", "close to", "about", "around", "approximately",
               "some", "roughly", "up to", "under", "just under"),
    "about": ("about", "around", "approximately", "some", "roughly", "nearly", "or so",
              "an estimated"),
}  # fmt: skip
_APPROX_EN = {"more": "more than", "nearly": "nearly", "about": "about"}


@dataclass(frozen=True)
class Quantity:
    """A number found in text. `key` is what must agree between source and English:
    ("n", value), ("pct", value), ("date", month, day), ("month", month)."""

    key: tuple
    start: int
    end: int
    text: str
    ordinal: bool = False
    approx: str = ""
    style: str = "digits"  # how the English wrote it: digits, words, scale (2.5 million)


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
_ZH_DATE = re.compile(
    r"(?:(?<![0-9])([0-9]{4}|[〇零一二三四五六七八九]{4})年)?((?<![0-9])[0-9]{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:([0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号])?"
)
_ZH_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]|百分之([零一二三四五六七八九十百点.]+)")
_ZH_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|万|亿)?|([" + _ZH_DIGITS + r"]+)")


class _Collected:
    """Quantities found so far in a text, and which characters they already cover (a later,
    looser pattern must not read a date's day again as a plain number)."""

    def __init__(self, text: str) -> None:
        self.found: list[Quantity] = []
        self.taken = [False] * (len(text) + 1)

    def add(self, quantity: Quantity) -> None:
        self.found.append(quantity)
        for i in range(quantity.start, quantity.end):
            self.taken[i] = True


@lru_cache(maxsize=65536)
def source_quantities(text: str) -> tuple[Quantity, ...]:
    """Numbers the English must carry, from a Chinese sentence (cached per sentence)."""
    collected = _Collected(text)
    found, taken, add = collected.found, collected.taken, collected.add

    for m in _ZH_ISO_DATE.finditer(text):
        year, month, day = (g for g in m.groups() if g is not None)
        add(Quantity(("n", float(year)), m.start(), m.start() + 4, year))
        if 1 <= int(month) <= 12:
            add(Quantity(("date", int(month), int(day)), m.start() + 5, m.end(), m.group()[5:]))
    work = "".join(" " if taken[i] else ch for i, ch in enumerate(text))  # 2024-03-243月20日
    for m in _ZH_DATE.finditer(work):
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
    for m in _ZH_PERCENT.finditer(work):
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
    for m in _ZH_NUMBER.finditer(work):
        if taken[m.start()] or taken[m.end() - 1]:
            continue
        ordinal = text[m.start() - 1 : m.start()] == "第"
        if m.group(3):
            run = m.group(3)
            value = _chinese_numeral(text, m.start(), m.end(), run, ordinal)
        else:
            value = float(m.group(1).replace(",", "")) * {"万": 1e4, "亿": 1e8, "万亿": 1e12}.get(
                m.group(2) or "", 1
            )
        if value is None:
            continue
        start = m.start() - 1 if ordinal else m.start()
        add(
            Quantity(
                ("n", value),
                start,
                m.end(),
                text[start : m.end()],
                ordinal=ordinal,
                approx=_approx(text, m.start(), m.end()),
            )
        )
    found.sort(key=lambda q: q.start)
    return tuple(found)


def _chinese_numeral(text: str, start: int, end: int, run: str, ordinal: bool) -> float | None:
    following = text[end : end + 3]
    counted = following[:1] in _CLASSIFIERS or following.startswith(_CLASSIFIER_WORDS)
    multi = len(run) >= 2 and any(ch in "十百千万亿" for ch in run)
    if run in _IDIOMS or any(run.startswith(i) for i in _IDIOMS if len(i) == len(run)):
        return None
    if not (ordinal or counted or multi):
        return None
    value = _cn_value(run)
    if value is None or (value == 1 and not ordinal):
        return None  # 一 + measure word is "a", "once", "each" as often as "one"
    return value


def _approx(text: str, start: int, end: int) -> str:
    after = text[end : end + 2]
    for marker, kind in _APPROX_AFTER.items():
        if after.startswith(marker):
            return kind
    # 30多名 / 120余人: the marker may follow a measure word-less number directly
    before = text[max(0, start - 2) : start]
    for marker, kind in _APPROX_BEFORE.items():
        if before.endswith(marker):
            return kind
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
_EN_DATE_MD = re.compile(rf"\b({_MONTH_ALT})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_EN_DATE_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_ALT})", re.I)
_EN_MONTH = re.compile(rf"\b({_MONTH_ALT})(?![a-z])", re.I)
_EN_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_EN_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")
_EN_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:(st|nd|rd|th)\b)?"
    r"(?:\s+(hundred|thousand|million|billion|trillion)\b)?"
)
_EN_NO = re.compile(r"\bNo\.\s?(\d+)")
_EN_WORDS = re.compile(
    r"\b(?:(?:"
    + "|".join(
        [*_WORD_VALUES, *_ORDINAL_WORDS, "hundred", "thousand", "million", "billion", "and", "a"]
    )
    + r")(?:[\s-]+|\b))+",
    re.I,
)


_LETTERS_RE = re.compile(r"[a-z]+")
_MONTH_WORDS = frozenset([*MONTHS, *(m[:3] for m in MONTHS), "sept"])
_NUMBER_WORDS = frozenset([*_WORD_VALUES, *_ORDINAL_WORDS, *_SCALES])


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, m in enumerate(MONTHS, start=1) if m.startswith(name[:3]))


@lru_cache(maxsize=65536)
def target_quantities(text: str) -> tuple[Quantity, ...]:
    """Numbers, dates, percentages and ordinals in an English sentence (cached)."""
    collected = _Collected(text)
    found, taken, add = collected.found, collected.taken, collected.add

    for m in _EN_ISO.finditer(text):
        add(Quantity(("n", float(m.group(1))), m.start(1), m.end(1), m.group(1)))
        add(
            Quantity(("date", int(m.group(2)), int(m.group(3))), m.start(2), m.end(), m.group()[5:])
        )
    words = set(_LETTERS_RE.findall(text.lower()))  # skip the slow word scans when idle
    months = not words.isdisjoint(_MONTH_WORDS)
    date_patterns = ((_EN_DATE_MD, 1, 2), (_EN_DATE_DM, 2, 1)) if months else ()
    for regex, month_group, day_group in date_patterns:
        for m in regex.finditer(text):
            if taken[m.start()]:
                continue
            key = ("date", _month_number(m.group(month_group)), int(m.group(day_group)))
            add(Quantity(key, m.start(), m.end(), m.group()))
    for m in _EN_MONTH.finditer(text) if months else ():
        if not taken[m.start()] and (m.group(1).lower() != "may" or m.group(1)[0] == "M"):
            add(Quantity(("month", _month_number(m.group(1))), m.start(), m.end(), m.group()))
    for m in _EN_PERCENT.finditer(text):
        if not taken[m.start()]:
            add(Quantity(("pct", float(m.group(1))), m.start(), m.end(), m.group()))
    for m in _EN_NO.finditer(text):
        add(Quantity(("n", float(m.group(1))), m.start(), m.end(), m.group(), ordinal=True))
    for m in _EN_NUMBER.finditer(text):
        if taken[m.start()]:
            continue
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        style = "digits"
        if m.group(4):
            value *= _SCALES[m.group(4).lower()]
            style = "scale"
        add(
            Quantity(
                ("n", value), m.start(), m.end(), m.group(), ordinal=bool(m.group(3)), style=style
            )
        )
    for m in _EN_WORDS.finditer(text) if not words.isdisjoint(_NUMBER_WORDS) else ():
        if taken[m.start()]:
            continue
        for q in _word_numbers(text, m.start(), m.end()):
            add(q)
    found.sort(key=lambda q: q.start)
    return tuple(found)


def _word_numbers(text: str, start: int, end: int) -> Iterator[Quantity]:
    """Spelled-out numbers in a run of number words ("two hundred", "twenty-five", "third")."""
    words = [
        (start + w.start(), start + w.end(), w.group().lower())
        for w in re.finditer(r"[A-Za-z]+", text[start:end])
    ]
    phrase: list[tuple[int, int, str]] = []
    for item in [*words, (end, end, "")]:
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
            yield from _phrase_value(text, phrase)
            phrase = []
        if word:
            phrase.append(item)


def _phrase_value(text: str, phrase: list[tuple[int, int, str]]) -> Iterator[Quantity]:
    while phrase and phrase[-1][2] in ("and", "a"):
        phrase = phrase[:-1]
    while phrase and phrase[0][2] == "and":
        phrase = phrase[1:]
    if not any(w in _WORD_VALUES or w in _ORDINAL_WORDS or w in _SCALES for _, _, w in phrase):
        return
    if phrase[0][2] == "a" and len(phrase) == 1:
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


def _same(a: tuple, b: tuple) -> bool:
    if a[0] == "n" and b[0] == "n":
        return abs(a[1] - b[1]) <= 1e-9 * max(1.0, abs(a[1]))
    return a == b


def found_in(q: Quantity, targets: tuple[Quantity, ...]) -> Quantity | None:
    """The English quantity that renders source quantity `q`, or None."""
    for t in targets:
        if _same(q.key, t.key):
            return t
        if q.key[0] == "month" and t.key[0] == "date" and t.key[1] == q.key[1]:
            return t
        if q.key[0] == "date" and t.key[0] == "n" and t.key[1] == q.key[2] and not t.ordinal:
            continue
    if q.key[0] == "date":  # "the 20th of March" style: month and day found apart
        months = {t.key[1] for t in targets if t.key[0] in ("month", "date")}
        days = {t.key[1] for t in targets if t.key[0] == "n"}
        if q.key[1] in months and float(q.key[2]) in days:
            return next(t for t in targets if t.key[0] == "n" and t.key[1] == q.key[2])
    if q.key[0] == "pct":
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


class NumberMismatch(Check):
    check_id = "numbers.mismatch"
    category = "numbers"
    severity = "error"
    description = (
        "A number, date, percentage or ordinal of the Chinese is missing or different in the "
        "English (万/亿 scales, 3月20日 → March 20, 第二 → second / No. 2)."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        sources = source_quantities(view.source)
        if not sources:
            return
        targets = target_quantities(view.target)
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
        targets = target_quantities(view.target)
        lowered = view.target.lower()
        for q in source_quantities(view.source):
            if not q.approx:
                continue
            t = found_in(q, targets)
            if t is None:
                continue
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
