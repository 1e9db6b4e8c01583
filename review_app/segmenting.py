"""Split paragraphs into sentences: Chinese at 。！？；…, English at . ! ? outside abbreviations.

Every non-space character of a paragraph ends up in exactly one sentence, in order.
"""

from __future__ import annotations

import re

_ZH_TERMINATORS = "。！？；!?"
_CLOSERS = "”’」』）)》】〕\"'"
# A run of 。！？；!? or of … or three or more dots, then closing quotes and brackets:
# "(?:[。！？；!?]+|…+|\.{3,})[”’」』）)】〕\"']*", written to start with one character class
# (the look-behinds tell which run it began), so that the regex engine skips to candidates
# with that class instead of trying the whole pattern at every character (twice as fast).
_ZH_BOUNDARY_RE = re.compile(
    r"[。！？；!?….](?:(?<=[。！？；!?])[。！？；!?]*|(?<=…)…*|(?<=\.)\.{2,})[”’」』）)】〕\"']*"
)

# Abbreviations after which a full stop never ends a sentence.
_NEVER_FINAL = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "nos",
    "vol",
    "fig",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "rev",
    "sen",
    "rep",
    "gov",
    "jr",
    "sr",
    "mt",
    "ft",
    "approx",
    "dept",
    "e.g",
    "i.e",
    "cf",
    "vs",
    "art",
    "para",
    "pp",
    "p",
}
# Abbreviations that may also end a sentence: split only before a capitalised word.
_MAYBE_FINAL = {
    "a.m",
    "p.m",
    "etc",
    "u.s",
    "u.k",
    "u.n",
    "co",
    "ltd",
    "inc",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
# A run of sentence-end marks and closers with the next sentence's first character after it
# ("[.!?][.!?]*" is "[.!?]+" written so that the regex engine skips fast to candidates).
_EN_BOUNDARY_RE = re.compile(r"[.!?][.!?]*[\"'”’)\]]*(?=\s+(\S))")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."
# How far back `_word_before` looks before it falls back to a scan from the paragraph start.
_WORD_BEFORE_WINDOW = 16


def split_zh(paragraph: str) -> list[str]:
    """Chinese sentences; never split inside 《 》 book titles."""
    # Most paragraphs are one sentence, with no sentence end that has text after it: one
    # search tells them, where the walk visits every end and strips every piece.
    first = _ZH_BOUNDARY_RE.search(paragraph)
    if first is None or not paragraph[first.end() :].strip():
        whole = paragraph.strip()  # what `_split_zh_at_ends` makes of it
        return [whole] if whole else []
    return _split_zh_at_ends(paragraph)


def _split_zh_at_ends(paragraph: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    depth_at = _title_depths(paragraph) if "《" in paragraph else None
    for match in _ZH_BOUNDARY_RE.finditer(paragraph):
        if depth_at is not None and depth_at[match.start()] > 0:
            continue
        end = match.end()
        piece = paragraph[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = paragraph[start:].strip()
    if rest:
        if sentences and not _has_content(rest):
            sentences[-1] += rest
        else:
            sentences.append(rest)
    return sentences


def _title_depths(text: str) -> list[int]:
    depths = []
    depth = 0
    for ch in text:
        if ch == "《":
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
        depths.append(depth)
    return depths


def _has_content(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def split_en(paragraph: str) -> list[str]:
    """English sentences, keeping `No. 2`, `Mr. Li`, `U.S. envoy`, `3.5` and initials whole."""
    pieces, tail = _en_pieces(paragraph)
    sentences = [paragraph[start:end] for start, end in pieces]
    if tail:
        last = sentences.pop()
        sentences[-1] += " " + last
    return sentences


def en_sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Where each `split_en` sentence lies in `paragraph`: [start, end) without the whitespace
    round it (a joined tail is included with the whitespace before it)."""
    pieces, tail = _en_pieces(paragraph)
    if tail:
        end = pieces.pop()[1]
        pieces[-1] = (pieces[-1][0], end)
    return pieces


def _en_pieces(paragraph: str) -> tuple[list[tuple[int, int]], bool]:
    """[start, end) of the text between sentence ends, stripped, and whether the last piece is
    a tail with no letter or digit (a stray bracket) that belongs to the sentence before."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _EN_BOUNDARY_RE.finditer(paragraph):
        if _ends_sentence(paragraph, match):
            _add_stripped(pieces, paragraph, start, match.end())
            start = match.end()
    _add_stripped(pieces, paragraph, start, len(paragraph))
    # Every sentence end has text after it, so the last piece is always what follows the last end.
    tail = len(pieces) > 1 and not _has_content(paragraph[pieces[-1][0] : pieces[-1][1]])
    return pieces, tail


def _add_stripped(pieces: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.lstrip()
    if stripped:
        start += len(piece) - len(stripped)
        pieces.append((start, start + len(stripped.rstrip())))


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    if mark[0] != "." or mark.startswith(".."):
        return True
    before = _word_before(text, match.start())
    if before is None:
        return True
    word = before.lower().rstrip(".")
    if word in _NEVER_FINAL:
        return False
    if len(word) == 1 and before.isupper():
        return False  # an initial: "J. Smith"
    if word in _MAYBE_FINAL or ("." in word and len(word) <= 5):
        following = match.group(1)
        return following.isupper() or following in '"“‘('
    return True


def _word_before(text: str, end: int) -> str | None:
    """The letters and dots right before `end` (from the first letter), as `_WORD_BEFORE_RE`
    searched in text[:end] finds them. That search tries every position from the start, so
    the run of letters and dots is taken with `str.rstrip` from a short window; the search is
    made only where the run may reach back past the window or `$` may match before a final
    line break."""
    window = max(0, end - _WORD_BEFORE_WINDOW)
    chunk = text[window:end]
    run = chunk[len(chunk.rstrip(_WORD_CHARS)) :]
    if (window and len(run) == len(chunk)) or chunk.endswith("\n"):
        found = _WORD_BEFORE_RE.search(text, 0, end)
        return found.group(1) if found else None
    return run.lstrip(".") or None


def split_sentences(paragraph: str, lang: str) -> list[str]:
    return split_zh(paragraph) if lang == "zh" else split_en(paragraph)
