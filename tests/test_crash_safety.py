"""A writer killed at any moment leaves the article file whole: the old state or the new one.

A child process saves a 500-segment article over and over, alternating two full states (and
appending an audit record after each save); the test kills it with SIGKILL after a random
delay, at least 200 times, and after every kill checks the workspace as a fresh reader would.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time
import types
from pathlib import Path

from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore

ARTICLE_ID = "crash"
SEGMENTS = 500
KILLS = 220


def article_state(version: str) -> Article:
    """One of two full states that differ in every segment and in the header."""
    statuses = list(Status)
    segments = [
        Segment(
            id=f"s{i:04d}",
            source=f"区教育工会召开第{i}次会议，杜志平主持会议并讲话。",
            target=f"State {version}: the district education trade union held meeting {i}. " * 2,
            draft=f"District education labor union convened meeting {i}, Du Chaired by Zhiping.",
            paragraph=i // 4,
            confidence=0.5,
            status=statuses[(i + (version == "B")) % len(statuses)],
            comment=f"checked in round {version}" if i % 3 == 0 else "",
            reviewer=f"reviewer-{version.lower()}",
            reviewed_at="2026-11-23T10:00:00+00:00",
        )
        for i in range(1, SEGMENTS + 1)
    ]
    return Article(
        id=ARTICLE_ID,
        title=f"Union congress, state {version}",
        segments=segments,
        imported_at="2026-11-23T09:00:00+00:00",
    )


def save_forever(workspace: str, ready: multiprocessing.synchronize.Event) -> None:
    """Alternate the two states until killed; an audit record follows each save."""
    store = ArticleStore(workspace)
    states = [article_state("A"), article_state("B")]
    ready.set()
    for n in range(10**9):
        store.save(states[n % 2])
        store.log(ARTICLE_ID, "writer", "s0001", "save", None, {"target": f"第{n}次保存"})


def temp_files(workspace: Path) -> list[Path]:
    return [p for p in (workspace / "translations").iterdir() if p.name.endswith(".tmp")]


def test_killed_writer_leaves_old_or_new_state(tmp_path, monkeypatch):
    # Forkserver children re-run the parent's __main__, which Streamlit's AppTest leaves
    # pointing at an app script when it ran earlier in this process.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    store = ArticleStore(tmp_path)
    states = {"A": article_state("A"), "B": article_state("B")}
    store.create(states["A"])
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    rng = random.Random(20261123)
    seen = {"A": 0, "B": 0}
    left_temp_files: set[Path] = set()
    records = 0
    began = time.perf_counter()
    for _ in range(KILLS):
        ready = context.Event()
        writer = context.Process(target=save_forever, args=(str(tmp_path), ready))
        writer.start()
        assert ready.wait(30), "writer did not start"
        time.sleep(rng.uniform(0, 0.12))
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        assert writer.exitcode == -signal.SIGKILL

        loaded = store.load(ARTICLE_ID)
        state = next((k for k, v in states.items() if loaded == v), None)
        assert state is not None, "the article file holds neither the old nor the new state"
        seen[state] += 1
        assert store.ids() == [ARTICLE_ID]
        left_temp_files.update(temp_files(tmp_path))
        history = store.history(ARTICLE_ID)
        assert all(r["action"] == "save" for r in history)
        records = len(history)
    seconds = time.perf_counter() - began

    store.save(states["B"])
    assert temp_files(tmp_path) == [], "a save should sweep temp files of killed writers"
    print(
        f"\ncrash safety: {KILLS} SIGKILLs in {seconds:.1f} s; file held state A {seen['A']}×, "
        f"state B {seen['B']}×, never anything else; {len(left_temp_files)} kills cut a "
        f"write short (temp file left, swept by the next save); {records} audit records read"
    )
    assert seen["A"] and seen["B"], "kills should land on both states"
    assert records > KILLS


def test_torn_audit_line_is_skipped_and_later_records_survive(tmp_path):
    store = ArticleStore(tmp_path)
    for n in range(3):  # U+2028 inside a string is not a record boundary
        store.log(
            "torn", "alice", "s0001", "edit", {"target": "旧"}, {"target": f"新的\u2028译文{n}"}
        )
    path = tmp_path / "audit" / "torn.jsonl"
    whole = path.read_bytes()
    last_start = whole.rindex(b"\n", 0, len(whole) - 1) + 1
    for cut in range(last_start + 1, len(whole) - 1):  # every torn length, mid-character too
        path.write_bytes(whole[:cut])
        assert [r["after"]["target"] for r in store.history("torn")] == [
            "新的\u2028译文0",
            "新的\u2028译文1",
        ]
        store.log("torn", "bob", "s0002", "edit", {"target": "a"}, {"target": "b"})
        history = store.history("torn")
        assert [r["user"] for r in history] == ["alice", "alice", "bob"], cut


def test_leftover_temp_files_are_not_articles(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(article_state("A"))
    for name in (".crash.po.k3j2.tmp", ".other.po.x1.tmp", "notes.po.tmp", ".crash.po"):
        (tmp_path / "translations" / name).write_text("torn", encoding="utf-8")
    assert store.ids() == [ARTICLE_ID]
    assert [s.id for s in store.summaries()] == [ARTICLE_ID]
