"""Sign-off: an editor accepts a fully approved article as final, or reopens it for changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app import actions
from review_app.accounts import User
from review_app.errors import ReviewAppError
from review_app.export import unapproved_segments
from review_app.permissions import Action
from review_app.ui import auth, data, render
from review_app.ui.session import article_store, show_notice

ARTICLE_KEY = "signoff-article"
RESULT_KEY = "signoff-result"


def main() -> None:
    user = auth.require(Action.SIGN_OFF)
    st.title("Sign-off", anchor=False)
    show_notice(RESULT_KEY)
    summaries = data.article_summaries()
    if not summaries:
        st.info("No articles yet: import one on the Articles page.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "approved": s.approved_share,
                    "signed off by": s.signed_off_by,
                }
                for s in summaries
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "approved": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)
        },
    )
    titles = {s.id: s.title for s in summaries}
    article_id = st.selectbox(
        "Article", list(titles), key=ARTICLE_KEY, format_func=lambda i: f"{i}: {titles[i]}"
    )
    article = data.load_article(article_id)
    if article.signed_off_by:
        st.html(
            render.alert(
                f"Signed off by {article.signed_off_by} at {article.signed_off_at}. "
                "Its segments cannot change until it is reopened.",
                "success",
            )
        )
        st.button("Reopen", key="reopen", on_click=_reopen, args=(user, article_id))
        return
    pending = unapproved_segments(article)
    if pending:
        st.html(
            render.alert(
                f"{len(pending)} segment(s) not approved yet: {', '.join(pending)}. "
                "Approve them on the Review page first.",
                "warning",
            )
        )
    st.button(
        "Sign off",
        key="sign-off",
        type="primary",
        disabled=bool(pending),
        on_click=_sign_off,
        args=(user, article_id),
    )


def _sign_off(user: User, article_id: str) -> None:
    try:
        article = actions.sign_off(user, article_store(), article_id)
    except ReviewAppError as exc:
        st.session_state[RESULT_KEY] = ("error", f"Not signed off: {exc}")
        return
    st.session_state[RESULT_KEY] = ("success", f"{article.id} signed off by {user.name}.")


def _reopen(user: User, article_id: str) -> None:
    try:
        actions.reopen(user, article_store(), article_id)
    except ReviewAppError as exc:
        st.session_state[RESULT_KEY] = ("error", f"Not reopened: {exc}")
        return
    st.session_state[RESULT_KEY] = ("success", f"{article_id} reopened.")


main()
