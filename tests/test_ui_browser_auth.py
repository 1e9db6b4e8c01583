"""Login and roles in a real browser (Playwright + Debian chromium, headless): logging in,
refreshing, logging out, refreshing, and a translator asking for editor pages by URL."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from auth_helpers import add_account, log_in_browser

from review_app.model import Article, Segment
from review_app.store import ArticleStore

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]
XSS_NAME = '<img src=x onerror="window.pwned=1">'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`review-app serve` on a workspace with an editor and a translator account."""
    workspace = tmp_path_factory.mktemp("auth-served")
    segments = [
        Segment(id="s0001", source="工会来访。", target="Visit.", draft="Visit.", paragraph=1)
    ]
    ArticleStore(workspace).create(Article(id="visit", title="Visit", segments=segments))
    add_account(workspace, "root")
    add_account(workspace, "ed", "editor")
    add_account(workspace, "tina", "translator", XSS_NAME)
    port = _free_port()
    log = workspace / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "review_app.cli", "--workspace", str(workspace), "serve"]
            + ["--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # serve starts streamlit as a child: stop them together
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
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("chromium missing: scripts/test.sh installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _settled(page) -> None:
    """Connected and no script run in progress."""
    page.get_by_test_id("stAppViewContainer").wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(200)
    for state in ("data-test-connection-state='CONNECTED'", "data-test-script-state='notRunning'"):
        page.locator(f"[data-testid='stApp'][{state}]").wait_for(state="attached", timeout=30_000)


def _open(page, url: str) -> None:
    page.goto(url)
    _settled(page)


def _log_in(page, name: str) -> None:
    log_in_browser(page, name)
    _settled(page)


def _assert_logged_out(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Logged in as")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)


def test_login_refresh_logout_refresh(served: str, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    _open(page, served)
    _assert_logged_out(page)
    _log_in(page, "ed")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Sign-off")).to_be_visible()
    expect(nav.get_by_text("Users")).to_have_count(0)
    # a refresh starts a new session: the login is asked for again, nothing half-logged-in
    page.reload()
    _settled(page)
    _assert_logged_out(page)
    _log_in(page, "ed")
    page.get_by_role("button", name="Log out").click()
    _settled(page)
    _assert_logged_out(page)
    page.reload()
    _settled(page)
    _assert_logged_out(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_link_to_a_page_opens_it_after_login(served: str, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    _open(page, f"{served}/signoff")
    _assert_logged_out(page)
    _log_in(page, "ed")
    expect(page.get_by_role("heading", name="Sign-off")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Sign off")).to_be_visible()


@pytest.mark.parametrize("path", ["signoff", "users"])
def test_translator_cannot_reach_editor_pages_by_url(served: str, browser, path: str):
    from playwright.sync_api import expect

    page = browser.new_page()
    _open(page, f"{served}/{path}")
    _assert_logged_out(page)  # asking for the page first asks who you are
    _log_in(page, "tina")
    expect(page.get_by_role("heading", name="Articles")).to_be_visible(timeout=30_000)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Articles")).to_be_visible()
    for title in ("Sign-off", "Users"):
        expect(nav.get_by_text(title)).to_have_count(0)
        expect(page.get_by_role("heading", name=title)).to_have_count(0)
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)
    expect(page.get_by_role("button", name="Add")).to_have_count(0)
    # the display name is shown as text: its markup neither renders nor runs
    expect(page.get_by_text(f"Logged in as {XSS_NAME}")).to_be_visible()
    assert page.evaluate("window.pwned") is None
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_translator_gets_no_glossary_editor_by_url(served: str, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    _open(page, f"{served}/glossary")
    _log_in(page, "tina")
    expect(page.get_by_role("heading", name="Glossary")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("tab", name="Browse")).to_be_visible()
    for tab in ("Add or edit", "Import / export", "Suggestions"):
        expect(page.get_by_role("tab", name=tab)).to_have_count(0)
    expect(page.get_by_role("button", name="Save entry")).to_have_count(0)
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
