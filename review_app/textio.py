"""Read source and draft files (txt, md, html, docx) into paragraphs of visible text."""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from review_app.errors import InputError

DEFAULT_MAX_FILE_MB = 5.0
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENTITY_DECLARATION_RE = re.compile(r"<!ENTITY", re.IGNORECASE)
_BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "ul",
}
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")


def max_file_bytes() -> int:
    """Upload/import size limit; REVIEW_APP_MAX_FILE_MB overrides the 5 MB default."""
    raw = os.environ.get("REVIEW_APP_MAX_FILE_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError as exc:
        raise InputError(f"REVIEW_APP_MAX_FILE_MB must be a number, not {raw!r}") from exc
    return int(mb * 1024 * 1024)


def decode_text(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 or GB18030/GBK; refuse anything else."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif len(data) >= 4 and data[1::2].count(0) > len(data) // 4 and 0 not in data[0::2][:64]:
        candidates = ["utf-16-le"]
    elif len(data) >= 4 and data[0::2].count(0) > len(data) // 4 and 0 not in data[1::2][:64]:
        candidates = ["utf-16-be"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL_RE.findall(text)) > max(2, len(text) // 200):
            break
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise InputError(
        f"{name}: cannot read this file as text (tried UTF-8, UTF-16, GB18030); "
        "save it as UTF-8 text, Markdown, HTML or DOCX"
    )


def read_paragraphs(path: str | Path, *, data: bytes | None = None) -> list[str]:
    """Return the file's paragraphs of visible text, in order, empty ones dropped.

    `data` lets the UI pass uploaded bytes with the uploaded file name as `path`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{path.name}: unsupported file type {suffix or '(none)'!r}; "
            f"use one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if data is None:
        check_file_size(path)
        data = path.read_bytes()
    else:
        _check_size(path.name, len(data))
    if not data.strip():
        raise InputError(f"{path.name}: file is empty")
    if suffix == ".docx":
        paragraphs = _docx_paragraphs(data, path.name)
    else:
        text = decode_text(data, path.name)
        if suffix in (".html", ".htm"):
            if _ENTITY_DECLARATION_RE.search(text):
                raise InputError(f"{path.name}: the page declares XML entities; refused")
            paragraphs = _html_paragraphs(text)
        elif suffix in (".md", ".markdown"):
            paragraphs = _markdown_paragraphs(text)
        else:
            paragraphs = text.split("\n")
    paragraphs = [p.strip() for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError(f"{path.name}: no text found")
    return paragraphs


def check_file_size(path: str | Path) -> None:
    """Refuse a file over the import size limit before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror})") from exc
    _check_size(path.name, size)


def _check_size(name: str, size: int) -> None:
    limit = max_file_bytes()
    if size > limit:
        raise InputError(
            f"{name}: file is {size / 1048576:.1f} MB, over the {limit / 1048576:.1f} MB limit "
            "(set REVIEW_APP_MAX_FILE_MB to raise it)"
        )


def _html_paragraphs(text: str) -> list[str]:
    from bs4 import BeautifulSoup
    from bs4.element import Comment

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(_INVISIBLE_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = soup.get_text().split("\n")
    return [re.sub(r"[ \t\u00a0]+", " ", line) for line in lines]


_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_PREFIX_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _markdown_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; headings and list items are paragraphs of their own."""
    paragraphs: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            joined = _join_wrapped(block)
            paragraphs.append(_MD_EMPHASIS_RE.sub(r"\2", _MD_LINK_RE.sub(r"\1", joined)))
            block.clear()

    for line in text.split("\n"):
        if not line.strip() or re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line):
            flush()
        elif _MD_PREFIX_RE.match(line):
            flush()
            block.append(_MD_PREFIX_RE.sub("", line))
            if line.lstrip().startswith("#"):
                flush()
        else:
            block.append(line)
    flush()
    return paragraphs


def _join_wrapped(lines: list[str]) -> str:
    """Join soft-wrapped lines: no space between Han characters, one space otherwise."""
    out = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        if out and line and ("\u4e00" <= out[-1] <= "\u9fff" or "\u4e00" <= line[0] <= "\u9fff"):
            out += line
        else:
            out += " " + line
    return out


# Ordinary documents unpack to little more than their size, zip bombs to thousands of times
# it; python-docx needs seconds and hundreds of MB per 10 MB of XML.
_MAX_DOCX_UNPACK_RATIO = 2
# What zipfile raises for damaged, truncated, encrypted or exotic archives.
_BROKEN_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


def _docx_paragraphs(data: bytes, name: str) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            limit = _MAX_DOCX_UNPACK_RATIO * max_file_bytes()
            if unpacked > limit:
                raise InputError(
                    f"{name}: DOCX unpacks to {unpacked / 1048576:.1f} MB, over the "
                    f"{limit / 1048576:.1f} MB allowed (twice the file size limit); refused"
                )
            archive.getinfo("word/document.xml")
            for part in archive.namelist():
                if part.endswith((".xml", ".rels")):
                    with archive.open(part) as xml:
                        _refuse_dtd(xml, f"{name}: {part}")
    except (*_BROKEN_ZIP, KeyError) as exc:
        raise InputError(f"{name}: not a valid DOCX file ({exc})") from exc
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise InputError(f"{name}: not a valid DOCX file ({exc})") from exc
    from docx.table import Table

    paragraphs: list[str] = []
    for block in document.iter_inner_content():  # body order: paragraphs and tables interleaved
        if isinstance(block, Table):
            for row in block.rows:
                paragraphs.extend(cell.text for cell in row.cells)
        else:
            paragraphs.append(block.text)
    return paragraphs


def _refuse_dtd(xml: io.BufferedIOBase, where: str) -> None:
    """Refuse an XML part with a DTD (entity bombs, external entities); Office never writes one.

    Only the prolog is read: a DTD must come before the root element.
    """
    try:
        for _ in iterparse(xml, events=("start",), forbid_dtd=True):
            break
    except DefusedXmlException as exc:
        raise InputError(f"{where}: XML with a DTD or entity declarations; refused") from exc
    except (ParseError, LookupError, ValueError):
        pass  # not well-formed, or an encoding expat lacks: python-docx refuses it below
