import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_app.errors import ConflictError, InputError, NotFoundError, ReviewAppError
from review_app.importer import build_article
from review_app.model import Article, Segment, Status
from review_app.store import (
    ArticleStore,
    SegmentChange,
    article_to_po,
    normalise_comment,
    parse_po_text,
)


def small_article(article_id: str = "demo") -> Article:
    return build_article(
        article_id,
        ["区教育工会召开会议。", "会议由杜志平主持。大家参加。"],
        ["District education trade union holds meeting.", "Du Chaired by Zhiping. All came."],
        title="Demo",
        date="2024-03-24",
    )


def test_save_load_round_trip(tmp_path):
    store = ArticleStore(tmp_path)
    article = small_article()
    store.create(article)
    loaded = store.load("demo")
    assert loaded == article
    assert store.ids() == ["demo"]


def test_duplicate_id_refused_and_original_kept(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    before = store.path("demo").read_bytes()
    with pytest.raises(InputError, match="already exists"):
        store.create(small_article())
    assert store.path("demo").read_bytes() == before


@pytest.mark.parametrize("bad", ["../x", "a/b", "", "A", "-x", "x" * 101, "x.po", "..", "a b"])
def test_bad_article_ids_refused(tmp_path, bad):
    with pytest.raises(InputError, match="invalid article id"):
        ArticleStore(tmp_path).path(bad)


def test_msgfmt_accepts_stored_file(tmp_path):
    if not shutil.which("msgfmt"):
        pytest.fail("msgfmt missing: scripts/test.sh installs gettext")
    store = ArticleStore(tmp_path)
    store.create(small_article())
    store.update_segment("demo", "s0001", reviewer="alice", status=Status.APPROVED)
    store.update_segment("demo", "s0002", reviewer="bob", target="Chaired by Du Zhiping.")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(store.path("demo"))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_status_flags_and_draft_preserved(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    seg = store.update_segment("demo", "s0002", reviewer="bob", target="Chaired by Du Zhiping.")
    assert seg.status is Status.EDITED
    text = store.path("demo").read_text(encoding="utf-8")
    assert '#. draft: "Du Chaired by Zhiping."' in text
    assert 'msgstr "Chaired by Du Zhiping."' in text
    store.update_segment("demo", "s0002", reviewer="bob", status=Status.NEEDS_WORK)
    assert "#, fuzzy, x-needs-work" in store.path("demo").read_text(encoding="utf-8")
    reverted = store.update_segment("demo", "s0002", reviewer="bob", target=seg.draft)
    assert reverted.status is Status.DRAFT
    assert store.load("demo").segment("s0002").target == "Du Chaired by Zhiping."


def test_conflict_reports_both_versions(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    seen = store.load("demo").segment("s0002").target
    store.update_segment("demo", "s0002", reviewer="alice", base_target=seen, target="Alice's.")
    with pytest.raises(ConflictError) as info:
        store.update_segment("demo", "s0002", reviewer="bob", base_target=seen, target="Bob's.")
    assert (info.value.mine, info.value.theirs) == ("Bob's.", "Alice's.")
    assert store.load("demo").segment("s0002").target == "Alice's."
    # a change to another segment merges fine
    other = store.load("demo").segment("s0001").target
    store.update_segment("demo", "s0001", reviewer="bob", base_target=other, target="Bob's 1.")
    assert store.load("demo").segment("s0002").target == "Alice's."


def test_dismissal_holds_only_while_text_unchanged(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    seg = store.update_segment("demo", "s0002", reviewer="a", dismiss="names.split")
    assert seg.is_dismissed("names.split")
    assert store.load("demo").segment("s0002").is_dismissed("names.split")
    seg = store.update_segment("demo", "s0002", reviewer="a", target="Changed.")
    assert not seg.is_dismissed("names.split")


def test_audit_log_records_changes(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    store.update_segment("demo", "s0001", reviewer="alice", target="New.")
    store.update_segment("demo", "s0001", reviewer="bob", status=Status.APPROVED)
    history = store.history("demo", "s0001")
    assert [(h["user"], h["action"]) for h in history] == [("alice", "edit"), ("bob", "approved")]
    assert history[0]["before"]["target"] != history[0]["after"]["target"]


def test_missing_article(tmp_path):
    with pytest.raises(NotFoundError):
        ArticleStore(tmp_path).load("nope")


def test_malformed_po_names_file_and_line(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    path = store.path("demo")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[25] = 'msgstr "unterminated'
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=r"demo\.po.*line"):
        store.load("demo")


def test_non_utf8_po_is_a_clear_error(tmp_path):
    store = ArticleStore(tmp_path)
    store.path("demo").parent.mkdir(parents=True)
    store.path("demo").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError):
        store.load("demo")


LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
text_st = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00" + LINE_BREAKS)
)


@st.composite
def articles(draw):
    n = draw(st.integers(0, 6))
    segments = [
        Segment(
            id=f"s{i + 1:04d}",
            source=draw(text_st),
            target=draw(text_st),
            draft=draw(text_st),
            paragraph=draw(st.integers(0, 50)),
            bead=draw(st.sampled_from(["1:1", "1:2", "2:1", "2:2", "1:0", "0:1"])),
            confidence=draw(st.integers(0, 1000)) / 1000,
            status=draw(st.sampled_from(list(Status))),
            comment=normalise_comment(draw(text_st)),
            reviewer=draw(st.text(st.characters(categories=("L", "N")), max_size=10)),
            reviewed_at=draw(st.sampled_from(["", "2026-11-23T10:00:00+00:00"])),
        )
        for i in range(n)
    ]
    return Article(
        id="prop",
        title=" ".join(
            draw(st.text(st.characters(categories=("L", "N", "Zs")), max_size=20)).split()
        )
        or "prop",
        segments=segments,
        url="https://example.org/a",
        date="2024-01-02",
        imported_at="2026-11-23T10:00:00+00:00",
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_any_article_round_trips_through_po(article):
    text = str(article_to_po(article))
    loaded = parse_po_text(text, "prop", "prop.po")
    assert loaded == article


@pytest.mark.parametrize("brk", list(LINE_BREAKS))
def test_unicode_line_breaks_are_stored_as_newlines(tmp_path, brk):
    store = ArticleStore(tmp_path)
    article = small_article()
    article.segments[0].target = f"one{brk}two"
    article.segments[0].comment = f"note{brk}more"
    store.create(article)
    seg = store.load("demo").segment("s0001")
    assert (seg.target, seg.comment) == ("one\ntwo", "note\nmore")


def test_bundled_articles_load_and_pass_msgfmt():
    from tests.conftest import REPO, sample_ids

    store = ArticleStore(REPO)
    assert store.ids() == sample_ids()
    for article_id in store.ids():
        article = store.load(article_id)
        assert article.segments and article.title
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(store.path(article_id))],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr


def test_signed_off_article_refuses_changes_under_the_lock(tmp_path):
    store = ArticleStore(tmp_path)
    article = small_article()
    article.signed_off_by, article.signed_off_at = "ed", "2026-11-23T10:00:00+00:00"
    store.create(article)
    before = store.path("demo").read_bytes()
    with pytest.raises(ReviewAppError, match="signed off by ed"):
        store.update_segment("demo", "s0001", reviewer="tina", target="Late edit.")
    assert store.path("demo").read_bytes() == before


def test_no_op_update_is_not_logged_as_a_dismissal(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    store.update_segment("demo", "s0001", reviewer="a", comment="")
    assert store.history("demo", "s0001")[-1]["action"] == "unchanged"


def test_several_segments_change_in_one_write_or_not_at_all(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    seen = {s.id: s.target for s in store.load("demo").segments}
    store.update_segment("demo", "s0003", reviewer="bob", target="All came along.")
    before = store.path("demo").read_bytes()
    stale = [
        SegmentChange("s0001", base_target=seen["s0001"], comment="checked"),
        SegmentChange("s0003", base_target=seen["s0003"], status=Status.APPROVED),
    ]
    with pytest.raises(ConflictError, match="nothing was saved") as caught:
        store.update_segments("demo", stale, reviewer="alice")
    assert (caught.value.segment_id, caught.value.theirs) == ("s0003", "All came along.")
    assert store.path("demo").read_bytes() == before
    with pytest.raises(InputError, match="only once"):
        store.update_segments("demo", [SegmentChange("s0001"), SegmentChange("s0001")])

    fresh = [
        SegmentChange("s0001", base_target=seen["s0001"], comment="checked"),
        SegmentChange("s0003", base_target="All came along.", status=Status.APPROVED),
    ]
    store.update_segments("demo", fresh, reviewer="alice")
    saved = store.load("demo")
    assert (saved.segment("s0001").comment, saved.segment("s0003").status) == (
        "checked",
        Status.APPROVED,
    )
    assert [(r["segment"], r["action"]) for r in store.history("demo")[-2:]] == [
        ("s0001", "comment"),
        ("s0003", "approved"),
    ]


def test_cached_loads_are_independent_copies_and_see_every_write(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    first = store.load("demo")
    first.segments[0].target = "changed in memory only"
    first.segments[0].dismissed["x.y"] = "abc"
    again = store.load("demo")
    assert again.segments[0].target != "changed in memory only"
    assert again.segments[0].dismissed == {}
    # another writer replaces the file with same-size content: the reload sees it
    path = store.path("demo")
    path.write_text(path.read_text(encoding="utf-8").replace("All came.", "All went."), "utf-8")
    assert "All went." in [s.target for s in store.load("demo").segments]


def test_uncached_load_reads_the_same_article_and_leaves_the_cache_alone(tmp_path):
    store = ArticleStore(tmp_path)
    store.create(small_article())
    uncached = store.load("demo", cached=False)
    assert uncached == store.load("demo")
    uncached.segments[0].target = "changed by a batch run"
    assert store.load("demo").segments[0].target != "changed by a batch run"
    assert store.load("demo", cached=False).segments[0].target != "changed by a batch run"
