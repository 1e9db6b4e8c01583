"""Terminology: the glossary's renderings of union, Party and government terms.

Glossary entries of kind `name` are checked by the names checks and `style` rules by the
fluency checks; these checks cover kind `term` and `title`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick

from review_app.checks.base import (
    Check,
    CheckContext,
    Flag,
    SegmentView,
    capital_expected_at,
    match_case,
    replace_span,
)
from review_app.glossary import Glossary, GlossaryEntry, SourceMatch, TargetMatch, automaton_of
from review_app.glossary.matching import fold

_TERM_KINDS = ("term", "title")


def _pluralise(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


_ARTICLE_RE = re.compile(r"(?:the|a|an) ", re.IGNORECASE)


def rendering_like(
    replacement: str, found: TargetMatch, target: str, *, keep_article: bool = False
) -> str:
    """`replacement` with the number (plural) and capitalisation of the text it replaces in
    `target` (a lone capital first letter only where the place calls for one).

    `keep_article` is for a term's bare rendering replacing a forbidden phrase that starts with
    an article to narrow where it applies ("the district committee" but not "the CPC Ouhai
    District Committee"): the article stays. A style rule's wording replaces the whole phrase.
    """
    # A plural where the rendering is singular. Folding makes an "s" of "s" and "S" alone, so
    # the raw ends tell (and texts whose folded ends differ differ folded).
    if found.text.endswith(("s", "S")) and not found.rendering.endswith(("s", "S")):
        replacement = _pluralise(replacement)
    article = _ARTICLE_RE.match(found.text) if keep_article else None
    if article and not _ARTICLE_RE.match(replacement):
        rest = found.text[article.end() :]
        return article.group() + match_case(replacement, rest, capital_expected=False)
    # Whether the place calls for a capital matters only where one could be carried over
    # (and finding out is the costly part).
    capital = (
        found.text[:1].isupper()
        and replacement[:1].islower()
        and capital_expected_at(target, found.start)
    )
    return match_case(replacement, found.text, capital_expected=capital)


def _rendered_terms(
    view: SegmentView, ctx: CheckContext
) -> list[tuple[SourceMatch, list[TargetMatch]]]:
    """The segment's terms and titles, each with its accepted renderings in the English
    (none: missing), leaving out those rendered wrongly (`terminology.forbidden` flags them)."""

    def compute() -> list[tuple[SourceMatch, list[TargetMatch]]]:
        wrong = forbidden_hits(view, ctx)
        # equal entries have the same source: a string test first, an entry's hash walks
        # all its fields (and most segments have no wrong rendering to test against)
        wrong_sources = {hit.entry.source for hit in wrong} if wrong else ()
        scan = ctx.target_scan(view)
        return [
            (match, scan.renderings(match.entry))
            for match in ctx.term_matches(view)
            if match.entry.kind in _TERM_KINDS
            and match.entry.target
            and not (
                match.entry.source in wrong_sources
                and any(hit.entry == match.entry for hit in wrong)
            )
        ]

    return view.memo("rendered_terms", compute)


def forbidden_hits(view: SegmentView, ctx: CheckContext) -> list[TargetMatch]:
    """Forbidden renderings in the English, one per place: where hits of several entries
    overlap, the entry whose source term is in this segment's Chinese wins, then the longest."""

    def compute() -> list[TargetMatch]:
        hits = ctx.forbidden(view)
        if len(hits) < 2:
            return hits
        ranked = sorted(
            hits,
            key=lambda m: (m.entry.source not in view.source or not m.entry.source,
                           m.start - m.end, m.start),
        )  # fmt: skip
        kept: list[TargetMatch] = []
        for hit in ranked:
            if all(hit.end <= k.start or hit.start >= k.end for k in kept):
                kept.append(hit)
        return sorted(kept, key=lambda m: m.start)

    return view.memo("forbidden_hits", compute)


def style_hits(view: SegmentView, ctx: CheckContext) -> list[TargetMatch]:
    """Phrases of style rules in the English. A rule with a Chinese source applies only where
    the segment's Chinese has it ("the majority of workers" is a calque of 广大职工 but right
    for 大多数职工); a rule without one applies everywhere."""
    return view.memo(
        "style_hits",
        lambda: [
            hit
            for hit in forbidden_hits(view, ctx)
            if hit.entry.is_style and hit.entry.source in view.source
        ],
    )


def style_fix(target: str, hit: TargetMatch) -> tuple[str, str]:
    """(the style rule's wording for `hit`, the whole target with it put in)."""
    better = rendering_like(hit.entry.target, hit, target)
    fixed = replace_span(target, hit.start, hit.end, better)
    return better, re.sub(r" {2,}", " ", fixed).replace(" ,", ",").replace(" .", ".")


def styled_target(view: SegmentView, ctx: CheckContext) -> str:
    """The English with every style rule's wording put in (right to left, so spans hold)."""

    def compute() -> str:
        text = view.target
        for hit in reversed(style_hits(view, ctx)):
            better = rendering_like(hit.entry.target, hit, view.target)
            text = replace_span(text, hit.start, hit.end, better)
        return text

    return view.memo("styled_target", compute)


class ForbiddenRendering(Check):
    check_id = "terminology.forbidden"
    category = "terminology"
    severity = "error"
    description = "A rendering the glossary marks as wrong (“labor union” for 工会)."

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        for hit in forbidden_hits(view, ctx):
            entry = hit.entry
            if entry.is_style or entry.source not in view.source:
                continue  # "organ" or "Guo Ge" may be right where 机关 / the name is absent
            fixed = rendering_like(entry.target, hit, view.target, keep_article=True)
            why = f" ({entry.note})" if entry.note else ""
            span = view.source.find(entry.source) if entry.source else -1
            yield self.flag(
                f"“{hit.text}” is not the house rendering of {entry.source}: write “{fixed}”{why}.",
                source_span=(span, span + len(entry.source)) if span >= 0 else None,
                target_span=(hit.start, hit.end),
                fix=replace_span(view.target, hit.start, hit.end, fixed),
            )


class MissingTerm(Check):
    """Information only: human translators legitimately restructure a sentence, and no
    glossary lists every paraphrase, so an absent rendering is a hint, not an alarm."""

    check_id = "terminology.missing"
    category = "terminology"
    severity = "info"
    description = "A glossary term is in the Chinese but none of its accepted renderings is."

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        for match, renderings in _rendered_terms(view, ctx):
            entry = match.entry
            if renderings or self._styled(view, ctx, entry):
                continue
            others = [v for v in entry.variants if v]
            also = f" (or {', '.join(f'“{v}”' for v in others)})" if others else ""
            yield self.flag(
                f"{entry.source} should be rendered “{entry.target}”{also}; the English has no "
                "accepted rendering of it.",
                source_span=(match.start, match.end),
            )

    @staticmethod
    def _styled(view: SegmentView, ctx: CheckContext, entry: GlossaryEntry) -> bool:
        """The term is there once a style flag's fix is applied ("grass-roots trade union" →
        "grassroots trade union"): that flag already says what to change."""
        styled = styled_target(view, ctx)
        return styled != view.target and bool(ctx.glossary.find_renderings(entry, styled))


_WORD_GAP_RE = re.compile(r"[\s-]+")


def _word_pairs(found: str, wanted: str) -> list[tuple[str, str]]:
    return list(zip(_WORD_GAP_RE.split(found), _WORD_GAP_RE.split(wanted), strict=False))


@lru_cache(maxsize=65536)
def _missing_capitals(found: str, wanted: str) -> bool:
    """A word the rendering capitalises starts lower-case here (extra capitals are fine:
    "Party Committee" in a proper name). Cached: the same few spellings recur."""
    return found != wanted and any(
        f[:1].islower() and w[:1].isupper() for f, w in _word_pairs(found, wanted)
    )


def _recase(found: str, wanted: str) -> str:
    capitals = iter(w[:1].isupper() for _, w in _word_pairs(found, wanted))
    return re.sub(
        r"[^\s-]+",
        lambda m: m.group()[:1].upper() + m.group()[1:] if next(capitals, False) else m.group(),
        found,
    )


def _case_sensitive_automaton(glossary: Glossary) -> ahocorasick.Automaton | None:
    return automaton_of(
        {e.source: e for e in glossary.entries if e.case_sensitive and e.kind in _TERM_KINDS}
    )


def _case_sensitive_in(view: SegmentView, ctx: CheckContext) -> list[GlossaryEntry]:
    """Case-sensitive terms anywhere in the source, also inside longer terms (党 in
    党的二十大精神 still makes "the party" wrong)."""
    automaton = ctx.glossary_cache.derived("terminology.case", _case_sensitive_automaton)
    if automaton is None:
        return []
    # one entry per source term (the automaton's keys), so identity tells them apart without
    # hashing entries (which walks all their fields)
    return list({id(entry): entry for _, entry in automaton.iter(view.source)}.values())


class TermCase(Check):
    check_id = "terminology.case"
    category = "terminology"
    severity = "warning"
    description = (
        "A case-sensitive glossary term is written without its capitals (“party history”)."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        entries = _case_sensitive_in(view, ctx)
        if not entries:
            return
        scan = ctx.target_scan(view)
        hits = [
            (hit, entry)
            for entry in entries
            for hit in scan.renderings(entry)
            if _missing_capitals(hit.text, hit.rendering)
        ]
        if not hits:
            return
        kept: list[tuple[TargetMatch, GlossaryEntry]] = []
        for hit, entry in sorted(hits, key=lambda h: (h[0].start - h[0].end, h[0].start)):
            if all(hit.end <= k.start or hit.start >= k.end for k, _ in kept):
                kept.append((hit, entry))
        for hit, entry in sorted(kept, key=lambda h: h[0].start):
            fixed = _recase(hit.text, hit.rendering)
            yield self.flag(
                f"“{hit.text}” needs its capitals: write “{fixed}” ({entry.source}).",
                target_span=(hit.start, hit.end),
                fix=replace_span(view.target, hit.start, hit.end, fixed),
            )


def _article_renderings(ctx: CheckContext) -> dict[GlossaryEntry, dict[int, TargetMatch]]:
    """For each term (not title: "chairwoman" and "chairman" are different people, not two
    renderings) in the article's Chinese: segment index → the accepted rendering used there.
    Segments where the term is rendered wrongly are left to `terminology.forbidden`."""

    def compute() -> dict[GlossaryEntry, dict[int, TargetMatch]]:
        # by identity while collecting (a term's entry is the glossary's one object for its
        # source): an entry's hash walks all its fields
        entries: dict[int, GlossaryEntry] = {}
        used: dict[int, dict[int, TargetMatch]] = {}
        for view in ctx.translated_views():
            for match, hits in _rendered_terms(view, ctx):
                if hits and match.entry.kind == "term":
                    key = id(match.entry)
                    by_segment = used.get(key)
                    if by_segment is None:
                        entries[key] = match.entry
                        by_segment = used[key] = {}
                    by_segment[view.index] = hits[0]
        return {entries[key]: by_segment for key, by_segment in used.items()}

    return ctx.memo("terminology.renderings", compute)


_GENDERED_RE = re.compile(
    r"\b(chair|spokes|congress|council|business|sales)(?:wo)?(?:man|men|person|persons|people)\b"
    r"|\b(chair)s?\b"
)


@lru_cache(maxsize=65536)
def rendering_key(rendering: str) -> str:
    """What two renderings must share to count as the same wording: case, hyphens, plural
    endings and gendered forms (chairman / chairwoman / chairperson / chair) aside."""
    words = _GENDERED_RE.sub(
        lambda m: (m.group(1) or m.group(2)) + "person", fold(rendering).replace("-", " ")
    ).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def _short_form(one: str, other: str) -> bool:
    """One key's words run inside the other's: "union" after "trade union" is a short form."""
    return f" {one} " in f" {other} " or f" {other} " in f" {one} "


class InconsistentTerm(Check):
    check_id = "terminology.inconsistent"
    category = "terminology"
    severity = "info"
    description = (
        "The same Chinese term is rendered in different accepted ways within the article "
        "(short forms such as “union” for “trade union”, gendered titles and plurals aside)."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterator[Flag]:
        for entry, hit, usual in _odd_renderings(ctx).get(view.index, ()):
            fixed = rendering_like(usual, hit, view.target)
            yield self.flag(
                f"{entry.source} is “{usual}” elsewhere in this article but “{hit.text}” here; "
                f"use one rendering throughout.",
                target_span=(hit.start, hit.end),
                fix=replace_span(view.target, hit.start, hit.end, fixed),
            )


def _odd_renderings(
    ctx: CheckContext,
) -> dict[int, list[tuple[GlossaryEntry, TargetMatch, str]]]:
    """Segment index → (term, its rendering here, the article's usual rendering), computed
    once per article."""

    def compute() -> dict[int, list[tuple[GlossaryEntry, TargetMatch, str]]]:
        odd: dict[int, list[tuple[GlossaryEntry, TargetMatch, str]]] = {}
        for entry, by_segment in _article_renderings(ctx).items():
            if len({m.rendering for m in by_segment.values()}) < 2:
                continue  # one wording throughout (most terms), or one segment
            counts = Counter(rendering_key(m.rendering) for m in by_segment.values())
            if len(counts) < 2:
                continue
            target_key = rendering_key(entry.target)
            usual_key = sorted(counts, key=lambda k: (-counts[k], k != target_key))[0]
            usual = Counter(
                m.rendering for m in by_segment.values() if rendering_key(m.rendering) == usual_key
            ).most_common(1)[0][0]
            for index, hit in by_segment.items():
                if not _short_form(rendering_key(hit.rendering), usual_key):
                    odd.setdefault(index, []).append((entry, hit, usual))
        return odd

    return ctx.memo("terminology.odd", compute)
