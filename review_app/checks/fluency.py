"""Fluency: MT-ese the glossary's style rules know, stray capitals, repeated words, fused or
cut sentences and overlong sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from itertools import compress, count
from operator import eq
from typing import Generic, TypeVar

import pypinyin.pinyin_dict

from review_app.checks.base import (
    WORD_RE,
    Check,
    CheckContext,
    Flag,
    SegmentView,
    replace_span,
)
from review_app.checks.names import name_hits
from review_app.checks.numbers import MONTHS
from review_app.checks.terminology import style_fix, style_hits
from review_app.glossary import Glossary

T = TypeVar("T")

# Sentences longer than this are hard to read in news copy; the clean references peak at 47.
LONG_SENTENCE_WORDS = 50
RUN_ON_MIN_WORDS = 25

_ALWAYS_CAPITALISED = {
    *(m.capitalize() for m in MONTHS),
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "I", "Chinese", "China", "English", "Marxism", "Marxist", "Leninism", "Leninist", "Maoist",
    "Communist", "Party", "Parties", "Internet", "Confucian", "Western", "Asian", "African",
    "European", "American", "Japanese", "Korean", "Russian", "Uygur", "Uyghur", "Tibetan",
    "Mongolian", "Han", "Hui", "Spring", "Festival", "Day", "National", "Congress",
}  # fmt: skip
_FUNCTION_WORDS = {
    "as", "a", "an", "the", "this", "that", "these", "those", "we", "he", "she", "they", "it",
    "its", "our", "his", "her", "their", "and", "or", "but", "with", "by", "for", "to", "in",
    "on", "at", "from", "which", "who", "was", "were", "is", "are", "has", "have", "had",
    "will", "would", "should", "can", "could",
}  # fmt: skip
_LY_NOUNS = {
    "italy",
    "sicily",
    "emily",
    "kelly",
    "beverly",
    "holly",
    "lily",
    "molly",
    "polly",
    "sally",
    "billy",
    "dolly",
    "daily",
    "july",
    "family",
    "assembly",
    "ally",
    "rally",
    "supply",
    "reply",
    "monopoly",
    "anomaly",
    "bully",
    "belly",
    "jelly",
    "fly",
}
_CONNECTORS = {"of", "and", "for", "the", "on", "in", "with", "to", "at", "de", "&"}


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    readings = {
        reading
        for entry in pypinyin.pinyin_dict.pinyin_dict.values()
        for reading in entry.split(",")
    }  # a few thousand distinct toned readings among the dictionary's 40,000 entries
    syllables = set()
    for reading in readings:
        plain = unicodedata.normalize("NFD", reading)
        syllables.add("".join(c for c in plain if not unicodedata.combining(c)))
    return frozenset(syllables)


@lru_cache(maxsize=65536)
def looks_like_pinyin(word: str) -> bool:
    """A place or person name in pinyin (Ouhai, Linjiang, Xuexi): two or more syllables."""
    lowered = word.lower().replace("'", "").replace("’", "")
    if len(lowered) < 5 or not lowered.isalpha():
        return False
    syllables = _pinyin_syllables()
    best = [0] + [-1] * len(lowered)  # fewest-syllable parse is not needed; any parse ≥ 2
    for end in range(1, len(lowered) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] >= 0 and lowered[start:end] in syllables:
                best[end] = max(best[end], best[start] + 1)
    return best[-1] >= 2


def _glossary_proper_words(glossary: Glossary) -> frozenset[str]:
    words = set()
    for entry in glossary.entries:
        for rendering in entry.accepted:
            for word in WORD_RE.findall(rendering):
                if word[:1].isupper():
                    words.add(word)
    return frozenset(words)


# Whether a `WORD_RE` word (it starts with an ASCII letter) is capitalised: "[" sorts after
# "Z" and before "a". A bound method, so `map` runs it without a Python-level call.
_capitalised = "[".__gt__


def _bare(word: str) -> str:
    """The word without a possessive "'s"."""
    return word.rstrip("'’s") if word.endswith(("'s", "’s")) else word


class _PerWord(dict[str, T], Generic[T]):
    """`compute(word)` kept per word: words recur in every article, and a dict hit is cheap
    enough to `map` `__getitem__` over a word list in C. Emptied when it reaches `limit`."""

    def __init__(self, compute: Callable[[str], T], limit: int = 200_000) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, word: str) -> T:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.compute(word)
        return value


# What a word in mid-sentence calls for, judged on the word alone:
_KEEP = 0  # lower case, or a name, glossary term, acronym or label letter ("Plan B")
_LOWER_IF_ISOLATED = 1  # flagged where no capitalised word next to it makes it part of a name
_LOWER = 2  # an adverb or function word ("Fully", "The"): flagged wherever it stands


def _capital_verdicts(glossary: Glossary) -> _PerWord[int]:
    """Word → what it calls for, per glossary (its accepted renderings' capitalised words are
    names): the same words recur in every article."""
    return _PerWord(partial(_capital_verdict, proper=_glossary_proper_words(glossary)))


def _capital_verdict(word: str, *, proper: frozenset[str]) -> int:
    bare = _bare(word)
    if (
        not _capitalised(word)
        or bare in proper
        or bare in _ALWAYS_CAPITALISED
        or any(ch.isupper() for ch in bare[1:])
        or looks_like_pinyin(bare)
        or (len(word) == 1 and word != "A")  # "N measures", "Plan B": letters as labels
    ):
        return _KEEP
    lowered = word.lower()
    adverb = lowered.endswith("ly") and len(lowered) > 4 and lowered not in _LY_NOUNS
    return _LOWER if adverb or lowered in _FUNCTION_WORDS else _LOWER_IF_ISOLATED


_QUOTE_MARKS_RE = re.compile(r'["“”《》]')


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) stretches inside quotation marks or book-title marks (titles keep their
    capitals); a mark left open runs to the end."""
    spans: list[tuple[int, int]] = []
    straight = curly = title = False
    start = 0
    for mark in _QUOTE_MARKS_RE.finditer(text):
        before = straight or curly or title
        char = mark.group()
        if char == '"':
            straight = not straight
        elif char in "“”":
            curly = char == "“"
        else:
            title = char == "《"
        inside = straight or curly or title
        if inside and not before:
            start = mark.start()
        elif before and not inside:
            spans.append((start, mark.start()))
    if straight or curly or title:
        spans.append((start, len(text)))
    return spans


def _name_words(view: SegmentView, ctx: CheckContext) -> set[str]:
    """The words of the expected English names of the segment's people (Du, Zhiping)."""
    return {word for hit in name_hits(view, ctx) for word in hit.name.reading.display.split()}


def _is_title_case(view: SegmentView) -> bool:
    """Most words over three letters capitalised (the sentences hold every word of the text)."""
    long_words = [w for words in view.sentence_words for w in words if len(w) > 3]
    return bool(long_words) and sum(map(_capitalised, long_words)) / len(long_words) >= 0.6


@lru_cache(maxsize=256)
def _words_skipped(number: int) -> re.Pattern[str]:
    """Matches `number` words as `WORD_RE.finditer` finds them (a word starts at the next ASCII
    letter) and captures the gap before the word after them: where a word stands costs one
    match instead of a match object per word before it."""
    return re.compile(rf"(?:[^A-Za-z]*+{WORD_RE.pattern}){{{number}}}+([^A-Za-z]*+)")


class CapitalisedWord(Check):
    check_id = "fluency.capitalised-word"
    category = "fluency"
    severity = "warning"
    description = (
        "A common word capitalised mid-sentence (“more than People attended”, “Director Fully "
        "affirmed”); names, titles, glossary terms and acronyms are left alone."
    )
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        target = view.target
        if not view.source.rstrip().endswith(("。", "！", "？")) and _is_title_case(view):
            return  # a headline in title case
        verdicts = ctx.glossary_cache.derived("fluency.capital-verdicts", _capital_verdicts)
        names: set[str] | None = None  # the segment's person names, looked up when needed
        quoted: list[tuple[int, int]] | None = None
        # By index, not `zip(..., strict=True)`: a call with a keyword is slow for `zip`.
        for index, words in enumerate(view.sentence_words):
            last = len(words) - 1
            # The words after the first that may be flagged, picked in C (_KEEP is 0).
            for k in compress(count(1), map(verdicts.__getitem__, words[1:])):
                if k < last:
                    following = words[k + 1]
                    if _capitalised(following) or (
                        following.lower() in _CONNECTORS and self._names_something(words, k)
                    ):
                        continue  # a capitalised word follows, maybe after "of": part of a name
                word = words[k]
                verdict = verdicts[word]
                prev = words[k - 1]
                if _capitalised(prev):
                    isolated = False
                elif prev.lower() in _CONNECTORS and k >= 2:
                    isolated = not _capitalised(words[k - 2])
                else:
                    isolated = True
                if not isolated and verdict != _LOWER:
                    continue
                sentence = view.sentences[index]
                skipped = _words_skipped(k).match(target, sentence.start, sentence.end)
                at = skipped.end()
                gap = skipped.group(1)
                if any(map(gap.__contains__, ":(“[—–-|")) or any(map(str.isdigit, gap)):
                    continue  # a colon, bracket, dash or date may end a byline or heading
                if quoted is None:
                    quoted = _quoted_spans(target)
                if any(s <= at < e for s, e in quoted):
                    continue
                if names is None:
                    names = _name_words(view, ctx)
                if _bare(word) in names:
                    continue
                yield self.flag(
                    f"“{word}” is capitalised in mid-sentence; write “{word.lower()}” unless it "
                    "is part of a name.",
                    target_span=(at, at + len(word)),
                    fix=replace_span(target, at, at + 1, word[0].lower()),
                )

    @staticmethod
    def _names_something(words: list[str], k: int) -> bool:
        """ "Office of the Education …", "Bureau for Letters": a name continues after a link."""
        following = words[k + 1 : k + 4]
        rest = following
        while rest and rest[0].lower() in _CONNECTORS:
            rest = rest[1:]
        return len(rest) < len(following) and bool(rest) and _capitalised(rest[0])


# A word, space, the same word in any case. Only the repeat is compared ignoring case: a
# letter class under IGNORECASE is slow to scan (it also matches İ ı ſ K, written out here).
# The repeats are possessive since giving back letters or spaces can never make a match.
_REPEATED_RE = re.compile(r"\b([A-Za-z\u0130\u0131\u017f\u212a]++)(\s++)((?i:\1))\b")
_ALLOWED_REPEATS = {"had", "that"}
# Letters the pattern reads and `WORD_RE` does not: text with one goes straight to the pattern.
_NON_ASCII_LETTERS = "\u0130\u0131\u017f\u212a"
_WORD_JOINS_RE = re.compile(r"[-'’]")
# A word's first and last runs of letters, in lower case ("workers'" ends with an empty run).
_FIRST_RUN = _PerWord(lambda word: _WORD_JOINS_RE.split(word.lower(), 1)[0])
_LAST_RUN = _PerWord(lambda word: _WORD_JOINS_RE.split(word.lower())[-1])


def _may_repeat_word(view: SegmentView) -> bool:
    """Whether `_REPEATED_RE` may match the English. A match is the last run of letters of one
    word and the first run of the next, equal ignoring case (only spaces between them, so
    both words are in one sentence's list): comparing the words' cached runs in C rules out
    most segments for less than the pattern's scan costs."""
    target = view.target
    if not target.isascii() and any(map(target.__contains__, _NON_ASCII_LETTERS)):
        return True
    last_run, first_run = _LAST_RUN.__getitem__, _FIRST_RUN.__getitem__
    for words in view.sentence_words:
        if any(map(eq, map(last_run, words), map(first_run, words[1:]))):
            return True
    return False


class RepeatedWord(Check):
    check_id = "fluency.repeated-word"
    category = "fluency"
    severity = "warning"
    description = "The same word twice in a row (“the the”)."
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        if not _may_repeat_word(view):
            return
        for match in _REPEATED_RE.finditer(view.target):
            if match.group(1).lower() in _ALLOWED_REPEATS:
                continue
            yield self.flag(
                f"“{match.group(1)}” is repeated; delete one.",
                target_span=(match.start(), match.end()),
                fix=replace_span(view.target, match.end(1), match.end(), ""),
            )


_FUSED_TAIL = (
    r" (he|she|we|they|it) (said|says|is|was|will|should|must|has|have|had|pointed|"
    r"stressed|noted|hoped|added|called|urged|believes|thinks|hopes|expressed)\b"
)
_FUSED_RE = re.compile(r"\b([a-z]+)" + _FUSED_TAIL)
_FUSED_TAIL_RE = re.compile(_FUSED_TAIL)  # what a match needs; starts with a space: fast scan
_CLAUSE_JOINERS = {
    "that", "and", "but", "which", "when", "because", "if", "so", "as", "where", "while",
    "since", "what", "how", "who", "whom", "whose", "than", "said", "says", "before", "after",
    "until", "unless", "though", "although", "whether", "once", "or", "nor", "yet", "why",
    "then", "also", "now", "today", "here", "there", "whereas", "noted",
}  # fmt: skip


class RunOnSentence(Check):
    check_id = "fluency.run-on"
    category = "fluency"
    severity = "warning"
    description = (
        "Two sentences fused with no full stop (“… trade union she said …”), or several "
        "Chinese sentences run into one English sentence."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        target = view.target
        fused = False
        matches = _FUSED_RE.finditer(target) if _FUSED_TAIL_RE.search(target) else ()
        for match in matches:
            if match.group(1) in _CLAUSE_JOINERS:
                continue
            fused = True
            cut = match.start(2)
            fixed = target[: match.end(1)] + ". " + target[cut].upper() + target[cut + 1 :]
            yield self.flag(
                f"Two sentences run together at “{match.group()}”; end the first with a full stop.",
                target_span=(match.start(), match.end()),
                fix=fixed,
            )
        if fused or ";" in target or len(view.sentences) != 1:
            return
        sources = len(view.source_sentences)
        words = len(view.sentence_words[0])  # the one sentence has every word
        if sources < 2 or words < RUN_ON_MIN_WORDS:
            return
        yield self.flag(
            f"The Chinese has {sources} sentences but the English runs them into one "
            f"{words}-word sentence; check for a missing full stop.",
        )


_FRAGMENT_START_RE = re.compile(r"^[\"“]?(And|But|Or|Nor) [a-z]")


class SentenceFragment(Check):
    check_id = "fluency.fragment"
    category = "fluency"
    severity = "warning"
    description = (
        "A sentence cut in two: a sentence starting with “And …” after a full stop, or a "
        "one- or two-word fragment."
    )
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        target = view.target
        sentences = view.sentences
        for k in range(1, len(sentences)):  # a fragment follows a sentence
            previous, sentence = sentences[k - 1], sentences[k]
            match = _FRAGMENT_START_RE.match(sentence.text)
            if match and previous.text.endswith("."):
                stop = previous.end - 1
                word = match.group(1)
                fixed = target[:stop] + ", " + word.lower() + target[sentence.start + len(word) :]
                yield self.flag(
                    f"A sentence starts with “{word}” after a full stop: this looks like one "
                    f"sentence cut in two; join them (“, {word.lower()} …”).",
                    target_span=(stop, sentence.start + len(word)),
                    fix=fixed,
                )
            elif len(view.sentence_words[k]) <= 2:
                yield self.flag(
                    f"“{sentence.text}” is a fragment, not a sentence: it probably belongs to the "
                    "sentence before it.",
                    target_span=(sentence.start, sentence.end),
                )


class StyleCalque(Check):
    check_id = "fluency.calque"
    category = "fluency"
    severity = "warning"
    description = (
        "MT-ese that a glossary style rule replaces (“the broad masses of workers”, "
        "“do a good job of”, “grass-roots”)."
    )
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        for hit in style_hits(view, ctx):
            better, fixed = style_fix(view.target, hit)
            why = f" ({hit.entry.note})" if hit.entry.note else ""
            yield self.flag(
                f"“{hit.text}” is translationese; write “{better}”{why}.",
                target_span=(hit.start, hit.end),
                fix=fixed,
            )


_COUNT = (
    r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"dozens|hundreds|thousands|several|many|multiple"
)
_TIMES_OF_RE = re.compile(
    rf"\b(?:{_COUNT})\s+times\s+(of\s+)(?!(?:the\s+)?(?:day|week|month|year)s?\b)(the\s+)?",
    re.IGNORECASE,
)


class MeasureWord(Check):
    check_id = "fluency.measure-word"
    category = "fluency"
    severity = "warning"
    description = (
        "A count built on the Chinese measure words 次/倍 (“4 times of legal consultation”, "
        "“3 times of the output”)."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        target = view.target
        if "times" not in target.lower():
            return  # the pattern's long alternation is slow to scan for nothing
        for match in _TIMES_OF_RE.finditer(target):
            if match.group(2):  # a multiple: "3 times of the output" → "3 times the output"
                advice = "drop “of”: “N times the …”"
                fix = replace_span(target, match.start(1), match.end(1), "")
            else:
                advice = "count the thing itself (“four legal consultations”)"
                fix = None
            yield self.flag(
                f"“{match.group().strip()}” renders a Chinese measure word word for word; "
                f"{advice}.",
                target_span=(match.start(), match.start(1) + 2),
                fix=fix,
            )


class LongSentence(Check):
    check_id = "fluency.long-sentence"
    category = "fluency"
    severity = "info"
    description = f"An English sentence over {LONG_SENTENCE_WORDS} words: hard to read; split it."
    needs_source = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        for k, words in enumerate(map(len, view.sentence_words)):
            if words > LONG_SENTENCE_WORDS:
                sentence = view.sentences[k]
                yield self.flag(
                    f"This sentence has {words} words; news copy reads better under "
                    f"{LONG_SENTENCE_WORDS}: split it.",
                    target_span=(sentence.start, sentence.end),
                )
