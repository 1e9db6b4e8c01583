"""glossary validate|import|export|search: keeping the terminology files sound and shareable."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from review_app.actions import save_glossary_entries
from review_app.commands.output import emit
from review_app.commands.users import acting_user, add_identity_arguments
from review_app.errors import InputError
from review_app.glossary import (
    DOMAINS,
    KINDS,
    load_workspace_glossary,
    read_file,
    read_files,
    workspace_glossary_files,
    write_csv,
    write_tbx,
)
from review_app.glossary.loading import GLOSSARY_DIR, errors_message
from review_app.glossary.merging import MAIN_GLOSSARY
from review_app.suggest import workspace_suggestions
from review_app.textio import check_file_size

_FORMATS = {".csv": "csv", ".tbx": "tbx"}


def register(sub: argparse._SubParsersAction) -> None:
    glossary = sub.add_parser("glossary", help="validate, import, export and search the glossary")
    commands = glossary.add_subparsers(dest="glossary_command", required=True)

    p = commands.add_parser("validate", help="report problems as file:line: message")
    p.add_argument("files", nargs="*", metavar="FILE", help="CSV or TBX (default: workspace)")
    p.set_defaults(func=cmd_validate)

    p = commands.add_parser("import", help="merge a TBX or CSV glossary into a workspace CSV")
    p.add_argument("file", metavar="FILE", help="FILE.tbx or FILE.csv")
    p.add_argument(
        "--into",
        default=MAIN_GLOSSARY,
        help="workspace CSV to merge into (default glossary/glossary.csv)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="imported entries replace existing ones with the same source",
    )
    add_identity_arguments(p, reviewer=False)
    p.set_defaults(func=cmd_import)

    p = commands.add_parser("export", help="write the workspace glossary as TBX or CSV")
    p.add_argument("--format", choices=sorted(set(_FORMATS.values())), help="default: by --out")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = commands.add_parser("search", help="entries whose source or renderings contain TEXT")
    p.add_argument("text", metavar="TEXT", help="Chinese or English; a sentence lists its terms")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_search)

    p = commands.add_parser("suggest", help="candidate terms mined from approved segments")
    p.add_argument("--min-count", type=int, default=2, help="approved segments (default 2)")
    p.add_argument("--limit", type=int, default=50, help="most candidates shown (default 50)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_suggest)


def _workspace_files(workspace: str) -> list[Path]:
    files = workspace_glossary_files(workspace)
    if not files:
        raise InputError(f"no glossary files in {Path(workspace) / GLOSSARY_DIR}")
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    files = [Path(f) for f in args.files] or _workspace_files(args.workspace)
    entries, problems = read_files(files)
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        print(f"{errors} error(s), {len(problems) - errors} warning(s) in {len(files)} file(s)")
        return 1
    kinds = Counter(e.kind for e in entries)
    domains = Counter(e.domain for e in entries)
    print(f"{len(entries)} entries in {len(files)} file(s), {len(problems)} warning(s)")
    print("kind:   " + ", ".join(f"{k} {kinds[k]}" for k in KINDS))
    print("domain: " + ", ".join(f"{d} {domains[d]}" for d in DOMAINS))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    check_file_size(args.file)
    incoming, problems = read_file(args.file)
    if any(p.severity == "error" for p in problems):
        raise InputError(errors_message(problems))
    user = acting_user(args)
    result = save_glossary_entries(
        user, args.workspace, incoming, into=args.into, replace=args.replace
    )
    print(
        f"imported {args.file} into {result.path}: {result.added} added, "
        f"{result.replaced} replaced, {result.unchanged} unchanged, {result.total} entries in all"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    fmt = args.format or _FORMATS.get(Path(args.out).suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the format of {args.out}; give --format tbx or csv")
    _workspace_files(args.workspace)
    entries = load_workspace_glossary(args.workspace).entries
    (write_tbx if fmt == "tbx" else write_csv)(entries, args.out)
    print(f"exported {len(entries)} entries as {fmt.upper()} to {args.out}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    glossary = load_workspace_glossary(args.workspace)
    needle = args.text.casefold()
    found = {m.entry: None for m in glossary.match_source(args.text)}
    found |= {m.entry: None for m in glossary.find_forbidden(args.text)}
    for entry in glossary.entries:
        texts = (entry.source, *entry.accepted, *entry.forbidden)
        if any(needle in t.casefold() for t in texts if t):
            found[entry] = None
    rows = [
        {
            "source": e.source,
            "target": e.target,
            "variants": " | ".join(e.variants),
            "forbidden": " | ".join(e.forbidden),
            "kind": e.kind,
            "domain": e.domain,
            "origin": e.origin,
        }
        for e in found
    ]
    if not rows:
        print(f"no glossary entry matches {args.text!r}")
        return 1
    emit(rows, args.format)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    if args.min_count < 1 or args.limit < 1:
        raise InputError("--min-count and --limit must be at least 1")
    found = workspace_suggestions(args.workspace, min_count=args.min_count, limit=args.limit)
    if not found and args.format == "table":
        print(f"no candidate seen in {args.min_count}+ approved segments with one rendering")
        return 0
    rows = [
        {
            "source": s.source,
            "target": s.target,
            "kind": s.kind,
            "segments": s.segments,
            "agreeing": s.agreeing,
            "consistency": s.consistency,
            "association": s.association,
            "examples": "; ".join(s.examples),
        }
        for s in found
    ]
    emit(rows, args.format)
    return 0
