"""Users: an admin adds accounts, sets passwords and removes accounts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app import actions
from review_app.accounts import Role, User
from review_app.errors import ReviewAppError
from review_app.permissions import Action
from review_app.ui import auth
from review_app.ui.session import show_notice

RESULT_KEY = "users-result"
ADD_KEYS = ("user-add-name", "user-add-role", "user-add-display", "user-add-pw", "user-add-pw2")
PASSWD_KEYS = ("user-passwd-name", "user-passwd-pw", "user-passwd-pw2")
REMOVE_KEYS = ("user-remove-name", "user-remove-confirm")


def main() -> None:
    admin = auth.require(Action.MANAGE_USERS)
    st.title("Users", anchor=False)
    show_notice(RESULT_KEY)
    users = auth.user_store().users()
    st.dataframe(
        pd.DataFrame(
            [{"name": u.name, "role": u.role.value, "display name": u.display_name} for u in users]
        ),
        hide_index=True,
        width="stretch",
    )
    names = [u.name for u in users]
    add, passwd, remove = st.columns(3)
    with add, st.form("user-add"):
        st.subheader("Add an account", anchor=False)
        st.text_input("User name", key=ADD_KEYS[0], help="1-40 of a-z 0-9 . _ -")
        st.selectbox("Role", [r.value for r in Role], key=ADD_KEYS[1])
        st.text_input("Display name", key=ADD_KEYS[2])
        st.text_input("Password", type="password", key=ADD_KEYS[3])
        st.text_input("Repeat the password", type="password", key=ADD_KEYS[4])
        st.form_submit_button("Add", type="primary", on_click=_add, args=(admin,))
    with passwd, st.form("user-passwd"):
        st.subheader("Set a password", anchor=False)
        st.selectbox("Account", names, key=PASSWD_KEYS[0])
        st.text_input("New password", type="password", key=PASSWD_KEYS[1])
        st.text_input("Repeat the password", type="password", key=PASSWD_KEYS[2])
        st.form_submit_button("Set password", on_click=_passwd, args=(admin,))
    with remove, st.form("user-remove"):
        st.subheader("Remove an account", anchor=False)
        st.selectbox("Account", [n for n in names if n != admin.name], key=REMOVE_KEYS[0])
        st.checkbox("Yes, remove this account", key=REMOVE_KEYS[1])
        st.form_submit_button("Remove", on_click=_remove, args=(admin,))


def _passwords(first_key: str, second_key: str) -> str | None:
    """The new password if both fields agree; both fields are emptied either way."""
    state = st.session_state
    first, second = state[first_key], state[second_key]
    state[first_key] = state[second_key] = ""
    if first != second:
        state[RESULT_KEY] = ("error", "The two passwords differ; nothing was changed.")
        return None
    return first


def _run(change, success: str) -> None:
    try:
        change()
    except ReviewAppError as exc:
        st.session_state[RESULT_KEY] = ("error", f"Nothing was changed: {exc}")
        return
    st.session_state[RESULT_KEY] = ("success", success)


def _add(admin: User) -> None:
    state = st.session_state
    password = _passwords(ADD_KEYS[3], ADD_KEYS[4])
    if password is None:
        return
    name = state[ADD_KEYS[0]].strip()
    _run(
        lambda: actions.add_user(
            admin, auth.user_store(), name, state[ADD_KEYS[1]], password, state[ADD_KEYS[2]]
        ),
        f"Added {name}.",
    )


def _passwd(admin: User) -> None:
    password = _passwords(PASSWD_KEYS[1], PASSWD_KEYS[2])
    name = st.session_state[PASSWD_KEYS[0]]
    if password is not None:
        _run(
            lambda: actions.set_password(admin, auth.user_store(), name, password),
            f"Password of {name} set.",
        )


def _remove(admin: User) -> None:
    state = st.session_state
    name = state[REMOVE_KEYS[0]]
    if not state[REMOVE_KEYS[1]] or not name:
        state[RESULT_KEY] = ("error", "Tick the box to confirm the removal.")
        return
    state[REMOVE_KEYS[1]] = False
    _run(lambda: actions.remove_user(admin, auth.user_store(), name), f"Removed {name}.")


main()
