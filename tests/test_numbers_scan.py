"""The English number scanner's shortcuts: word patterns tried only where a month name or a
number word starts a word, the fallback to full scans for texts with case-folding traps, and
the markers that gate the date, percentage and No. patterns."""

from __future__ import annotations

import pytest

from review_app.checks.numbers import source_quantities, target_quantities


def found(text: str) -> list[tuple[tuple, str]]:
    return [(q.key, text[q.start : q.end]) for q in target_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some two hundred people came.", [(("n", 200.0), "two hundred")]),
        ("and a hundred more", [(("n", 100.0), "a hundred")]),  # the run starts at "and"
        ("Twenty-five of them", [(("n", 25.0), "Twenty-five")]),
        ("one's own, first", [(("n", 1.0), "one"), (("n", 1.0), "first")]),
        ("someone often pays attention", []),  # number words inside longer words
        ("x-a hundred", [(("n", 100.0), "a hundred")]),
        ("5one two_ 2two", [(("n", 5.0), "5"), (("n", 2.0), "2")]),  # no word boundary
    ],
)
def test_spelled_out_numbers(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It opened on March 20.", [(("date", 3, 20), "March 20")]),
        ("On 1st of December", [(("date", 12, 1), "1st of December")]),
        ("Sept. 9 and Jan. 3", [(("date", 9, 9), "Sept. 9"), (("date", 1, 3), "Jan. 3")]),
        ("In May they met; may we?", [(("month", 5), "May")]),
        ("a summary of the market", []),  # "mar" inside words is no month
        ("on 2024-03-05", [(("n", 2024.0), "2024"), (("date", 3, 5), "03-05")]),
    ],
)
def test_dates_and_months(text: str, expected: list) -> None:
    assert found(text) == expected


def test_percentages_and_issue_numbers() -> None:
    assert found("Issue No. 12: up 4.5 percent, 12%") == [
        (("n", 12.0), "No. 12"),
        (("pct", 4.5), "4.5 percent"),
        (("pct", 12.0), "12%"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "5 million and 2024-03-05",
            [(("n", 5e6), "5 million"), (("n", 2024.0), "2024"), (("date", 3, 5), "03-05")],
        ),
        ("１２ people, ٣ cars", [(("n", 12.0), "１２"), (("n", 3.0), "٣")]),
        (
            "é 5 million and 2024-03-05",
            [(("n", 5e6), "5 million"), (("n", 2024.0), "2024"), (("date", 3, 5), "03-05")],
        ),
        ("up 3 per cent; cooperation rose", [(("pct", 3.0), "3 per cent")]),
    ],
)
def test_digit_patterns_find_the_same_in_ascii_and_other_texts(text: str, expected: list) -> None:
    """ASCII texts take patterns that look for ASCII digits only; other texts keep Unicode
    digits (１２, ٣), and the percentage pattern runs only where "percent" or "%" occurs."""
    assert found(text) == expected


@pytest.mark.parametrize("trap", ["ſ", "ı", "K", "İ"])
def test_case_folding_traps_find_the_same(trap: str) -> None:
    """Texts with characters that re.I folds onto ASCII letters (or that lower() lengthens)
    take the full scans; the quantities elsewhere in the text must not change."""
    plain = "x two hundred on March 3, No. 4"
    assert found(plain.replace("x", trap, 1)) == found(plain)


def test_word_numbers_are_placed_in_their_text() -> None:
    """Spelled-out runs are cached by their words; each text gets its own offsets."""
    first, second = target_quantities("two weeks"), target_quantities("after two weeks")
    assert (first[0].start, first[0].end) == (0, 3)
    assert (second[0].start, second[0].end) == (6, 9)


def test_chinese_markers_and_scales() -> None:
    text = "近100人，5万元，约三十名，30余人，超过2亿"
    assert [(q.key, q.approx) for q in source_quantities(text)] == [
        (("n", 100.0), "nearly"),
        (("n", 50000.0), ""),
        (("n", 30.0), "about"),
        (("n", 30.0), "more"),
        (("n", 2e8), "more"),
    ]


def test_chinese_number_read_in_its_own_context() -> None:
    """A number's reading is cached by its text and the characters around it: the same
    numeral reads differently beside 第, a measure word, a marker or the sentence's edge."""
    readings = [
        [(q.key, q.text, q.ordinal, q.approx) for q in source_quantities(text)]
        for text in ("第三次", "三次", "三", "近三次", "约3", "3余")
    ]
    assert readings == [
        [(("n", 3.0), "第三", True, "")],
        [(("n", 3.0), "三", False, "")],
        [],
        [(("n", 3.0), "三", False, "nearly")],
        [(("n", 3.0), "3", False, "about")],
        [(("n", 3.0), "3", False, "more")],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a month name inside a longer word is no date, even beside a real month
        (
            "In March, 3 mayors and 20 Marines met.",
            [(("month", 3), "March"), (("n", 3.0), "3"), (("n", 20.0), "20")],
        ),
        # "a" counts as one only before a scale word
        ("a two-day session", [(("n", 2.0), "two")]),
        ("a hundred delegates", [(("n", 100.0), "a hundred")]),
        ("two trillion yuan", [(("n", 2e12), "two trillion")]),
        # re.I lets ſ stand for s: read as the month it matched, not a crash
        (
            "On 3 ſeptember and 4 March",
            [(("date", 9, 3), "3 ſeptember"), (("date", 3, 4), "4 March")],
        ),
    ],
)
def test_number_readings_that_were_wrong(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("活动开展三次左右。", "about"),  # the marker after a measure word
        ("参会人员100人以上。", "more"),
        ("召开三次多方会谈", ""),  # after a measure word 多 may start a word (多方)
        ("共有100人参加。", ""),
    ],
)
def test_approximation_after_a_measure_word(text: str, approx: str) -> None:
    assert [q.approx for q in source_quantities(text)] == [approx]
