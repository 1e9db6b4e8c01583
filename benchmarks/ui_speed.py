"""Review page speed: server time to open an article and per interaction, by article size.

Articles of 50 / 500 / 2,000 segments are built from the sample articles' segments (real
drafts with real flags) in a temp workspace with the bundled glossary, and the review page is
driven with Streamlit's AppTest (server side only: script run plus AppTest's own overhead,
no browser). Figures are medians of a few runs:

  open (cold)  first visit: PO parsed, whole article checked
  open (warm)  a second session on the same, unchanged article
  edit         typing new English into one segment (saved, re-checked, page redrawn)
  approve      approving one segment
  re-check     the whole-article re-check that an edit starts in the background

The page shows 25 segments at a time, so per-interaction time should stay roughly flat.
Run: .venv/bin/python benchmarks/ui_speed.py
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "review_app" / "ui" / "streamlit_app.py"
SIZES = (50, 500, 2_000)
REPEATS = 3


def build_workspace(folder: Path) -> None:
    from review_app.accounts import UserStore
    from review_app.model import Article
    from review_app.store import ArticleStore

    shutil.copytree(ROOT / "glossary", folder / "glossary")
    UserStore(folder).add("bench", "admin", "bench-password")
    samples = ArticleStore(ROOT)
    segments = [seg for i in samples.ids() for seg in samples.load(i).segments]
    store = ArticleStore(folder)
    for size in SIZES:
        picked = [
            dataclasses.replace(segments[k % len(segments)], id=f"s{k + 1:04d}")
            for k in range(size)
        ]
        store.create(
            Article(id=f"bench-{size}", title=f"Benchmark, {size} segments", segments=picked)
        )


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def review_page(article_id: str):
    from streamlit.testing.v1 import AppTest

    from review_app.ui.auth import USER_KEY

    at = AppTest.from_file(str(APP), default_timeout=600)
    at.session_state[USER_KEY] = "bench"  # logged in, as the login form leaves it
    at.switch_page("app_pages/review.py")
    at.query_params["article"] = article_id
    return at


def check(at) -> None:
    if at.exception:
        raise SystemExit(f"the app failed: {at.exception[0].value}")


def measure(size: int) -> dict[str, float]:
    import streamlit as st

    from review_app.ui.data import live_checks

    article_id = f"bench-{size}"
    at = review_page(article_id)
    st.cache_data.clear()
    st.cache_resource.clear()  # a fresh LiveChecks: nothing checked yet
    cold = timed(at.run)
    check(at)
    warm = []
    for _ in range(REPEATS):
        again = review_page(article_id)
        warm.append(timed(again.run))
        check(again)
    edits, approvals, rechecks = [], [], []
    for k in range(REPEATS):
        segment_id = f"s{k + 2:04d}"
        box = at.text_area(key=f"target-{article_id}-{segment_id}")
        edits.append(timed(lambda box=box, k=k: box.input(f"Edited English, take {k}.").run()))
        check(at)
        rechecks.append(timed(live_checks().wait))
        button = at.button(key=f"approve-{article_id}-{segment_id}")
        approvals.append(timed(lambda button=button: button.click().run()))
        check(at)
    return {
        "segments": size,
        "open_cold": cold,
        "open_warm": statistics.median(warm),
        "edit": statistics.median(edits),
        "approve": statistics.median(approvals),
        "recheck": statistics.median(rechecks),
    }


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_workspace(folder)
        os.environ["REVIEW_APP_WORKSPACE"] = str(folder)
        review_page("bench-50").run()  # imports, jieba and the glossary load before timing
        rows = [measure(size) for size in SIZES]
    print(f"review page, AppTest server time in ms (median of {REPEATS}; 25 segments per page)")
    columns = ("open_cold", "open_warm", "edit", "approve", "recheck")
    print(f"{'segments':>8}" + "".join(f"{c:>12}" for c in columns))
    for row in rows:
        print(f"{row['segments']:>8}" + "".join(f"{1000 * row[c]:>12.0f}" for c in columns))
    first, last = rows[0], rows[-1]
    ratio = last["segments"] / first["segments"]
    print(f"ratio {last['segments']} / {first['segments']} segments (article {ratio:.0f}x larger):")
    print("  " + ", ".join(f"{c} {last[c] / first[c]:.1f}x" for c in columns[:-1]))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
