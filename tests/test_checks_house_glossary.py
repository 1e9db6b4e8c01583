"""The bundled glossary's rulings, on sentences that are not from the sample corpus: which
renderings it accepts and forbids, and under which category a wrong one is reported (a term's
wrong rendering is terminology, a calque that a style rule replaces is fluency)."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.checks import Flag, run_checks
from review_app.glossary import Glossary, load_workspace_glossary
from review_app.model import Article, Segment

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_workspace_glossary(REPO)


def flags(glossary: Glossary, source: str, target: str) -> list[Flag]:
    """Warnings and errors of the glossary-driven checks on one segment."""
    segment = Segment("s0001", source, target, target, 1)
    found = run_checks(Article("a", "t", [segment]), glossary, only=["terminology", "fluency"])
    return [f for f in found["s0001"] if f.severity != "info"]


ACCEPTED = [
    ("以改革创新为主线。", "They took reform and innovation as the main line."),
    ("为企业发展贡献工会力量。", "The union will contribute the union's strength to growth."),
    ("区委书记出席。", "The secretary of the CPC Hexi District Committee attended."),
    ("庆祝五一国际劳动节。", "They celebrated May Day."),
    ("街道办开展活动。", "The street office held an event."),
    ("大多数职工支持。", "The majority of workers agreed."),
]


@pytest.mark.parametrize(("source", "target"), ACCEPTED)
def test_accepted_renderings_raise_nothing(glossary: Glossary, source: str, target: str) -> None:
    assert not flags(glossary, source, target)


# (source, target, check, fix)
RULED = [
    ("区委常委会召开。", "The district committee's standing committee met.",
     "terminology.forbidden", "The district Party committee's standing committee met."),
    ("庆祝“五一”国际劳动节。", 'They celebrated the "May 1" International Labor Day.',
     "terminology.forbidden", "They celebrated the International Workers' Day."),
    ("河西街道总工会成立。", "The Hexi Street federation of trade unions was set up.",
     "terminology.forbidden", "The Hexi Sub-district federation of trade unions was set up."),
    ("做到精准帮扶。", "They gave accurate assistance.",
     "terminology.forbidden", "They gave targeted assistance."),
    ("基层工会换届。", "The grass-roots trade union held elections.",
     "fluency.calque", "The grassroots trade union held elections."),
    ("工会干部培训。", "Trade union cadres were trained.",
     "terminology.forbidden", "Trade union officials were trained."),
    ("关心广大职工。", "They care for the majority of workers.",
     "fluency.calque", "They care for workers."),
    ("慰问组走访农民工。", "The condolence group visited migrant workers.",
     "fluency.calque", "The visiting team visited migrant workers."),
    ("大会隆重开幕。", "The congress opened grandly.", "fluency.calque", "The congress opened."),
    ("驿站服务1500人次。", "The station recorded 1,500 person-times.",
     "fluency.calque", "The station recorded 1,500 visits."),
    ("建好服务阵地。", "They built a service position.",
     "fluency.calque", "They built a service platform."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "check_id", "fix"), RULED)
def test_wrong_renderings_are_flagged_once_under_their_category(
    glossary: Glossary, source: str, target: str, check_id: str, fix: str
) -> None:
    found = flags(glossary, source, target)
    assert [(f.check, f.fix) for f in found] == [(check_id, fix)]
