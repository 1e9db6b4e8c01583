"""TMX 1.4 translation memory of an article's approved segments (zh-CN → en).

Built with xml.etree, so every text is escaped and the file is well-formed XML; the header
carries the seven attributes Translate Toolkit writes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from review_app import __version__
from review_app.errors import InputError
from review_app.export.files import ExportFile, xml_safe
from review_app.model import Article, Status

SOURCE_LANG = "zh-CN"
TARGET_LANG = "en"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tmx_date(moment: datetime) -> str:
    """TMX dates are UTC in the form YYYYMMDDThhmmssZ."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def to_tmx(article: Article, *, created: datetime | None = None) -> ExportFile:
    """Approved segments with text on both sides; tuid `article:segment`, dated by review."""
    root = ET.Element("tmx", version="1.4")
    header = {
        "creationtool": "review-app",
        "creationtoolversion": __version__,
        "segtype": "sentence",
        "o-tmf": "PO",
        "adminlang": "en",
        "srclang": SOURCE_LANG,
        "datatype": "plaintext",
        "creationdate": tmx_date(created or datetime.now(UTC)),
    }
    ET.SubElement(root, "header", header)
    body = ET.SubElement(root, "body")
    for seg in article.segments:
        if seg.status is not Status.APPROVED or not seg.source.strip() or not seg.target.strip():
            continue
        unit = ET.SubElement(body, "tu", tuid=f"{article.id}:{seg.id}")
        if seg.reviewed_at:
            try:
                reviewed = tmx_date(datetime.fromisoformat(seg.reviewed_at))
            except ValueError as exc:
                raise InputError(
                    f"{article.id} {seg.id}: reviewed-at {seg.reviewed_at!r} is not an ISO date"
                ) from exc
            unit.set("creationdate", reviewed)
            unit.set("changedate", reviewed)
        if seg.reviewer:
            unit.set("creationid", xml_safe(seg.reviewer))
            unit.set("changeid", xml_safe(seg.reviewer))
        if seg.comment.strip():
            ET.SubElement(unit, "note").text = xml_safe(seg.comment.strip())
        ET.SubElement(unit, "prop", type="x-article").text = article.id
        for lang, text in ((SOURCE_LANG, seg.source), (TARGET_LANG, seg.target)):
            variant = ET.SubElement(unit, "tuv", {_XML_LANG: lang})
            ET.SubElement(variant, "seg").text = xml_safe(text.strip())
    ET.indent(root)
    data = ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
    return ExportFile(f"{article.id}.tmx", data, "application/x-tmx+xml")
