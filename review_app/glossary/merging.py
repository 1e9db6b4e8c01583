"""Merging entries into a workspace glossary CSV: what `glossary import` and the UI both write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from review_app.errors import ConflictError, InputError
from review_app.glossary.csvfile import read_csv, write_csv
from review_app.glossary.entry import GlossaryEntry, check_entries
from review_app.glossary.loading import (
    GLOSSARY_DIR,
    errors_message,
    read_files,
    workspace_glossary_files,
)

MAIN_GLOSSARY = f"{GLOSSARY_DIR}/glossary.csv"
_LOCK_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class MergeResult:
    path: Path
    added: int
    replaced: int
    unchanged: int
    total: int


def _merge_key(entry: GlossaryEntry) -> tuple[str, ...]:
    """Entries are merged by source; style rules (no source) by their forbidden phrases."""
    if entry.source:
        return ("source", entry.source)
    return ("style", *sorted(p.casefold() for p in entry.forbidden))


def merge_entries(
    workspace: str | Path,
    incoming: Sequence[GlossaryEntry],
    *,
    into: str = MAIN_GLOSSARY,
    replace: bool = False,
) -> MergeResult:
    """Merge `incoming` into the workspace CSV `into`, validated with every other glossary file.

    An entry that differs from an existing one with the same key is refused unless `replace`;
    on any error nothing is written. Writers are serialised by a lock next to the file.
    """
    path = Path(workspace) / into
    if (
        path.suffix.lower() != ".csv"
        or path.resolve().parent != (Path(workspace) / GLOSSARY_DIR).resolve()
    ):
        raise InputError(f"--into must name a .csv file in {GLOSSARY_DIR}/, not {into}")
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path.with_name(f".{path.name}.lock")))
    try:
        with lock.acquire(timeout=_LOCK_TIMEOUT_S):
            return _merge_locked(path, workspace, incoming, replace=replace)
    except Timeout as exc:
        raise ConflictError(
            f"{path} is locked by another writer; try again", segment_id="", mine="", theirs=""
        ) from exc


def _merge_locked(
    path: Path, workspace: str | Path, incoming: Sequence[GlossaryEntry], *, replace: bool
) -> MergeResult:
    existing: list[GlossaryEntry] = []
    if path.exists():
        existing, problems = read_csv(path)
        if any(p.severity == "error" for p in problems):
            raise InputError(errors_message(problems))
    position = {_merge_key(e): i for i, e in enumerate(existing)}
    merged = list(existing)
    added = replaced = unchanged = 0
    conflicts = []
    for entry in incoming:
        key = _merge_key(entry)
        if key not in position:
            position[key] = len(merged)
            merged.append(entry)
            added += 1
        elif merged[position[key]] == entry:
            unchanged += 1
        elif replace:
            merged[position[key]] = entry
            replaced += 1
        else:
            conflicts.append(f"{entry.origin} differs from {merged[position[key]].origin}")
    if conflicts:
        shown = "; ".join(conflicts[:5])
        if len(conflicts) > 5:
            shown += f"; and {len(conflicts) - 5} more"
        raise InputError(
            f"{len(conflicts)} imported entr{'y' if len(conflicts) == 1 else 'ies'} "
            f"clash with existing ones (use --replace to take the imported ones): {shown}"
        )
    others = [p for p in workspace_glossary_files(workspace) if p.resolve() != path.resolve()]
    other_entries = read_files(others)[0] if others else []
    problems = check_entries([*merged, *other_entries])
    if any(p.severity == "error" for p in problems):
        raise InputError(errors_message(problems))
    write_csv(merged, path)
    return MergeResult(path, added, replaced, unchanged, len(merged))
