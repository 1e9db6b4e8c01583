"""The review app driven through Streamlit's AppTest: every action is checked on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from auth_helpers import add_account, open_app
from streamlit.testing.v1 import AppTest

from review_app.checks import run_checks
from review_app.glossary import load_workspace_glossary
from review_app.model import Article, Segment, Status
from review_app.review import active_flags
from review_app.store import ArticleStore

ARTICLE = "union-visit"
GLOSSARY_CSV = """source,target,variants,forbidden,case_sensitive,kind,domain,note
工会,trade union,union,labor union|labour union,no,term,union,
学习强国,Xuexi Qiangguo,,learning to power the country,no,term,party,study platform
"""
SEGMENTS = [
    ("新疆财经大学工会一行来访。", "A delegation of the labor union of the university visited."),
    ("双方进行了座谈。", "The two sides held a discussion."),
    ("参观了学习强国体验空间。", "They visited the learning to power the country space."),
    ("会议由杜志平主持。", "The meeting was Chaired by Du Zhiping."),
    ("", "Share on facebook"),
]


@pytest.fixture
def ui_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with one small article and a two-term glossary, served to the app."""
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "glossary.csv").write_text(GLOSSARY_CSV, encoding="utf-8")
    segments = [
        Segment(id=f"s{i:04d}", source=src, target=dft, draft=dft, paragraph=i)
        for i, (src, dft) in enumerate(SEGMENTS, 1)
    ]
    ArticleStore(tmp_path).create(Article(id=ARTICLE, title="Union visit", segments=segments))
    monkeypatch.setenv("REVIEW_APP_WORKSPACE", str(tmp_path))
    add_account(tmp_path, "alice")
    return tmp_path


def _app(page: str = "review") -> AppTest:
    return open_app(page, article=ARTICLE)


def _saved(workspace: Path, segment_id: str) -> Segment:
    return ArticleStore(workspace).load(ARTICLE).segment(segment_id)


def _key(action: str, segment_id: str) -> str:
    return f"{action}-{ARTICLE}-{segment_id}"


def _flags(workspace: Path) -> dict:
    article = ArticleStore(workspace).load(ARTICLE)
    return run_checks(article, load_workspace_glossary(workspace), include_dismissed=True)


def _html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def test_open_article_from_the_articles_page(ui_workspace):
    at = _app("articles")
    table = at.dataframe[0].value.set_index("id")
    assert table.loc[ARTICLE, "segments"] == len(SEGMENTS)
    assert table.loc[ARTICLE, "errors"] > 0
    at.selectbox(key="open-article").select(ARTICLE).run()
    next(b for b in at.button if b.label == "Open for review").click().run()
    assert not at.exception
    assert at.query_params["article"] == ARTICLE
    assert len(at.text_area) == len(SEGMENTS)
    assert at.text_area(key=_key("target", "s0002")).value == SEGMENTS[1][1]
    assert "Union visit" in _html(at)


def test_edit_saves_the_target_with_reviewer(ui_workspace):
    at = _app()
    at.text_area(key=_key("target", "s0002")).input("The two sides held talks.").run()
    seg = _saved(ui_workspace, "s0002")
    assert (seg.target, seg.status, seg.reviewer) == (
        "The two sides held talks.",
        Status.EDITED,
        "alice",
    )
    assert "<del>a discussion</del><ins>talks</ins>" in _html(at)  # diff against the draft
    assert at.text_area(key=_key("target", "s0002")).value == "The two sides held talks."


def test_apply_fix_writes_the_flags_fix(ui_workspace):
    flags = _flags(ui_workspace)
    segment_id, index, flag = next(
        (sid, i, f)
        for sid, seg_flags in flags.items()
        for i, f in enumerate(active_flags(seg_flags))
        if f.fix is not None
    )
    at = _app()
    at.button(key=f"fix-{ARTICLE}-{segment_id}-{index}").click().run()
    assert not at.exception
    seg = _saved(ui_workspace, segment_id)
    assert seg.target == flag.fix
    assert seg.status is Status.EDITED
    assert at.text_area(key=_key("target", segment_id)).value == flag.fix


def test_dismiss_records_the_check_until_the_text_changes(ui_workspace):
    flags = _flags(ui_workspace)
    segment_id, flag = next(
        (sid, f) for sid, seg_flags in flags.items() for f in active_flags(seg_flags)
    )
    at = _app()
    at.button(key=f"dismiss-{ARTICLE}-{segment_id}-0").click().run()
    seg = _saved(ui_workspace, segment_id)
    assert seg.is_dismissed(flag.check)
    assert not any(f.check == flag.check for f in active_flags(_flags(ui_workspace)[segment_id]))


def test_approve_needs_work_revert_and_comment(ui_workspace):
    at = _app()
    at.button(key=_key("approve", "s0002")).click().run()
    assert _saved(ui_workspace, "s0002").status is Status.APPROVED
    assert at.button(key=_key("approve", "s0002")).disabled

    at.button(key=_key("needs-work", "s0001")).click().run()
    assert _saved(ui_workspace, "s0001").status is Status.NEEDS_WORK

    at.text_area(key=_key("target", "s0003")).input("They visited the Xuexi Qiangguo space.").run()
    assert _saved(ui_workspace, "s0003").status is Status.EDITED
    at.button(key=_key("revert", "s0003")).click().run()
    seg = _saved(ui_workspace, "s0003")
    assert (seg.target, seg.status) == (SEGMENTS[2][1], Status.DRAFT)
    assert at.text_area(key=_key("target", "s0003")).value == SEGMENTS[2][1]

    at.text_input(key=_key("comment", "s0004")).input("Check the name order").run()
    assert _saved(ui_workspace, "s0004").comment == "Check the name order"
    actions = [h["action"] for h in ArticleStore(ui_workspace).history(ARTICLE)]
    assert actions == ["approved", "needs_work", "edit", "revert", "comment"]


def test_filters_and_search_narrow_the_queue(ui_workspace):
    store = ArticleStore(ui_workspace)
    store.update_segment(ARTICLE, "s0002", reviewer="bob", status=Status.APPROVED)
    at = _app()
    at.multiselect(key="filter-status").select(Status.APPROVED).run()
    assert [t.key for t in at.text_area] == [_key("target", "s0002")]
    at.multiselect(key="filter-status").unselect(Status.APPROVED).run()
    at.text_input(key="filter-text").input("facebook").run()
    assert [t.key for t in at.text_area] == [_key("target", "s0005")]
    at.text_input(key="filter-text").input("no such words").run()
    assert len(at.text_area) == 0
    assert store.load(ARTICLE).status_counts()["approved"] == 1  # filtering writes nothing


def test_bulk_approve_asks_first_and_skips_flagged_segments(ui_workspace):
    flags = _flags(ui_workspace)
    unflagged = {sid for sid, fl in flags.items() if not active_flags(fl)}
    assert unflagged and len(unflagged) < len(SEGMENTS)
    before = ArticleStore(ui_workspace).path(ARTICLE).read_text(encoding="utf-8")
    at = _app()
    at.button(key="bulk-approve").click().run()
    assert ArticleStore(ui_workspace).path(ARTICLE).read_text(encoding="utf-8") == before
    at.button(key="bulk-approve-confirm").click().run()
    assert not at.exception
    saved = ArticleStore(ui_workspace).load(ARTICLE)
    approved = {s.id for s in saved.segments if s.status is Status.APPROVED}
    assert approved == unflagged
    assert all(s.reviewer == "alice" for s in saved.segments if s.id in unflagged)


def test_bulk_approve_can_be_cancelled(ui_workspace):
    at = _app()
    at.button(key="bulk-approve").click().run()
    at.button(key="bulk-approve-cancel").click().run()
    assert not [b for b in at.button if b.key == "bulk-approve-confirm"]
    assert ArticleStore(ui_workspace).load(ARTICLE).status_counts()["approved"] == 0


def test_next_unapproved_brings_the_segment_to_the_top(ui_workspace):
    store = ArticleStore(ui_workspace)
    for sid in ("s0001", "s0002"):
        store.update_segment(ARTICLE, sid, reviewer="bob", status=Status.APPROVED)
    at = _app()
    at.button(key="next-unapproved").click().run()
    assert at.session_state[f"focus-{ARTICLE}"] == "s0003"
    assert at.text_area[0].key == _key("target", "s0003")


def test_a_conflicting_change_is_shown_with_both_versions(ui_workspace):
    at = _app()
    ArticleStore(ui_workspace).update_segment(
        ARTICLE, "s0002", reviewer="bob", target="Bob's version."
    )
    at.text_area(key=_key("target", "s0002")).input("Alice's version.").run()
    assert _saved(ui_workspace, "s0002").target == "Bob's version."
    page = _html(at)
    assert "changed by bob" in page
    assert "Alice&#x27;s version." in page and "Bob&#x27;s version." in page
    at.button(key="keep-mine-s0002").click().run()
    assert _saved(ui_workspace, "s0002").target == "Alice's version."
    assert "changed by bob" not in _html(at)


def test_markup_in_a_draft_is_shown_as_text(ui_workspace):
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> **bold** $x$"
    store = ArticleStore(ui_workspace)
    store.update_segment(ARTICLE, "s0002", reviewer="bob", target=hostile)
    store.update_segment(ARTICLE, "s0002", reviewer="bob", comment="<b>note</b>")
    at = _app()
    page = _html(at)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert at.text_area(key=_key("target", "s0002")).value == hostile


def test_import_by_upload_refuses_bad_files_and_duplicates(ui_workspace):
    zh = "新疆财经大学工会一行来访。双方进行了座谈。".encode()
    en = b"A delegation of the trade union visited. The two sides held talks."
    at = _app("articles")
    at.file_uploader(key="import-source").upload("visit.zh.txt", zh, "text/plain")
    at.file_uploader(key="import-draft").upload("visit.en.txt", zh, "text/plain")
    at.text_input(key="import-id").input("new-visit")
    next(b for b in at.button if b.label == "Import").click().run()
    assert "Nothing was imported" in _html(at)
    assert not ArticleStore(ui_workspace).exists("new-visit")

    at.file_uploader(key="import-draft").clear().upload("visit.en.txt", en, "text/plain")
    next(b for b in at.button if b.label == "Import").click().run()
    assert "Imported new-visit" in _html(at)
    assert [s.draft for s in ArticleStore(ui_workspace).load("new-visit").segments] == [
        "A delegation of the trade union visited.",
        "The two sides held talks.",
    ]

    at.text_input(key="import-id").input(ARTICLE)
    next(b for b in at.button if b.label == "Import").click().run()
    assert "already exists" in _html(at)
    assert len(ArticleStore(ui_workspace).load(ARTICLE).segments) == len(SEGMENTS)


def test_glossary_page_filters_adds_and_refuses_invalid_entries(ui_workspace):
    csv_path = ui_workspace / "glossary" / "glossary.csv"
    at = _app("glossary")
    assert len(at.dataframe[0].value) == 2
    at.text_input(key="glossary-search").input("power the country").run()
    assert list(at.dataframe[0].value["source"]) == ["学习强国"]

    form = at.get("form")[0]
    fields = {w.label: w for w in form.text_input}
    fields["Chinese source"].input("教代会")
    fields["Required English"].input("teachers' congress")
    fields["Forbidden renderings"].input("teaching staff congress")
    form.button[0].click().run()
    assert not at.exception
    assert "teachers' congress" in csv_path.read_text(encoding="utf-8")
    assert "1 added" in _html(at)

    before = csv_path.read_text(encoding="utf-8")
    form = at.get("form")[0]
    fields = {w.label: w for w in form.text_input}
    fields["Chinese source"].input("职代会")
    fields["Required English"].input("workers' congress")
    fields["Forbidden renderings"].input("workers' congress")  # forbidden = accepted
    form.button[0].click().run()
    assert "Nothing was saved" in _html(at)
    assert csv_path.read_text(encoding="utf-8") == before


def test_glossary_import_merges_an_uploaded_csv(ui_workspace):
    upload = "source,target\n职代会,workers' congress\n".encode()
    at = _app("glossary")
    at.file_uploader[0].upload("more.csv", upload, "text/csv")
    next(b for b in at.button if b.label == "Import").click().run()
    assert not at.exception
    text = (ui_workspace / "glossary" / "glossary.csv").read_text(encoding="utf-8")
    assert "职代会,workers' congress" in text
    assert "学习强国" in text


def test_approve_takes_the_text_typed_but_not_yet_saved(ui_workspace):
    at = _app()
    # the box holds new text whose own save has not run (the browser sends the click first)
    at.session_state[_key("target", "s0002")] = "The two sides held talks."
    at.button(key=_key("approve", "s0002")).click().run()
    seg = _saved(ui_workspace, "s0002")
    assert (seg.target, seg.status) == ("The two sides held talks.", Status.APPROVED)
    history = ArticleStore(ui_workspace).history(ARTICLE)
    assert len(history) == 1  # one write: the new text, approved
    assert history[0]["after"]["status"] == "approved"
