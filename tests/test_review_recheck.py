"""Flags kept current during review: cheap provisional re-checks, exact whole-article ones."""

from __future__ import annotations

import dataclasses
import threading

from review_app.checks import Flag, run_checks
from review_app.glossary import Glossary, GlossaryEntry
from review_app.model import Article, Segment, fingerprint
from review_app.recheck import LiveChecks, apply_dismissals, changed_ids, content_key

GLOSSARY = Glossary([GlossaryEntry("工会", "trade union", forbidden=("labor union",))])


def _article(*targets: str) -> Article:
    segments = [
        Segment(id=f"s{i:04d}", source="学校工会召开会议。", target=t, draft=t, paragraph=i)
        for i, t in enumerate(targets, 1)
    ]
    return Article(id="a", title="A", segments=segments)


def _edit(article: Article, segment_id: str, target: str) -> Article:
    return dataclasses.replace(
        article,
        segments=[
            dataclasses.replace(s, target=target) if s.id == segment_id else s
            for s in article.segments
        ],
    )


class CountingRunner:
    """Flags every segment whose English mentions 'labor'; whole-article runs can be held."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.release = threading.Event()
        self.release.set()

    def __call__(self, article: Article, glossary: Glossary, **kwargs: object) -> dict:
        self.calls.append([s.id for s in article.segments])
        if len(article.segments) > 1:
            self.release.wait(timeout=10)
        return {
            s.id: [Flag("terminology.forbidden", "terminology", "error", "labor")]
            if "labor" in s.target
            else []
            for s in article.segments
        }


def test_content_key_follows_what_the_checks_read():
    article = _article("The labor union met.", "It met.")
    key = content_key(article)
    seg = article.segments[0]
    assert content_key(_edit(article, "s0001", "The trade union met.")) != key
    approved = dataclasses.replace(
        article,
        segments=[
            dataclasses.replace(seg, comment="ok", reviewer="x", dismissed={"c": "f"}),
            article.segments[1],
        ],
    )
    assert content_key(approved) == key


def test_changed_ids():
    article = _article("A.", "B.", "C.")
    assert changed_ids(article, _edit(article, "s0002", "Bee.")) == {"s0002"}
    assert changed_ids(article, article) == set()
    assert changed_ids(article, _article("A.", "B.")) is None


def test_apply_dismissals_marks_by_the_current_target():
    article = _article("The labor union met.")
    flag = Flag("terminology.forbidden", "terminology", "error", "m")
    assert apply_dismissals(article, {"s0001": [flag]})["s0001"][0].dismissed is False
    seg = article.segments[0]
    seg.dismissed = {"terminology.forbidden": fingerprint(seg.target)}
    assert apply_dismissals(article, {"s0001": [flag]})["s0001"][0].dismissed is True
    seg.target = "Changed."
    dismissed = flag._replace(dismissed=True)
    assert apply_dismissals(article, {"s0001": [dismissed]})["s0001"][0].dismissed is False


def test_an_edit_is_rechecked_alone_then_the_whole_article_replaces_it():
    runner = CountingRunner()
    live = LiveChecks(runner, delay=0)
    article = _article("The labor union met.", "It met.", "They left.")
    flags, exact = live.flags("a", article, GLOSSARY)
    assert exact and runner.calls == [["s0001", "s0002", "s0003"]]
    assert [len(flags[s]) for s in ("s0001", "s0002", "s0003")] == [1, 0, 0]

    assert live.flags("a", article, GLOSSARY)[1]  # unchanged: nothing re-run
    assert len(runner.calls) == 1

    runner.release.clear()  # hold the whole-article re-check
    edited = _edit(article, "s0003", "The labor union left.")
    flags, exact = live.flags("a", edited, GLOSSARY)
    assert not exact
    assert ["s0003"] in runner.calls
    assert [len(flags[s]) for s in ("s0001", "s0002", "s0003")] == [1, 0, 1]

    runner.release.set()
    live.wait()
    flags, exact = live.flags("a", edited, GLOSSARY)
    assert exact and runner.calls[-1] == ["s0001", "s0002", "s0003"]


def test_many_changes_or_another_glossary_wait_for_the_whole_article():
    runner = CountingRunner()
    live = LiveChecks(runner, max_patch=1, delay=0)
    article = _article("A.", "B.", "C.")
    live.flags("a", article, GLOSSARY)
    edited = _edit(_edit(article, "s0001", "labor"), "s0002", "labor")
    flags, exact = live.flags("a", edited, GLOSSARY)
    assert exact and len(flags["s0002"]) == 1
    _, exact = live.flags("a", edited, Glossary([]))
    assert exact and runner.calls[-1] == ["s0001", "s0002", "s0003"]


def test_settled_flags_equal_a_full_run():
    live = LiveChecks(delay=0)
    article = _article("The labor union met.", "The labor union met again.", "It ended.")
    live.flags("a", article, GLOSSARY)
    edited = _edit(article, "s0001", "The trade union met.")
    live.flags("a", edited, GLOSSARY)
    live.wait()
    flags, exact = live.flags("a", edited, GLOSSARY)
    assert exact
    assert flags == run_checks(edited, GLOSSARY, include_dismissed=True)


def test_quick_successive_edits_cost_one_whole_article_recheck():
    runner = CountingRunner()
    live = LiveChecks(runner, delay=0.2)
    article = _article("A.", "B.", "C.")
    live.flags("a", article, GLOSSARY)
    first = _edit(article, "s0001", "The labor union.")
    second = _edit(first, "s0002", "The labor union again.")
    assert not live.flags("a", first, GLOSSARY)[1]
    flags, exact = live.flags("a", second, GLOSSARY)
    assert not exact and [len(flags[s]) for s in ("s0001", "s0002", "s0003")] == [1, 1, 0]
    live.wait()
    whole_runs = [c for c in runner.calls if len(c) == 3]
    assert len(whole_runs) == 2  # the first open and one re-check for both edits
    assert live.flags("a", second, GLOSSARY)[1]
