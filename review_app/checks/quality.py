"""Measuring the checks on the sample corpus: recall against hand-labelled defects of the MT
drafts and false alarms on the clean reference translations.

Corpus layout (a workspace's `translations/sources/`): `ID.zh.txt` (source), `ID.en-mt.txt`
(machine draft), `ID.en-ref.txt` (clean human translation, optional); labels in
`tests/data/defects/ID.json` as `[{"category", "text", "expected", "note"}]` where `text` is an
exact substring of the draft.

A labelled defect counts as found when a flag of its category sits on a segment whose English
contains the labelled text and the flag's target span overlaps that text (or the flag has no
target span). An omitted sentence is imported as its own segment with no English right after
the segment the label quotes, so a flag on that empty neighbour counts too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from review_app.checks import CATEGORIES, CHECKS, Flag, run_checks
from review_app.glossary import Glossary
from review_app.importer import import_files
from review_app.model import Article, Segment


@dataclass(frozen=True)
class Defect:
    article: str
    category: str
    text: str


@dataclass
class QualityReport:
    labelled: Counter[str] = field(default_factory=Counter)  # category → defects
    found: Counter[str] = field(default_factory=Counter)  # category → defects found
    flags: Counter[str] = field(default_factory=Counter)  # check → flags on the drafts
    true_flags: Counter[str] = field(default_factory=Counter)  # check → flags on a label
    caught: Counter[str] = field(default_factory=Counter)  # check → labels it finds
    missed: list[Defect] = field(default_factory=list)
    reference_segments: int = 0
    false_alarms: Counter[str] = field(default_factory=Counter)  # check → warnings/errors
    false_alarm_examples: list[tuple[str, str, str]] = field(default_factory=list)

    def recall(self, category: str) -> float:
        return self.found[category] / self.labelled[category] if self.labelled[category] else 1.0

    def precision(self, check_id: str) -> float | None:
        return self.true_flags[check_id] / self.flags[check_id] if self.flags[check_id] else None

    @property
    def false_alarms_per_10(self) -> float:
        total = sum(self.false_alarms.values())
        return 10 * total / self.reference_segments if self.reference_segments else 0.0

    def table(self) -> str:
        lines = ["category       labelled  found  recall"]
        for category in CATEGORIES:
            lines.append(
                f"{category:<14} {self.labelled[category]:>8}  {self.found[category]:>5}  "
                f"{self.recall(category):>6.2f}"
            )
        lines += ["", "check                        flags  on-label  precision  finds  ref-FA"]
        for check_id in CHECKS:
            precision = self.precision(check_id)
            shown = f"{precision:.2f}" if precision is not None else "-"
            lines.append(
                f"{check_id:<28} {self.flags[check_id]:>5}  {self.true_flags[check_id]:>8}  "
                f"{shown:>9}  {self.caught[check_id]:>5}  {self.false_alarms[check_id]:>6}"
            )
        lines += [
            "",
            f"reference segments: {self.reference_segments}; false alarms (warning/error): "
            f"{sum(self.false_alarms.values())} = {self.false_alarms_per_10:.2f} per 10 segments",
        ]
        return "\n".join(lines)


def corpus_ids(sources: Path) -> list[str]:
    return sorted(p.name[: -len(".zh.txt")] for p in sources.glob("*.zh.txt"))


def import_pair(sources: Path, article_id: str, kind: str) -> Article | None:
    """The article built from `ID.zh.txt` and `ID.{kind}.txt`, or None if there is no such file."""
    draft = sources / f"{article_id}.{kind}.txt"
    if not draft.is_file():
        return None
    return import_files(article_id, sources / f"{article_id}.zh.txt", draft)


def load_defects(path: Path, article_id: str) -> list[Defect]:
    items = json.loads(path.read_text(encoding="utf-8"))
    return [Defect(article_id, item["category"], item["text"]) for item in items]


def _occurrences(segments: list[Segment], text: str) -> Iterator[tuple[int, int, int]]:
    for index, seg in enumerate(segments):
        start = seg.target.find(text)
        while start >= 0:
            yield index, start, start + len(text)
            start = seg.target.find(text, start + 1)


def _on_defect(flag: Flag, start: int, end: int) -> bool:
    if flag.target_span is None:
        return True
    return flag.target_span[0] < end and start < flag.target_span[1]


def matching_flags(
    defect: Defect, article: Article, results: dict[str, list[Flag]]
) -> list[tuple[str, Flag]]:
    """(segment id, flag) pairs that find `defect`, per the rule in the module docstring."""
    segments = article.segments
    out: list[tuple[str, Flag]] = []
    for index, start, end in _occurrences(segments, defect.text):
        seg = segments[index]
        out += [
            (seg.id, f)
            for f in results[seg.id]
            if f.category == defect.category and _on_defect(f, start, end)
        ]
        following = segments[index + 1] if index + 1 < len(segments) else None
        if following is not None and not following.target.strip():
            out += [(following.id, f) for f in results[following.id] if f.category == "completeness"
                    and defect.category == "completeness"]  # fmt: skip
    return out


def measure(sources: Path, defects_dir: Path, glossary: Glossary) -> QualityReport:
    """Run every check on the corpus drafts and references and score them."""
    report = QualityReport()
    for article_id in corpus_ids(sources):
        labels = defects_dir / f"{article_id}.json"
        draft = import_pair(sources, article_id, "en-mt")
        if draft is not None and labels.is_file():
            _score_draft(report, draft, load_defects(labels, article_id), glossary)
        reference = import_pair(sources, article_id, "en-ref")
        if reference is not None:
            _score_reference(report, reference, glossary)
    return report


def _score_draft(
    report: QualityReport, article: Article, defects: list[Defect], glossary: Glossary
) -> None:
    results = run_checks(article, glossary)
    on_label: set[tuple[str, int]] = set()
    for defect in defects:
        report.labelled[defect.category] += 1
        matches = matching_flags(defect, article, results)
        if matches:
            report.found[defect.category] += 1
        else:
            report.missed.append(defect)
        for check_id in {f.check for _, f in matches}:
            report.caught[check_id] += 1
        on_label |= {(seg_id, id(f)) for seg_id, f in matches}
    for seg_id, flags in results.items():
        for flag in flags:
            report.flags[flag.check] += 1
            report.true_flags[flag.check] += (seg_id, id(flag)) in on_label


def _score_reference(report: QualityReport, article: Article, glossary: Glossary) -> None:
    results = run_checks(article, glossary)
    report.reference_segments += len(article.segments)
    for seg in article.segments:
        for flag in results[seg.id]:
            if flag.severity in ("error", "warning"):
                report.false_alarms[flag.check] += 1
                report.false_alarm_examples.append((article.id, seg.id, flag.message))
