"""Glossary: CSV/TBX files, validation with line numbers, source and target matching, CLI."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.cli import main
from review_app.errors import InputError
from review_app.glossary import (
    COLUMNS,
    Glossary,
    GlossaryEntry,
    TargetMatch,
    load_glossary,
    load_workspace_glossary,
    read_csv,
    read_tbx,
    validate,
    write_csv,
    write_tbx,
)
from review_app.glossary.matching import _first_come, _non_overlapping, fold

HEADER = ",".join(COLUMNS)

UNION = GlossaryEntry(
    "工会", "trade union", ("union",), ("labor union", "labour union"), domain="union"
)
EDU_UNION = GlossaryEntry("教育工会", "education trade union", domain="union")
DISTRICT_EDU_UNION = GlossaryEntry("区教育工会", "district education trade union", domain="union")
PARTY_HISTORY = GlossaryEntry("党史", "Party history", case_sensitive=True, domain="party")
CHAIRMAN = GlossaryEntry(
    "工会主席", "trade union chairman", ("chairman of the trade union",), kind="title"
)
GRASSROOTS = GlossaryEntry("", "grassroots", forbidden=("grass-roots",), kind="style")
BROAD_MASSES = GlossaryEntry(
    "", "teachers and staff", forbidden=("the majority of teaching staff",), kind="style"
)
XUEXI = GlossaryEntry(
    "学习强国", "Xuexi Qiangguo", forbidden=("learning to power the country",), kind="name"
)
ENTRIES = [
    UNION,
    EDU_UNION,
    DISTRICT_EDU_UNION,
    PARTY_HISTORY,
    CHAIRMAN,
    GRASSROOTS,
    BROAD_MASSES,
    XUEXI,
]


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


@pytest.fixture
def glossary() -> Glossary:
    return Glossary(ENTRIES)


# --- CSV loading and validation -------------------------------------------------------------


def test_read_csv_happy_path(tmp_path: Path) -> None:
    path = write(
        tmp_path / "g.csv",
        f"{HEADER}\n"
        "工会,trade union,union,labor union|labour union,no,term,union,ACFTU usage\n"
        '党史,Party history,,,yes,term,party,"capital P, always"\n'
        ",grassroots,,grass-roots,no,style,general,\n",
    )
    entries, problems = read_csv(path)
    assert problems == []
    assert entries[0] == UNION.__class__(
        "工会",
        "trade union",
        ("union",),
        ("labor union", "labour union"),
        False,
        "term",
        "union",
        "ACFTU usage",
    )
    assert entries[1].case_sensitive and entries[1].note == "capital P, always"
    assert entries[2].kind == "style" and entries[2].source == ""
    assert [e.origin for e in entries] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert entries[0].accepted == ("trade union", "union")


def test_only_source_and_target_columns_are_required(tmp_path: Path) -> None:
    entries, problems = read_csv(write(tmp_path / "g.csv", "target,source\ntrade union,工会\n"))
    assert problems == [] and entries == [GlossaryEntry("工会", "trade union")]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("工会,,,,no,term,union,\n", 2, "empty target"),
        (
            "工会,trade union,,,no,term,union,\n工会,union,,,no,term,union,\n",
            3,
            "duplicate source 工会 (first at line 2)",
        ),
        (
            "工会,trade union,,Trade Union,no,term,union,\n",
            2,
            "forbidden rendering 'Trade Union' equals accepted rendering 'trade union'",
        ),
        ("工会,trade union,union,UNION,no,term,union,\n", 2, "equals accepted rendering 'union'"),
        (",trade union,,,no,term,union,\n", 2, "empty source"),
        ("工会,trade union,,,maybe,term,union,\n", 2, "case_sensitive must be yes or no"),
        ("工会,trade union,,,no,word,union,\n", 2, "unknown kind 'word'"),
        ("工会,trade union,,,no,term,sports,\n", 2, "unknown domain 'sports'"),
        (",grassroots,,,no,style,general,\n", 2, "style rule without a forbidden phrase"),
        ("工会,trade union,,,no,term\n", 2, "expected 8 fields, found 6"),
        (
            "党委,Party committee,,,no,term,party,\n工会,工会,,,no,term,union,\n",
            3,
            "contains Chinese",
        ),
        (
            '党委,Party committee,,,no,term,party,\n工会,"trade union,,,no,term,union,\n',
            3,
            "malformed CSV",
        ),
    ],
)
def test_validation_problem_with_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = write(tmp_path / "g.csv", f"{HEADER}\n{body}")
    problems = validate([path])
    assert any(p.origin == f"{path}:{line}" and message in p.message for p in problems), problems
    with pytest.raises(InputError, match=re.escape(message)):
        load_glossary([path])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source,english\n工会,trade union\n", "unknown column 'english'"),
        ("target,kind\ntrade union,term\n", "missing column 'source'"),
        ("source,target,target\n工会,a,b\n", "column 'target' appears twice"),
        ("", "empty file"),
        ("  \n\n", "empty file"),
    ],
)
def test_bad_header_or_empty_file(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "g.csv", text)
    entries, problems = read_csv(path)
    assert entries == [] and any(message in p.message for p in problems), problems


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", f"{HEADER}\n工会,trade union,,,no,term,union,\n".encode("gbk"))
    [problem] = validate(path)
    assert problem.origin == f"{path}:2" and "not UTF-8" in problem.message


def test_duplicate_source_across_files(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", f"{HEADER}\n工会,trade union,,,no,term,union,\n")
    b = write(
        tmp_path / "b.csv", f"{HEADER}\n党委,Party committee,,,no,term,party,\n工会,union,,,,,,\n"
    )
    [problem] = validate([a, b])
    assert problem.origin == f"{b}:3" and f"first at {a}:2" in problem.message


def test_warnings_do_not_block_loading(tmp_path: Path) -> None:
    path = write(
        tmp_path / "g.csv",
        f"{HEADER}\n工会,trade union,trade union,labor union,no,term,union,\n"
        ",grassroots,,grass-roots,no,style,general,\n,grassroots,,Grass-roots,no,style,general,\n"
        ",trade union,,Labor Union,no,style,union,\n",
    )
    problems = validate(path)
    assert [(p.origin.rpartition(":")[2], p.severity) for p in problems] == [
        ("2", "warning"),
        ("4", "warning"),
        ("5", "warning"),
    ]
    assert "'trade union' listed twice" in problems[0].message
    assert "already ruled (first at line 3)" in problems[1].message
    assert "also forbidden for 工会 (at line 2)" in problems[2].message
    assert len(load_glossary(path).entries) == 4


def test_write_csv_round_trips(tmp_path: Path) -> None:
    entries = [*ENTRIES, GlossaryEntry("说明", "note", note='a "quoted", multi\nline note')]
    write_csv(entries, tmp_path / "out.csv")
    again, problems = read_csv(tmp_path / "out.csv")
    assert problems == [] and again == entries


def test_workspace_glossary_reads_every_csv_and_notices_changes(tmp_path: Path) -> None:
    assert load_workspace_glossary(tmp_path).entries == []
    folder = tmp_path / "glossary"
    folder.mkdir()
    write_csv([UNION], folder / "a.csv")
    write_csv([XUEXI], folder / "b.csv")
    first = load_workspace_glossary(tmp_path)
    assert first.entries == [UNION, XUEXI]
    assert load_workspace_glossary(tmp_path) is first
    write_csv([XUEXI, PARTY_HISTORY], folder / "b.csv")
    assert load_workspace_glossary(tmp_path).entries == [UNION, XUEXI, PARTY_HISTORY]


# --- source matching ------------------------------------------------------------------------


def test_source_longest_match_wins_and_every_occurrence_is_found(glossary: Glossary) -> None:
    text = "区教育工会召开会议，教育工会和工会代表、工会主席参加。工会"
    found = [(m.start, m.end, m.entry.source) for m in glossary.match_source(text)]
    assert found == [
        (0, 5, "区教育工会"),
        (10, 14, "教育工会"),
        (15, 17, "工会"),
        (20, 24, "工会主席"),
        (27, 29, "工会"),
    ]
    assert all(text[s:e] == src for s, e, src in found)


def test_source_overlap_prefers_the_longer_term() -> None:
    glossary = Glossary([GlossaryEntry("党委", "Party committee"), GlossaryEntry("委书", "x")])
    assert [m.entry.source for m in glossary.match_source("党委书记")] == ["党委"]  # tie: leftmost
    glossary = Glossary([GlossaryEntry("党委", "Party committee"), GlossaryEntry("委书记", "x")])
    assert [m.entry.source for m in glossary.match_source("党委书记")] == ["委书记"]
    glossary = Glossary([GlossaryEntry("党委", "Party committee"), GlossaryEntry("党委书记", "y")])
    assert [m.entry.source for m in glossary.match_source("区委党委书记")] == ["党委书记"]


def test_source_offsets_are_character_offsets_in_mixed_text(glossary: Glossary) -> None:
    text = "2024 年 😀《党史》与工会"
    assert [(m.start, m.end) for m in glossary.match_source(text)] == [(9, 11), (13, 15)]
    assert [text[m.start : m.end] for m in glossary.match_source(text)] == ["党史", "工会"]


def test_source_overlaps_are_ranked_by_characters_not_bytes() -> None:
    """Overlaps are settled on UTF-8 offsets: length still counts characters (an ASCII key
    is shorter in bytes than a Chinese one of the same length)."""
    terms = [GlossaryEntry("ABC", "x"), GlossaryEntry("C工会", "y"), GlossaryEntry("ABCD", "z")]
    glossary = Glossary(terms)
    assert [m.entry.source for m in glossary.match_source("ABC工会")] == ["ABC"]  # tie: leftmost
    found = glossary.match_source("了ABCD工会")
    assert [(m.start, m.end, m.entry.source) for m in found] == [(1, 5, "ABCD")]


_FOLDED = "\u2010\u2011\u2019\u00a0\t\n\r\u3000"


@given(st.text(alphabet="aZ -'é İ" + _FOLDED, max_size=30))
def test_fold_keeps_length_and_unifies_spacing(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert not set(folded) & set(_FOLDED)
    for f, c in zip(folded, text, strict=True):
        assert c in _FOLDED or f == (c.lower() if len(c.lower()) == 1 else c)


@given(st.text(alphabet="sSaZ -'é İ" + _FOLDED, max_size=30))
def test_fold_ends_in_s_exactly_where_the_text_ends_in_s_or_S(text: str) -> None:
    # `rendering_like` tells plurals from the raw ends on this ground
    assert fold(text).endswith("s") == text.endswith(("s", "S"))


_SPANS = st.lists(
    st.tuples(st.integers(0, 6), st.integers(1, 4)).map(lambda p: (p[0], p[0] + p[1])),
    min_size=2,
    max_size=2,
)


@given(_SPANS)
def test_two_spans_settle_as_the_general_ranking_does(spans: list[tuple[int, int]]) -> None:
    tagged = [(start, end, i) for i, (start, end) in enumerate(spans)]
    ranked = _first_come(sorted(tagged, key=lambda s: (s[0] - s[1], s[0])))
    assert _non_overlapping(tagged) == sorted(ranked, key=lambda s: s[0])


def test_empty_glossary_matches_nothing() -> None:
    empty = Glossary()
    assert empty.match_source("工会") == [] and empty.find_forbidden("labor union") == []


def test_lookup_properties(glossary: Glossary) -> None:
    assert glossary.by_source("工会") is UNION and glossary.by_source("总工会") is None
    assert glossary.names == [XUEXI]
    assert glossary.style_rules == [GRASSROOTS, BROAD_MASSES]


def test_glossary_survives_pickling(glossary: Glossary) -> None:
    glossary.match_source("工会")
    again = pickle.loads(pickle.dumps(glossary))
    assert [m.entry for m in again.match_source("区教育工会")] == [DISTRICT_EDU_UNION]


# --- target matching ------------------------------------------------------------------------


def spans(matches: list[TargetMatch]) -> list[str]:
    return [m.text for m in matches]


def test_renderings_plural_possessive_and_case(glossary: Glossary) -> None:
    text = "Trade Unions met; the union's reunion and unionist; two unions"
    found = glossary.find_renderings(UNION, text)
    assert spans(found) == ["Trade Unions", "union", "unions"]
    assert [m.rendering for m in found] == ["trade union", "union", "union"]


def test_renderings_irregular_and_head_plurals(glossary: Glossary) -> None:
    text = "chairmen of the trade union and trade union chairmen"
    assert spans(glossary.find_renderings(CHAIRMAN, text)) == [
        "chairmen of the trade union",
        "trade union chairmen",
    ]


def test_renderings_ies_plural() -> None:
    entry = GlossaryEntry("党", "Party")
    found = Glossary([entry]).find_renderings(entry, "both parties and the Party's members")
    assert spans(found) == ["parties", "Party"]


def test_case_matches_compares_letters_only(glossary: Glossary) -> None:
    found = glossary.find_renderings(PARTY_HISTORY, "party history, Party histories, PARTY HISTORY")
    assert [m.case_matches for m in found] == [False, True, False]


def test_hyphen_space_and_fused_spellings() -> None:
    entry = GlossaryEntry("基层", "grass-roots")
    found = Glossary([entry]).find_renderings(entry, "grassroots, grass roots, grass-roots, grass")
    assert spans(found) == ["grassroots", "grass roots", "grass-roots"]


def test_forbidden_found_everywhere_in_one_pass(glossary: Glossary) -> None:
    text = (
        "The Labor Unions and the labour union praised the majority of teaching staff "
        "at grass-roots level; learning to power the country."
    )
    found = [(m.text, m.entry) for m in glossary.find_forbidden(text)]
    assert found == [
        ("Labor Unions", UNION),
        ("labour union", UNION),
        ("the majority of teaching staff", BROAD_MASSES),
        ("grass-roots", GRASSROOTS),
        ("learning to power the country", XUEXI),
    ]
    assert all(text[m.start : m.end] == m.text for m in glossary.find_forbidden(text))


def test_forbidden_respects_word_boundaries_and_accepted_renderings(glossary: Glossary) -> None:
    assert glossary.find_forbidden("collaborator unionisation, grassroots work") == []
    assert spans(glossary.find_forbidden("grass roots")) == ["grass roots"]


_SCAN_WORDS = [
    "trade", "union", "unions", "labor", "labour", "Party", "parties", "history", "chairmen",
    "chairman", "of", "the", "grass-roots", "grass", "roots", "grassroots", "education",
    "district", "majority", "teaching", "staff", "unionist", ",", "’s", "learning", "to",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_SCAN_WORDS), max_size=14))
def test_one_scan_finds_what_each_lookup_finds(words: list[str]) -> None:
    """The glossary-wide pass gives each entry what a lookup of that entry alone gives."""
    text = " ".join(words)
    glossary = Glossary(ENTRIES)
    scan = glossary.scan_target(text)
    for entry in ENTRIES:
        assert scan.renderings(entry) == glossary.find_renderings(entry, text)
        assert scan.renderings(entry) == Glossary([entry]).find_renderings(entry, text)
    assert scan.forbidden() == glossary.find_forbidden(text)


def test_scan_serves_entries_outside_the_glossary_and_equal_copies(glossary: Glossary) -> None:
    text = "the Party history of the education trade union"
    scan = glossary.scan_target(text)
    outsider = GlossaryEntry("团", "union history")
    assert spans(scan.renderings(outsider)) == []
    assert spans(scan.renderings(GlossaryEntry("史", "history"))) == ["history"]
    copy = GlossaryEntry(EDU_UNION.source, EDU_UNION.target, domain="union", origin="elsewhere")
    assert copy is not EDU_UNION and scan.renderings(copy) == scan.renderings(EDU_UNION)
    assert spans(scan.renderings(copy)) == ["education trade union"]


# --- TBX ------------------------------------------------------------------------------------

TBX_BASIC = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>union glossary</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="subjectField">union</descrip>
      <note>ACFTU usage</note>
      <langSec xml:lang="zh-CN"><termSec><term>工会</term>
        <termNote type="partOfSpeech">noun</termNote></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>labor union</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        <termSec><term> trade union </term><termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>union</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>labour union</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="zh"><termSec><term>党史</term></termSec></langSec>
      <langSec xml:lang="en-GB"><termSec><term>Party history</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

TBX_MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>Weblate</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="subjectField">party</descrip>
      <langSet xml:lang="zh-CN"><tig><term>学习强国</term></tig></langSet>
      <langSet xml:lang="en">
        <tig><term>Xuexi Qiangguo</term></tig>
        <tig><term>learning to power the country</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
    <termEntry>
      <langSet xml:lang="zh-CN"><ntig><termGrp><term>党委</term></termGrp></ntig></langSet>
      <langSet xml:lang="en"><ntig><termGrp><term>Party committee</term></termGrp></ntig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_read_tbx_basic(tmp_path: Path) -> None:
    entries = read_tbx(write(tmp_path / "g.tbx", TBX_BASIC))
    assert entries == [
        GlossaryEntry(
            "工会",
            "trade union",
            ("union",),
            ("labor union", "labour union"),
            domain="union",
            note="ACFTU usage",
        ),
        GlossaryEntry("党史", "Party history"),
    ]
    assert entries[0].origin == f"{tmp_path / 'g.tbx'}#c1"


def test_read_tbx2_martif() -> None:
    assert read_tbx(TBX_MARTIF.encode()) == [
        GlossaryEntry(
            "学习强国",
            "Xuexi Qiangguo",
            forbidden=("learning to power the country",),
            domain="party",
        ),
        GlossaryEntry("党委", "Party committee"),
    ]


def test_tbx_round_trip(tmp_path: Path) -> None:
    write_tbx(ENTRIES, tmp_path / "out.tbx")
    assert read_tbx(tmp_path / "out.tbx") == ENTRIES


_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz'-ABC", min_size=1, max_size=8)
_rendering = st.lists(_words, min_size=1, max_size=3).map(" ".join)
_note = st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=20).map(str.strip)


@st.composite
def _entry(draw: st.DrawFn) -> GlossaryEntry:
    kind = draw(st.sampled_from(["term", "name", "title", "style"]))
    source = (
        ""
        if kind == "style"
        else draw(st.text("工会党委教育区主席学习强国", min_size=1, max_size=6))
    )
    return GlossaryEntry(
        source=source,
        target=draw(_rendering),
        variants=tuple(draw(st.lists(_rendering, max_size=2))),
        forbidden=tuple(draw(st.lists(_rendering, min_size=kind == "style", max_size=2))),
        case_sensitive=draw(st.booleans()),
        kind=kind,
        domain=draw(st.sampled_from(["union", "party", "government", "education", "general"])),
        note="\n".join(draw(_note).splitlines()),
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(_entry(), max_size=5))
def test_tbx_and_csv_round_trip_any_entries(
    tmp_path_factory: pytest.TempPathFactory, entries: list[GlossaryEntry]
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    write_tbx(entries, folder / "g.tbx")
    assert read_tbx(folder / "g.tbx") == entries
    write_csv(entries, folder / "g.csv")
    assert read_csv(folder / "g.csv")[0] == entries


def test_xml_bomb_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        "<tbx><text><body><conceptEntry><note>&c;</note></conceptEntry></body></text></tbx>"
    )
    with pytest.raises(InputError, match="refused"):
        read_tbx(bomb.encode())


def test_external_entity_is_refused() -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<tbx><text><body><conceptEntry><note>&x;</note></conceptEntry></body></text></tbx>"
    )
    with pytest.raises(InputError, match="refused"):
        read_tbx(xxe.encode())


@pytest.mark.parametrize(
    ("data", "message"), [(b"<tbx><text>", "not well-formed"), (b"<html/>", "not a TBX file")]
)
def test_bad_tbx(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_tbx(data)


# --- CLI ------------------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    (tmp_path / "glossary").mkdir()
    write_csv([UNION, PARTY_HISTORY, GRASSROOTS], tmp_path / "glossary" / "glossary.csv")
    return tmp_path


def run(ws: Path, *argv: str) -> int:
    return main(["--workspace", str(ws), "glossary", *argv])


def test_cli_validate_summary_and_problems(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(ws, "validate") == 0
    out = capsys.readouterr().out
    assert "3 entries in 1 file(s)" in out and "term 2" in out and "style 1" in out
    bad = write(ws / "bad.csv", f"{HEADER}\n工会,,,,no,term,union,\n")
    assert run(ws, "validate", str(bad)) == 1
    assert f"{bad}:2: empty target" in capsys.readouterr().out


def test_cli_validate_without_glossary_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "validate") == 2
    assert "no glossary files" in capsys.readouterr().err


def test_cli_import_merges_refuses_clashes_and_replaces(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tbx = write(ws / "in.tbx", TBX_MARTIF)
    assert run(ws, "import", str(tbx)) == 0
    assert "2 added, 0 replaced, 0 unchanged, 5 entries" in capsys.readouterr().out
    assert run(ws, "import", str(tbx)) == 0  # the same entries again change nothing
    assert "0 added, 0 replaced, 2 unchanged" in capsys.readouterr().out

    clash = ws / "clash.csv"
    write_csv([GlossaryEntry("工会", "union", domain="union")], clash)
    before = (ws / "glossary" / "glossary.csv").read_bytes()
    assert run(ws, "import", str(clash)) == 2
    assert "clash with existing" in capsys.readouterr().err
    assert (ws / "glossary" / "glossary.csv").read_bytes() == before

    assert run(ws, "import", str(clash), "--replace") == 0
    glossary = load_workspace_glossary(ws)
    assert glossary.by_source("工会").target == "union" and len(glossary) == 5


def test_cli_import_refuses_duplicates_across_workspace_files(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clash = write(ws / "clash.csv", f"{HEADER}\n工会,union,,,no,term,union,\n")
    assert run(ws, "import", str(clash), "--into", "glossary/extra.csv") == 2
    assert "duplicate source 工会" in capsys.readouterr().err
    assert not (ws / "glossary" / "extra.csv").exists()


def test_cli_import_refuses_invalid_file(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(ws / "bad.csv", f"{HEADER}\n党委,,,,no,term,party,\n")
    assert run(ws, "import", str(bad)) == 2
    assert f"{bad}:2: empty target" in capsys.readouterr().err


def test_cli_export_tbx_and_csv(ws: Path, tmp_path: Path) -> None:
    assert run(ws, "export", "--out", str(tmp_path / "g.tbx")) == 0
    assert read_tbx(tmp_path / "g.tbx") == [UNION, PARTY_HISTORY, GRASSROOTS]
    assert run(ws, "export", "--format", "csv", "--out", str(tmp_path / "g.txt")) == 0
    assert read_csv(tmp_path / "g.txt")[0] == [UNION, PARTY_HISTORY, GRASSROOTS]
    assert run(ws, "export", "--out", str(tmp_path / "g.xlsx")) == 2


def test_cli_search(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(ws, "search", "区工会召开党史学习会", "--format", "json") == 0
    out = capsys.readouterr().out
    assert '"source": "工会"' in out and '"source": "党史"' in out
    assert run(ws, "search", "labor") == 0
    assert "trade union" in capsys.readouterr().out
    assert run(ws, "search", "nothing like this") == 1
