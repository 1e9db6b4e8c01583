import json

from auth_helpers import add_account, open_app

from review_app import cli, suggest
from review_app.glossary import Glossary, GlossaryEntry, load_workspace_glossary
from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore
from review_app.tm import TMUnit

HOME = [
    ("区总工会新建职工之家一处。", "The district federation opened a new Workers' Home."),
    ("职工之家成为大家休闲的好去处。", "The Workers' Home has become a favourite place to relax."),
    ("他们参观了社区职工之家。", "They visited the community Workers' Home."),
]
OTHER = [
    ("会议由杜志平主持。", "The meeting was chaired by Du Zhiping."),
    ("杜志平作了工作报告。", "Du Zhiping delivered the work report."),
    ("全体教职工参加了会议。", "All teachers and staff attended the meeting."),
]
UNION = GlossaryEntry("工会", "trade union", kind="term")


def units(pairs: list[tuple[str, str]], article_id: str = "a") -> list[TMUnit]:
    return [TMUnit(zh, en, article_id, f"s{i:04d}") for i, (zh, en) in enumerate(pairs, 1)]


def test_planted_repeated_term_is_suggested_with_its_rendering():
    found = {s.source: s for s in suggest.suggest(units(HOME + OTHER), Glossary([UNION]))}
    home = found["职工之家"]
    assert (home.target, home.kind, home.segments, home.agreeing) == ("Workers' Home", "term", 3, 3)
    assert home.consistency == 1.0
    assert home.examples == ("a s0001", "a s0002", "a s0003")
    assert found["杜志平"].target == "Du Zhiping" and found["杜志平"].kind == "name"


def test_terms_in_the_glossary_or_seen_once_are_not_suggested():
    glossary = Glossary([UNION, GlossaryEntry("职工之家", "workers' home")])
    found = {s.source for s in suggest.suggest(units(HOME + OTHER), glossary)}
    assert "职工之家" not in found and "杜志平" in found
    assert "教职工" not in found  # one segment only
    assert "教职工" in {s.source for s in suggest.suggest(units(OTHER), glossary, min_count=1)}


def test_term_rendered_differently_each_time_is_not_suggested():
    varied = [
        (HOME[0][0], "The district federation opened a new staff club."),
        (HOME[1][0], "The employee centre has become a favourite place to relax."),
        (HOME[2][0], "They visited the community workers' lounge."),
    ]
    found = {s.source for s in suggest.suggest(units(varied + OTHER), Glossary([UNION]))}
    assert "职工之家" not in found


def test_ranking_puts_the_most_agreeing_term_first():
    found = suggest.suggest(units(HOME + OTHER), Glossary([UNION]))
    agreeing = [s.agreeing for s in found]
    assert agreeing == sorted(agreeing, reverse=True)
    assert found[0].source == "职工之家"
    assert len(suggest.suggest(units(HOME + OTHER), Glossary([UNION]), limit=1)) == 1


def test_suggestion_becomes_a_glossary_entry():
    (home,) = [s for s in suggest.suggest(units(HOME), Glossary()) if s.source == "职工之家"]
    entry = home.as_entry("union")
    assert (entry.source, entry.target, entry.kind, entry.domain) == (
        "职工之家",
        "Workers' Home",
        "term",
        "union",
    )
    assert entry.note == "suggested from 3 approved segments (a s0001, a s0002, a s0003)"
    assert Glossary([entry]).match_source(HOME[0][0])[0].entry == entry


def test_cli_glossary_suggest(tmp_path, capsys):
    workspace = tmp_path
    segments = [
        Segment(f"s{i:04d}", zh, en, en, i, status=Status.APPROVED)
        for i, (zh, en) in enumerate(HOME + OTHER, 1)
    ]
    ArticleStore(workspace).create(Article("union-news", "Union news", segments))
    ws = ["--workspace", str(workspace)]
    assert cli.main([*ws, "glossary", "suggest", "--format", "json", "--min-count", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in rows] == ["职工之家"]
    assert rows[0]["target"] == "Workers' Home" and rows[0]["consistency"] == 1.0
    assert cli.main([*ws, "glossary", "suggest", "--limit", "0"]) == 2


def test_glossary_page_adds_ticked_suggestions(tmp_path, monkeypatch):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "glossary.csv").write_text(
        "source,target\n工会,trade union\n", encoding="utf-8"
    )
    segments = [
        Segment(f"s{i:04d}", zh, en, en, i, status=Status.APPROVED)
        for i, (zh, en) in enumerate(HOME + OTHER, 1)
    ]
    ArticleStore(tmp_path).create(Article("union-news", "Union news", segments))
    monkeypatch.setenv("REVIEW_APP_WORKSPACE", str(tmp_path))
    add_account(tmp_path, "admin")
    at = open_app("glossary", user="admin")
    at.toggle(key="tm-suggest-on").set_value(True).run()
    assert not at.exception, at.exception
    table = at.dataframe(key="tm-suggestions-table").value
    row = list(table["source"]).index("职工之家")
    assert table["target"][row] == "Workers' Home" and not table["add"].any()
    at.session_state["tm-suggestions-table"] = {
        "edited_rows": {row: {"add": True, "domain": "union"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="FormSubmitter:tm-suggestions-Add the ticked terms to the glossary").click().run()
    assert "Glossary suggestions: 1 added" in at.html[0].value
    entry = load_workspace_glossary(tmp_path).by_source("职工之家")
    assert (entry.target, entry.domain) == ("Workers' Home", "union")
    assert "职工之家" not in list(at.dataframe(key="tm-suggestions-table").value["source"])
