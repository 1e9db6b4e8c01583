"""Property and fuzz tests: random and mutated input never crashes the core.

Every reader either returns what it promises or raises the documented `InputError` (glossary
CSV reports `GlossaryProblem`s instead); segmenters and the aligner keep every character and
every unit; the checks stay within the text they flag. Example counts are set per test so the
whole file stays well under a minute.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from review_app.aligning import PARAGRAPH_SHAPES, SENTENCE_SHAPES, align
from review_app.checks import CATEGORIES, SEVERITIES, fluency, run_checks
from review_app.checks.base import WORD_RE, SegmentView
from review_app.errors import InputError
from review_app.glossary import (
    GlossaryProblem,
    load_workspace_glossary,
    read_csv,
    read_tbx,
)
from review_app.glossary.tbx import entries_to_tbx
from review_app.importer import build_article
from review_app.model import Article, Segment, Status
from review_app.segmenting import split_en, split_zh
from review_app.store import article_to_po, parse_po_text
from review_app.textio import SUPPORTED_SUFFIXES, decode_text, read_paragraphs
from review_app.tm import parse_tmx
from tests.conftest import REPO
from tests.hostile_helpers import docx_package

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ZH_CHARS = "区教育工会召开第十届会员代表大会杜志平主持学习强国党委书记温州大学中国共产党"
ZH_PUNCT = "。！？；，、：“”‘’《》【】（）…—·"
EN_CHARS = "The district union held its meeting Du Zhiping chaired Mr. Dr. No. U.S."
EN_PUNCT = ".!?,;:'\"()[]-–—…"
zh_text = st.text(st.sampled_from(ZH_CHARS + ZH_PUNCT + " \u3000\t0123456789!?."), max_size=80)
en_text = st.text(st.sampled_from(EN_CHARS + EN_PUNCT + " \t0123456789"), max_size=120)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def non_space(text: str) -> str:
    return re.sub(r"\s", "", text)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` with a few random byte-level edits: flips, cuts, insertions, repeats."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if action == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


@st.composite
def mutated_lines(draw: st.DrawFn, original: str) -> str:
    """`original` with lines dropped, repeated, swapped or garbled: broken structure, valid text."""
    lines = original.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "garble", "insert"]))
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "garble":
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(
                st.text(st.sampled_from('"\\#,:.msgidtrc@ \t'), max_size=8)
            )
        else:
            lines.insert(at, draw(any_text))
        if not lines:
            lines = [""]
    return "\n".join(lines)


# --- text reader -------------------------------------------------------------------------


def assert_reads_or_refuses(name: str, data: bytes) -> None:
    """An upload is refused with InputError or read as clean, non-empty paragraphs."""
    try:
        paragraphs = read_paragraphs(name, data=data)
    except InputError:
        return
    assert paragraphs, "read_paragraphs returned nothing instead of raising"
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)


@FUZZ
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([*SUPPORTED_SUFFIXES, ".TXT", ".pdf", "", ".po"]),
)
@example(data=b"\xef\xbb\xbf", suffix=".txt")
@example(data=b"PK\x03\x04" + b"\x00" * 40, suffix=".docx")
def test_read_paragraphs_random_bytes(data, suffix):
    assert_reads_or_refuses(f"upload{suffix}", data)


@FUZZ
@given(data=st.text(max_size=300).map(str.encode), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_read_paragraphs_random_text(data, suffix):
    assert_reads_or_refuses(f"upload{suffix}", data)


@settings(FUZZ, max_examples=200)
@given(data=st.builds(docx_package).flatmap(mutated))
def test_read_paragraphs_mutated_docx(data):
    assert_reads_or_refuses("upload.docx", data)


@FUZZ
@given(st.binary(max_size=400))
def test_decode_text_random_bytes(data):
    try:
        text = decode_text(data)
    except InputError:
        return
    assert "\r" not in text


@FUZZ
@given(
    text=st.text(max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
)
def test_decode_text_reads_encoded_text_back(text, encoding):
    """Text saved in a supported encoding decodes to itself, line breaks unified."""
    if CONTROL_CHARS.search(text):
        return  # binary-looking: refusing it or reading it as UTF-16 are both fine
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    decoded = decode_text(data)
    if encoding == "gb18030" and data.decode("utf-8", "ignore").encode() == data:
        return  # these bytes are valid UTF-8 too, which is rightly tried first
    assert decoded == text.replace("\r\n", "\n").replace("\r", "\n")


# --- segmenters --------------------------------------------------------------------------


@settings(FUZZ, max_examples=600)
@given(st.one_of(zh_text, any_text))
def test_split_zh_keeps_every_character(paragraph):
    sentences = split_zh(paragraph)
    assert non_space("".join(sentences)) == non_space(paragraph)
    assert all(s.strip() for s in sentences)


@settings(FUZZ, max_examples=600)
@given(st.one_of(en_text, any_text))
def test_split_en_keeps_every_character(paragraph):
    sentences = split_en(paragraph)
    assert non_space("".join(sentences)) == non_space(paragraph)
    assert all(s.strip() for s in sentences)


# --- fluency checks' fast paths ----------------------------------------------------------

# Words, joins and the letters that fold to ASCII ones, so that repeats and near repeats abound.
en_words = st.lists(
    st.sampled_from(
        ["the", "The", "THE", "that", "known", "well-known", "workers'", "s", "'s", "’s", "a",
         "A", "Mr.", "ſo", "so", "İt", "it", "Kin", "kin", "é", "the5", "_the", " ", "  ", "\t",
         "\n", "-", "—", ",", ".", "!", "? ", "“", "(", "3"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(FUZZ, max_examples=1000)
@given(st.one_of(en_words, en_text, any_text))
@example("İt it")
@example("ıt ıt")
@example("ſo ſo")
@example("Kin kin")
@example("well-known known")
@example("The the's")
def test_repeated_word_pretest_passes_every_repeat(target):
    view = SegmentView(Segment("s1", "", target, "", 1), 0)
    if fluency._REPEATED_RE.search(target):
        assert fluency._may_repeat_word(view)


@settings(FUZZ, max_examples=600)
@given(st.one_of(en_words, en_text, any_text))
def test_words_skipped_finds_each_word_as_finditer_does(target):
    view = SegmentView(Segment("s1", "", target, "", 1), 0)
    for sentence, words in zip(view.sentences, view.sentence_words, strict=True):
        found = list(WORD_RE.finditer(target, sentence.start, sentence.end))
        assert [m.group() for m in found] == words
        for k in range(1, len(found)):
            skipped = fluency._words_skipped(k).match(target, sentence.start, sentence.end)
            assert skipped.end() == found[k].start()
            assert skipped.group(1) == target[found[k - 1].end() : found[k].start()]


# --- aligner -----------------------------------------------------------------------------


def assert_beads_cover(beads, n: int, m: int, shapes) -> None:
    assert [i for b in beads for i in b.source] == list(range(n))
    assert [j for b in beads for j in b.draft] == list(range(m))
    for bead in beads:
        assert (len(bead.source), len(bead.draft)) in shapes or not (n and m)
        assert 0.0 <= bead.confidence <= 1.0


@settings(FUZZ, max_examples=300)
@given(
    source=st.lists(zh_text, max_size=12),
    draft=st.lists(en_text, max_size=12),
    paragraphs=st.booleans(),
)
def test_align_covers_every_unit_once_in_order(source, draft, paragraphs):
    shapes = PARAGRAPH_SHAPES if paragraphs else SENTENCE_SHAPES
    beads = align(source, draft, shapes=shapes)
    assert_beads_cover(beads, len(source), len(draft), shapes)


@settings(FUZZ, max_examples=200)
@given(
    source=st.lists(
        zh_text.filter(lambda t: re.search("[\u4e00-\u9fff]", t)), min_size=1, max_size=8
    ),
    draft=st.lists(en_text, min_size=1, max_size=8),
)
def test_build_article_keeps_all_text(source, draft):
    try:
        article = build_article("fuzz", source, draft)
    except InputError:
        return  # e.g. the language check: not the same article
    segments = article.segments
    assert [s.id for s in segments] == [f"s{i:04d}" for i in range(1, len(segments) + 1)]
    assert non_space("".join(s.source for s in segments)) == non_space("".join(source))
    assert non_space("".join(s.draft for s in segments)) == non_space("".join(draft))
    assert all(0.0 <= s.confidence <= 1.0 for s in segments)
    assert [s.paragraph for s in segments] == sorted(s.paragraph for s in segments)


# --- PO loader ---------------------------------------------------------------------------


def sample_po() -> str:
    article = build_article(
        "fuzz",
        ["区教育工会召开会议。", "会议由杜志平主持。大家参加。"],
        ["District education trade union holds meeting.", "Du Chaired by Zhiping. All came."],
        title="Fuzz",
    )
    article.segments[0].comment = "checked"
    article.segments[1].status = Status.APPROVED
    return str(article_to_po(article))


def assert_po_loads_or_refused(text: str) -> None:
    try:
        article = parse_po_text(text, "fuzz", "fuzz.po")
    except InputError:
        return
    assert all(isinstance(s.status, Status) for s in article.segments)
    assert len({s.id for s in article.segments}) == len(article.segments)


@settings(FUZZ, max_examples=500)
@given(st.builds(sample_po).flatmap(mutated_lines))
def test_po_loader_mutated_structure(text):
    assert_po_loads_or_refused(text)


@FUZZ
@given(st.builds(lambda: sample_po().encode()).flatmap(mutated))
def test_po_loader_mutated_bytes(data):
    assert_po_loads_or_refused(data.decode("utf-8", "replace"))


@FUZZ
@given(any_text)
def test_po_loader_random_text(text):
    assert_po_loads_or_refused(text)


def test_po_loader_never_reads_a_file_named_by_the_text(tmp_path):
    path = tmp_path / "other.po"
    path.write_text(sample_po(), encoding="utf-8")
    with pytest.raises(InputError):
        parse_po_text(str(path), "fuzz", "upload.po")


# --- glossary files ----------------------------------------------------------------------


@functools.cache
def repo_glossary_csv() -> bytes:
    """The first rows of the repository glossary: real quoting, lists and Chinese text."""
    lines = (REPO / "glossary" / "glossary.csv").read_bytes().split(b"\n")
    return b"\n".join(lines[:25]) + b"\n"


@functools.cache
def repo_glossary_tbx() -> bytes:
    entries, _ = read_csv("glossary.csv", data=repo_glossary_csv())
    return entries_to_tbx(entries).encode("utf-8")


def assert_csv_result(result) -> None:
    entries, problems = result
    assert all(isinstance(p, GlossaryProblem) and p.message for p in problems)
    assert all(e.origin.startswith("g.csv:") for e in entries)


@FUZZ
@given(st.builds(repo_glossary_csv).flatmap(mutated))
def test_glossary_csv_mutated(data):
    assert_csv_result(read_csv("g.csv", data=data))


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_glossary_csv_random(data):
    assert_csv_result(read_csv("g.csv", data=data))


@FUZZ
@given(st.builds(repo_glossary_tbx).flatmap(mutated))
def test_glossary_tbx_mutated(data):
    try:
        entries = read_tbx(data, "g.tbx")
    except InputError:
        return
    assert all(e.origin.startswith("g.tbx#") for e in entries)


# --- TMX import --------------------------------------------------------------------------

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="zh-CN" adminlang="en" segtype="sentence" datatype="plaintext"
          o-tmf="PO" creationtool="x" creationtoolversion="1"/>
  <body>
    <tu tuid="a:s0001" changedate="20261123T100000Z" changeid="alice">
      <tuv xml:lang="zh-CN"><seg>区教育工会召开会议。</seg></tuv>
      <tuv xml:lang="en"><seg>The district education trade union held a meeting.</seg></tuv>
    </tu>
    <tu tuid="a:s0002">
      <tuv xml:lang="zh-CN"><seg>会议由<ph>&lt;b&gt;</ph>杜志平主持。</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Du Zhiping chaired the meeting.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_sample_parses():
    units, skipped = parse_tmx(TMX.encode(), "t.tmx")
    assert [u.segment_id for u in units] == ["a:s0001", "a:s0002"] and skipped == 0


@FUZZ
@given(st.just(TMX.encode()).flatmap(mutated))
def test_tmx_mutated(data):
    try:
        units, skipped = parse_tmx(data, "t.tmx")
    except InputError:
        return
    assert units and skipped >= 0
    assert all(u.source.strip() and u.target.strip() for u in units)


# --- checks ------------------------------------------------------------------------------


@functools.cache
def repo_glossary():
    return load_workspace_glossary(REPO)


@st.composite
def check_articles(draw: st.DrawFn) -> Article:
    """Articles built from glossary terms, their forbidden renderings, numbers and noise."""
    glossary = repo_glossary()
    sources = [e.source for e in glossary.entries if e.source]
    renderings = [r for e in glossary.entries for r in (*e.accepted, *e.forbidden)]
    zh_piece = st.one_of(
        st.sampled_from(sources), zh_text, st.sampled_from(["2024年3月", "五千", "《工人日报》"])
    )
    en_piece = st.one_of(
        st.sampled_from(renderings),
        en_text,
        st.sampled_from(["3 March 2024", "5,000", "《Workers' Daily》", "Du Chaired by Zhiping"]),
    )
    segments = []
    for i in range(draw(st.integers(1, 6))):
        source = "".join(draw(st.lists(zh_piece, max_size=4)))
        target = " ".join(draw(st.lists(en_piece, max_size=4)))
        segments.append(
            Segment(
                id=f"s{i + 1:04d}",
                source=source,
                target=target,
                draft=draw(
                    st.sampled_from([target, " ".join(draw(st.lists(en_piece, max_size=3)))])
                ),
                paragraph=i // 2,
                status=draw(st.sampled_from(list(Status))),
            )
        )
    return Article(id="fuzz", title="Fuzz", segments=segments)


@settings(FUZZ, max_examples=400)
@given(check_articles())
def test_checks_stay_within_the_text(article):
    results = run_checks(article, repo_glossary())
    assert set(results) == {s.id for s in article.segments}
    for seg in article.segments:
        for flag in results[seg.id]:
            assert flag.severity in SEVERITIES and flag.category in CATEGORIES
            assert flag.message
            if flag.source_span is not None:
                start, end = flag.source_span
                assert 0 <= start <= end <= len(seg.source), flag
            if flag.target_span is not None:
                start, end = flag.target_span
                assert 0 <= start <= end <= len(seg.target), flag
            if flag.fix is not None:
                assert flag.fix != seg.target, flag


def test_files_the_fuzzers_start_from_are_valid():
    """The mutation seeds themselves load cleanly, so the fuzzers start from real structure."""
    assert read_paragraphs("a.docx", data=docx_package()) == [
        "区教育工会召开会议。",
        "杜志平主持会议。",
    ]
    assert parse_po_text(sample_po(), "fuzz", "fuzz.po").segments
    entries, problems = read_csv("g.csv", data=repo_glossary_csv())
    assert len(entries) >= 20 and not [p for p in problems if p.severity == "error"]
    assert read_tbx(repo_glossary_tbx(), "g.tbx") == entries
    assert Path(REPO / "glossary" / "glossary.csv").is_file()
