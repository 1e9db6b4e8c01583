"""Hostile and broken files: XML bombs, zip bombs, oversized uploads, path-like ids, bad imports.

Each is refused with a clear `InputError` (exit 2 on the command line) before anything is
written, and what was stored before stays byte for byte the same.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.errors import InputError
from review_app.export import export_articles
from review_app.glossary import read_file, read_tbx
from review_app.importer import import_files
from review_app.store import ArticleStore
from review_app.textio import read_paragraphs
from review_app.tm import import_tmx, parse_tmx
from tests.hostile_helpers import billion_laughs, document_xml, docx_package, external_entity

ZH = "区教育工会召开第十届会员代表大会。\n会议由杜志平主持。\n"
EN = "The district education trade union held its tenth congress.\nDu Zhiping chaired.\n"
TBX_BODY = (
    '<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
    '<conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>工会</term></termSec></langSec>'
    '<langSec xml:lang="en"><termSec><term>trade union &{entity};</term></termSec></langSec>'
    "</conceptEntry></body></text></tbx>"
)
TMX_BODY = (
    '<tmx version="1.4"><header srclang="zh-CN"/><body><tu>'
    '<tuv xml:lang="zh-CN"><seg>工会</seg></tuv>'
    '<tuv xml:lang="en"><seg>union &{entity};</seg></tuv>'
    "</tu></body></tmx>"
)
HOSTILE_XML = {
    "billion laughs": (billion_laughs, "lol9"),
    "external entity": (external_entity, "xxe"),
}


@pytest.fixture
def stored(tmp_path: Path) -> tuple[ArticleStore, bytes]:
    """A workspace with article `demo` imported, and the bytes of its PO file."""
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    store = ArticleStore(tmp_path)
    store.create(import_files("demo", tmp_path / "zh.txt", tmp_path / "en.txt"))
    return store, store.path("demo").read_bytes()


def run_cli(workspace: Path, *argv: str) -> int:
    return main(["--workspace", str(workspace), *argv])


# --- XML bombs and external entities -----------------------------------------------------


@pytest.mark.parametrize("kind", HOSTILE_XML)
def test_tbx_entities_refused(tmp_path, kind):
    prolog, entity = HOSTILE_XML[kind]
    data = prolog("tbx") + TBX_BODY.format(entity=entity).encode()
    began = time.perf_counter()
    with pytest.raises(InputError, match="refused"):
        read_tbx(data, "bomb.tbx")
    assert time.perf_counter() - began < 1.0
    (tmp_path / "bomb.tbx").write_bytes(data)
    entries, problems = read_file(tmp_path / "bomb.tbx")
    assert entries == [] and "refused" in problems[0].message


@pytest.mark.parametrize("kind", HOSTILE_XML)
def test_tmx_entities_refused_and_nothing_imported(tmp_path, kind):
    prolog, entity = HOSTILE_XML[kind]
    data = prolog("tmx") + TMX_BODY.format(entity=entity).encode()
    with pytest.raises(InputError, match="unsafe XML"):
        parse_tmx(data, "bomb.tmx")
    (tmp_path / "bomb.tmx").write_bytes(data)
    assert run_cli(tmp_path, "tm", "import", str(tmp_path / "bomb.tmx")) == 2
    assert not (tmp_path / "tm").exists() or not any((tmp_path / "tm").iterdir())


def test_glossary_import_of_a_bomb_leaves_the_glossary_alone(workspace):
    bomb = workspace / "bomb.tbx"
    bomb.write_bytes(billion_laughs("tbx") + TBX_BODY.format(entity="lol9").encode())
    glossary = workspace / "glossary" / "glossary.csv"
    before = glossary.read_bytes()
    assert run_cli(workspace, "glossary", "import", str(bomb)) == 2
    assert glossary.read_bytes() == before


STYLES = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


def with_prolog(xml: bytes, prolog: bytes) -> bytes:
    """`xml` with its XML declaration replaced by `prolog` (which declares a DTD)."""
    return prolog + xml.split(b"?>", 1)[-1].lstrip() if xml.startswith(b"<?xml") else prolog + xml


@pytest.mark.parametrize(
    "part", ["word/document.xml", "word/styles.xml", "[Content_Types].xml", "_rels/.rels"]
)
@pytest.mark.parametrize("kind", HOSTILE_XML)
def test_docx_with_a_dtd_in_any_part_refused(kind, part):
    prolog, entity = HOSTILE_XML[kind]
    originals = {
        **{
            n: zipfile.ZipFile(io.BytesIO(docx_package())).read(n)
            for n in ("[Content_Types].xml", "_rels/.rels")
        },
        "word/document.xml": document_xml(f"区教育工会 &{entity};"),
        "word/styles.xml": STYLES,
    }
    data = docx_package({part: with_prolog(originals[part], prolog("x"))})
    with pytest.raises(InputError, match=r"DTD or entity declarations; refused"):
        read_paragraphs("bomb.docx", data=data)


def test_docx_dtd_hidden_in_utf16_refused():
    xml = with_prolog(document_xml("&lol9;"), billion_laughs("w:document")).decode()
    xml = xml.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    data = docx_package({"word/document.xml": xml.encode("utf-16")})
    with pytest.raises(InputError, match="refused"):
        read_paragraphs("bomb.docx", data=data)


def test_plain_docx_reads():
    expected = ["区教育工会召开会议。", "杜志平主持会议。"]
    assert read_paragraphs("ok.docx", data=docx_package()) == expected


def zip_bomb(unpacked_mb: int) -> bytes:
    """A well-formed DOCX whose document.xml inflates from a few KB to `unpacked_mb` MB."""
    package = zipfile.ZipFile(io.BytesIO(docx_package()))
    head, _, tail = document_xml().partition(b"<w:body>")
    chunk = b"<w:p><w:r><w:t>ab</w:t></w:r></w:p>" * 30_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in package.namelist():
            if name != "word/document.xml":
                archive.writestr(name, package.read(name))
        with archive.open("word/document.xml", "w") as member:
            member.write(head + b"<w:body>")
            for _ in range(unpacked_mb * 1024 * 1024 // len(chunk) + 1):
                member.write(chunk)
            member.write(tail)
    return buffer.getvalue()


def test_zip_bomb_docx_refused_before_unpacking():
    data = zip_bomb(12)
    assert len(data) < 200_000  # far under the 5 MB upload limit
    began = time.perf_counter()
    with pytest.raises(InputError, match="unpacks to .* MB, over the 10.0 MB allowed"):
        read_paragraphs("bomb.docx", data=data)
    assert time.perf_counter() - began < 1.0


def test_docx_that_lies_about_its_unpacked_size_refused():
    """Sizes come from the zip directory; a member that inflates past its declared size fails
    its CRC check instead of filling memory."""
    data = bytearray(zip_bomb(12))
    name_at = data.index(b"word/document.xml", data.index(b"PK\x01\x02"))
    entry = name_at - 46  # the central directory record before its file name
    assert data[entry : entry + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, entry + 24, 1000)  # declared uncompressed size
    with pytest.raises(InputError, match="not a valid DOCX"):
        read_paragraphs("liar.docx", data=bytes(data))


def test_html_entity_declarations_refused():
    page = (
        billion_laughs("html") + b"<html><body><p>\xe5\xb7\xa5\xe4\xbc\x9a &lol9;</p></body></html>"
    )
    with pytest.raises(InputError, match="declares XML entities"):
        read_paragraphs("bomb.html", data=page)
    xxe = b'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><p>&xxe;</p>'
    with pytest.raises(InputError, match="declares XML entities"):
        read_paragraphs("xxe.htm", data=xxe.decode().encode("utf-16"))


def test_html_scripts_dropped_and_markup_kept_as_text():
    page = (
        "<!DOCTYPE html><html><head><script>alert(1)</script></head><body>"
        "<p>工会 &lt;img src=x onerror=alert(2)&gt;</p><script>steal()</script>"
        "<p>会议<img src=x onerror=alert(3)>召开</p></body></html>"
    )
    assert read_paragraphs("page.html", data=page.encode()) == [
        "工会 <img src=x onerror=alert(2)>",
        "会议召开",
    ]


# --- size limits ---------------------------------------------------------------------------


def test_size_limit_applies_to_every_import_path(tmp_path, workspace, monkeypatch, stored):
    monkeypatch.setenv("REVIEW_APP_MAX_FILE_MB", "0.001")  # 1 KB
    store, before = stored
    big_zh = tmp_path / "big.zh.txt"
    big_zh.write_text(ZH * 20, encoding="utf-8")
    assert big_zh.stat().st_size > 1048
    with pytest.raises(InputError, match="over the 0.0 MB limit"):
        read_paragraphs(big_zh)
    with pytest.raises(InputError, match="over the 0.0 MB limit"):  # uploaded bytes
        import_files(
            "demo", "big.zh.txt", "en.txt", source_data=big_zh.read_bytes(), draft_data=b"x"
        )
    en = tmp_path / "en.txt"
    args = ["import", str(big_zh), str(en), "--id", "demo", "--replace"]
    assert run_cli(tmp_path, *args) == 2
    assert store.path("demo").read_bytes() == before
    big_tmx = tmp_path / "big.tmx"
    big_tmx.write_bytes(b"<tmx>" + b" " * 2000 + b"</tmx>")
    with pytest.raises(InputError, match="limit"):
        import_tmx(workspace, big_tmx)
    big_csv = tmp_path / "big.csv"
    big_csv.write_text("source,target\n" + "工会,trade union\n" * 100, encoding="utf-8")
    assert run_cli(workspace, "glossary", "import", str(big_csv)) == 2


def test_bad_size_setting_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("REVIEW_APP_MAX_FILE_MB", "five")
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    with pytest.raises(InputError, match="REVIEW_APP_MAX_FILE_MB must be a number"):
        read_paragraphs(tmp_path / "a.txt")


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(ZH, "utf-8"), (ZH, "utf-8-sig"), (ZH, "utf-16"), (ZH, "gb18030"), (EN, "utf-16-le")],
)
def test_common_encodings_read(text, encoding):
    assert read_paragraphs("a.txt", data=text.encode(encoding)) == text.strip().split("\n")


@pytest.mark.parametrize(
    "data", [bytes(range(256)) * 4, b"\x00\x01\x02\x03" * 100, "工会".encode("utf-32")]
)
def test_binary_or_unsupported_encoding_refused(data):
    with pytest.raises(InputError, match="cannot read this file as text"):
        read_paragraphs("zh.txt", data=data)


# --- ids that look like paths ------------------------------------------------------------

BAD_IDS = ["../evil", "a/b", "..", "/etc/passwd", "a\\b", "demo/../../x", "Demo", ".hidden"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_path_like_ids_refused_by_the_store(stored, bad):
    store, _ = stored
    calls = [
        lambda: store.load(bad),
        lambda: store.exists(bad),
        lambda: store.history(bad),
        lambda: store.log(bad, "alice", "s0001", "edit"),
        lambda: store.update_segment(bad, "s0001", reviewer="alice", target="x"),
        lambda: export_articles(store, [bad], "md"),
        lambda: import_files(
            bad, "zh.txt", "en.txt", source_data=ZH.encode(), draft_data=EN.encode()
        ),
    ]
    for call in calls:
        with pytest.raises(InputError, match="invalid article id"):
            call()
    with pytest.raises(InputError, match="invalid article id"), store.locked(bad):
        pass


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "{bad}"],
        ["edit", "{bad}", "s0001", "--text", "x"],
        ["approve", "{bad}"],
        ["export", "{bad}", "--out", "{out}"],
        ["log", "{bad}"],
        ["import", "{zh}", "{en}", "--id", "{bad}"],
    ],
)
def test_path_like_ids_refused_by_the_cli(stored, argv, capsys):
    store, _ = stored
    out = store.workspace / "out"
    values = {
        "out": str(out),
        "zh": str(store.workspace / "zh.txt"),
        "en": str(store.workspace / "en.txt"),
    }
    before = sorted(p for p in store.workspace.parent.rglob("*") if "evil" in p.name)
    assert run_cli(store.workspace, *[a.format(bad="../evil", **values) for a in argv]) == 2
    assert "invalid article id" in capsys.readouterr().err
    assert sorted(p for p in store.workspace.parent.rglob("*") if "evil" in p.name) == before


def test_tmx_collection_names_cannot_leave_the_tm_folder(workspace, tmp_path):
    tmx = tmp_path / "mem.tmx"
    tmx.write_bytes(TMX_BODY.replace(" &{entity};", "").encode())
    result = import_tmx(workspace, tmx, name="../../evil")
    assert result.path.parent == workspace / "tm" and result.name == "evil"


# --- failed imports change nothing ----------------------------------------------------------


BAD_IMPORTS = {
    "empty source": ("zh.txt", b""),
    "binary source": ("zh.txt", bytes(range(256)) * 8),
    "English as source": ("zh.txt", EN.encode()),
    "unsupported type": ("zh.pdf", b"%PDF-1.4"),
    "broken docx": ("zh.docx", docx_package()[:300]),
    "docx bomb": (
        "zh.docx",
        docx_package(
            {"word/document.xml": with_prolog(document_xml("&lol9;"), billion_laughs("w"))}
        ),
    ),
    "html bomb": ("zh.html", billion_laughs("html") + b"<p>&lol9;</p>"),
}


@pytest.mark.parametrize("case", BAD_IMPORTS)
def test_failed_import_over_an_existing_article_changes_nothing(stored, case):
    store, before = stored
    name, data = BAD_IMPORTS[case]
    source = store.workspace / name
    source.write_bytes(data)
    files_before = sorted(p.name for p in store.root.iterdir())
    args = ["import", str(source), str(store.workspace / "en.txt"), "--id", "demo", "--replace"]
    assert run_cli(store.workspace, *args) == 2
    assert store.path("demo").read_bytes() == before
    assert sorted(p.name for p in store.root.iterdir()) == files_before


def test_missing_file_is_a_clear_error(stored):
    store, before = stored
    args = [
        "import",
        str(store.workspace / "nope.txt"),
        str(store.workspace / "en.txt"),
        "--id",
        "demo",
        "--replace",
    ]
    assert run_cli(store.workspace, *args) == 2
    assert store.path("demo").read_bytes() == before
