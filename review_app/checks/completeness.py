"""Completeness: nothing left untranslated, nothing left out, nothing added.

Length bounds (`completeness.length`) were fitted on the clean reference translations in
`translations/sources/*.en-ref.txt`, imported against their `*.zh.txt` (67 aligned segments,
`benchmarks/check_quality.py` prints the fit): English characters per Chinese character have
a log-mean of 1.45 (4.27 characters) and a log standard deviation of 0.25; the observed range
was 1.76–6.86, the lowest being headlines. A segment is an outlier when its log ratio is more
than 3 standard deviations from the mean, i.e. below 2.0 or above 9.0 English characters per
Chinese character, and only for sources of at least 25 Chinese characters (short headlines
and bylines are legitimately terse).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator

from review_app.aligning import en_length, han_length, looks_like_cruft
from review_app.checks.base import (
    HAN_RE,
    Check,
    CheckContext,
    Flag,
    SegmentKind,
    SegmentView,
    replace_span,
)
from review_app.checks.numbers import found_in, quantities_in_target, source_quantities
from review_app.checks.terminology import forbidden_hits
from review_app.glossary import GlossaryEntry

LOG_RATIO_MEAN = 1.45
LOG_RATIO_SD = 0.25
LOG_RATIO_Z = 3.0
# English/Chinese length ratios strictly between these are less than LOG_RATIO_Z standard
# deviations from the mean (0.1 % inside the exact bounds, far beyond rounding error), so most
# segments need no logarithm.
_RATIO_BOUNDS = (
    math.exp(LOG_RATIO_MEAN - LOG_RATIO_Z * LOG_RATIO_SD) * 1.001,
    math.exp(LOG_RATIO_MEAN + LOG_RATIO_Z * LOG_RATIO_SD) / 1.001,
)
MIN_SOURCE_CHARS = 25
# Below this the aligner itself is unsure the English belongs to this source. The clean
# references score 0.16–1.0 (three segments under 0.35); drafts with shifted sentences
# score 0.0–0.3.
LOW_CONFIDENCE = 0.35
_MOSTLY_HAN = 0.5


_HAN_RUN_RE = re.compile(HAN_RE.pattern + "+")


def _han_runs(text: str) -> Iterator[tuple[int, int]]:
    return (m.span() for m in _HAN_RUN_RE.finditer(text))


class Untranslated(Check):
    check_id = "completeness.untranslated"
    category = "completeness"
    severity = "error"
    description = "The English is empty, a copy of the Chinese, or still contains Chinese text."
    needs_target = False

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        target = view.target
        stripped = target.strip()
        if not stripped:
            return (
                self.flag(
                    "No English for this sentence: the draft left it out; translate it.",
                    source_span=(0, len(view.source)),
                ),
            )
        source = view.source
        if len(source) >= len(stripped) and stripped == source.strip():
            return (self.flag("The English is a copy of the Chinese; translate it."),)
        if target.isascii():
            return ()  # no Chinese in it (a constant-time test)
        return self._chinese_left(target, ctx)

    def _chinese_left(self, target: str, ctx: CheckContext) -> Iterator[Flag]:
        runs = list(_han_runs(target))
        if not runs:
            return
        han = sum(end - start for start, end in runs)
        letters = sum(ch.isalpha() for ch in target)
        if han >= _MOSTLY_HAN * letters:  # unassigned CJK code points are not letters
            yield self.flag("The English is mostly Chinese text; translate it.")
            return
        for start, end in runs:
            chinese = target[start:end]
            yield self.flag(
                f"Chinese text “{chinese}” left in the English; translate it"
                + self._hint(chinese, ctx),
                target_span=(start, end),
                fix=self._fix(target, start, end, ctx),
            )

    @staticmethod
    def _renderings(chinese: str, ctx: CheckContext) -> list[str] | None:
        """Glossary targets covering the whole run, in order, or None."""
        matches = ctx.glossary_cache.match_source(chinese)
        if not matches or sum(m.end - m.start for m in matches) != len(chinese):
            return None
        return [m.entry.target for m in matches]

    def _hint(self, chinese: str, ctx: CheckContext) -> str:
        renderings = self._renderings(chinese, ctx)
        return f" (glossary: “{' '.join(renderings)}”)." if renderings else "."

    def _fix(self, target: str, start: int, end: int, ctx: CheckContext) -> str | None:
        renderings = self._renderings(target[start:end], ctx)
        return replace_span(target, start, end, " ".join(renderings)) if renderings else None


class LengthRatio(Check):
    check_id = "completeness.length"
    category = "completeness"
    severity = "warning"
    description = (
        "The English is far shorter or longer than the Chinese usually needs "
        "(possible omission or addition)."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        chars = han_length(view.source)
        if chars < MIN_SOURCE_CHARS:
            return ()
        ratio = en_length(view.target) / chars
        if _RATIO_BOUNDS[0] < ratio < _RATIO_BOUNDS[1]:
            return ()  # the usual ratio
        return self._outlier(view, chars, ratio)

    def _outlier(self, view: SegmentView, chars: int, ratio: float) -> Iterator[Flag]:
        z = (math.log(ratio) - LOG_RATIO_MEAN) / LOG_RATIO_SD
        expected = round(math.exp(LOG_RATIO_MEAN) * chars, -1)
        if z < -LOG_RATIO_Z:
            yield self.flag(
                f"The English is much shorter than the Chinese ({en_length(view.target)} "
                f"characters where about {expected:.0f} are usual): part of the sentence may "
                "be left out; compare it with the source."
            )
        elif z > LOG_RATIO_Z:
            yield self.flag(
                f"The English is much longer than the Chinese ({en_length(view.target)} "
                f"characters where about {expected:.0f} are usual): it may contain text that "
                "is not in the source; compare it with the source."
            )


class ExtraContent(Check):
    check_id = "completeness.extra"
    category = "completeness"
    severity = "warning"
    description = "English with no Chinese source: page furniture or added text; delete it."
    needs_source = False
    on_cruft = True

    def applies_to(self, kind: SegmentKind) -> bool:
        # Only English with no source: decided once per kind of segment, not run on the others.
        return kind.extra and super().applies_to(kind)

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        if looks_like_cruft(view.target):
            message = (
                "Web-page furniture (share button, breadcrumb, byline or logo caption) with "
                "no Chinese source; delete it."
            )
        else:
            message = (
                "This English has no Chinese source: delete it, or move it to the segment "
                "it translates."
            )
        return (self.flag(message, target_span=(0, len(view.target)), fix=""),)


class LowConfidence(Check):
    check_id = "completeness.alignment"
    category = "completeness"
    severity = "info"
    description = (
        f"The aligner is unsure this English belongs to this source "
        f"(confidence below {LOW_CONFIDENCE})."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        if view.segment.confidence < LOW_CONFIDENCE:
            return (
                self.flag(
                    f"Alignment confidence is low ({view.segment.confidence:.2f}): check that "
                    "this English translates this Chinese and not a neighbouring sentence."
                ),
            )
        return ()


class OmittedSentence(Check):
    check_id = "completeness.omission"
    category = "completeness"
    severity = "warning"
    description = (
        "One of several Chinese sentences has no trace in the English: none of its glossary "
        "terms and numbers is there while the other sentences' are."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        # The split is memoised: fluency.run-on asks for it too, for most segments.
        sentences = view.source_sentences
        if len(sentences) < 2:
            return ()
        return self._omissions(view, ctx, sentences)

    def _omissions(
        self, view: SegmentView, ctx: CheckContext, sentences: list[str]
    ) -> Iterator[Flag]:
        spans = _sentence_spans(view.source, sentences)
        wrong = {hit.entry for hit in forbidden_hits(view, ctx)}
        traced = [self._traces(view, ctx, wrong, start, end) for start, end in spans]
        if not any(found for found, _ in traced):
            return
        for (start, end), (found, anchors) in zip(spans, traced, strict=True):
            if anchors and not found:
                yield self.flag(
                    f"The sentence “{view.source[start:end]}” seems to be left out: none of "
                    f"{', '.join(anchors[:4])} is in the English; translate it.",
                    source_span=(start, end),
                )

    @staticmethod
    def _traces(
        view: SegmentView, ctx: CheckContext, wrong: set[GlossaryEntry], start: int, end: int
    ) -> tuple[bool, list[str]]:
        """(whether any anchor of source[start:end] is in the English, the anchors); `wrong`:
        the entries whose forbidden renderings the English has (a trace too)."""
        anchors: list[str] = []
        for match in ctx.term_matches(view):
            if start <= match.start and match.end <= end and not match.entry.is_style:
                anchors.append(match.entry.source)
                if match.entry in wrong or ctx.renderings(view, match.entry):
                    return True, anchors
        targets = quantities_in_target(view)
        for quantity in source_quantities(view.source[start:end]):
            anchors.append(quantity.text)
            if found_in(quantity, targets) is not None:
                return True, anchors
        return False, anchors


def _sentence_spans(source: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for sentence in sentences:
        start = source.find(sentence, position)
        start = position if start < 0 else start
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    return spans
