"""The house CSV format: one entry per row, `|`-separated lists, validated with line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from review_app.errors import InputError
from review_app.glossary.entry import GlossaryEntry, GlossaryProblem, check_entries
from review_app.store import atomic_write_text

COLUMNS = ("source", "target", "variants", "forbidden", "case_sensitive", "kind", "domain", "note")
REQUIRED = ("source", "target")
LIST_SEPARATOR = "|"
_BOOLEANS = {"yes": True, "no": False, "": False}


def _squeeze(value: str) -> str:
    return " ".join(value.split())


def split_list(value: str) -> tuple[str, ...]:
    return tuple(_squeeze(part) for part in value.split(LIST_SEPARATOR) if part.strip())


def read_csv(
    path: str | Path, data: bytes | None = None
) -> tuple[list[GlossaryEntry], list[GlossaryProblem]]:
    """Entries of one glossary CSV and every problem found, each located as `file:line`.

    Rows with an unreadable field are left out of the entries (their problem says why); rows
    that parse but break a rule (duplicate source, empty target …) are kept and reported.
    """
    name = str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return [], [GlossaryProblem(name, f"cannot read: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [GlossaryProblem(f"{name}:{line}", "not UTF-8 text (save the file as UTF-8)")]
    if not text.strip():
        return [], [GlossaryProblem(name, f"empty file (expected a header: {','.join(COLUMNS)})")]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries: list[GlossaryEntry] = []
    problems: list[GlossaryProblem] = []
    header: list[str] | None = None
    row_start = 1
    try:
        for row in reader:
            origin = f"{name}:{row_start}"
            row_start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                problems.extend(_header_problems(header, origin))
                if any(p.severity == "error" for p in problems):
                    return [], problems
                continue
            if len(row) != len(header):
                problems.append(
                    GlossaryProblem(origin, f"expected {len(header)} fields, found {len(row)}")
                )
                continue
            entry, row_problems = _row_to_entry(dict(zip(header, row, strict=True)), origin)
            problems.extend(row_problems)
            if entry is not None:
                entries.append(entry)
    except csv.Error as exc:
        problems.append(GlossaryProblem(f"{name}:{row_start}", f"malformed CSV: {exc}"))
    if header is None:
        problems.append(GlossaryProblem(name, "no header row"))
    problems.extend(check_entries(entries))
    problems.sort(key=lambda p: _line_of(p.origin))
    return entries, problems


def _line_of(origin: str) -> int:
    tail = origin.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def _header_problems(header: list[str], origin: str) -> list[GlossaryProblem]:
    problems = []
    for column in REQUIRED:
        if column not in header:
            problems.append(GlossaryProblem(origin, f"missing column {column!r}"))
    for column in header:
        if column not in COLUMNS:
            problems.append(
                GlossaryProblem(
                    origin, f"unknown column {column!r} (expected {', '.join(COLUMNS)})"
                )
            )
        elif header.count(column) > 1:
            problems.append(GlossaryProblem(origin, f"column {column!r} appears twice"))
    return problems


def _row_to_entry(
    row: dict[str, str], origin: str
) -> tuple[GlossaryEntry | None, list[GlossaryProblem]]:
    cell = {column: row.get(column, "").strip() for column in COLUMNS}
    case_flag = cell["case_sensitive"].lower()
    if case_flag not in _BOOLEANS:
        message = f"case_sensitive must be yes or no, not {cell['case_sensitive']!r}"
        return None, [GlossaryProblem(origin, message)]
    entry = GlossaryEntry(
        source=_squeeze(cell["source"]),
        target=_squeeze(cell["target"]),
        variants=split_list(cell["variants"]),
        forbidden=split_list(cell["forbidden"]),
        case_sensitive=_BOOLEANS[case_flag],
        kind=cell["kind"].lower() or "term",
        domain=cell["domain"].lower() or "general",
        note="\n".join(cell["note"].splitlines()),
        origin=origin,
    )
    return entry, []


def entries_to_csv(entries: Iterable[GlossaryEntry]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        for rendering in (*entry.accepted, *entry.forbidden):
            if LIST_SEPARATOR in rendering:
                raise InputError(
                    f"{entry.origin or entry.source}: rendering {rendering!r} contains "
                    f"'{LIST_SEPARATOR}', which the CSV format uses as list separator"
                )
        writer.writerow(
            [
                entry.source,
                entry.target,
                LIST_SEPARATOR.join(entry.variants),
                LIST_SEPARATOR.join(entry.forbidden),
                "yes" if entry.case_sensitive else "no",
                entry.kind,
                entry.domain,
                entry.note,
            ]
        )
    return out.getvalue()


def write_csv(entries: Iterable[GlossaryEntry], path: str | Path) -> None:
    """Write the house CSV atomically; read_csv gives the same entries back."""
    atomic_write_text(Path(path), entries_to_csv(entries))
