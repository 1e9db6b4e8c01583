"""Many reviewers in one article at once: edits merge or conflict, none is lost silently.

Eight real processes make 200 edits each on one small article. Every edit reads the segment's
current English as its base and writes a unique marker; half of them go to three "hot"
segments so that writers collide. The audit log is then replayed per segment: each write
must have replaced exactly the text the previous acknowledged write left, and the final file
must hold the last acknowledged write of every segment.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from review_app.errors import ConflictError
from review_app.model import Article, Segment
from review_app.store import ArticleStore

ARTICLE_ID = "busy"
WORKERS = 8
EDITS_PER_WORKER = 200
SEGMENTS = 12
HOT_SEGMENTS = 3


def busy_article() -> Article:
    segments = [
        Segment(
            id=f"s{i:04d}",
            source=f"第{i}句中文原文。",
            target=f"Draft sentence {i}.",
            draft=f"Draft sentence {i}.",
            paragraph=i,
        )
        for i in range(1, SEGMENTS + 1)
    ]
    return Article(id=ARTICLE_ID, title="Busy article", segments=segments)


def edit_loop(workspace: str, worker: int, start: multiprocessing.synchronize.Event) -> None:
    """One reviewer: read a segment, think briefly, save a unique text based on what was read."""
    store = ArticleStore(workspace)
    rng = random.Random(worker)
    results = []
    start.wait()
    for n in range(EDITS_PER_WORKER):
        hot = rng.random() < 0.5
        index = rng.randint(1, HOT_SEGMENTS) if hot else rng.randint(1, SEGMENTS)
        segment_id = f"s{index:04d}"
        base = store.load(ARTICLE_ID).segment(segment_id).target
        time.sleep(rng.random() * 0.002)
        marker = f"worker {worker} edit {n}"
        result = {"segment": segment_id, "marker": marker, "base": base}
        try:
            store.update_segment(
                ARTICLE_ID, segment_id, reviewer=f"w{worker}", base_target=base, target=marker
            )
            result["outcome"] = "saved"
        except ConflictError as exc:
            result |= {
                "outcome": "conflict",
                "theirs": exc.theirs,
                "conflict_segment": exc.segment_id,
            }
        results.append(result)
    Path(workspace, f"results-{worker}.json").write_text(json.dumps(results), encoding="utf-8")


def test_parallel_writers_lose_nothing(tmp_path, monkeypatch):
    # Spawned children re-run the parent's __main__, which Streamlit's AppTest leaves pointing
    # at an app script when it ran earlier in this process.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    store = ArticleStore(tmp_path)
    initial = busy_article()
    store.create(initial)
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=edit_loop, args=(str(tmp_path), w, start)) for w in range(WORKERS)
    ]
    for process in workers:
        process.start()
    began = time.perf_counter()
    start.set()
    for process in workers:
        process.join(timeout=120)
        assert process.exitcode == 0, f"worker exited with {process.exitcode}"
    seconds = time.perf_counter() - began

    results = [
        r
        for w in range(WORKERS)
        for r in json.loads((tmp_path / f"results-{w}.json").read_text(encoding="utf-8"))
    ]
    saved = {r["marker"]: r for r in results if r["outcome"] == "saved"}
    conflicts = [r for r in results if r["outcome"] == "conflict"]
    assert len(results) == WORKERS * EDITS_PER_WORKER
    # Lock time-outs would also surface as ConflictError, with no segment: there must be none.
    assert all(r["conflict_segment"] == r["segment"] for r in conflicts)
    assert conflicts, "the hot segments should have produced conflicts"

    final = store.load(ARTICLE_ID)
    losses = []
    logged: set[str] = set()
    for seg in initial.segments:
        current = seg.target
        for record in store.history(ARTICLE_ID, seg.id):
            marker = record["after"]["target"]
            ack = saved.get(marker)
            assert ack is not None, f"{marker!r} was written but its writer got an error"
            assert ack["segment"] == seg.id and record["user"] == f"w{marker.split()[1]}"
            assert record["before"]["target"] == ack["base"], "a write replaced unseen text"
            if record["before"]["target"] != current:
                losses.append((seg.id, current, marker))
            logged.add(marker)
            current = marker
        assert final.segment(seg.id).target == current
    assert logged == set(saved), "acknowledged edits missing from the audit log"
    for conflict in conflicts:
        assert conflict["marker"] not in logged
        assert conflict["theirs"] != conflict["base"], "conflict reported without a change"

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt missing: scripts/test.sh installs gettext")
    check = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(store.path(ARTICLE_ID))],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    print(
        f"\nconcurrency: {len(results)} edits by {WORKERS} processes, {len(saved)} saved, "
        f"{len(conflicts)} conflicts reported, {len(losses)} silent losses, {seconds:.1f} s "
        f"({len(results) / seconds:.0f} edits/s)"
    )
    assert losses == []
