"""Split paragraphs into sentences: Chinese at 。！？；…, English at . ! ? outside abbreviations.

Every non-space character of a paragraph ends up in exactly one sentence, in order.
"""

from __future__ import annotations

import re

_ZH_TERMINATORS = "。！？；!?"
_CLOSERS = "”’」』）)》】〕\"'"
_ZH_BOUNDARY_RE = re.compile(r"(?:[。！？；!?]+|…+|\.{3,})[”’」』）)】〕\"']*")

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
_EN_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+\S)")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split_zh(paragraph: str) -> list[str]:
    """Chinese sentences; never split inside 《 》 book titles."""
    sentences: list[str] = []
    start = 0
    depth_at = _title_depths(paragraph)
    for match in _ZH_BOUNDARY_RE.finditer(paragraph):
        if depth_at[match.start()] > 0:
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
    sentences: list[str] = []
    start = 0
    for match in _EN_BOUNDARY_RE.finditer(paragraph):
        if not _ends_sentence(paragraph, match):
            continue
        piece = paragraph[start : match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        if sentences and not _has_content(rest):
            sentences[-1] += " " + rest
        else:
            sentences.append(rest)
    return sentences


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if not match.group().startswith(".") or match.group().startswith(".."):
        return True
    word_match = _WORD_BEFORE_RE.search(text, 0, match.start())
    if not word_match:
        return True
    word = word_match.group(1).lower().rstrip(".")
    following = text[match.end() :].lstrip()
    next_is_capital = bool(following) and (following[0].isupper() or following[0] in '"“‘(')
    if word in _NEVER_FINAL:
        return False
    if len(word) == 1 and word_match.group(1).isupper():
        return False  # an initial: "J. Smith"
    if word in _MAYBE_FINAL or ("." in word and len(word) <= 5):
        return next_is_capital
    return True


def split_sentences(paragraph: str, lang: str) -> list[str]:
    return split_zh(paragraph) if lang == "zh" else split_en(paragraph)
