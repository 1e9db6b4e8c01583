"""The punctuation and completeness checks' fast paths agree with what they replace.

The CJK run pattern (written to start with one character class) is compared with its plain
alternation, the quotation pattern's closing quotes with every second quote; the cheap tests
that let a check skip a segment (a capital first letter, the length-ratio bounds) are compared
with the full computation.
"""

from __future__ import annotations

import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_app.checks.completeness import (
    _RATIO_BOUNDS,
    LOG_RATIO_MEAN,
    LOG_RATIO_SD,
    LOG_RATIO_Z,
)
from review_app.checks.punctuation import (
    _CJK_PUNCT,
    _CJK_RUN_RE,
    _FIRST_WORD_RE,
    _closing_quotes,
)

FAST = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


@FAST
@given(st.text(alphabet=st.sampled_from("a 。，、（）《》—…１Ａａ\u3000！？ｚ９"), max_size=40))
def test_cjk_run_pattern_is_the_plain_one(text):
    plain = re.compile(
        f"[{_CJK_PUNCT}]+|—{{2,}}|…{{2,}}|[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+"
    )
    assert [m.span() for m in _CJK_RUN_RE.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


@FAST
@given(st.text(alphabet=st.sampled_from("aAzZÉéß1 \"“‘'([\t"), max_size=6))
def test_capital_start_has_no_lower_case_first_word(text):
    """`SentenceStart` skips a sentence whose first character is upper-case."""
    if text[:1].isupper():
        match = _FIRST_WORD_RE.match(text)
        assert match is None or not match.group(1)[0].islower()


def test_ratio_inside_the_bounds_is_no_outlier():
    """`LengthRatio` skips ratios strictly inside `_RATIO_BOUNDS` without a logarithm: every
    English length next to either bound, for Chinese lengths up to 50,000, is no outlier."""
    for chinese in range(25, 50_000):
        for bound in _RATIO_BOUNDS:
            edge = math.floor(bound * chinese)
            for english in (edge - 1, edge, edge + 1, edge + 2):
                ratio = english / chinese
                if _RATIO_BOUNDS[0] < ratio < _RATIO_BOUNDS[1]:
                    z = (math.log(ratio) - LOG_RATIO_MEAN) / LOG_RATIO_SD
                    assert -LOG_RATIO_Z <= z <= LOG_RATIO_Z


@FAST
@given(st.text(alphabet=st.sampled_from('ab "“”\n'), max_size=30))
def test_closing_quotes_are_every_second_quote(text):
    assert _closing_quotes(text) == [i for i, ch in enumerate(text) if ch == '"'][1::2]
