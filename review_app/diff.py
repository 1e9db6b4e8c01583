"""Word-level differences between two English texts (current target against machine draft).

Reviewers read a diff to see what was changed by hand; a character diff is noisy and a line
diff says nothing, so texts are compared as sequences of words, punctuation and spaces.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

DiffOp = Literal["equal", "insert", "delete"]

_TOKEN_RE = re.compile(r"^\s+|(?:\w+(?:['’]\w+)*|[^\w\s])\s*")


@dataclass(frozen=True)
class DiffPiece:
    """A run of text that is unchanged, only in the new text, or only in the old text."""

    op: DiffOp
    text: str


def tokenize(text: str) -> list[str]:
    """Words (with inner apostrophes) and single punctuation marks, each with the spaces
    after it, so a moved word shows as one move instead of a shuffle of spaces."""
    return _TOKEN_RE.findall(text)


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """Pieces that rebuild `old` (equal + delete) and `new` (equal + insert), in reading order.

    Within a replaced stretch the deletion comes before the insertion, as reviewers expect.
    Adjacent pieces of the same kind are merged.
    """
    a, b = tokenize(old), tokenize(new)
    pieces: list[DiffPiece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(pieces, "equal", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _append(pieces, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _append(pieces, "insert", "".join(b[j1:j2]))
    return pieces


def _append(pieces: list[DiffPiece], op: DiffOp, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = DiffPiece(op, pieces[-1].text + text)
    else:
        pieces.append(DiffPiece(op, text))


def changed_words(pieces: list[DiffPiece]) -> int:
    """How many words were inserted or deleted: a quick size of the edit."""
    return sum(
        len([t for t in tokenize(p.text) if not t.isspace()]) for p in pieces if p.op != "equal"
    )


def trim_context(pieces: list[DiffPiece], words: int = 4) -> list[DiffPiece]:
    """Shorten unchanged stretches to `words` tokens beside each change ("…" marks a cut),
    so a one-word fix in a long sentence previews as one short line."""
    out: list[DiffPiece] = []
    for i, piece in enumerate(pieces):
        tokens = tokenize(piece.text)
        before, after = i > 0, i < len(pieces) - 1
        if piece.op != "equal" or not (before or after) or len(tokens) <= words * (before + after):
            out.append(piece)
            continue
        parts = []
        if before:
            parts.append("".join(tokens[:words]).rstrip())
        parts.append("…")
        if after:
            parts.append("".join(tokens[-words:]))
        out.append(DiffPiece("equal", " ".join(parts)))
    return out
