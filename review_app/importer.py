"""Files → Article: read both texts, split into sentences, align, build segments."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from review_app.aligning import PARAGRAPH_SHAPES, Anchors, Bead, align
from review_app.errors import InputError
from review_app.glossary import Glossary
from review_app.model import Article, Segment, validate_article_id
from review_app.segmenting import split_en, split_zh
from review_app.store import now_iso

_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def build_article(
    article_id: str,
    source_paragraphs: Sequence[str],
    draft_paragraphs: Sequence[str],
    *,
    title: str = "",
    url: str = "",
    date: str = "",
    glossary: Glossary | None = None,
) -> Article:
    validate_article_id(article_id)
    _check_languages(source_paragraphs, draft_paragraphs)
    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise InputError(f"date must be YYYY-MM-DD, not {date!r}")
    anchors = glossary_anchors(glossary, source_paragraphs) if glossary else None
    segments = align_paragraphs(source_paragraphs, draft_paragraphs, anchors)
    if not title:
        first = next((s for s in segments if not s.is_extra), segments[0])
        title = first.draft or first.source
    return Article(
        id=article_id, title=title, url=url, date=date, imported_at=now_iso(), segments=segments
    )


def import_files(
    article_id: str,
    source_path: str | Path,
    draft_path: str | Path,
    *,
    source_data: bytes | None = None,
    draft_data: bytes | None = None,
    **meta: str,
) -> Article:
    from review_app.textio import read_paragraphs

    source = read_paragraphs(source_path, data=source_data)
    draft = read_paragraphs(draft_path, data=draft_data)
    return build_article(article_id, source, draft, **meta)


def glossary_anchors(glossary: Glossary, source_paragraphs: Sequence[str]) -> Anchors:
    """Glossary terms of this article as alignment anchors. Forbidden renderings count too:
    an MT draft that says "labor union" for 工会 still translated that sentence."""
    entries = {m.entry for p in source_paragraphs for m in glossary.match_source(p)}
    return Anchors(
        {
            e.source: ((e.source,), tuple(r.lower() for r in (*e.accepted, *e.forbidden)))
            for e in entries
        }
    )


def _check_languages(source: Sequence[str], draft: Sequence[str]) -> None:
    src_text, dft_text = "".join(source), "".join(draft)
    src_han, dft_han = len(_HAN_RE.findall(src_text)), len(_HAN_RE.findall(dft_text))
    dft_latin = len(_LATIN_RE.findall(dft_text))
    if src_han == 0:
        raise InputError("the source has no Chinese text: is it the right file?")
    if dft_latin < dft_han:
        raise InputError(
            "the draft is mostly Chinese: did you swap SOURCE and DRAFT, or pick the wrong file?"
        )
    ratio = dft_latin / src_han
    if ratio < 0.3 or ratio > 30:
        raise InputError(
            f"source and draft do not look like the same article ({src_han} Chinese characters "
            f"vs {dft_latin} English letters)"
        )


def align_paragraphs(
    source: Sequence[str], draft: Sequence[str], anchors: Anchors | None = None
) -> list[Segment]:
    """Paragraph beads first, then sentence beads inside each paragraph bead."""
    segments: list[Segment] = []
    paragraph_no = 0
    for pbead in align(source, draft, anchors, shapes=PARAGRAPH_SHAPES):
        src_sents: list[tuple[int, str]] = []
        for k, i in enumerate(pbead.source):
            src_sents += [(paragraph_no + k, s) for s in split_zh(source[i])]
        dft_sents: list[tuple[int, str]] = []
        for k, j in enumerate(pbead.draft):
            dft_sents += [(k, s) for s in split_en(draft[j])]
        if not pbead.source:  # draft-only paragraphs: extra content, one paragraph each
            dft_par = [paragraph_no + k for k, _ in dft_sents]
            for (_, text), par in zip(dft_sents, dft_par, strict=True):
                segments.append(
                    _segment(len(segments), "", text, par, Bead((), (0,), pbead.confidence))
                )
            paragraph_no += len(pbead.draft)
            continue
        sbeads = align([s for _, s in src_sents], [s for _, s in dft_sents], anchors)
        last_par = paragraph_no
        for sbead in sbeads:
            par = src_sents[sbead.source[0]][0] if sbead.source else last_par
            last_par = par
            src = "".join(src_sents[i][1] for i in sbead.source)
            dft = " ".join(dft_sents[j][1] for j in sbead.draft)
            segments.append(_segment(len(segments), src, dft, par, sbead))
        paragraph_no += len(pbead.source)
    return segments


def _segment(index: int, source: str, draft: str, paragraph: int, bead: Bead) -> Segment:
    return Segment(
        id=f"s{index + 1:04d}",
        source=source,
        target=draft,
        draft=draft,
        paragraph=paragraph,
        bead=bead.shape,
        confidence=bead.confidence,
    )
