"""Punctuation: Chinese punctuation left in English, spacing, balance, sentence ends and starts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from review_app.checks.base import Check, CheckContext, Flag, SegmentView, replace_span

# Full-width and CJK punctuation. Curly quotes “ ” ‘ ’ are ordinary English typography.
_PAIRS = {
    "《": "》",
    "〈": "〉",
    "「": "」",
    "『": "』",
    "【": "】",
    "〔": "〕",
    "（": "）",
    "〖": "〗",
}
_PAIR_ASCII = {
    "《": '""', "〈": '""', "「": '""', "『": '""', "【": "[]", "〔": "[]", "（": "()", "〖": "[]",
}  # fmt: skip
_PAIR_RE = re.compile(
    "|".join(
        f"{re.escape(o)}\\s*([^{re.escape(o)}{re.escape(c)}]*?)\\s*{re.escape(c)}"
        for o, c in _PAIRS.items()
    )
)
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_FULL_WIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
# A run of CJK punctuation, of two or more — or …, or of full-width letters and digits:
# "[P]+|—{2,}|…{2,}|[A]+", written to start with one character class (the look-behinds tell
# which run it began; the classes are disjoint), so that the regex engine skips to candidates
# with that class instead of trying every alternative at every character (8x faster).
_CJK_RUN_RE = re.compile(
    f"[{_CJK_PUNCT}—…{_FULL_WIDTH_ALNUM}]"
    f"(?:(?<=[{_CJK_PUNCT}])[{_CJK_PUNCT}]*|(?<=—)—+|(?<=…)…+"
    f"|(?<=[{_FULL_WIDTH_ALNUM}])[{_FULL_WIDTH_ALNUM}]*)"
)
# Any character one of the two patterns above needs: most English has none.
_CJK_CHAR_RE = re.compile(f"[{_CJK_PUNCT}—…{_FULL_WIDTH_ALNUM}]")
_CLOSING = {
    "，": ",",
    "、": ",",
    "。": ".",
    "：": ":",
    "；": ";",
    "！": "!",
    "？": "?",
    "）": ")",
    "》": '"',
    "〉": '"',
    "」": '"',
    "』": '"',
    "】": "]",
    "〕": "]",
    "｡": ".",
    "､": ",",
    "｣": '"',
}
_OPENING = {"（": "(", "《": '"', "〈": '"', "「": '"', "『": '"', "【": "[", "〔": "[", "｢": '"'}
_NAMES = {
    "《": "book-title marks 《 》",
    "，": "Chinese comma ，",
    "、": "enumeration comma 、",
    "。": "Chinese full stop 。",
    "：": "full-width colon ：",
    "；": "full-width semicolon ；",
    "（": "full-width brackets （ ）",
    "【": "square brackets 【 】",
    "…": "Chinese ellipsis ……",
    "—": "Chinese dash ——",
}
_TERMINAL_ZH = "。！？…!?."
_CLOSERS = "”’\"')）】」』》]"
_END_OK = ".!?…。！？"
_ZH_TO_EN_END = {"！": "!", "？": "?", "!": "!", "?": "?"}


def _ascii_for_run(run: str) -> str:
    out = []
    for ch in run:
        if ch in _CLOSING:
            out.append(_CLOSING[ch])
        elif ch in _OPENING:
            out.append(_OPENING[ch])
        elif ch == "\u3000":
            out.append(" ")
        elif "\uff01" <= ch <= "\uff5e":
            out.append(chr(ord(ch) - 0xFEE0))
        elif ch == "—":
            out.append("—" if not out or out[-1] != "—" else "")
        elif ch == "…":
            out.append("…" if not out or out[-1] != "…" else "")
        else:
            out.append("")
    return "".join(out)


def _respace(text: str, start: int, end: int, replacement: str) -> str:
    """Put `replacement` in place of text[start:end] with English spacing around it."""
    before, after = text[:start], text[end:]
    stripped = replacement.strip()
    if not stripped:
        return before.rstrip() + " " + after.lstrip() if before and after else before + after
    first, last = stripped[0], stripped[-1]
    if first in ",.:;!?)]" or (first == '"' and len(stripped) == 1 and _quote_closes(before)):
        before = before.rstrip()
    elif before and before[-1].isalnum():
        before += " "
    if last in ',.:;!?)]"' and after[:1].isalnum():
        after = " " + after
    elif last in "([" or (last == '"' and len(stripped) == 1 and not _quote_closes(before)):
        after = after.lstrip()
    return before + stripped + after


def _quote_closes(before: str) -> bool:
    return before.count('"') % 2 == 1


class CjkPunctuation(Check):
    check_id = "punctuation.cjk"
    category = "punctuation"
    severity = "error"
    description = (
        "Chinese or full-width punctuation (《 》，。：；、（ ） …… ——) left in the English."
    )
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        target = view.target
        if target.isascii() or not _CJK_CHAR_RE.search(target):
            return ()  # most English: no character the patterns need
        return self._flags(target)

    def _flags(self, target: str) -> Iterator[Flag]:
        taken: list[tuple[int, int]] = []
        for match in _PAIR_RE.finditer(target):
            opener = match.group(0)[0]
            ascii_pair = _PAIR_ASCII[opener]
            inner = next(g for g in match.groups() if g is not None)
            fixed = _respace(
                target, match.start(), match.end(), ascii_pair[0] + inner + ascii_pair[1]
            )
            taken.append(match.span())
            yield self.flag(
                f"{_NAMES.get(opener, 'full-width brackets ' + opener + _PAIRS[opener])} in the "
                f"English; use {ascii_pair[0]}…{ascii_pair[1]}.",
                target_span=match.span(),
                fix=fixed,
            )
        for match in _CJK_RUN_RE.finditer(target):
            if any(s <= match.start() < e for s, e in taken):
                continue
            run = match.group()
            ascii_run = _ascii_for_run(run)
            shown = ", ".join(dict.fromkeys(_NAMES.get(ch, ch) for ch in run))
            yield self.flag(
                f"Chinese or full-width punctuation ({shown}) in the English; use "
                f"“{ascii_run.strip() or 'a space'}”.",
                target_span=match.span(),
                fix=_respace(target, match.start(), match.end(), ascii_run),
            )


_DOUBLE_SPACE_RE = re.compile(r"(?<=\S)[ \t\u00a0]{2,}(?=\S)")


class DoubleSpace(Check):
    check_id = "punctuation.double-space"
    category = "punctuation"
    severity = "warning"
    description = "Two or more spaces in a row."
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        target = view.target
        if "  " not in target and "\t" not in target and "\u00a0" not in target:
            return ()  # no two spaces in a row: a str search, much faster than the pattern's
        return [
            self.flag(
                "Double space; use one.",
                target_span=(match.start() - 1, match.end() + 1),
                fix=replace_span(target, match.start(), match.end(), " "),
            )
            for match in _DOUBLE_SPACE_RE.finditer(target)
        ]


_SPACE_BEFORE_RE = re.compile(r"(?<=[\w\"”')\]])[ \t]+([,;:!?]|\.(?!\.)|\))(?=\s|$|[\"”’)\]])")
# What a match needs (a tab aside): a pattern with a literal first character is scanned fast.
_SPACE_THEN_MARK_RE = re.compile(r" [,;:!?.)]")


class SpaceBeforePunctuation(Check):
    check_id = "punctuation.space-before"
    category = "punctuation"
    severity = "warning"
    description = "A space before a comma, full stop, colon, semicolon, ! or ?."
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        target = view.target
        if "\t" not in target and not _SPACE_THEN_MARK_RE.search(target):
            return ()
        return [
            self.flag(
                f"Space before “{match.group(1)}”; remove it.",
                target_span=(match.start() - 1, match.end()),
                fix=replace_span(target, match.start(), match.end(), match.group(1)),
            )
            for match in _SPACE_BEFORE_RE.finditer(target)
        ]


_SPACE_AFTER_RE = re.compile(
    r"(?<=[a-z\)\]])([,;:])(?=[A-Za-z])|(?<=[a-z]{2})([.!?])(?=[A-Z][a-z])"
)
_MARK_THEN_LETTER_RE = re.compile(r"[,;:.!?][A-Za-z]")  # what a match needs; rare, scanned fast
_URLISH_RE = re.compile(r"\S*(?:://|www\.|@)\S*")


class MissingSpaceAfter(Check):
    check_id = "punctuation.space-after"
    category = "punctuation"
    severity = "warning"
    description = "No space after a comma, colon, full stop or closing quotation mark."
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        target = view.target
        hits: list[tuple[int, str]] = []
        if _MARK_THEN_LETTER_RE.search(target):
            hits = [
                (m.end() - 1, m.group(1) or m.group(2)) for m in _SPACE_AFTER_RE.finditer(target)
            ]
        if '"' in target:
            hits += [(i, '"') for i in _closing_quotes(target) if target[i + 1 : i + 2].isalpha()]
        if not hits:
            return ()
        return self._flags(target, hits)

    def _flags(self, target: str, hits: list[tuple[int, str]]) -> Iterator[Flag]:
        urlish = "://" in target or "www." in target or "@" in target
        skip = [m.span() for m in _URLISH_RE.finditer(target)] if urlish else []
        for index, mark in sorted(hits):
            if any(s <= index < e for s, e in skip):
                continue
            yield self.flag(
                f"No space after “{mark}”; add one.",
                target_span=(max(index - 1, 0), index + 2),
                fix=replace_span(target, index + 1, index + 1, " "),
            )


@cache
def _one_of(chars: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(chars)}]")


def _positions(text: str, chars: str) -> list[int]:
    """Where any of `chars` stands in `text` (a scan in C, not a loop over every character)."""
    if not any(map(text.__contains__, chars)):
        return []
    return [m.start() for m in _one_of(chars).finditer(text)]


_QUOTATION_RE = re.compile(r'"[^"]*"')  # from a straight quote to the next one


def _closing_quotes(text: str) -> list[int]:
    """Positions of straight double quotes that close a quotation (every second one: the
    pattern's matches, left to right, pair the first with the second, the third with the
    fourth...)."""
    return [m.end() - 1 for m in _QUOTATION_RE.finditer(text)]


_HYPHEN_SPACE_RE = re.compile(r"(?<=[A-Za-z])- (?=[A-Za-z])(?!(?:and|or|to)\b)")
_SPACED_HYPHEN_RE = re.compile(r"(?<=[A-Za-z\"”')]) - (?=[A-Za-z\"“'(])")


class HyphenSpacing(Check):
    check_id = "punctuation.dash"
    category = "punctuation"
    severity = "warning"
    description = "A hyphen used as a dash (“word - word”) or a stray space after a hyphen."
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        target = view.target
        if "-" not in target or "- " not in target:
            return ()  # both patterns need a hyphen before a space (one character: a faster search)
        return [
            self.flag(
                "Space after a hyphen (“Vice- Director”); join the words.",
                target_span=(match.start() - 1, match.end() + 1),
                fix=replace_span(target, match.start(), match.end(), "-"),
            )
            for match in _HYPHEN_SPACE_RE.finditer(target)
        ] + [
            self.flag(
                "A hyphen with spaces round it is not a dash; use “ — ” (or a colon).",
                target_span=(match.start() - 1, match.end() + 1),
                fix=replace_span(target, match.start(), match.end(), " — "),
            )
            for match in _SPACED_HYPHEN_RE.finditer(target)
        ]


_QUOTE_PAIRS = (("“", "”", "curly quotation marks"), ("(", ")", "brackets"), ("[", "]", "brackets"))
_SOURCE_PAIRS = {"“": ("“", "”"), "(": ("（(", "）)"), "[": ("【[", "】]")}


def _unbalanced(text: str, opener: str, closer: str) -> bool:
    marks = opener + closer
    if not any(map(text.__contains__, marks)):
        return False
    depth = 0
    for ch in _one_of(marks).findall(text):
        if ch in opener:
            depth += 1
        elif ch in closer:
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


class UnbalancedQuotes(Check):
    check_id = "punctuation.unbalanced"
    category = "punctuation"
    severity = "warning"
    description = "Quotation marks or brackets that open and do not close (or the reverse)."

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        target = view.target
        # A quotation mark or bracket (one `in` each: a third of `any(map(...))`'s time).
        if '"' in target or "(" in target or ")" in target or "[" in target or "]" in target:
            return self._flags(target, view.source)
        if not target.isascii() and ("“" in target or "”" in target):
            return self._flags(target, view.source)
        return ()

    def _flags(self, target: str, source: str) -> Iterator[Flag]:
        mixed = False
        if target.count('"') % 2 and not _unbalanced(source, "“", "”"):
            last = target.rindex('"')
            if target.count("“") == target.count("”"):
                fix = None
                if source.rstrip().endswith("”") and not target.rstrip().endswith('"'):
                    fix = target.rstrip() + '"'
                yield self.flag(
                    'A quotation mark " opens and never closes; add the closing one.',
                    target_span=(last, len(target.rstrip())),
                    fix=fix,
                )
            else:
                mixed = True
                odd = _positions(target, "“”")[-1]
                yield self.flag(
                    'A straight " is paired with a curly “ or ”; use one kind of quotation marks.',
                    target_span=(min(last, odd), max(last, odd) + 1),
                )
        for opener, closer, name in _QUOTE_PAIRS:
            if opener not in target and closer not in target:
                continue  # neither mark (most texts): two `in` tests instead of a call
            zh_open, zh_close = _SOURCE_PAIRS[opener]
            if not _unbalanced(target, opener, closer) or _unbalanced(source, zh_open, zh_close):
                continue
            if mixed and opener == "“":
                continue
            where = _positions(target, opener + closer)
            yield self.flag(
                f"Unbalanced {name} {opener} {closer}; add the missing one.",
                target_span=(where[0], where[-1] + 1),
            )


class EndPunctuation(Check):
    check_id = "punctuation.end"
    category = "punctuation"
    severity = "warning"
    description = (
        "The Chinese sentence ends with 。！？ but the English has no end punctuation "
        "(headlines and bylines are left alone)."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        source = view.source.rstrip().rstrip(_CLOSERS)
        if not source or source[-1] not in _TERMINAL_ZH:
            return ()
        target = view.target.rstrip()
        body = target.rstrip(_CLOSERS)
        if not body or body[-1] in _END_OK:
            return ()
        mark = _ZH_TO_EN_END.get(source[-1], ".")
        if body[-1] in ",;:":
            fix = body[:-1] + mark + target[len(body) :]
            span = (len(body) - 1, len(body))
        else:
            fix = body + mark + target[len(body) :]
            span = (max(0, len(body) - 1), len(body))
        return (
            self.flag(
                f"The sentence has no end punctuation; end it with “{mark}”.",
                target_span=span,
                fix=fix,
            ),
        )


_FIRST_WORD_RE = re.compile(r"^[\"“‘'(\[\s]*([A-Za-z][\w'’-]*)")


class SentenceStart(Check):
    check_id = "punctuation.sentence-start"
    category = "punctuation"
    severity = "warning"
    description = "A sentence starts with a lower-case letter."
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        target = view.target
        flags: list[Flag] = []
        for sentence in view.sentences:
            if sentence.text[:1].isupper():
                continue  # the usual start: the pattern would find a capital or no word
            match = _FIRST_WORD_RE.match(sentence.text)
            if not match:
                continue
            word = match.group(1)
            if not word[0].islower() or any(ch.isupper() for ch in word[1:]):
                continue  # "iPhone", "eCommerce": deliberate lower-case starts
            at = sentence.start + match.start(1)
            flags.append(
                self.flag(
                    f"The sentence starts with lower-case “{word}”; capitalise it.",
                    target_span=(at, at + len(word)),
                    fix=replace_span(target, at, at + 1, target[at].upper()),
                )
            )
        return flags
