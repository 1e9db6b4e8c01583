"""Real browser (Playwright + Debian chromium): download an export from the Export page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from auth_helpers import add_account, log_in_browser
from browser_helpers import served_app, settle
from export_helpers import reviewed_workspace

from review_app.export import export_articles
from review_app.store import ArticleStore

pytestmark = pytest.mark.browser
ARTICLE = "xjnu-union-visit"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ArticleStore]]:
    """`review-app serve` on a reviewed workspace."""
    store = reviewed_workspace(tmp_path_factory.mktemp("browser") / "ws")
    add_account(store.workspace, "alice")
    with served_app(store.workspace) as url:
        yield url, store


def test_download_an_export(served, browser, tmp_path):
    from playwright.sync_api import expect

    url, store = served
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{url}/export")
    settle(page)
    log_in_browser(page, "alice")
    settle(page)
    picker = page.locator(".st-key-export-articles input")
    picker.click()
    picker.fill(ARTICLE)
    picker.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    button = page.get_by_role("button", name=f"Download {ARTICLE}.md")
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == f"{ARTICLE}.md"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.close()
    [expected] = export_articles(store, [ARTICLE], "md")
    assert saved.read_bytes() == expected.data
    assert saved.read_text(encoding="utf-8").startswith("# ")
