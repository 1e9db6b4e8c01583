"""What every exporter returns, and text clean-up that XML-based formats need."""

from __future__ import annotations

import re
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
