"""The review app in a real browser: `review-app serve` on a copy of the samples, driven by
Playwright with Debian's chromium; every page is saved as a screenshot."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from auth_helpers import add_account, log_in_browser
from browser_helpers import SERVE_LOG, served_app, settle
from workspace_helpers import copy_sample_workspace

from review_app.checks import run_checks
from review_app.glossary import load_workspace_glossary
from review_app.model import Status
from review_app.review import active_flags
from review_app.store import ArticleStore

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"
ARTICLE = "xjnu-union-visit"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`review-app serve` on a temp copy of the bundled workspace: (url, workspace)."""
    workspace = copy_sample_workspace(tmp_path_factory.mktemp("served") / "ws")
    add_account(workspace, "alice")
    with served_app(workspace) as url:
        assert f"review app on {url}" in (workspace / SERVE_LOG).read_text()
        yield url, workspace


def _eventually(condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        time.sleep(0.2)


def _shot(page, name: str) -> None:
    page.wait_for_timeout(800)  # tables and fonts finish drawing after the run
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_review_in_the_browser(served, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # CI machines are slow and shared
    url, workspace = served
    store = ArticleStore(workspace)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    settle(page)
    log_in_browser(page, "alice")
    settle(page)
    expect(page.get_by_text("Import an article")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    _shot(page, "articles")

    choice = page.get_by_test_id("stSelectbox").filter(has_text="Article to review")
    choice.click()
    page.get_by_role("option", name=ARTICLE).click()
    settle(page)
    page.get_by_role("button", name="Open for review").click()
    settle(page)
    expect(page).to_have_url(f"{url}/review?article={ARTICLE}")
    expect(page.locator(".st-key-card-s0004")).to_be_visible()

    page.locator(f".st-key-approve-{ARTICLE}-s0004 button").click()
    settle(page)
    _eventually(
        lambda: store.load(ARTICLE).segment("s0004").status is Status.APPROVED, "s0004 approved"
    )
    expect(page.locator(f".st-key-approve-{ARTICLE}-s0004 button")).to_be_disabled()

    flags = run_checks(store.load(ARTICLE), load_workspace_glossary(workspace))
    segment_id, index, fix = next(
        (sid, i, f.fix)
        for sid, seg_flags in flags.items()
        for i, f in enumerate(active_flags(seg_flags))
        if f.fix is not None
        and store.load(ARTICLE).segment(sid).source
        and sid not in ("s0004", "s0006")
    )
    page.locator(f".st-key-fix-{ARTICLE}-{segment_id}-{index} button").click()
    settle(page)
    _eventually(lambda: store.load(ARTICLE).segment(segment_id).target == fix, "fix saved")
    box = page.locator(f".st-key-target-{ARTICLE}-{segment_id} textarea")
    expect(box).to_have_value(fix)

    # Ctrl+Enter in a text area commits the text (an edit), it approves nothing
    box.fill(fix + " Edited by hand.")
    box.press("Control+Enter")
    settle(page)
    _eventually(
        lambda: store.load(ARTICLE).segment(segment_id).target.endswith("Edited by hand."),
        "edit saved",
    )
    assert store.load(ARTICLE).segment(segment_id).status is Status.EDITED
    expect(page.locator(".ra-diff ins").filter(has_text="Edited by hand")).to_be_visible()
    # typing and clicking Approve at once: the text typed is what gets approved
    other = page.locator(f".st-key-target-{ARTICLE}-s0006 textarea")
    typed = other.input_value().replace("labor union", "trade union") + " Checked."
    other.fill(typed)
    page.locator(f".st-key-approve-{ARTICLE}-s0006 button").click()
    settle(page)
    _eventually(
        lambda: (
            (
                store.load(ARTICLE).segment("s0006").target,
                store.load(ARTICLE).segment("s0006").status,
            )
            == (typed, Status.APPROVED)
        ),
        "typed text approved",
    )

    page.set_viewport_size({"width": 1400, "height": 1500})
    page.locator("[class*='card-s0004']").scroll_into_view_if_needed()
    _shot(page, "review")
    page.set_viewport_size({"width": 1400, "height": 1000})

    for name, title in (("glossary", "Glossary"), ("dashboard", "Dashboard"), ("export", "Export")):
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        settle(page)
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        _shot(page, name)

    page.goto(f"{url}/review?article={ARTICLE}")  # a reload shows the saved state
    settle(page)
    log_in_browser(page, "alice")  # a new browser session logs in again
    settle(page)
    expect(page.locator(f".st-key-approve-{ARTICLE}-s0004 button")).to_be_disabled()
    expect(page.locator(f".st-key-target-{ARTICLE}-{segment_id} textarea")).to_have_value(
        fix + " Edited by hand."
    )
    page.close()
