"""Export articles: the English copy (md, txt, html, docx), bilingual tables (xlsx, csv), TMX.

One function per format returns an ExportFile (bytes + file name); the CLI writes it with
`write_exports`, the UI offers it as a download, so both produce the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from review_app.errors import InputError, ReviewAppError
from review_app.export.document import to_docx, to_html, to_markdown, to_text
from review_app.export.files import ExportFile, zip_bundle
from review_app.export.table import to_csv, to_xlsx
from review_app.export.tmx import to_tmx
from review_app.model import Article, Status
from review_app.store import ArticleStore, atomic_write_bytes

FORMATS = {
    "md": "Markdown article",
    "txt": "plain-text article",
    "html": "standalone HTML page",
    "docx": "Word document",
    "xlsx": "bilingual table (Excel)",
    "csv": "bilingual table (CSV)",
    "tmx": "translation memory (TMX 1.4, approved segments)",
}
COPY_FORMATS = ("md", "txt", "html", "docx")
TABLE_FORMATS = ("xlsx", "csv")
_COPY_WRITERS = {"md": to_markdown, "txt": to_text, "html": to_html, "docx": to_docx}
_TABLE_WRITERS = {"xlsx": to_xlsx, "csv": to_csv}


class UnapprovedError(ReviewAppError):
    """The English copy was requested while segments still wait for approval."""

    exit_code = 1

    def __init__(self, unapproved: Mapping[str, Sequence[str]]) -> None:
        self.unapproved = {article_id: list(ids) for article_id, ids in unapproved.items()}
        listing = "; ".join(f"{aid}: {', '.join(ids)}" for aid, ids in self.unapproved.items())
        super().__init__(f"segments not approved yet, nothing exported: {listing}")


def unapproved_segments(article: Article) -> list[str]:
    """Ids of segments that block the English copy: not approved and still holding text.

    Extra content (no source) whose English was deleted blocks nothing: it is not exported.
    """
    return [
        seg.id
        for seg in article.segments
        if seg.status is not Status.APPROVED and not (seg.is_extra and not seg.target.strip())
    ]


def export_article(
    article: Article,
    fmt: str,
    *,
    allow_unapproved: bool = False,
    open_flags: Mapping[str, Sequence[str]] | None = None,
) -> ExportFile:
    """One article in one format; `open_flags` (segment id → flag texts) fills table rows."""
    if fmt in _COPY_WRITERS:
        if not allow_unapproved and (pending := unapproved_segments(article)):
            raise UnapprovedError({article.id: pending})
        return _COPY_WRITERS[fmt](article)
    if fmt in _TABLE_WRITERS:
        return _TABLE_WRITERS[fmt](article, open_flags or {})
    if fmt == "tmx":
        return to_tmx(article)
    raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def export_articles(
    store: ArticleStore, article_ids: Iterable[str], fmt: str, *, allow_unapproved: bool = False
) -> list[ExportFile]:
    """One file per article; refuses before exporting anything if any article is unapproved."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    articles = [store.load(article_id) for article_id in dict.fromkeys(article_ids)]
    if not articles:
        raise InputError("no articles to export")
    if fmt in COPY_FORMATS and not allow_unapproved:
        pending = {a.id: ids for a in articles if (ids := unapproved_segments(a))}
        if pending:
            raise UnapprovedError(pending)
    flags: dict[str, dict[str, list[str]]] = {}
    if fmt in TABLE_FORMATS:
        flags = open_flag_texts(articles, store.workspace)
    return [
        export_article(
            article, fmt, allow_unapproved=allow_unapproved, open_flags=flags.get(article.id)
        )
        for article in articles
    ]


def open_flag_texts(
    articles: Sequence[Article], workspace: str | Path
) -> dict[str, dict[str, list[str]]]:
    """Article id → segment id → 'check: message' of every open (not dismissed) QA flag."""
    from review_app.metrics import workspace_flags

    return {
        article_id: {
            segment_id: [f"{flag.check}: {flag.message}" for flag in flags]
            for segment_id, flags in by_segment.items()
        }
        for article_id, by_segment in workspace_flags(articles, workspace).items()
    }


def write_exports(files: Iterable[ExportFile], out_dir: str | Path) -> list[Path]:
    """Write each file atomically into `out_dir` (created if missing); returns the paths."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder")
    paths = []
    for file in files:
        path = out / file.name
        atomic_write_bytes(path, file.data)
        paths.append(path)
    return paths


__all__ = [
    "COPY_FORMATS",
    "FORMATS",
    "TABLE_FORMATS",
    "ExportFile",
    "UnapprovedError",
    "export_article",
    "export_articles",
    "open_flag_texts",
    "unapproved_segments",
    "write_exports",
    "zip_bundle",
]
