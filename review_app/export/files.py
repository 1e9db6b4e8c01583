"""What every exporter returns, and text clean-up that XML-based formats need."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

# Characters XML 1.0 forbids; DOCX, XLSX and TMX are XML, so they must go before writing.
_XML_INVALID_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class ExportFile:
    """One exported file: the CLI writes it to disk, the UI offers it as a download."""

    name: str
    data: bytes
    mime: str


def xml_safe(text: str) -> str:
    return _XML_INVALID_RE.sub("", text)


def zip_bundle(files: Sequence[ExportFile], name: str) -> ExportFile:
    """Several exported files as one ZIP download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.writestr(file.name, file.data)
    return ExportFile(name, buffer.getvalue(), "application/zip")
