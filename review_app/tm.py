"""Translation memory: every approved segment of the workspace, plus units imported from TMX.

Units come from the article PO files through `ArticleStore`. Each article's approved units are
cached in `WORKSPACE/.cache/tm/ID.json`, keyed by the PO file's mtime, size and inode, so a
rebuild re-reads only the files that changed. TMX files from other tools are imported into
`WORKSPACE/tm/NAME.jsonl` (one unit per line).

Lookup finds exact and fuzzy matches of a Chinese sentence. A character-bigram inverted index
and the length bounds implied by the minimum score pick a few hundred candidates; rapidfuzz
scores only those, so a lookup does not scan the whole memory.

A long-running process (the web app) keeps a `WorkspaceMemory`: each refresh re-reads only
changed files and swaps their units in without re-indexing, until enough have changed.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from review_app.diff import DiffPiece
from review_app.errors import InputError
from review_app.model import Status
from review_app.store import ArticleStore, atomic_write_text
from review_app.textio import max_file_bytes

CACHE_VERSION = 1
DEFAULT_MIN_SCORE = 75.0
# Candidates scored by rapidfuzz per lookup, taken in order of shared bigrams.
CANDIDATES_PER_LOOKUP = 300
# WorkspaceMemory rebuilds its index when units swapped in since the last build (scanned in
# full by every lookup) exceed this share of the memory and REBUILD_MIN_UNITS.
REBUILD_SHARE = 0.1
REBUILD_MIN_UNITS = 2_000

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = {"bpt", "ept", "ph", "it"}  # native markup inside <seg>: not text
_TMX_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")


@dataclass(frozen=True, slots=True)
class TMUnit:
    """One source sentence with its approved English and where it came from.

    Units from articles have `article_id`; imported units have `collection` (the TMX name)
    and the TMX `tuid` (if any) as `segment_id`.
    """

    source: str
    target: str
    article_id: str = ""
    segment_id: str = ""
    reviewer: str = ""
    reviewed_at: str = ""
    collection: str = ""

    @property
    def origin(self) -> str:
        if self.article_id:
            return f"{self.article_id} {self.segment_id}"
        return f"TMX {self.collection} {self.segment_id}".rstrip()


@dataclass(frozen=True)
class TMMatch:
    """A TM unit whose source resembles the query; `opcodes` turn the query into its source."""

    unit: TMUnit
    score: float
    opcodes: tuple[tuple[str, int, int, int, int], ...]
    occurrences: int = 1  # identical source+target pairs folded into this match

    @property
    def is_exact(self) -> bool:
        return self.score >= 100.0


@dataclass
class CacheReport:
    """Which articles a build re-read from PO and which came from the cache."""

    read: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TMXImport:
    name: str
    units: int
    skipped: int
    path: Path


def normalize_source(text: str) -> str:
    """Compare sources without width or whitespace differences (，vs , and stray spaces)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _normalize_target(text: str) -> str:
    return " ".join(text.split())


def _grams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def origin_key(unit: TMUnit) -> str:
    """What a unit is replaced with: its article, or its imported collection ("tmx:NAME")."""
    return unit.article_id or f"tmx:{unit.collection}"


class TranslationMemory:
    """Units plus the lookup index; build once, look up many times.

    `replace` swaps the units of some articles or collections without rebuilding the index:
    the old units are retired, the new ones are scanned in full until the next build.
    """

    def __init__(self, units: Iterable[TMUnit]) -> None:
        self._units: list[TMUnit] = []
        self._sources: list[str] = []
        self._lengths = np.empty(0, np.int32)
        self._alive = np.empty(0, bool)
        self._exact: dict[str, list[int]] = {}
        self._by_origin: dict[str, list[int]] = {}
        self._append(units)
        self._indexed = len(self._units)
        # Inverted index in one array: units holding bigram g are
        # self._postings[self._offsets[k] : self._offsets[k + 1]] where k = self._gram_ids[g].
        self._gram_ids: dict[str, int] = {}
        gram_of_entry, unit_of_entry = array("i"), array("i")
        for index, source in enumerate(self._sources):
            for gram in _grams(source):
                gram_of_entry.append(self._gram_ids.setdefault(gram, len(self._gram_ids)))
                unit_of_entry.append(index)
        grams = np.frombuffer(gram_of_entry, np.int32)
        self._postings = np.frombuffer(unit_of_entry, np.int32)[np.argsort(grams, kind="stable")]
        self._offsets = np.concatenate(
            ([0], np.cumsum(np.bincount(grams, minlength=len(self._gram_ids))))
        )

    def _append(self, units: Iterable[TMUnit]) -> None:
        start = len(self._units)
        for unit in units:
            source = normalize_source(unit.source)
            if not source or not unit.target.strip():
                continue
            index = len(self._units)
            self._units.append(unit)
            self._sources.append(source)
            self._exact.setdefault(source, []).append(index)
            self._by_origin.setdefault(origin_key(unit), []).append(index)
        added = self._sources[start:]
        lengths = np.fromiter((len(s) for s in added), np.int32, len(added))
        self._lengths = np.concatenate((self._lengths, lengths))
        self._alive = np.concatenate((self._alive, np.ones(len(added), bool)))

    @classmethod
    def load(cls, workspace: str | Path) -> TranslationMemory:
        """The workspace's approved segments (cached per article) and its imported units."""
        units, _ = workspace_units(workspace)
        return cls(units + imported_units(workspace))

    @property
    def units(self) -> list[TMUnit]:
        return [u for u, alive in zip(self._units, self._alive, strict=True) if alive]

    def __len__(self) -> int:
        return int(self._alive.sum())

    def units_of(self, origin: str) -> list[TMUnit]:
        """The live units of one article or collection (`origin_key`)."""
        return [self._units[i] for i in self._by_origin.get(origin, [])]

    @property
    def stale_units(self) -> int:
        """Units retired or added since the index was built (the full-scan share of a lookup)."""
        return len(self._units) - self._indexed + int((~self._alive[: self._indexed]).sum())

    def replace(self, units_by_origin: Mapping[str, Iterable[TMUnit]]) -> None:
        """New units for these origins (`origin_key`); an empty list removes an origin."""
        for origin in units_by_origin:
            self._alive[self._by_origin.pop(origin, [])] = False
        self._append(u for units in units_by_origin.values() for u in units)

    def lookup(
        self,
        text: str,
        *,
        limit: int = 5,
        min_score: float = DEFAULT_MIN_SCORE,
        exclude: tuple[str, str] | None = None,
    ) -> list[TMMatch]:
        """Best matches first: score, then most recently reviewed.

        `exclude` is an (article id, segment id) pair left out, so a segment does not match
        itself. Identical source+target pairs are folded into one match with `occurrences`.
        """
        query = normalize_source(text)
        if not query or not len(self):
            return []
        scored: dict[int, float] = {}
        for _, score, index in process.extract(
            query,
            {int(i): self._sources[i] for i in self._candidates(query, min_score)},
            scorer=fuzz.ratio,
            score_cutoff=min_score,
            limit=None,
        ):
            scored[index] = score
        for index in self._exact.get(query, ()):
            if self._alive[index]:
                scored[index] = 100.0
        units = self._units
        ranked = sorted(
            (i for i in scored if (units[i].article_id, units[i].segment_id) != exclude),
            key=lambda i: units[i].reviewed_at,
            reverse=True,
        )
        ranked.sort(key=lambda i: scored[i], reverse=True)  # stable: newest first on ties
        folded: dict[tuple[str, str], list[int]] = {}
        for index in ranked:
            key = (self._sources[index], _normalize_target(units[index].target))
            folded.setdefault(key, []).append(index)
        matches = []
        for indexes in list(folded.values())[:limit]:
            unit = units[indexes[0]]
            opcodes = tuple(
                (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
                for op in Levenshtein.opcodes(text, unit.source)
            )
            score = scored[indexes[0]]
            shown = 100.0 if score == 100.0 else min(round(score, 1), 99.9)  # exact stays exact
            matches.append(TMMatch(unit, shown, opcodes, len(indexes)))
        return matches

    def _candidates(self, query: str, min_score: float) -> np.ndarray:
        """Live units within the length bounds of `min_score`: from the index those sharing
        most bigrams with the query, plus every unit added since the index was built.

        fuzz.ratio = 2·LCS/(a+b) ≤ 2·min(a,b)/(a+b), which bounds the candidate's length.
        """
        ratio = min(max(min_score, 1.0), 100.0) / 100.0
        lo = math.ceil(len(query) * ratio / (2 - ratio) - 1e-9)
        hi = math.floor(len(query) * (2 - ratio) / ratio + 1e-9)
        usable = self._alive & (self._lengths >= lo) & (self._lengths <= hi)
        added = np.flatnonzero(usable[self._indexed :]) + self._indexed
        found = [self._gram_ids[g] for g in _grams(query) if g in self._gram_ids]
        lists = [self._postings[self._offsets[k] : self._offsets[k + 1]] for k in found]
        if not lists:
            return added
        shared = np.bincount(np.concatenate(lists), minlength=self._indexed)
        shared[~usable[: self._indexed]] = 0
        candidates = np.flatnonzero(shared)
        if len(candidates) > CANDIDATES_PER_LOOKUP:
            best = np.argpartition(-shared[candidates], CANDIDATES_PER_LOOKUP)
            candidates = candidates[best[:CANDIDATES_PER_LOOKUP]]
        return np.concatenate((candidates, added))


def diff_pieces(query: str, match: TMMatch) -> list[DiffPiece]:
    """Character runs that rebuild the query (equal + delete) and the match's source (equal +
    insert); in each changed stretch the deletion comes first, as in `review_app.diff`."""
    pieces: list[DiffPiece] = []
    deleted, inserted = [], []
    for op, i1, i2, j1, j2 in (*match.opcodes, ("equal", 0, 0, 0, 0)):
        if op != "equal":
            deleted.append(query[i1:i2])
            inserted.append(match.unit.source[j1:j2])
            continue
        for kind, parts in (("delete", deleted), ("insert", inserted)):
            if "".join(parts):
                pieces.append(DiffPiece(kind, "".join(parts)))
            parts.clear()
        if i2 > i1:
            pieces.append(DiffPiece("equal", query[i1:i2]))
    return pieces


# --- units from the workspace's articles (incremental) -----------------------------------


def _cache_dir(workspace: str | Path) -> Path:
    return Path(workspace) / ".cache" / "tm"


def _file_key(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_mtime_ns, stat.st_size, stat.st_ino]


def workspace_units(workspace: str | Path) -> tuple[list[TMUnit], CacheReport]:
    """Approved segments of every article; only PO files changed since the last build are read."""
    store = ArticleStore(workspace)
    report = CacheReport()
    units: list[TMUnit] = []
    ids = store.ids()
    for article_id in ids:
        try:
            key = _file_key(store.path(article_id))
        except FileNotFoundError:
            continue  # deleted between listing and reading
        found, read = _article_units(store, article_id, key)
        (report.read if read else report.cached).append(article_id)
        units += found
    cache_dir = _cache_dir(workspace)
    if cache_dir.is_dir():
        for stale in sorted(cache_dir.glob("*.json")):
            if stale.stem not in ids:
                stale.unlink(missing_ok=True)
                report.removed.append(stale.stem)
    return units, report


def _article_units(
    store: ArticleStore, article_id: str, key: list[int]
) -> tuple[list[TMUnit], bool]:
    """One article's approved units, from the cache if it matches the PO file's key; whether
    the PO file had to be read."""
    cache = _cache_dir(store.workspace) / f"{article_id}.json"
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached, False
    units = [
        TMUnit(s.source, s.target, article_id, s.id, s.reviewer, s.reviewed_at)
        for s in store.load(article_id).segments
        if s.status is Status.APPROVED and not s.is_extra and s.target.strip()
    ]
    _write_cache(cache, key, units)
    return units, True


def _read_cache(path: Path, key: list[int]) -> list[TMUnit] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["version"] != CACHE_VERSION or data["key"] != key:
            return None
        return [TMUnit(**unit) for unit in data["units"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or unreadable cache: rebuild from the PO file


def _write_cache(path: Path, key: list[int], units: Sequence[TMUnit]) -> None:
    data = {"version": CACHE_VERSION, "key": key, "units": [asdict(u) for u in units]}
    with contextlib.suppress(OSError):  # a read-only workspace just goes without the cache
        atomic_write_text(path, json.dumps(data, ensure_ascii=False))


class WorkspaceMemory:
    """The workspace TM kept current in a long-running process (the web app).

    `refresh` looks at the PO files and imported collections, re-reads only those that
    changed and swaps their units into the memory without rebuilding its index; the index is
    rebuilt once the swapped units outgrow `REBUILD_SHARE` of it (and at least
    `REBUILD_MIN_UNITS`). Sessions share one instance: a lock serialises refresh and lookup.
    """

    def __init__(self, workspace: str | Path) -> None:
        self.workspace = Path(workspace)
        self.memory = TranslationMemory(())
        self.builds = 0
        self._keys: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def _current_keys(self) -> dict[str, list[int]]:
        store = ArticleStore(self.workspace)
        paths = {article_id: store.path(article_id) for article_id in store.ids()}
        for path in sorted(_tm_dir(self.workspace).glob("*.jsonl")):
            paths[f"tmx:{path.stem}"] = path
        keys = {}
        for origin, path in paths.items():
            try:
                keys[origin] = _file_key(path)
            except FileNotFoundError:
                continue  # deleted while listing
        return keys

    def refresh(self) -> set[str]:
        """Bring the memory up to date; the articles and collections (`origin_key`) whose
        files changed since the last refresh."""
        with self._lock:
            keys = self._current_keys()
            changed = {
                o for o in keys.keys() | self._keys.keys() if keys.get(o) != self._keys.get(o)
            }
            if not changed:
                return changed
            store = ArticleStore(self.workspace)
            updates: dict[str, list[TMUnit]] = {}
            for origin in changed:
                if origin not in keys:
                    updates[origin] = []
                elif origin.startswith("tmx:"):
                    updates[origin] = _collection_units(
                        _tm_dir(self.workspace) / f"{origin[4:]}.jsonl"
                    )
                else:
                    updates[origin] = _article_units(store, origin, keys[origin])[0]
            self.memory.replace(updates)
            stale = self.memory.stale_units
            if stale > max(REBUILD_MIN_UNITS, REBUILD_SHARE * (len(self.memory) - stale)):
                self.memory = TranslationMemory(self.memory.units)
                self.builds += 1
            self._keys = keys
            return changed

    @property
    def stamp(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """The files the memory reflects, with their keys: changes with every refresh that
        changed something, so it can key caches of what is derived from the memory."""
        return tuple(sorted((origin, tuple(key)) for origin, key in self._keys.items()))

    def lookup(self, text: str, **options: Any) -> list[TMMatch]:
        """`TranslationMemory.lookup` on the memory as of the last refresh."""
        with self._lock:
            return self.memory.lookup(text, **options)


# --- TMX import --------------------------------------------------------------------------


def _tm_dir(workspace: str | Path) -> Path:
    return Path(workspace) / "tm"


def collection_name(text: str) -> str:
    """A safe file name for an imported TMX: lower-case letters, digits and '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100].strip("-")
    return slug or "imported"


def imported_units(workspace: str | Path) -> list[TMUnit]:
    units: list[TMUnit] = []
    for path in sorted(_tm_dir(workspace).glob("*.jsonl")):
        units += _collection_units(path)
    return units


def _collection_units(path: Path) -> list[TMUnit]:
    units = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            units.append(TMUnit(**json.loads(line), collection=path.stem))
        except (ValueError, TypeError) as exc:
            raise InputError(f"{path}:{number}: malformed TM unit ({exc})") from exc
    return units


def import_tmx(
    workspace: str | Path,
    path: str | Path,
    *,
    data: bytes | None = None,
    name: str | None = None,
    replace: bool = False,
) -> TMXImport:
    """Parse a TMX file and store its Chinese→English units as collection `name`."""
    path = Path(path)
    collection = collection_name(name or path.stem)
    target = _tm_dir(workspace) / f"{collection}.jsonl"
    if target.exists() and not replace:
        raise InputError(
            f"a TMX collection named {collection!r} was already imported; "
            "choose another name or replace it"
        )
    if data is None:
        try:
            size = path.stat().st_size
            if size > max_file_bytes():
                raise InputError(_too_big(path.name, size))
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read file ({exc.strerror})") from exc
    elif len(data) > max_file_bytes():
        raise InputError(_too_big(path.name, len(data)))
    units, skipped = parse_tmx(data, path.name)
    lines = [
        json.dumps(
            {
                "source": u.source,
                "target": u.target,
                "segment_id": u.segment_id,
                "reviewer": u.reviewer,
                "reviewed_at": u.reviewed_at,
            },
            ensure_ascii=False,
        )
        for u in units
    ]
    atomic_write_text(target, "\n".join(lines) + "\n")
    return TMXImport(collection, len(units), skipped, target)


def _too_big(name: str, size: int) -> str:
    limit = max_file_bytes()
    return (
        f"{name}: file is {size / 1048576:.1f} MB, over the {limit / 1048576:.1f} MB limit "
        "(set REVIEW_APP_MAX_FILE_MB to raise it)"
    )


def parse_tmx(data: bytes, where: str) -> tuple[list[TMUnit], int]:
    """Chinese→English units of a TMX document and the number of other units skipped.

    Entity declarations and external references are refused (billion laughs, XXE).
    """
    try:
        root = parse_xml(data)
    except DefusedXmlException as exc:
        raise InputError(f"{where}: refused unsafe XML ({type(exc).__name__})") from exc
    except (ParseError, LookupError, ValueError) as exc:  # also unknown or unsupported encodings
        raise InputError(f"{where}: malformed TMX: {exc}") from exc
    if _local(root.tag) != "tmx":
        raise InputError(f"{where}: not a TMX file (root element <{_local(root.tag)}>)")
    header = next((e for e in root if _local(e.tag) == "header"), None)
    srclang = _lang(header) if header is not None else ""
    body = next((e for e in root if _local(e.tag) == "body"), None)
    if body is None:
        raise InputError(f"{where}: malformed TMX: no <body>")
    units: list[TMUnit] = []
    languages: set[str] = set()
    skipped = 0
    for tu in (e for e in body if _local(e.tag) == "tu"):
        variants = {}
        for tuv in (e for e in tu if _local(e.tag) == "tuv"):
            lang = (_lang(tuv) or srclang).lower()
            seg = next((e for e in tuv if _local(e.tag) == "seg"), None)
            languages.add(lang)
            if seg is not None:
                variants.setdefault(lang.split("-")[0].split("_")[0], (tuv, _seg_text(seg)))
        if "zh" not in variants or "en" not in variants:
            skipped += 1
            continue
        (_, source), (tuv_en, target) = variants["zh"], variants["en"]
        if not normalize_source(source) or not target.strip():
            skipped += 1
            continue
        units.append(
            TMUnit(
                source=source.strip(),
                target=_normalize_target(target),
                segment_id=tu.get("tuid", ""),
                reviewer=tuv_en.get("changeid") or tu.get("changeid") or tu.get("creationid", ""),
                reviewed_at=_iso_date(tuv_en.get("changedate") or tu.get("changedate", "")),
            )
        )
    if not units:
        found = ", ".join(sorted(languages)) or "none"
        raise InputError(f"{where}: no Chinese–English units found (languages: {found})")
    return units, skipped


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _lang(element: Element) -> str:
    return element.get(_XML_LANG) or element.get("lang") or element.get("srclang") or ""


def _seg_text(element: Element) -> str:
    """Text of a <seg>, leaving out inline native codes but keeping the text after them."""
    parts = [element.text or ""]
    for child in element:
        if _local(child.tag) not in _INLINE_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _iso_date(value: str) -> str:
    found = _TMX_DATE_RE.fullmatch(value.strip())
    if not found:
        return ""
    y, mo, d, h, mi, s = found.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}+00:00"


def stats(workspace: str | Path) -> dict[str, object]:
    """Counts for `tm stats`: units by origin, distinct sources, cache reuse."""
    units, report = workspace_units(workspace)
    imported = imported_units(workspace)
    return {
        "articles": len(report.read) + len(report.cached),
        "articles_with_approved": len({u.article_id for u in units}),
        "approved_units": len(units),
        "imported_units": len(imported),
        "collections": dict(Counter(u.collection for u in imported)),
        "distinct_sources": len({normalize_source(u.source) for u in units + imported}),
        "reread_from_po": len(report.read),
        "from_cache": len(report.cached),
    }
