"""Who is logged in to the browser app, the login form, logout, and the pages each role gets.

The login lives in this browser session only: a refresh or a new tab asks again, and logging
out clears the whole session, so nothing of one user is left for the next. The user is read
back from the accounts file on every run, so a removed account or a changed role takes
effect at once. Pages and the core check the role again (`require`, `review_app.actions`):
hiding a page is a convenience, not the rule.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence

import streamlit as st

from review_app.accounts import DEMO_ACCOUNTS, DEMO_ENV, User, UserStore
from review_app.errors import NotFoundError, ReviewAppError
from review_app.permissions import Action, allowed
from review_app.ui import render
from review_app.ui.session import workspace

USER_KEY = "auth-user"
_NAME_KEY = "login-name"
_PASSWORD_KEY = "login-password"
_ERROR_KEY = "login-error"
# Pages (by URL path) that only some roles get; every other page is open to every role.
PAGE_ACTIONS = {"signoff": Action.SIGN_OFF, "users": Action.MANAGE_USERS}


def demo_mode() -> bool:
    """Started by `review-app serve --demo`: the published demo accounts, nothing else."""
    return os.environ.get(DEMO_ENV) == "1"


def user_store() -> UserStore:
    return UserStore.demo(workspace()) if demo_mode() else UserStore(workspace())


def current_user() -> User | None:
    name = st.session_state.get(USER_KEY)
    if not name:
        return None
    try:
        return user_store().get(name)
    except NotFoundError:  # the account was removed meanwhile
        st.session_state.pop(USER_KEY, None)
    except ReviewAppError:  # an unreadable accounts file: nobody is logged in until it is fixed
        pass
    return None


def logged_in_user(pages: Sequence[st.Page]) -> User:
    """The entry point's gate: the user, or (nobody logged in) the login form and a stop.

    The login form answers at every page's address, so a link to a page asks who you are
    and then opens that page, if your role gets it.
    """
    user = current_user()
    if user is None:
        login = [st.Page(_login_page, title="Log in", icon=":material/login:", default=True)]
        login += [
            st.Page(_login_page, title="Log in", icon=":material/login:", url_path=page.url_path)
            for page in pages
            if page.url_path  # the default page's address is the login's own
        ]
        st.navigation(login, position="hidden").run()
        st.stop()
    return user


def require(action: Action | None = None) -> User:
    """For pages: the logged-in user, if their role allows `action` (when one is named);
    otherwise a message and a stop. Holds for pages reached by URL or code as well."""
    user = current_user()
    if user is None:
        st.html(render.alert("Log in first."))
        st.stop()
    if action is not None and not allowed(user, action):
        st.html(render.alert(f"Your role ({user.role.value}) may not {action.label}."))
        st.stop()
    return user


def permitted_pages(user: User, pages: Sequence[st.Page]) -> list[st.Page]:
    """The pages the menu offers this user."""
    return [
        page
        for page in pages
        if page.url_path not in PAGE_ACTIONS or allowed(user, PAGE_ACTIONS[page.url_path])
    ]


def sidebar(user: User) -> None:
    """Who is logged in, with the logout button."""
    st.sidebar.html(
        render.text_block(
            f"Logged in as <b>{html.escape(user.label)}</b> · {html.escape(user.role.value)}",
            "ra-muted",
        )
    )
    if demo_mode():
        st.sidebar.html(
            render.alert("Demo accounts: never use demo mode for real work.", "warning")
        )
    st.sidebar.button("Log out", key="logout", icon=":material/logout:", on_click=logout)


def logout() -> None:
    st.session_state.clear()


def _log_in() -> None:
    """Form callback: check the password, then forget it."""
    state = st.session_state
    name = " ".join(str(state.get(_NAME_KEY, "")).split())
    password = str(state.get(_PASSWORD_KEY, ""))
    state[_PASSWORD_KEY] = ""
    try:
        user = user_store().authenticate(name, password)
    except ReviewAppError as exc:  # PermissionDeniedError, or an unreadable accounts file
        state[_ERROR_KEY] = str(exc)
        return
    state.pop(_ERROR_KEY, None)
    state[USER_KEY] = user.name


def _login_page() -> None:
    st.title("Review app", anchor=False)
    users = user_store()
    try:
        configured = users.configured()
    except ReviewAppError as exc:
        st.html(render.alert(str(exc)))
        return
    if not configured:
        st.html(
            render.alert(
                f"No user accounts in {users.path}. Add one with "
                "`review-app user add NAME --role admin`, or try the app with "
                "`review-app serve --demo`."
            )
        )
        return
    error = st.session_state.pop(_ERROR_KEY, None)
    if error:
        st.html(render.alert(error))
    with st.form("login"):
        st.text_input("User name", key=_NAME_KEY, autocomplete="username")
        st.text_input("Password", key=_PASSWORD_KEY, type="password")
        st.form_submit_button("Log in", type="primary", on_click=_log_in)
    if demo_mode():
        st.caption("Demo accounts (published in the README):")
        st.table(
            {
                "user": [u.name for u, _ in DEMO_ACCOUNTS],
                "password": [pw for _, pw in DEMO_ACCOUNTS],
                "role": [u.role.value for u, _ in DEMO_ACCOUNTS],
            }
        )
