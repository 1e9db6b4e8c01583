"""Login and roles in a real browser (Playwright + Debian chromium, headless): logging in,
refreshing, logging out, refreshing, and a translator asking for editor pages by URL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from auth_helpers import add_account, log_in_browser
from browser_helpers import served_app, settle

from review_app.model import Article, Segment
from review_app.store import ArticleStore

pytestmark = pytest.mark.browser

XSS_NAME = '<img src=x onerror="window.pwned=1">'


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
    with served_app(workspace) as url:
        yield url


def _open(page, url: str) -> None:
    page.goto(url)
    settle(page)


def _log_in(page, name: str) -> None:
    log_in_browser(page, name)
    settle(page)


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
    settle(page)
    _assert_logged_out(page)
    _log_in(page, "ed")
    page.get_by_role("button", name="Log out").click()
    settle(page)
    _assert_logged_out(page)
    page.reload()
    settle(page)
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
