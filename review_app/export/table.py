"""The bilingual review table: one row per segment, as XLSX (Excel, pandas) or CSV."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from review_app.export.files import ExportFile, xml_safe
from review_app.model import Article

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "id",
    "source",
    "machine draft",
    "final",
    "status",
    "reviewer",
    "reviewed at",
    "comment",
    "open flags",
]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_WIDTHS = {"source": 50, "machine draft": 60, "final": 60, "comment": 30, "open flags": 50}


def bilingual_frame(article: Article, open_flags: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """`open_flags` maps a segment id to the descriptions of its open QA flags."""
    import pandas as pd

    rows = [
        [
            seg.id,
            seg.source,
            seg.draft,
            seg.target,
            seg.status.label,
            seg.reviewer,
            seg.reviewed_at,
            seg.comment,
            "\n".join(open_flags.get(seg.id, ())),
        ]
        for seg in article.segments
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv(article: Article, open_flags: Mapping[str, Sequence[str]]) -> ExportFile:
    """UTF-8 with a byte-order mark, so Excel shows the Chinese column correctly."""
    text = bilingual_frame(article, open_flags).to_csv(index=False, lineterminator="\r\n")
    return ExportFile(f"{article.id}.csv", text.encode("utf-8-sig"), "text/csv; charset=utf-8")


def to_xlsx(article: Article, open_flags: Mapping[str, Sequence[str]]) -> ExportFile:
    import pandas as pd
    from openpyxl.styles import Alignment, Font

    frame = bilingual_frame(article, open_flags)
    for column in COLUMNS:
        frame[column] = frame[column].map(xml_safe)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=article.id[:31], index=False)
        sheet = writer.sheets[article.id[:31]]
        sheet.freeze_panes = "B2"
        for k, column in enumerate(COLUMNS):
            letter = sheet.cell(row=1, column=k + 1).column_letter
            sheet.column_dimensions[letter].width = _XLSX_WIDTHS.get(column, 14)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return ExportFile(f"{article.id}.xlsx", buffer.getvalue(), XLSX_MIME)
