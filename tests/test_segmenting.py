import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.segmenting import (
    _WORD_BEFORE_RE,
    _ZH_BOUNDARY_RE,
    _split_zh_at_ends,
    _word_before,
    en_sentence_spans,
    split_en,
    split_zh,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议召开。大家参加！是吗？", ["会议召开。", "大家参加！", "是吗？"]),
        ("他说：“我们要努力。”大家鼓掌。", ["他说：“我们要努力。”", "大家鼓掌。"]),
        ("作了《润心凝聚。同心同行》的发言。", ["作了《润心凝聚。同心同行》的发言。"]),
        ("一是讲政治；二是讲责任。", ["一是讲政治；", "二是讲责任。"]),
        ("会议结束……大家离开", ["会议结束……", "大家离开"]),
        ("联学共建活动圆满结束", ["联学共建活动圆满结束"]),
        ("（完）。", ["（完）。"]),
        ("好。”", ["好。”"]),
    ],
)
def test_split_zh(text, expected):
    assert split_zh(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was held at No. 2 School. It ended.", ["It was held at No. 2 School.", "It ended."]),
        ("Mr. Li met Dr. Wang on St. Mary's day.", ["Mr. Li met Dr. Wang on St. Mary's day."]),
        ("The U.S. envoy came. He left.", ["The U.S. envoy came.", "He left."]),
        ("It began at 9 a.m. The hall was full.", ["It began at 9 a.m.", "The hall was full."]),
        ("Growth was 3.5 per cent. Fine.", ["Growth was 3.5 per cent.", "Fine."]),
        ("J. K. Smith spoke. Then lunch.", ["J. K. Smith spoke.", "Then lunch."]),
        ('He said "yes." Then left!', ['He said "yes."', "Then left!"]),
        ("first. second sentence lower", ["first.", "second sentence lower"]),
        ("Share on facebook", ["Share on facebook"]),
        ("e.g. this one, i.e. that.", ["e.g. this one, i.e. that."]),
        # the word before the stop is longer than the look-back window: the whole run counts
        ("a..............st. Next.", ["a..............st.", "Next."]),
        ("He left. )", ["He left. )"]),
    ],
)
def test_split_en(text, expected):
    assert split_en(text) == expected


def _no_space(text: str) -> str:
    return "".join(text.split())


@given(st.text(alphabet=st.sampled_from(list('会议。！？；…《》“”好的 ab.A!?"')), max_size=80))
def test_zh_split_keeps_every_character(text):
    assert _no_space("".join(split_zh(text))) == _no_space(text)


_ZH_SPLIT_ALPHABET = list("会议。！？；…《》“”’」』）)】〕\"'好 ab.A!?\u3000\n")


@given(st.text(alphabet=st.sampled_from(_ZH_SPLIT_ALPHABET), max_size=40))
def test_zh_boundary_pattern_is_the_plain_one(text):
    """The pattern written to start with one character class finds what its plain form finds."""
    plain = re.compile(r"(?:[。！？；!?]+|…+|\.{3,})[”’」』）)】〕\"']*")
    assert [m.span() for m in _ZH_BOUNDARY_RE.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


@given(st.text(alphabet=st.sampled_from(_ZH_SPLIT_ALPHABET), max_size=40))
def test_zh_split_fast_path_is_the_walk(text):
    """Where one search finds no sentence end with text after it, the walk agrees."""
    assert split_zh(text) == _split_zh_at_ends(text)


@given(st.text(max_size=120))
def test_en_split_keeps_every_character(text):
    assert _no_space("".join(split_en(text))) == _no_space(text)


@given(st.text(alphabet=st.sampled_from(list("aAbJpPsSnoN. .!?\n\t\u3000\"')”]1")), max_size=80))
def test_en_sentence_spans_locate_the_sentences(text):
    spans = en_sentence_spans(text)
    assert [_no_space(text[start:end]) for start, end in spans] == [
        _no_space(sentence) for sentence in split_en(text)
    ]
    assert all(text[start:end] == text[start:end].strip() for start, end in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


@given(st.text(alphabet=st.sampled_from(list("abZ. \n-1")), max_size=40), st.data())
def test_word_before_is_the_regex_search(text, data):
    """The fast path (a window and `str.rstrip`) finds what the regex finds in text[:end]:
    runs longer than the window, leading dots, a line break right before `end`."""
    end = data.draw(st.integers(0, len(text)))
    found = _WORD_BEFORE_RE.search(text, 0, end)
    assert _word_before(text, end) == (found.group(1) if found else None)
