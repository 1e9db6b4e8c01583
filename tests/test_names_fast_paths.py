"""The names checks' fast paths agree with the plain definitions they replace.

Each fast path (byte operations, one regex split, a lookbehind regex for overlapping words, a
capital-first regex) is compared with the straightforward formulation on random text that
mixes the characters that make them differ: apostrophes, hyphens, ü, dotted İ, Han text.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi

from review_app.checks.base import WORD_RE
from review_app.checks.names import (
    _CAPITALISED_WORD_RE,
    COMPOUND_SURNAMES,
    SURNAMES,
    TITLES_ZH,
    PersonName,
    _display_form_alone,
    _english_words,
    _find_in_words,
    _letter_words,
    _occurrences_pattern,
    _viterbi_states,
    confirmed_names,
    normalise,
    split_surname,
)
from review_app.glossary import GlossaryEntry

FAST = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
ENGLISH = st.text(
    alphabet=st.sampled_from("aAbVvwWgGnZz'’-- .,üÜİK\u3000王"), max_size=40
) | st.text(max_size=30)
TITLE_TEXT = st.text(alphabet=st.sampled_from("".join(TITLES_ZH) + "王伟张三，"), max_size=30)


@given(ENGLISH)
@FAST
def test_english_words_are_word_re_matches(text: str) -> None:
    words = _english_words(text)
    matches = list(WORD_RE.finditer(text))
    assert list(words.raws) == [m.group() for m in matches]
    assert list(words.starts) == [m.start() for m in matches]
    assert list(words.ends) == [m.end() for m in matches]
    assert list(words.norms) == [normalise(m.group()) for m in matches]


@given(ENGLISH)
@FAST
def test_letter_words_are_the_letter_runs_of_the_folded_text(text: str) -> None:
    folded = text.lower().translate(str.maketrans({"'": None, "’": None, "-": None, "ü": "u"}))
    runs = set(re.findall("[a-z]+", folded.replace("v", "u")))
    letter_words = _letter_words(text)
    for word in runs | {"u", "wang", "ab", ""}:
        assert (f" {word} " in letter_words and word != "") == (word in runs)


@given(ENGLISH)
@FAST
def test_capitalised_word_re_finds_each_capitalised_word_whole(text: str) -> None:
    capitalised = {m.span() for m in WORD_RE.finditer(text) if m.group()[0].isupper()}
    assert capitalised <= {m.span() for m in _CAPITALISED_WORD_RE.finditer(text)}


@given(TITLE_TEXT)
@FAST
def test_occurrences_pattern_finds_every_title_even_overlapping(text: str) -> None:
    expected = sorted(
        (at, at + len(title))
        for title in TITLES_ZH
        for at in range(len(text))
        if text.startswith(title, at)
    )
    found = sorted((m.start(), m.end(1)) for m in _occurrences_pattern(TITLES_ZH).finditer(text))
    assert found == expected


def test_overlapping_titles_each_confirm_the_name_after_them() -> None:
    assert confirmed_names("书记者张三丰到场") == {"张三丰"}  # 书记 and 记者 overlap
    assert confirmed_names("总经理事长王小明说") == {"王小明"}


def test_split_surname_prefers_compound_surnames() -> None:
    for compound in COMPOUND_SURNAMES:
        assert split_surname(compound + "文") == (compound, "文")
        assert split_surname(compound + "文华") == (compound, "文华")
        assert split_surname(compound + "文华强") is None
    assert split_surname("欧阳") == ("欧", "阳")  # a compound alone reads as surname + given
    assert split_surname("王伟") == ("王", "伟")
    assert split_surname("王") is None
    assert split_surname("王小明强") is None
    assert all(split_surname(s + "伟") == (s, "伟") for s in SURNAMES)


NAMES = [
    PersonName("杜志平", 0, 3, "杜", True),
    PersonName("马晓鸥", 0, 3, "马", True),
    # The glossary's spelling is the display form, whatever its capitals.
    PersonName("杜志平", 0, 3, "杜", True, GlossaryEntry("杜志平", "DU ZhiPing", kind="name")),
]
NAME_TEXT = st.lists(
    st.sampled_from(
        [
            "Du Zhiping",
            "Ma Xiao'ou",
            "Du",
            "Zhiping",
            "du zhiping",
            "Zhiping Du",
            "DuZhiping",
            "Duzhi",
            "ping",
            "Ma",
            "Xiao",
            "ou",
            "Xiaoou",
            "met",
            "Mr",
            "the",
            " ",
            ", ",
            "-",
            "--",
            "'",
            "’",
            "ü",
            "K",
            "(",
            "1",
            "xDu",
            "Du-",
            "-Du",
            "Wang",
        ]
    ),
    max_size=12,
).map("".join)


@given(NAME_TEXT)
@settings(FAST, max_examples=1500)
@example("Du Zhiping-DuDuzhi")  # one word "Zhiping-DuDuzhi"
@example("du zhipingDu-Du Zhiping")  # one word "Du-Du"
@example("Du Zhiping-Wang--Du")  # "Wang--Du" are two words, one letter word
def test_display_form_alone_is_what_the_word_by_word_search_finds(text: str) -> None:
    for name in NAMES:
        alone = _display_form_alone(name, name.reading, text)
        if alone is not None:
            assert [alone] == _find_in_words(name, name.reading, text)


# Characters of names and of the words around them, one jieba's tables lack (㐀), and a letter.
HMM_RUN = st.text(
    alphabet=st.sampled_from("杜志平作马晓鸥由区万人余来的欧阳文华在了说张三丰㐀a"),
    min_size=1,
    max_size=6,
)


@given(HMM_RUN)
@FAST
@example("马晓鸥作")
@example("由区")
def test_viterbi_states_are_jiebas(run: str) -> None:
    assert _viterbi_states(run) == viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)[1]
