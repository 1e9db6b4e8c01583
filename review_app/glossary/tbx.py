"""TBX exchange: read TBX-Basic (TBX v3 `<tbx>`) and TBX 2 (`<martif>`), write TBX-Basic v3.

Mapping: the Chinese term is `source`; English terms by administrativeStatus —
preferredTerm → target, admittedTerm → variants, deprecatedTerm/supersededTerm → forbidden
(a term with no status becomes the target if there is none yet, else a variant).
subjectField → domain; kind and case sensitivity travel in one `<note>` starting
"review-app:", so export → import gives the same entries back.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from review_app.errors import InputError
from review_app.glossary.entry import GlossaryEntry
from review_app.store import atomic_write_text

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_META_PREFIX = "review-app:"
_META_FIELD = re.compile(r"(kind|case-sensitive)=([\w-]+)")
_PREFERRED = {"preferredterm"}
_ADMITTED = {"admittedterm"}
_FORBIDDEN = {"deprecatedterm", "supersededterm", "notrecommended", "obsolete", "forbidden"}
_PART_OF_SPEECH = {"name": "properNoun", "style": "other"}
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) in names]


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _lang(element: ET.Element) -> str:
    return (element.get(_XML_LANG) or element.get("lang") or "").lower()


def _parse(data: bytes, name: str) -> ET.Element:
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            f"{name}: refused: the file declares XML entities or external references "
            f"({type(exc).__name__}); a glossary needs neither"
        ) from exc
    except (ET.ParseError, LookupError, ValueError) as exc:  # also unknown or unsupported encodings
        raise InputError(f"{name}: not well-formed XML: {exc}") from exc


def read_tbx(path_or_bytes: str | Path | bytes, name: str = "") -> list[GlossaryEntry]:
    """Entries of a TBX file; `origin` is "file#concept-id" (or the entry's position)."""
    if isinstance(path_or_bytes, bytes):
        data, name = path_or_bytes, name or "TBX data"
    else:
        name = name or str(path_or_bytes)
        try:
            data = Path(path_or_bytes).read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    root = _parse(data, name)
    if _local(root.tag) not in ("tbx", "martif"):
        raise InputError(f"{name}: not a TBX file (root element <{_local(root.tag)}>)")
    concepts = [e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")]
    entries: list[GlossaryEntry] = []
    for number, concept in enumerate(concepts, 1):
        origin = f"{name}#{concept.get('id') or number}"
        entries.extend(_concept_entries(concept, origin))
    return entries


def _concept_entries(concept: ET.Element, origin: str) -> list[GlossaryEntry]:
    domain, notes, meta = "general", [], {}
    for element in concept.iter():
        tag, kind = _local(element.tag), element.get("type", "")
        if tag == "descrip" and kind == "subjectField":
            domain = _text(element).lower() or domain
        elif tag == "note":
            text = (element.text or "").strip()
            if text.startswith(_META_PREFIX):
                meta.update(_META_FIELD.findall(text))
            elif text:
                notes.append(text)
    sources: list[str] = []
    target, variants, forbidden = "", [], []
    for lang_section in _children(concept, "langSec", "langSet"):
        lang = _lang(lang_section)
        for term, status in _terms(lang_section):
            if lang.startswith("zh"):
                sources.append(term)
            elif lang.startswith("en"):
                if status in _FORBIDDEN:
                    forbidden.append(term)
                elif status in _PREFERRED and not target:
                    target = term
                elif status in _PREFERRED or status in _ADMITTED or target:
                    variants.append(term)
                else:
                    target = term
    if not target and variants:
        target = variants.pop(0)
    common = {
        "target": target,
        "variants": tuple(variants),
        "forbidden": tuple(forbidden),
        "case_sensitive": meta.get("case-sensitive") == "yes",
        "kind": meta.get("kind", "term"),
        "domain": domain,
        "note": "\n".join(notes),
    }
    if not sources:
        sources = [""]
    suffix = len(sources) > 1
    return [
        GlossaryEntry(source=s, origin=f"{origin}/{i}" if suffix else origin, **common)
        for i, s in enumerate(sources, 1)
    ]


def _terms(lang_section: ET.Element) -> list[tuple[str, str]]:
    """(term, administrative status without the -admn-sts suffix, lower-cased) per term."""
    found = []
    for holder in lang_section.iter():
        if _local(holder.tag) not in ("termSec", "tig", "ntig"):
            continue
        term, status = "", ""
        for element in holder.iter():
            tag = _local(element.tag)
            if tag == "term" and not term:
                term = _text(element)
            elif tag == "termNote" and element.get("type") == "administrativeStatus":
                status = _text(element).lower().removesuffix("-admn-sts")
        if term:
            found.append((term, status))
    return found


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{TBX_NAMESPACE}}}{tag}", attrs)
    element.text = text
    return element


def _term_section(lang_section: ET.Element, term: str, part_of_speech: str, status: str) -> None:
    section = _sub(lang_section, "termSec")
    _sub(section, "term", term)
    _sub(section, "termNote", part_of_speech, type="partOfSpeech")
    if status:
        _sub(section, "termNote", f"{status}-admn-sts", type="administrativeStatus")


def _xml_safe(entry: GlossaryEntry) -> None:
    for value in (entry.source, entry.note, *entry.accepted, *entry.forbidden):
        if _NOT_XML.search(value):
            raise InputError(
                f"{entry.origin or entry.source}: {value!r} holds control characters "
                "that XML cannot carry"
            )


def entries_to_tbx(entries: Iterable[GlossaryEntry], description: str = "glossary") -> str:
    ET.register_namespace("", TBX_NAMESPACE)
    root = ET.Element(
        f"{{{TBX_NAMESPACE}}}tbx", {"type": "TBX-Basic", "style": "dca", _XML_LANG: "en"}
    )
    source_desc = _sub(_sub(_sub(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    _sub(source_desc, "p", description)
    body = _sub(_sub(root, "text"), "body")
    for number, entry in enumerate(entries, 1):
        _xml_safe(entry)
        concept = _sub(body, "conceptEntry", id=f"c{number}")
        _sub(concept, "descrip", entry.domain, type="subjectField")
        case = "yes" if entry.case_sensitive else "no"
        _sub(concept, "note", f"{_META_PREFIX} kind={entry.kind}; case-sensitive={case}")
        if entry.note:
            _sub(concept, "note", entry.note)
        part_of_speech = _PART_OF_SPEECH.get(entry.kind, "noun")
        if entry.source:
            zh = _sub(concept, "langSec", **{_XML_LANG: "zh-CN"})
            _term_section(zh, entry.source, part_of_speech, "")
        en = _sub(concept, "langSec", **{_XML_LANG: "en"})
        _term_section(en, entry.target, part_of_speech, "preferredTerm")
        for variant in entry.variants:
            _term_section(en, variant, part_of_speech, "admittedTerm")
        for wrong in entry.forbidden:
            _term_section(en, wrong, part_of_speech, "deprecatedTerm")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def write_tbx(entries: Iterable[GlossaryEntry], path: str | Path) -> None:
    """Write TBX-Basic v3 atomically; read_tbx gives the same entries back."""
    atomic_write_text(Path(path), entries_to_tbx(entries))
