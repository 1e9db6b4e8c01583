"""Real browser (Playwright + Debian chromium): download an export from the Export page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest
from auth_helpers import add_account, log_in_browser
from export_helpers import reviewed_workspace

from review_app.commands.serve import streamlit_command
from review_app.export import export_articles
from review_app.store import ArticleStore

pytestmark = pytest.mark.browser
ARTICLE = "xjnu-union-visit"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ArticleStore]]:
    """The app, started the way `review-app serve` starts it, on a reviewed workspace."""
    store = reviewed_workspace(tmp_path_factory.mktemp("browser") / "ws")
    add_account(store.workspace, "alice")
    port = _free_port()
    env = {**os.environ, "REVIEW_APP_WORKSPACE": str(store.workspace)}
    server = subprocess.Popen(
        streamlit_command("127.0.0.1", port),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()
                    output = server.stdout.read().decode(errors="replace")
                    pytest.fail(f"review app did not start:\n{output}")
                time.sleep(0.3)
        yield url, store
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for_run(page) -> None:
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=30_000
    )


def test_download_an_export(served, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, store = served
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("chromium missing: scripts/test.sh installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            page = browser.new_page(accept_downloads=True)
            page.goto(f"{url}/export")
            page.get_by_test_id("stAppViewContainer").wait_for(state="attached", timeout=60_000)
            _wait_for_run(page)
            log_in_browser(page, "alice")
            _wait_for_run(page)
            picker = page.locator(".st-key-export-articles input")
            picker.click()
            picker.fill(ARTICLE)
            picker.press("Enter")
            page.keyboard.press("Escape")
            _wait_for_run(page)
            button = page.get_by_role("button", name=f"Download {ARTICLE}.md")
            expect(button).to_be_visible(timeout=30_000)
            with page.expect_download() as download_info:
                button.click()
            download = download_info.value
            assert download.suggested_filename == f"{ARTICLE}.md"
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            expect(page.get_by_test_id("stException")).to_have_count(0)
        finally:
            browser.close()
    [expected] = export_articles(store, [ARTICLE], "md")
    assert saved.read_bytes() == expected.data
    assert saved.read_text(encoding="utf-8").startswith("# ")
