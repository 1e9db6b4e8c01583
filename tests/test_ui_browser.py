"""The review app in a real browser: `review-app serve` on a copy of the samples, driven by
Playwright with Debian's chromium; every page is saved as a screenshot."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from auth_helpers import add_account, log_in_browser

from review_app.checks import run_checks
from review_app.glossary import load_workspace_glossary
from review_app.model import Status
from review_app.review import active_flags
from review_app.store import ArticleStore

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTICLE = "xjnu-union-visit"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`review-app serve` on a temp copy of the bundled workspace: (url, workspace)."""
    workspace = tmp_path_factory.mktemp("served")
    (workspace / "translations").mkdir()
    for po in (REPO / "translations").glob("*.po"):
        shutil.copy2(po, workspace / "translations" / po.name)
    shutil.copytree(REPO / "glossary", workspace / "glossary")
    add_account(workspace, "alice")
    port = _free_port()
    log = workspace / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "review_app.cli", "--workspace", str(workspace), "serve"]
            + ["--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path_factory.getbasetemp(),  # serve must not depend on the working folder
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.read() == b"ok":
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start:\n{log.read_text()}") from None
                time.sleep(0.3)
        assert f"review app on http://127.0.0.1:{port}" in log.read_text()
        yield url, workspace
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _settle(page) -> None:
    """Wait until the app is connected and no script run is going on."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=30_000
    )
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=30_000
    )


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
    _settle(page)
    log_in_browser(page, "alice")
    _settle(page)
    expect(page.get_by_text("Import an article")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    _shot(page, "articles")

    choice = page.get_by_test_id("stSelectbox").filter(has_text="Article to review")
    choice.click()
    page.get_by_role("option", name=ARTICLE).click()
    _settle(page)
    page.get_by_role("button", name="Open for review").click()
    _settle(page)
    expect(page).to_have_url(f"{url}/review?article={ARTICLE}")
    expect(page.locator(".st-key-card-s0004")).to_be_visible()

    page.locator(f".st-key-approve-{ARTICLE}-s0004 button").click()
    _settle(page)
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
    _settle(page)
    _eventually(lambda: store.load(ARTICLE).segment(segment_id).target == fix, "fix saved")
    box = page.locator(f".st-key-target-{ARTICLE}-{segment_id} textarea")
    expect(box).to_have_value(fix)

    # Ctrl+Enter in a text area commits the text (an edit), it approves nothing
    box.fill(fix + " Edited by hand.")
    box.press("Control+Enter")
    _settle(page)
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
    _settle(page)
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
        _settle(page)
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        _shot(page, name)

    page.goto(f"{url}/review?article={ARTICLE}")  # a reload shows the saved state
    _settle(page)
    log_in_browser(page, "alice")  # a new browser session logs in again
    _settle(page)
    expect(page.locator(f".st-key-approve-{ARTICLE}-s0004 button")).to_be_disabled()
    expect(page.locator(f".st-key-target-{ARTICLE}-{segment_id} textarea")).to_have_value(
        fix + " Edited by hand."
    )
    page.close()
