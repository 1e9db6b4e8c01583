"""Accounts for the UI tests: a workspace account (hashed at bcrypt's cheapest cost) and a
logged-in session, in AppTest or in a real browser page."""

from __future__ import annotations

from pathlib import Path

from review_app import accounts
from review_app.accounts import UserStore
from review_app.commands.serve import APP_PATH
from review_app.ui.auth import USER_KEY

PASSWORD = "test-password"


def add_account(
    workspace: Path, name: str = "alice", role: str = "admin", display_name: str = ""
) -> str:
    """Add an account with PASSWORD; returns its name."""
    cost = accounts.BCRYPT_ROUNDS
    accounts.BCRYPT_ROUNDS = 4
    try:
        UserStore(workspace).add(name, role, PASSWORD, display_name)
    finally:
        accounts.BCRYPT_ROUNDS = cost
    return name


def open_app(page: str = "articles", user: str = "alice", article: str | None = None):
    """An AppTest session logged in as `user` (who must have an account) on `page`, a file of
    app_pages/ (the start page, "articles", by default), with `?article=` when given; the
    page must have run without an exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_PATH), default_timeout=60)
    at.session_state[USER_KEY] = user  # what the login form stores
    at.run()
    if page != "articles":
        at.switch_page(f"app_pages/{page}.py")
        if article is not None:
            at.query_params["article"] = article
        at.run()
    assert not at.exception, at.exception
    return at


def log_in_browser(page, name: str = "alice", password: str = PASSWORD) -> None:
    """Fill in and send the login form of a Playwright page showing it."""
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=30_000)
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Logged in as")).to_be_visible(timeout=30_000)
