"""The Export and Dashboard pages driven through Streamlit's AppTest."""

from __future__ import annotations

import pytest
from auth_helpers import add_account, open_app
from export_helpers import reviewed_workspace
from streamlit.testing.v1 import AppTest

from review_app.model import Status


@pytest.fixture
def store(tmp_path, monkeypatch):
    store = reviewed_workspace(tmp_path / "ws")
    monkeypatch.setenv("REVIEW_APP_WORKSPACE", str(store.workspace))
    add_account(store.workspace, "alice")
    return store


def downloads(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


def page_html(at: AppTest) -> str:
    return "\n".join(element.value for element in at.html)


def test_export_offers_one_download_per_article_and_a_zip(store):
    at = open_app("export")
    assert downloads(at) == []
    at.multiselect(key="export-articles").set_value(["model-worker-awards", "xjnu-union-visit"])
    at.selectbox(key="export-format").set_value("docx").run()
    assert not at.exception, at.exception
    assert downloads(at) == [
        "Download model-worker-awards.docx",
        "Download xjnu-union-visit.docx",
        "Download export-docx.zip",
    ]
    at.selectbox(key="export-format").set_value("csv").run()
    assert not at.checkbox  # tables need no approval
    assert downloads(at)[0] == "Download model-worker-awards.csv"


def test_export_refuses_unapproved_segments_and_lists_them(store):
    store.update_segment("xjnu-union-visit", "s0005", reviewer="bob", status=Status.NEEDS_WORK)
    at = open_app("export")
    at.multiselect(key="export-articles").set_value(["xjnu-union-visit"])
    at.selectbox(key="export-format").set_value("html").run()
    assert downloads(at) == []
    assert "Not exported: every segment must be approved first" in page_html(at)
    refusal = at.dataframe[0].value
    assert refusal.loc["xjnu-union-visit", "segments"] == "s0005"
    at.checkbox(key="export-allow-unapproved").check().run()
    assert downloads(at) == ["Download xjnu-union-visit.html"]
    at.selectbox(key="export-format").set_value("tmx").run()  # approved segments only
    assert downloads(at) == ["Download xjnu-union-visit.tmx"]


def test_dashboard_shows_progress_flags_effort_and_activity(store):
    store.update_segment("model-worker-awards", "s0003", reviewer="bob", target="Rewritten.")
    store.update_segment("xjnu-union-visit", "s0004", reviewer="carol", status=Status.APPROVED)
    at = open_app("dashboard")
    headers = [h.value for h in at.subheader]
    assert headers == [
        "Approval progress",
        "Open flags",
        "Post-editing effort (machine draft → approved English)",
        "Reviewer activity",
    ]
    assert len(at.get("vega_lite_chart")) == 5
    progress = at.dataframe[0].value
    assert progress.loc["model-worker-awards", "approved_pct"] < 100
    assert progress.loc["ouhai-education-union-2024", "approved_pct"] == 100
    effort = at.dataframe[2].value
    assert effort.loc["(corpus)", "scored"] == effort["scored"].iloc[:-1].sum()
    activity = at.dataframe[3].value
    # Articles without an audit log count their segments' review times.
    unlogged = [i for i in store.ids() if not store.history(i)]
    alice = sum(bool(s.reviewed_at) for i in unlogged for s in store.load(i).segments)
    assert activity.groupby("reviewer")["actions"].sum().to_dict() == {
        "alice": alice,
        "bob": 1,
        "carol": 1,
    }
    assert "chrF2|nrefs:1|" in " ".join(c.value for c in at.caption)
