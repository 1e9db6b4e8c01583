"""Glossary of union, Party, government and education terms: files, validation, matching.

The checks and the UI import from here; the submodules are an implementation detail.
"""

from review_app.glossary.csvfile import COLUMNS, read_csv, write_csv
from review_app.glossary.entry import (
    DOMAINS,
    KINDS,
    GlossaryEntry,
    GlossaryProblem,
    check_entries,
)
from review_app.glossary.loading import (
    load_glossary,
    load_workspace_glossary,
    read_file,
    read_files,
    validate,
    workspace_glossary_files,
)
from review_app.glossary.matching import (
    Glossary,
    SourceMatch,
    TargetMatch,
    TargetScan,
    automaton_of,
)
from review_app.glossary.tbx import read_tbx, write_tbx

__all__ = [
    "automaton_of",
    "COLUMNS",
    "DOMAINS",
    "KINDS",
    "Glossary",
    "GlossaryEntry",
    "GlossaryProblem",
    "SourceMatch",
    "TargetMatch",
    "TargetScan",
    "check_entries",
    "load_glossary",
    "load_workspace_glossary",
    "read_csv",
    "read_file",
    "read_files",
    "read_tbx",
    "validate",
    "workspace_glossary_files",
    "write_csv",
    "write_tbx",
]
