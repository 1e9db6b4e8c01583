"""Measure alignment against hand-made gold alignments (link precision / recall / F1)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from review_app.model import Segment
from review_app.segmenting import split_en, split_zh

Link = tuple[str, str]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _links(sources: list[str], drafts: list[str]) -> set[Link]:
    """Every source×draft sentence pair of a bead; unpaired sentences link to ''."""
    sources = [_norm(s) for s in sources] or [""]
    drafts = [_norm(d) for d in drafts] or [""]
    return {(s, d) for s in sources for d in drafts}


def segment_links(segments: Iterable[Segment]) -> set[Link]:
    links: set[Link] = set()
    for seg in segments:
        links |= _links(split_zh(seg.source), split_en(seg.draft))
    return links


def gold_links(path: str | Path) -> set[Link]:
    beads = json.loads(Path(path).read_text(encoding="utf-8"))["beads"]
    links: set[Link] = set()
    for bead in beads:
        links |= _links(bead["source"], bead["draft"])
    return links


@dataclass(frozen=True)
class Score:
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )


def score_links(predicted: set[Link], gold: set[Link]) -> Score:
    return Score(len(predicted & gold), len(predicted), len(gold))
