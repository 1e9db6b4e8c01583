"""The English copy rebuilt as an article: Markdown, plain text, standalone HTML, DOCX.

Segments of one source paragraph become one paragraph (joined with single spaces), in source
order; segments whose English is empty (deleted extra content) are left out. Segments that are
not approved appear only in an export that allows them, marked `[not approved: s0003]`.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

from review_app.export.files import ExportFile, xml_safe
from review_app.model import Article, Status


@dataclass(frozen=True)
class Passage:
    """The English of one segment inside a paragraph."""

    segment_id: str
    text: str
    approved: bool

    @property
    def marker(self) -> str:
        return f"[not approved: {self.segment_id}]"


def article_paragraphs(article: Article) -> list[list[Passage]]:
    """Paragraphs in source order, each a list of the passages that have English text."""
    by_paragraph: dict[int, list[Passage]] = {}
    for seg in article.segments:
        text = " ".join(seg.target.split())
        if text:
            passage = Passage(seg.id, text, seg.status is Status.APPROVED)
            by_paragraph.setdefault(seg.paragraph, []).append(passage)
    return [by_paragraph[number] for number in sorted(by_paragraph)]


def article_title(article: Article) -> str:
    return " ".join(article.title.split()) or article.id


_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_BLOCK_START_RE = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def _md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax so file text renders as the text itself, never as HTML."""
    text = _MD_SPECIAL_RE.sub(r"\\\1", text)
    return _MD_BLOCK_START_RE.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def to_markdown(article: Article) -> ExportFile:
    def passage(p: Passage) -> str:
        return _md_escape(p.text) if p.approved else f"**{p.marker}** {_md_escape(p.text)}"

    blocks = [f"# {_md_escape(article_title(article))}"]
    blocks += [" ".join(passage(p) for p in paragraph) for paragraph in article_paragraphs(article)]
    text = "\n\n".join(blocks) + "\n"
    return ExportFile(f"{article.id}.md", text.encode("utf-8"), "text/markdown; charset=utf-8")


def to_text(article: Article) -> ExportFile:
    def passage(p: Passage) -> str:
        return p.text if p.approved else f"{p.marker} {p.text}"

    blocks = [article_title(article)]
    blocks += [" ".join(passage(p) for p in paragraph) for paragraph in article_paragraphs(article)]
    text = "\n\n".join(blocks) + "\n"
    return ExportFile(f"{article.id}.txt", text.encode("utf-8"), "text/plain; charset=utf-8")


_HTML_STYLE = """\
body { margin: 0; background: #fafaf7; color: #1d1d1b; }
article { max-width: 42rem; margin: 3rem auto; padding: 0 1.25rem;
  font: 1.125rem/1.65 Georgia, "Times New Roman", serif; }
h1 { font: 700 1.9rem/1.25 system-ui, -apple-system, "Segoe UI", sans-serif;
  margin: 0 0 1.5rem; }
p { margin: 0 0 1.1rem; }
mark.not-approved { background: #ffe58a; padding: 0 .15em; }
mark.not-approved .marker { font: 700 .8em system-ui, sans-serif; color: #7a4b00; }
"""


def to_html(article: Article) -> ExportFile:
    def passage(p: Passage) -> str:
        if p.approved:
            return html.escape(p.text)
        return (
            f'<mark class="not-approved" data-segment="{html.escape(p.segment_id)}">'
            f'<span class="marker">{html.escape(p.marker)}</span> {html.escape(p.text)}</mark>'
        )

    title = html.escape(article_title(article))
    body = "\n".join(
        "<p>" + " ".join(passage(p) for p in paragraph) + "</p>"
        for paragraph in article_paragraphs(article)
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{_HTML_STYLE}</style>\n</head>\n<body>\n"
        f"<article>\n<h1>{title}</h1>\n{body}\n</article>\n</body>\n</html>\n"
    )
    return ExportFile(f"{article.id}.html", page.encode("utf-8"), "text/html; charset=utf-8")


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def to_docx(article: Article) -> ExportFile:
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    document = docx.Document()
    title = xml_safe(article_title(article))
    document.core_properties.title = title
    document.add_heading(title, level=0)
    for paragraph in article_paragraphs(article):
        block = document.add_paragraph()
        for k, passage in enumerate(paragraph):
            if k:
                block.add_run(" ")
            if passage.approved:
                block.add_run(xml_safe(passage.text))
                continue
            marker = block.add_run(passage.marker + " ")
            marker.bold = True
            text = block.add_run(xml_safe(passage.text))
            for run in (marker, text):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    buffer = io.BytesIO()
    document.save(buffer)
    return ExportFile(f"{article.id}.docx", buffer.getvalue(), DOCX_MIME)
