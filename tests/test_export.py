import io
import re

import docx
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import SOURCES, sample_ids
from docx.enum.text import WD_COLOR_INDEX
from export_helpers import REVIEWED_AT, reviewed_workspace
from translate.storage import tmx

from review_app.cli import main
from review_app.errors import InputError
from review_app.export import (
    FORMATS,
    UnapprovedError,
    export_article,
    export_articles,
    unapproved_segments,
    write_exports,
)
from review_app.metrics import workspace_flags
from review_app.model import Article, Segment, Status
from review_app.store import ArticleStore
from review_app.tm import parse_tmx


@pytest.fixture
def reviewed(tmp_path):
    return reviewed_workspace(tmp_path / "ws")


def source_paragraph_count(article_id: str) -> int:
    text = (SOURCES / f"{article_id}.zh.txt").read_text(encoding="utf-8")
    return sum(1 for line in text.splitlines() if line.strip())


def expected_paragraphs(article: Article) -> list[list[str]]:
    """Approved English of each source paragraph, in order (extra content deleted)."""
    numbers = sorted({seg.paragraph for seg in article.segments if not seg.is_extra})
    return [
        [" ".join(s.target.split()) for s in article.segments if s.paragraph == n and s.target]
        for n in numbers
    ]


def one_sentence_paragraphs(targets: list[str], title: str = "Title") -> Article:
    """An approved article with one segment per paragraph; a target starting '+' is extra."""
    segments = [
        Segment(
            id=f"s{k + 1:04d}",
            source="" if text.startswith("+") else f"第{k + 1}段。",
            target=text.removeprefix("+"),
            draft=text.removeprefix("+"),
            paragraph=k,
            status=Status.APPROVED,
        )
        for k, text in enumerate(targets)
    ]
    return Article(id="x", title=title, segments=segments)


def md_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def read_back(fmt: str, data: bytes) -> tuple[str, list[str]]:
    """(title, body paragraphs) of an exported English copy."""
    if fmt == "md":
        title, *body = data.decode("utf-8").strip().split("\n\n")
        assert title.startswith("# ")
        return md_unescape(title[2:]), [md_unescape(p) for p in body]
    if fmt == "txt":
        title, *body = data.decode("utf-8").strip().split("\n\n")
        return title, body
    if fmt == "html":
        soup = BeautifulSoup(data, "html.parser")
        assert soup.title.get_text() == soup.h1.get_text()
        return soup.h1.get_text(), [p.get_text() for p in soup.article.find_all("p")]
    document = docx.Document(io.BytesIO(data))
    title, *body = document.paragraphs
    assert title.style.name == "Title"
    return title.text, [p.text for p in body]


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "docx"])
def test_english_copy_of_every_sample(reviewed, fmt):
    assert len(reviewed.ids()) == len(sample_ids())
    for article_id in reviewed.ids():
        article = reviewed.load(article_id)
        [exported] = export_articles(reviewed, [article_id], fmt)
        assert exported.name == f"{article_id}.{fmt}"
        title, body = read_back(fmt, exported.data)
        assert title == " ".join(article.title.split())
        assert len(body) == source_paragraph_count(article_id)
        for paragraph, sentences in zip(body, expected_paragraphs(article), strict=True):
            assert paragraph == " ".join(sentences)
        assert "Share on" not in " ".join(body)  # deleted cruft stays out
        assert "labor union" not in " ".join(body)  # the approved text, not the draft


def test_unapproved_segments_refuse_export(reviewed):
    article = reviewed.load("ouhai-education-union-2024")
    article.segments[2].status = Status.NEEDS_WORK
    article.segments[5].status = Status.EDITED
    reviewed.save(article)
    pending = [article.segments[2].id, article.segments[5].id]
    assert unapproved_segments(article) == pending
    for fmt in ("md", "txt", "html", "docx"):
        with pytest.raises(UnapprovedError) as caught:
            export_articles(reviewed, ["model-worker-awards", article.id], fmt)
        assert caught.value.unapproved == {article.id: pending}
        assert all(segment_id in str(caught.value) for segment_id in pending)


def test_allow_unapproved_marks_segments(reviewed):
    article = reviewed.load("ouhai-education-union-2024")
    pending = article.segments[3]
    pending.status = Status.NEEDS_WORK
    marker = f"[not approved: {pending.id}]"
    text = " ".join(pending.target.split())
    files = {f: export_article(article, f, allow_unapproved=True) for f in ("md", "txt", "html")}
    assert f"**{marker}** " in files["md"].data.decode()
    assert f"{marker} {text}" in files["txt"].data.decode()
    soup = BeautifulSoup(files["html"].data, "html.parser")
    [mark] = soup.find_all("mark")
    assert mark["data-segment"] == pending.id
    assert mark.get_text() == f"{marker} {text}"
    document = docx.Document(
        io.BytesIO(export_article(article, "docx", allow_unapproved=True).data)
    )
    highlighted = [
        r.text
        for p in document.paragraphs
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert "".join(highlighted) == f"{marker} {text}"
    approved_runs = [r for p in document.paragraphs[1:] for r in p.runs if r.text.strip()]
    assert len(approved_runs) > len(highlighted)


def test_kept_extra_content_is_its_own_paragraph_and_deleted_extra_blocks_nothing():
    article = one_sentence_paragraphs(["Para one.", "Para two.", "+Share on facebook"])
    extra = article.segments[2]
    assert extra.is_extra
    _, body = read_back("txt", export_article(article, "txt").data)
    assert body == ["Para one.", "Para two.", "Share on facebook"]
    extra.target, extra.status = "", Status.EDITED
    assert unapproved_segments(article) == []
    _, body = read_back("txt", export_article(article, "txt").data)
    assert body == ["Para one.", "Para two."]


def test_text_from_files_is_escaped():
    bad = "Bad <script>alert(1)</script> & [link](http://e.x) *bold*."
    article = one_sentence_paragraphs(["Safe.", bad, "# 1. not a heading"], "A <b>title</b> & more")
    page = export_article(article, "html").data.decode()
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [link]" in page
    assert "<title>A &lt;b&gt;title&lt;/b&gt; &amp; more</title>" in page
    markdown = export_article(article, "md").data.decode()
    assert "\\<script\\>" in markdown and "\\[link\\](http://e.x) \\*bold\\*" in markdown
    assert "\n\\# 1. not a heading" in markdown
    title, body = read_back("md", markdown.encode())
    assert title == "A <b>title</b> & more"
    assert body == ["Safe.", bad, "# 1. not a heading"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_bilingual_table_reads_back(reviewed, fmt):
    for article_id in reviewed.ids():
        article = reviewed.load(article_id)
        [exported] = export_articles(reviewed, [article_id], fmt)
        data = io.BytesIO(exported.data)
        read = pd.read_excel if fmt == "xlsx" else pd.read_csv
        frame = read(data, dtype=str, keep_default_na=False)
        assert list(frame.columns[:7]) == [
            "id",
            "source",
            "machine draft",
            "final",
            "status",
            "reviewer",
            "reviewed at",
        ]
        assert "open flags" in frame.columns
        assert list(frame["id"]) == [s.id for s in article.segments]
        assert list(frame["source"]) == [s.source for s in article.segments]
        assert list(frame["machine draft"]) == [s.draft for s in article.segments]
        assert list(frame["final"]) == [s.target for s in article.segments]
        assert list(frame["status"]) == [s.status.label for s in article.segments]
        assert list(frame["reviewed at"]) == [s.reviewed_at for s in article.segments]


def test_bilingual_table_does_not_need_approval(sample_workspace):
    store = ArticleStore(sample_workspace)
    [exported] = export_articles(store, ["xjnu-union-visit"], "csv")
    frame = pd.read_csv(io.BytesIO(exported.data), keep_default_na=False)
    assert set(frame["status"]) == {"machine draft"}
    assert "Share on facebook" in list(frame["final"])
    article = store.load("xjnu-union-visit")
    flags = workspace_flags([article], sample_workspace)[article.id]
    for row in frame.itertuples():
        expected = [f"{flag.check}: {flag.message}" for flag in flags[row.id]]
        assert row[frame.columns.get_loc("open flags") + 1].splitlines() == expected
    labor = frame[frame["final"].str.contains("labor union")]
    assert not labor.empty and labor["open flags"].str.contains("terminology.").all()


def test_tmx_loads_in_translate_toolkit(reviewed):
    for article_id in reviewed.ids():
        article = reviewed.load(article_id)
        [exported] = export_articles(reviewed, [article_id], "tmx")
        store = tmx.tmxfile.parsestring(exported.data)
        approved = [s for s in article.segments if s.status is Status.APPROVED]
        assert [u.getid() for u in store.units] == [f"{article_id}:{s.id}" for s in approved]
        assert [u.source for u in store.units] == [s.source for s in approved]
        assert [u.target for u in store.units] == [s.target for s in approved]
        header = store.document.getroot().find("header")
        assert header.get("srclang") == "zh-CN"
        for unit in store.units:
            element = unit.xmlelement
            assert element.get("creationdate") == "20261120T093005Z"
            assert element.get("creationid") == element.get("changeid") == "alice"
            assert element.find("prop").text == article_id
            langs = [v.get("{http://www.w3.org/XML/1998/namespace}lang") for v in element]
            assert langs[-2:] == ["zh-CN", "en"]


def test_tmx_round_trips_through_the_translation_memory_import(reviewed):
    article = reviewed.load("model-worker-awards")
    [exported] = export_articles(reviewed, [article.id], "tmx")
    units, skipped = parse_tmx(exported.data, exported.name)
    approved = [s for s in article.segments if s.status is Status.APPROVED]
    assert skipped == 0
    assert [(u.source, u.segment_id) for u in units] == [
        (s.source, f"{article.id}:{s.id}") for s in approved
    ]
    assert {(u.reviewer, u.reviewed_at[:19]) for u in units} == {("alice", REVIEWED_AT[:19])}


def test_tmx_holds_only_approved_segments_and_escapes_text():
    article = one_sentence_paragraphs(["A & B <c>.", "Second.", "+Share on facebook"])
    first = article.segments[0]
    first.reviewer, first.reviewed_at = "a&b", "2026-01-02T03:04:05"
    article.segments[1].status = Status.NEEDS_WORK
    store = tmx.tmxfile.parsestring(export_article(article, "tmx").data)
    [unit] = store.units  # not the unapproved one, not the extra content without source
    assert (unit.source, unit.target) == ("第1段。", "A & B <c>.")
    assert unit.xmlelement.get("creationid") == "a&b"
    assert unit.xmlelement.get("creationdate") == "20260102T030405Z"


def test_unknown_format_is_an_input_error(reviewed):
    with pytest.raises(InputError, match="unknown export format"):
        export_articles(reviewed, ["xjnu-union-visit"], "pdf")
    assert "pdf" not in FORMATS


def test_write_exports_is_atomic_and_refuses_a_file_as_folder(reviewed, tmp_path):
    files = export_articles(reviewed, ["xjnu-union-visit", "model-worker-awards"], "docx")
    out = tmp_path / "out"
    paths = write_exports(files, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in files)
    assert [p.read_bytes() for p in paths] == [f.data for f in files]
    with pytest.raises(InputError, match="not a folder"):
        write_exports(files, paths[0])


def test_cli_export(reviewed, tmp_path, capsys):
    ws = ["--workspace", str(reviewed.workspace)]
    out = tmp_path / "out"
    for fmt in FORMATS:
        assert main([*ws, "export", "xjnu-union-visit", "--format", fmt, "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"xjnu-union-visit.{f}" for f in FORMATS)
    capsys.readouterr()
    reviewed.update_segment("xjnu-union-visit", "s0005", reviewer="bob", target="Changed.")
    before = (out / "xjnu-union-visit.md").read_bytes()
    assert main([*ws, "export", "xjnu-union-visit", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "xjnu-union-visit: s0005" in err and "--allow-unapproved" in err
    assert (out / "xjnu-union-visit.md").read_bytes() == before
    args = [*ws, "export", "xjnu-union-visit", "--out", str(out), "--allow-unapproved"]
    assert main(args) == 0
    assert "[not approved: s0005]" in (out / "xjnu-union-visit.md").read_text()
    assert main([*ws, "export", "no-such-article", "--out", str(out)]) == 2
    with pytest.raises(SystemExit) as exited:
        main([*ws, "export", "xjnu-union-visit", "--format", "pdf", "--out", str(out)])
    assert exited.value.code == 2


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "tmx"])
def test_control_characters_do_not_break_xml_formats(fmt):
    article = one_sentence_paragraphs(["Bell\x07 and form feed\x0c here.", "Fine."])
    data = export_article(article, fmt, open_flags={}).data
    if fmt == "tmx":
        assert tmx.tmxfile.parsestring(data).units[0].target == "Bell and form feed here."
    elif fmt == "xlsx":
        assert pd.read_excel(io.BytesIO(data))["final"][0] == "Bell and form feed here."
    else:
        assert docx.Document(io.BytesIO(data)).paragraphs[1].text == "Bell and form feed here."
