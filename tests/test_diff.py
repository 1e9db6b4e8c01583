"""Word diffs of current English against the machine draft."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from review_app.diff import DiffPiece, changed_words, tokenize, trim_context, word_diff


def _old(pieces: list[DiffPiece]) -> str:
    return "".join(p.text for p in pieces if p.op != "insert")


def _new(pieces: list[DiffPiece]) -> str:
    return "".join(p.text for p in pieces if p.op != "delete")


def test_split_name_repair_is_one_deletion_and_one_insertion():
    draft = "Du Chaired by Zhiping the meeting."
    fixed = "Du Zhiping chaired the meeting."
    pieces = word_diff(draft, fixed)
    assert pieces == [
        DiffPiece("equal", "Du "),
        DiffPiece("delete", "Chaired by "),
        DiffPiece("equal", "Zhiping "),
        DiffPiece("insert", "chaired "),
        DiffPiece("equal", "the meeting."),
    ]


def test_whole_words_not_characters():
    pieces = word_diff("the labor union", "the trade union")
    assert DiffPiece("delete", "labor ") in pieces
    assert DiffPiece("insert", "trade ") in pieces
    assert changed_words(pieces) == 2


def test_deletion_before_insertion_and_merged_runs():
    pieces = word_diff("a b c", "a x y c")
    assert pieces == [
        DiffPiece("equal", "a "),
        DiffPiece("delete", "b "),
        DiffPiece("insert", "x y "),
        DiffPiece("equal", "c"),
    ]


def test_identical_and_empty_texts():
    assert word_diff("Same text.", "Same text.") == [DiffPiece("equal", "Same text.")]
    assert word_diff("", "") == []
    assert word_diff("", "New") == [DiffPiece("insert", "New")]
    assert changed_words(word_diff("", "")) == 0


def test_tokens_carry_their_trailing_spaces():
    assert tokenize("  the school’s union, 2024.") == [
        "  ",
        "the ",
        "school’s ",
        "union",
        ", ",
        "2024",
        ".",
    ]


@given(st.text(max_size=40), st.text(max_size=40))
def test_pieces_rebuild_both_texts(old: str, new: str):
    pieces = word_diff(old, new)
    assert _old(pieces) == old
    assert _new(pieces) == new
    assert all(p.text for p in pieces)
    assert all(a.op != b.op for a, b in zip(pieces, pieces[1:], strict=False))


def test_trim_context_keeps_a_few_words_around_each_change():
    text = (
        "To strengthen the union work of the two universities, "
        "the labor union of the School visited."
    )
    pieces = trim_context(word_diff(text, text.replace("labor", "trade")))
    assert pieces == [
        DiffPiece("equal", "… two universities, the "),
        DiffPiece("delete", "labor "),
        DiffPiece("insert", "trade "),
        DiffPiece("equal", "union of the School …"),
    ]
    unchanged = word_diff("Short text.", "Short text.")
    assert trim_context(unchanged) == unchanged
    near = word_diff("a b c", "a x c")
    assert trim_context(near) == near
