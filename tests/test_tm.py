import json

import pytest
from auth_helpers import add_account, open_app

from review_app import cli, tm
from review_app.errors import InputError
from review_app.export.tmx import to_tmx
from review_app.importer import build_article
from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore
from review_app.tm import TMUnit, TranslationMemory

BASE = "区教育工会召开二〇二四年工作会议，总结去年工作并部署今年重点任务。"
LONG_ENGLISH = "the district education union held its 2024 work meeting and set this year's tasks."


def approve(store: ArticleStore, article_id: str, segment_ids: list[str], reviewer: str) -> None:
    for segment_id in segment_ids:
        store.update_segment(article_id, segment_id, reviewer=reviewer, status=Status.APPROVED)


def add_article(store: ArticleStore, article_id: str, source: str, draft: str) -> None:
    store.create(build_article(article_id, [source], [draft]))


def article_of(
    article_id: str, source: str, target: str, status: Status = Status.DRAFT, reviewer: str = ""
) -> Article:
    segment = Segment("s0001", source, target, target, 0, status=status, reviewer=reviewer)
    return Article(article_id, article_id, [segment])


def test_memory_holds_only_approved_sample_segments(sample_workspace):
    store = ArticleStore(sample_workspace)
    first, second = store.ids()[:2]
    approve(store, first, ["s0001", "s0002"], "alice")
    approve(store, second, ["s0001"], "bob")
    approved = {
        (a, s.id)
        for a in store.ids()
        for s in store.load(a).segments
        if s.status is Status.APPROVED and s.source.strip()
    }
    memory = TranslationMemory.load(sample_workspace)
    assert {(u.article_id, u.segment_id) for u in memory.units} == approved
    unit = next(u for u in memory.units if (u.article_id, u.segment_id) == (second, "s0001"))
    segment = store.load(second).segment("s0001")
    assert (unit.source, unit.target, unit.reviewer) == (segment.source, segment.target, "bob")


def test_exact_match_names_article_segment_and_reviewer(sample_workspace):
    store = ArticleStore(sample_workspace)
    article_id = store.ids()[0]
    approve(store, article_id, ["s0002"], "alice")
    segment = store.load(article_id).segment("s0002")
    matches = TranslationMemory.load(sample_workspace).lookup(segment.source)
    assert matches[0].is_exact and matches[0].score == 100
    assert matches[0].unit.origin == f"{article_id} s0002"
    assert (matches[0].unit.target, matches[0].unit.reviewer) == (segment.target, "alice")
    assert TranslationMemory.load(sample_workspace).lookup(
        segment.source, exclude=(article_id, "s0002")
    ) == [m for m in matches if (m.unit.article_id, m.unit.segment_id) != (article_id, "s0002")]


def edited(text: str, edits: int) -> str:
    """BASE with its first `edits` Chinese characters after the third replaced."""
    return text[:3] + "市" * edits + text[3 + edits :]


def test_fuzzy_matches_ranked_by_similarity_and_cut_at_min_score():
    units = [
        TMUnit(edited(BASE, 6), "six", "a", "s0001"),
        TMUnit("学校党委召开党史学习教育动员大会。", "unrelated", "a", "s0002"),
        TMUnit(edited(BASE, 1), "one", "b", "s0001"),
        TMUnit(edited(BASE, 3), "three", "c", "s0001"),
    ]
    matches = TranslationMemory(units).lookup(BASE, limit=10)
    assert [m.unit.target for m in matches] == ["one", "three", "six"]
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 3
    assert all(75 <= s < 100 for s in scores)
    strict = TranslationMemory(units).lookup(BASE, min_score=scores[1])
    assert [m.unit.target for m in strict] == ["one", "three"]
    assert [m.unit.target for m in TranslationMemory(units).lookup(BASE, limit=1)] == ["one"]


def test_source_differences_rebuild_both_sentences():
    memory = TranslationMemory([TMUnit(edited(BASE, 2), "x", "a", "s0001")])
    query = BASE.replace("部署", "安排")
    (match,) = memory.lookup(query)
    pieces = tm.diff_pieces(query, match)
    assert "".join(p.text for p in pieces if p.op != "insert") == query
    assert "".join(p.text for p in pieces if p.op != "delete") == match.unit.source
    assert {p.text for p in pieces if p.op == "delete"} == {query[3:5], "安排"}
    assert {p.text for p in pieces if p.op == "insert"} == {"市市", "部署"}


def test_identical_pairs_fold_and_newest_comes_first():
    units = [
        TMUnit(BASE, "Old wording.", "a", "s0001", "ann", "2024-01-01T00:00:00+00:00"),
        TMUnit(BASE, "New wording.", "b", "s0001", "bob", "2025-01-01T00:00:00+00:00"),
        TMUnit(BASE, "New  wording.", "c", "s0003", "cy", "2024-06-01T00:00:00+00:00"),
    ]
    matches = TranslationMemory(units).lookup(" " + BASE.replace("，", ","))
    assert [(m.unit.target, m.occurrences) for m in matches] == [
        ("New wording.", 2),
        ("Old wording.", 1),
    ]


def test_rebuild_rereads_only_the_changed_article(workspace, monkeypatch):
    store = ArticleStore(workspace)
    for name, source, draft in (
        ("one", "区总工会召开全委会。", "The district union held a plenary meeting."),
        ("two", "会议由杜志平主持。", "Du Chaired by Zhiping."),
        ("three", "大家参加了活动。", "Everyone took part."),
    ):
        add_article(store, name, source, draft)
        approve(store, name, ["s0001"], "alice")
    loads: list[str] = []
    original_load = ArticleStore.load
    monkeypatch.setattr(
        ArticleStore, "load", lambda self, i: loads.append(i) or original_load(self, i)
    )

    _, report = tm.workspace_units(workspace)
    assert sorted(report.read) == sorted(loads) == ["one", "three", "two"]
    loads.clear()
    units, report = tm.workspace_units(workspace)
    assert (report.read, loads, len(units)) == ([], [], 3)

    store.update_segment(
        "two", "s0001", reviewer="bob", target="The meeting was chaired by Du Zhiping."
    )
    approve(store, "two", ["s0001"], "bob")
    loads.clear()
    units, report = tm.workspace_units(workspace)
    assert report.read == loads == ["two"]
    assert sorted(report.cached) == ["one", "three"]
    assert "The meeting was chaired by Du Zhiping." in {u.target for u in units}

    store.path("three").unlink()
    units, report = tm.workspace_units(workspace)
    assert report.removed == ["three"] and {u.article_id for u in units} == {"one", "two"}


def test_replace_swaps_units_without_rebuilding_the_index():
    memory = TranslationMemory(
        [TMUnit(BASE, "Old.", "a", "s0001"), TMUnit(edited(BASE, 2), "Kept.", "b", "s0001")]
    )
    memory.replace({"a": [TMUnit(edited(BASE, 1), "New.", "a", "s0001")], "c": []})
    assert len(memory) == 2 and memory.stale_units == 2
    assert [m.unit.target for m in memory.lookup(BASE)] == ["New.", "Kept."]
    memory.replace({"b": []})
    assert [m.unit.target for m in memory.lookup(BASE)] == ["New."]
    rebuilt = TranslationMemory(memory.units)
    assert rebuilt.stale_units == 0 and rebuilt.lookup(BASE) == memory.lookup(BASE)


def test_workspace_memory_follows_the_files(workspace, tmp_path, monkeypatch):
    store = ArticleStore(workspace)
    for name, source in (("one", BASE), ("two", edited(BASE, 2)), ("three", edited(BASE, 4))):
        add_article(store, name, source, f"English of {name}: {LONG_ENGLISH}")
        approve(store, name, ["s0001"], "alice")
    live = tm.WorkspaceMemory(workspace)
    assert live.refresh() == {"one", "two", "three"} and live.refresh() == set()
    assert {m.unit.article_id for m in live.lookup(BASE, limit=10)} == {"one", "two", "three"}

    store.update_segment("two", "s0001", reviewer="bob", target="Better English of two.")
    assert live.lookup(BASE, limit=10)[1].unit.target.startswith("English of two")
    assert live.refresh() == {"two"}
    assert {m.unit.article_id for m in live.lookup(BASE, limit=10)} == {"one", "three"}
    approve(store, "two", ["s0001"], "bob")
    store.path("three").unlink()
    (tmp_path / "p.tmx").write_text(TMX, encoding="utf-8")
    tm.import_tmx(workspace, tmp_path / "p.tmx")
    assert live.refresh() == {"two", "three", "tmx:p"}
    assert {m.unit.target for m in live.lookup(BASE, limit=10)} == {
        f"English of one: {LONG_ENGLISH}",
        "Better English of two.",
    }
    assert live.lookup("区教育工会召开工作会议")[0].unit.collection == "p"
    assert live.builds == 0  # a few changed units are scanned, not re-indexed

    monkeypatch.setattr(tm, "REBUILD_MIN_UNITS", 0)
    store.update_segment("one", "s0001", reviewer="bob", target="Newer English of one.")
    approve(store, "one", ["s0001"], "bob")
    assert live.refresh() == {"one"} and live.builds == 1 and live.memory.stale_units == 0
    assert live.lookup(BASE)[0].unit.target == "Newer English of one."


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="other" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en" srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu tuid="u1" changeid="carol" changedate="20240301T101500Z">
      <tuv xml:lang="zh-CN"><seg>区教育工会召开<ph>&lt;b/&gt;</ph>工作会议</seg></tuv>
      <tuv xml:lang="en-GB"><seg>District Education Trade Union holds work conference</seg></tuv>
    </tu>
    <tu tuid="u2">
      <tuv xml:lang="zh-CN"><seg>学习强国</seg></tuv>
      <tuv xml:lang="fr"><seg>Xuexi Qiangguo</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_import_round_trip(workspace, tmp_path):
    path = tmp_path / "Partner Memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    result = tm.import_tmx(workspace, path)
    assert (result.name, result.units, result.skipped) == ("partner-memory", 1, 1)
    (match,) = TranslationMemory.load(workspace).lookup("区教育工会召开工作会议")
    assert match.is_exact
    assert match.unit.target == "District Education Trade Union holds work conference"
    assert (match.unit.collection, match.unit.segment_id) == ("partner-memory", "u1")
    assert (match.unit.reviewer, match.unit.reviewed_at) == ("carol", "2024-03-01T10:15:00+00:00")
    with pytest.raises(InputError, match="already imported"):
        tm.import_tmx(workspace, path)
    assert tm.import_tmx(workspace, path, replace=True).units == 1


def test_exported_tmx_imports_into_another_workspace(sample_workspace, tmp_path_factory):
    workspace = tmp_path_factory.mktemp("other")
    store = ArticleStore(sample_workspace)
    article_id = store.ids()[0]
    first, second = [s.id for s in store.load(article_id).segments if s.source][:2]
    approve(store, article_id, [first, second], "alice")
    exported = to_tmx(store.load(article_id))
    result = tm.import_tmx(workspace, exported.name, data=exported.data)
    assert (result.units, result.skipped) == (2, 0)
    segment = store.load(article_id).segment(second)
    (match,) = TranslationMemory.load(workspace).lookup(segment.source)
    assert (match.unit.target, match.unit.reviewer) == (segment.target, "alice")
    assert match.unit.segment_id == f"{article_id}:{second}" and match.unit.reviewed_at


BAD_TMX = {
    "malformed": (b"<tmx version='1.4'><body><tu>", "malformed TMX"),
    "not tmx": (b"<xliff><file/></xliff>", "not a TMX file"),
    "no body": (b"<tmx version='1.4'><header srclang='zh-CN'/></tmx>", "no <body>"),
    "no zh-en": (
        b"<tmx version='1.4'><body><tu><tuv xml:lang='de'><seg>Hallo</seg></tuv>"
        b"<tuv xml:lang='en'><seg>Hello</seg></tuv></tu></body></tmx>",
        "no Chinese–English units",
    ),
    "billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<tmx version='1.4'><body><tu><tuv xml:lang='zh'><seg>&c;</seg></tuv>"
        b"<tuv xml:lang='en'><seg>x</seg></tuv></tu></body></tmx>",
        "unsafe XML",
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<tmx version='1.4'><body><tu><tuv xml:lang='zh'><seg>&x;</seg></tuv>"
        b"<tuv xml:lang='en'><seg>x</seg></tuv></tu></body></tmx>",
        "unsafe XML",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TMX))
def test_bad_tmx_refused_and_nothing_stored(workspace, case):
    data, message = BAD_TMX[case]
    with pytest.raises(InputError, match=message):
        tm.import_tmx(workspace, "bad.tmx", data=data)
    assert not list(workspace.glob("tm/*"))


def test_oversized_tmx_refused(workspace, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_MAX_FILE_MB", "0.001")
    with pytest.raises(InputError, match="over the"):
        tm.import_tmx(workspace, "big.tmx", data=TMX.encode() * 2)


def test_cli_search_import_and_stats(workspace, tmp_path, capsys):
    store = ArticleStore(workspace)
    add_article(store, "one", BASE, "The district education union held its 2024 work meeting.")
    approve(store, "one", ["s0001"], "alice")
    (tmp_path / "partner.tmx").write_text(TMX, encoding="utf-8")
    ws = ["--workspace", str(workspace)]

    assert cli.main([*ws, "tm", "import", str(tmp_path / "partner.tmx")]) == 0
    assert "imported 1 units as TM collection 'partner'" in capsys.readouterr().out
    query = BASE.replace("部署", "安排")
    assert cli.main([*ws, "tm", "search", query, "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["article"], row["segment"], row["reviewer"]) == ("one", "s0001", "alice")
    assert 75 <= row["score"] < 100 and {"op": "delete", "text": "安排"} in row["differences"]
    assert cli.main([*ws, "tm", "search", query]) == 0
    assert "[-安排-]{+部署+}" in capsys.readouterr().out
    assert cli.main([*ws, "tm", "stats", "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["approved_units"], figures["imported_units"]) == (1, 1)
    assert figures["collections"] == {"partner": 1}
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*ws, "tm", "search", query, "--min-score", "120"])
    assert exit_info.value.code == 2
    assert cli.main([*ws, "tm", "import", str(tmp_path / "missing.tmx")]) == 2
    assert "cannot read file" in capsys.readouterr().err


def test_review_page_offers_tm_matches_and_use_this_applies_one(workspace, monkeypatch):
    store = ArticleStore(workspace)
    store.create(article_of("done", BASE, "Approved <i>English</i>.", Status.APPROVED, "carol"))
    store.create(article_of("todo", BASE.replace("部署", "安排"), "Machine draft."))
    monkeypatch.setenv("REVIEW_APP_WORKSPACE", str(workspace))
    add_account(workspace, "alice")
    at = open_app("review", article="todo")
    page = "\n".join(h.value for h in at.html)
    assert "fuzzy</span> from <b>article done s0001</b>" in page and "carol" in page
    assert "<del>安排</del><ins>部署</ins>" in page
    assert "Approved &lt;i&gt;English&lt;/i&gt;." in page and "<i>" not in page
    at.button(key="tm-use-todo-s0001-0").click().run()
    saved = store.load("todo").segment("s0001")
    assert (saved.target, saved.status, saved.reviewer) == (
        "Approved <i>English</i>.",
        Status.EDITED,
        "alice",
    )
    assert store.history("todo", "s0001")[-1]["action"] == "use TM done s0001"
    assert at.button(key="tm-use-todo-s0001-0").disabled
