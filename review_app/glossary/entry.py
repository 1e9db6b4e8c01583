"""Glossary entries and the checks that make a set of entries usable for QA."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

KINDS = ("term", "name", "title", "style")
DOMAINS = ("union", "party", "government", "education", "general")

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")


@dataclass(frozen=True)
class GlossaryEntry:
    """One source term (or, for kind=style, one MT-ese phrase family) and its English renderings.

    `origin` says where the entry was read ("glossary/glossary.csv:17") so messages can point
    at it; it takes no part in equality, so the same entry read from CSV or TBX compares equal.
    """

    source: str
    target: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    case_sensitive: bool = False
    kind: str = "term"
    domain: str = "general"
    note: str = ""
    origin: str = field(default="", compare=False)

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.target, *self.variants)

    @property
    def is_style(self) -> bool:
        return self.kind == "style"


@dataclass(frozen=True)
class GlossaryProblem:
    """A problem in a glossary file, located as `file:line` (or `file` for whole-file ones).

    Errors make the glossary unusable (loading refuses it); warnings are reported only.
    """

    origin: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        suffix = " (warning)" if self.severity == "warning" else ""
        return f"{self.origin}: {self.message}{suffix}"


def split_origin(origin: str) -> tuple[str, str]:
    """'glossary/a.csv:17' → ('glossary/a.csv', '17'); no line → (origin, '')."""
    path, sep, line = origin.rpartition(":")
    if sep and line.isdigit():
        return path, line
    return origin, ""


def _where_first(first: str, here: str) -> str:
    first_path, first_line = split_origin(first)
    here_path, _ = split_origin(here)
    if first_line and first_path == here_path:
        return f"line {first_line}"
    return first or "an earlier entry"


def entry_problems(entry: GlossaryEntry) -> list[GlossaryProblem]:
    """What is wrong with one entry on its own."""
    problems: list[GlossaryProblem] = []

    def add(message: str, severity: str = "error") -> None:
        problems.append(GlossaryProblem(entry.origin, message, severity))

    if entry.kind not in KINDS:
        add(f"unknown kind {entry.kind!r} (expected one of {', '.join(KINDS)})")
    if entry.domain not in DOMAINS:
        add(f"unknown domain {entry.domain!r} (expected one of {', '.join(DOMAINS)})")
    if not entry.target:
        add("empty target")
    if not entry.source and not entry.is_style:
        add(f"empty source (only kind=style rows may leave it empty; kind is {entry.kind!r})")
    if entry.is_style and not entry.forbidden:
        add("style rule without a forbidden phrase")
    accepted = {a.casefold(): a for a in entry.accepted}
    for wrong in entry.forbidden:
        if wrong.casefold() in accepted:
            same = accepted[wrong.casefold()]
            add(f"forbidden rendering {wrong!r} equals accepted rendering {same!r}")
    renderings = [*entry.accepted, *entry.forbidden]
    seen: set[str] = set()
    for rendering in renderings:
        if rendering in seen:
            add(f"rendering {rendering!r} listed twice", "warning")
        seen.add(rendering)
        if _HAN.search(rendering):
            add(f"English rendering {rendering!r} contains Chinese or full-width characters")
        if "|" in rendering:
            add(f"rendering {rendering!r} contains '|', the list separator")
    return problems


def check_entries(entries: Iterable[GlossaryEntry]) -> list[GlossaryProblem]:
    """Problems of each entry, then those between entries (duplicate source, repeated style)."""
    entries_list = list(entries)
    problems: list[GlossaryProblem] = []
    first_source: dict[str, str] = {}
    first_style_phrase: dict[str, str] = {}
    for entry in entries_list:
        problems.extend(entry_problems(entry))
        if entry.source:
            if entry.source in first_source:
                where = _where_first(first_source[entry.source], entry.origin)
                problems.append(
                    GlossaryProblem(
                        entry.origin, f"duplicate source {entry.source} (first at {where})"
                    )
                )
            else:
                first_source[entry.source] = entry.origin
        if entry.is_style:
            for phrase in entry.forbidden:
                key = phrase.casefold()
                if key in first_style_phrase:
                    where = _where_first(first_style_phrase[key], entry.origin)
                    problems.append(
                        GlossaryProblem(
                            entry.origin,
                            f"style phrase {phrase!r} already ruled (first at {where})",
                            "warning",
                        )
                    )
                else:
                    first_style_phrase[key] = entry.origin
    problems.extend(_style_repeats_term(entries_list, first_style_phrase))
    return problems


def _style_repeats_term(
    entries: list[GlossaryEntry], style_phrases: dict[str, str]
) -> list[GlossaryProblem]:
    """A style phrase that is also a term's forbidden rendering would be flagged twice."""
    problems = []
    for entry in entries:
        if entry.is_style:
            continue
        for phrase in entry.forbidden:
            origin = style_phrases.get(phrase.casefold())
            if origin is not None:
                where = _where_first(entry.origin, origin)
                message = (
                    f"style phrase {phrase!r} is also forbidden for {entry.source} "
                    f"(at {where}); it would be flagged twice"
                )
                problems.append(GlossaryProblem(origin, message, "warning"))
    return problems
