"""Loading glossary files (CSV or TBX) into a validated `Glossary`."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from review_app.errors import InputError
from review_app.glossary.csvfile import read_csv
from review_app.glossary.entry import GlossaryEntry, GlossaryProblem, check_entries
from review_app.glossary.matching import Glossary
from review_app.glossary.tbx import read_tbx

GLOSSARY_DIR = "glossary"
_SHOWN_PROBLEMS = 5


def _as_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(paths, str | Path):
        return [Path(paths)]
    return [Path(p) for p in paths]


def read_file(path: str | Path) -> tuple[list[GlossaryEntry], list[GlossaryProblem]]:
    """Entries and problems of one glossary file, CSV or TBX by its suffix."""
    path = Path(path)
    if path.suffix.lower() == ".tbx":
        try:
            entries = read_tbx(path)
        except InputError as exc:
            return [], [GlossaryProblem(str(path), str(exc).removeprefix(f"{path}: "))]
        return entries, check_entries(entries)
    return read_csv(path)


def read_files(
    paths: str | Path | Iterable[str | Path],
) -> tuple[list[GlossaryEntry], list[GlossaryProblem]]:
    """Entries of all files and every problem, including duplicates across files."""
    files = _as_paths(paths)
    entries: list[GlossaryEntry] = []
    problems: list[GlossaryProblem] = []
    for path in files:
        file_entries, file_problems = read_file(path)
        entries.extend(file_entries)
        problems.extend(file_problems)
    if len(files) > 1:  # within one file, read_file has checked already
        known = {(p.origin, p.message) for p in problems}
        problems.extend(p for p in check_entries(entries) if (p.origin, p.message) not in known)
    return entries, problems


def validate(paths: str | Path | Iterable[str | Path]) -> list[GlossaryProblem]:
    return read_files(paths)[1]


def errors_message(problems: list[GlossaryProblem]) -> str:
    """One line naming the first few error-level problems."""
    errors = [p for p in problems if p.severity == "error"]
    shown = "; ".join(str(p) for p in errors[:_SHOWN_PROBLEMS])
    more = len(errors) - _SHOWN_PROBLEMS
    if more > 0:
        shown += f"; and {more} more (review-app glossary validate lists them all)"
    return f"glossary has {len(errors)} error(s): {shown}"


def load_glossary(paths: str | Path | Iterable[str | Path]) -> Glossary:
    """A Glossary from CSV/TBX files; InputError naming the problems if any is an error."""
    entries, problems = read_files(paths)
    if any(p.severity == "error" for p in problems):
        raise InputError(errors_message(problems))
    return Glossary(entries)


def workspace_glossary_files(workspace: str | Path) -> list[Path]:
    return sorted((Path(workspace) / GLOSSARY_DIR).glob("*.csv"))


def load_workspace_glossary(workspace: str | Path) -> Glossary:
    """All WORKSPACE/glossary/*.csv as one Glossary (empty if there are none).

    Cached on the files' names, sizes and modification times: a changed file is read again.
    """
    files = workspace_glossary_files(workspace)
    key = []
    for path in files:
        stat = path.stat()
        key.append((str(path.resolve()), stat.st_mtime_ns, stat.st_size))
    return _load_cached(tuple(key))


@functools.lru_cache(maxsize=8)
def _load_cached(key: tuple[tuple[str, int, int], ...]) -> Glossary:
    return load_glossary([path for path, _, _ in key])
