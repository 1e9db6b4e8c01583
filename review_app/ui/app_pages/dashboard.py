"""Dashboard: approval progress, open flags, post-editing effort and reviewer activity."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from review_app import metrics
from review_app.errors import ReviewAppError
from review_app.model import Status
from review_app.store import ArticleStore
from review_app.ui import data, render
from review_app.ui.session import article_store, workspace


@st.cache_data(max_entries=8, show_spinner="Scoring post-editing effort…")
def _stats(
    folder: str, stamps: tuple[tuple[str, float], ...], flags: pd.DataFrame
) -> metrics.StatsReport:
    """Cached on the articles' modification times: TER is slow, articles rarely change."""
    store = ArticleStore(folder)
    return metrics.article_stats([store.load(article_id) for article_id, _ in stamps], flags)


def main() -> None:
    st.title("Dashboard", anchor=False)
    store = article_store()
    try:
        ids = store.ids()
        articles = [data.load_article(article_id) for article_id in ids]
        flags = metrics.flag_frame({i: data.article_flags(i)[0] for i in ids})
        stamps = tuple((article_id, store.mtime(article_id)) for article_id in ids)
        report = _stats(str(workspace()), stamps, flags)
    except ReviewAppError as exc:
        st.html(render.alert(str(exc)))
        return
    if not articles:
        st.info("No articles yet: import one on the Articles page.")
        return
    _progress(articles, report.table)
    _flags(flags)
    _effort(report)
    _activity(store, ids)


def _progress(articles: list, table: pd.DataFrame) -> None:
    st.subheader("Approval progress", anchor=False)
    statuses = metrics.status_frame(articles)
    labels = [status.label for status in Status]
    chart = (
        alt.Chart(statuses)
        .mark_bar()
        .encode(
            x=alt.X("sum(segments):Q", title="segments"),
            y=alt.Y("article:N", title=None),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=labels, range=[render.STATUS_COLOURS[s] for s in Status]),
                sort=labels,
            ),
            order=alt.Order("status_rank:Q"),
            tooltip=["article", "status", "segments"],
        )
        .transform_calculate(status_rank=f"indexof({labels!r}, datum.status)")
    )
    st.altair_chart(chart, width="stretch")
    columns = ["article", "segments", "approved_pct", "reviewers"]
    st.dataframe(
        table[columns].set_index("article"),
        column_config={
            "approved_pct": st.column_config.ProgressColumn(
                "approved", format="%.0f%%", min_value=0, max_value=100
            )
        },
    )


def _flags(flags: pd.DataFrame) -> None:
    st.subheader("Open flags", anchor=False)
    if flags.empty:
        st.caption("No open flags.")
        return
    counts = metrics.flag_counts(flags)
    by_category, by_check = st.columns(2)
    with by_category:
        totals = counts.groupby("category", as_index=False)["flags"].sum()
        st.bar_chart(totals, x="category", y="flags", horizontal=True, sort="-flags")
    with by_check:
        st.bar_chart(counts, x="check", y="flags", color="category", horizontal=True)
    st.dataframe(counts, hide_index=True)


def _effort(report: metrics.StatsReport) -> None:
    st.subheader("Post-editing effort (machine draft → approved English)", anchor=False)
    table = report.table
    scored = table[(table["scored"] > 0) & (table["article"] != metrics.CORPUS)]
    if scored.empty:
        st.caption("No approved segments yet.")
        return
    st.bar_chart(
        scored.rename(columns={"ter": "HTER", "chrf": "chrF"}),
        x="article",
        y=["HTER", "chrF"],
        x_label="",
        y_label="score (0–100)",
        stack=False,
        horizontal=True,
    )
    columns = ["article", "scored", "chrf", "bleu", "ter", "words_edited"]
    st.dataframe(
        table[columns].set_index("article"),
        column_config={
            "chrf": st.column_config.NumberColumn("chrF", format="%.1f"),
            "bleu": st.column_config.NumberColumn("BLEU", format="%.1f"),
            "ter": st.column_config.NumberColumn("HTER", format="%.1f"),
        },
    )
    st.caption(
        "Corpus-level scores of approved segments (draft as hypothesis, approved text as "
        "reference); lower HTER means less editing. sacrebleu: "
        + " · ".join(report.signatures.values())
    )


def _activity(store: ArticleStore, ids: list[str]) -> None:
    st.subheader("Reviewer activity", anchor=False)
    activity = metrics.activity_frame(store, ids)
    if activity.empty:
        st.caption("No review activity yet.")
        return
    chart = (
        alt.Chart(activity)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(date):O", title=None, axis=alt.Axis(format="%Y-%m-%d")),
            y=alt.Y("sum(actions):Q", title="actions"),
            color="reviewer:N",
            tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d"), "reviewer", "actions"],
        )
    )
    st.altair_chart(chart, width="stretch")
    st.dataframe(
        activity,
        hide_index=True,
        column_config={"date": st.column_config.DateColumn("date", format="YYYY-MM-DD")},
    )


main()
