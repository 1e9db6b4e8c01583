"""ArticleStore: one gettext PO file per article in `translations/`, written atomically.

PO layout of a segment (readable in Poedit, `msgfmt --check` clean)::

    #. paragraph: 3
    #. bead: 1:2
    #. confidence: 0.93
    #. draft: "The original machine draft"
    #. reviewer: alice
    #. reviewed-at: 2026-11-23T10:00:00+00:00
    #. dismissed: fluency.repeated-word@3f2a9c01de
    # a reviewer's comment
    #, fuzzy
    msgctxt "s0003"
    msgid "中文原文"
    msgstr "Current English"

Status lives in the flags: `fuzzy` = machine draft, `fuzzy, x-needs-work` = needs work,
`x-approved` = approved, no flag = edited and waiting for review.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib
from filelock import FileLock, Timeout

from review_app import __version__
from review_app.errors import ConflictError, InputError, NotFoundError, ReviewAppError
from review_app.model import Article, Segment, Status, fingerprint, validate_article_id

_STATUS_FLAGS = {
    Status.DRAFT: ["fuzzy"],
    Status.NEEDS_WORK: ["fuzzy", "x-needs-work"],
    Status.APPROVED: ["x-approved"],
    Status.EDITED: [],
}
_LOCK_TIMEOUT_S = 30.0


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see atomic_write_bytes)."""
    atomic_write_bytes(path, text.encode("utf-8"))


_TEMP_SUFFIX = ".tmp"


def remove_temp_files(path: Path) -> None:
    """Delete temp files that writers killed mid-write left next to `path`.

    Only safe while holding the lock that every writer of `path` takes.
    """
    for stale in path.parent.glob(f".{path.name}.*{_TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder + fsync + rename: old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=_TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# Characters that str.splitlines() treats as line breaks but polib does not escape: written
# raw they would split a PO line in two, so they are stored as plain newlines.
_LINE_BREAKS = str.maketrans({c: "\n" for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def po_safe(text: str) -> str:
    return text.replace("\r\n", "\n").translate(_LINE_BREAKS)


def normalise_comment(text: str) -> str:
    """PO comment lines lose surrounding blanks when read back, so they are stored without."""
    return "\n".join(line.strip() for line in po_safe(text).split("\n")).strip()


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def article_to_po(article: Article) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.header = f"Review of {_one_line(article.title)}"
    po.metadata = {
        "Project-Id-Version": f"review-app {__version__}",
        "PO-Revision-Date": now_iso(),
        "Last-Translator": _one_line(_last_reviewer(article)) or "machine translation",
        "Language-Team": "English",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "zh_CN",
        "X-Article-Id": article.id,
        "X-Title": _one_line(article.title),
        "X-URL": _one_line(article.url),
        "X-Date": _one_line(article.date),
        "X-Imported-At": article.imported_at,
        "X-Signed-Off-By": _one_line(article.signed_off_by),
        "X-Signed-Off-At": article.signed_off_at,
    }
    for seg in article.segments:
        notes = [
            f"paragraph: {seg.paragraph}",
            f"bead: {seg.bead}",
            f"confidence: {seg.confidence:.3f}",
            f"draft: {json.dumps(seg.draft, ensure_ascii=False)}",
        ]
        if seg.reviewer:
            notes.append(f"reviewer: {_one_line(seg.reviewer)}")
        if seg.reviewed_at:
            notes.append(f"reviewed-at: {seg.reviewed_at}")
        if seg.dismissed:
            notes.append(
                "dismissed: " + " ".join(f"{k}@{v}" for k, v in sorted(seg.dismissed.items()))
            )
        po.append(
            polib.POEntry(
                msgctxt=seg.id,
                msgid=po_safe(seg.source),
                msgstr=po_safe(seg.target),
                comment="\n".join(po_safe(note) for note in notes),
                tcomment=normalise_comment(seg.comment),
                flags=list(_STATUS_FLAGS[seg.status]),
            )
        )
    return po


def _last_reviewer(article: Article) -> str:
    reviewed = [s for s in article.segments if s.reviewed_at]
    return max(reviewed, key=lambda s: s.reviewed_at).reviewer if reviewed else ""


def _status_from_flags(flags: list[str]) -> Status:
    if "x-approved" in flags:
        return Status.APPROVED
    if "x-needs-work" in flags:
        return Status.NEEDS_WORK
    if "fuzzy" in flags:
        return Status.DRAFT
    return Status.EDITED


def po_to_article(po: polib.POFile, article_id: str, where: str) -> Article:
    meta = po.metadata
    segments = []
    seen: set[str] = set()
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgctxt:
            raise InputError(f"{where}:{entry.linenum}: entry has no msgctxt segment id")
        if entry.msgctxt in seen:
            raise InputError(f"{where}:{entry.linenum}: duplicate segment id {entry.msgctxt!r}")
        seen.add(entry.msgctxt)
        notes = {}
        for line in entry.comment.split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                notes[key.strip()] = value.strip()
        try:
            draft = json.loads(notes["draft"]) if "draft" in notes else entry.msgstr
            paragraph = int(notes.get("paragraph", "0"))
            confidence = float(notes.get("confidence", "1"))
        except (ValueError, json.JSONDecodeError) as exc:
            raise InputError(f"{where}:{entry.linenum}: malformed segment notes ({exc})") from exc
        dismissed = dict(
            item.split("@", 1) for item in notes.get("dismissed", "").split() if "@" in item
        )
        segments.append(
            Segment(
                id=entry.msgctxt,
                source=entry.msgid,
                target=entry.msgstr,
                draft=draft if isinstance(draft, str) else str(draft),
                paragraph=paragraph,
                bead=notes.get("bead", "1:1"),
                confidence=confidence,
                status=_status_from_flags(entry.flags),
                comment=entry.tcomment or "",
                reviewer=notes.get("reviewer", ""),
                reviewed_at=notes.get("reviewed-at", ""),
                dismissed=dismissed,
            )
        )
    return Article(
        id=article_id,
        title=meta.get("X-Title", article_id),
        url=meta.get("X-URL", ""),
        date=meta.get("X-Date", ""),
        imported_at=meta.get("X-Imported-At", ""),
        signed_off_by=meta.get("X-Signed-Off-By", ""),
        signed_off_at=meta.get("X-Signed-Off-At", ""),
        segments=segments,
    )


def parse_po_text(text: str, article_id: str, where: str) -> Article:
    # polib opens a file when its argument names one: a text such as "/etc/passwd" would be
    # read from disk. PO text ends with a newline, a file name does not.
    if not text.endswith("\n"):
        text += "\n"
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        raise InputError(f"{where}: malformed PO file: {exc}") from exc
    return po_to_article(po, article_id, where)


@dataclass(frozen=True)
class SegmentChange:
    """What to change in one segment; None leaves a field as it is.

    `base_target` is the English the caller last saw: if someone changed the segment since,
    the store refuses with a ConflictError carrying both versions instead of overwriting.
    `dismiss` names a check whose flag is a false alarm for the segment's English.
    """

    segment_id: str
    base_target: str | None = None
    target: str | None = None
    status: Status | None = None
    comment: str | None = None
    dismiss: str | None = None


class _ParsedCache:
    """Parsed articles keyed on the SHA-1 of the file's bytes, so a reload of an unchanged
    file (every UI rerun, every locked update) costs a read and a hash instead of a PO parse.
    Callers get their own copy of the segments; the content hash makes a stale hit impossible.
    """

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._items: OrderedDict[Path, tuple[bytes, Article]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: Path, data: bytes) -> Article | None:
        digest = hashlib.sha1(data).digest()
        with self._lock:
            hit = self._items.get(path)
            if hit is None or hit[0] != digest:
                return None
            self._items.move_to_end(path)
        return _copy_article(hit[1])

    def put(self, path: Path, data: bytes, article: Article) -> None:
        digest = hashlib.sha1(data).digest()
        with self._lock:
            self._items[path] = (digest, _copy_article(article))
            self._items.move_to_end(path)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


def _copy_article(article: Article) -> Article:
    return dataclasses.replace(
        article,
        segments=[dataclasses.replace(s, dismissed=dict(s.dismissed)) for s in article.segments],
    )


_PARSED = _ParsedCache()


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str
    date: str
    segments: int
    counts: dict[str, int]
    approved_share: float
    last_reviewer: str
    last_reviewed_at: str
    signed_off_by: str


class ArticleStore:
    """All reads and writes of articles go through here (CLI and UI alike)."""

    def __init__(self, workspace: str | Path) -> None:
        self.workspace = Path(workspace)
        self.root = self.workspace / "translations"
        self.audit_dir = self.workspace / "audit"

    def path(self, article_id: str) -> Path:
        return self.root / f"{validate_article_id(article_id)}.po"

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.po") if p.is_file() and _is_slug(p.stem))

    def exists(self, article_id: str) -> bool:
        return self.path(article_id).is_file()

    def mtime(self, article_id: str) -> float:
        try:
            return self.path(article_id).stat().st_mtime_ns / 1e9
        except FileNotFoundError as exc:
            raise NotFoundError(f"no article {article_id!r} in {self.root}") from exc

    def load(self, article_id: str, *, cached: bool = True) -> Article:
        """The article as its file holds it now. `cached=False` is for batch runs that read
        each file once: the parse cache would only cost them a copy of every article."""
        path = self.path(article_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise NotFoundError(f"no article {article_id!r} in {self.root}") from exc
        if cached and (hit := _PARSED.get(path, data)) is not None:
            return hit
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc
        article = parse_po_text(text, article_id, str(path))
        if cached:
            _PARSED.put(path, data, article)
        return article

    def summaries(self) -> list[ArticleSummary]:
        out = []
        for article_id in self.ids():
            article = self.load(article_id)
            reviewed = [s for s in article.segments if s.reviewed_at]
            last = max(reviewed, key=lambda s: s.reviewed_at) if reviewed else None
            out.append(
                ArticleSummary(
                    id=article.id,
                    title=article.title,
                    date=article.date,
                    segments=len(article.segments),
                    counts=article.status_counts(),
                    approved_share=article.approved_share,
                    last_reviewer=last.reviewer if last else "",
                    last_reviewed_at=last.reviewed_at if last else "",
                    signed_off_by=article.signed_off_by,
                )
            )
        return out

    @contextlib.contextmanager
    def locked(self, article_id: str) -> Iterator[None]:
        """Per-article lock shared by every process that writes this workspace."""
        lock_dir = self.root / ".locks"
        lock_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_dir / f"{validate_article_id(article_id)}.lock"))
        try:
            with lock.acquire(timeout=_LOCK_TIMEOUT_S, poll_interval=0.005):
                yield
        except Timeout as exc:
            raise ConflictError(
                f"article {article_id!r} is locked by another writer; try again",
                segment_id="",
                mine="",
                theirs="",
            ) from exc

    def _write(self, article: Article) -> None:
        path = self.path(article.id)
        remove_temp_files(path)
        atomic_write_text(path, str(article_to_po(article)))

    def create(self, article: Article, *, replace: bool = False) -> None:
        with self.locked(article.id):
            if self.exists(article.id) and not replace:
                raise InputError(
                    f"article {article.id!r} already exists; choose another id or replace it"
                )
            self._write(article)

    def save(self, article: Article) -> None:
        with self.locked(article.id):
            self._write(article)

    def update_segment(
        self,
        article_id: str,
        segment_id: str,
        *,
        reviewer: str = "",
        base_target: str | None = None,
        target: str | None = None,
        status: Status | None = None,
        comment: str | None = None,
        dismiss: str | None = None,
        action: str = "",
    ) -> Segment:
        """Change one segment under the article lock (see update_segments)."""
        change = SegmentChange(segment_id, base_target, target, status, comment, dismiss)
        [seg] = self.update_segments(article_id, [change], reviewer=reviewer, action=action)
        return seg

    def update_segments(
        self,
        article_id: str,
        changes: Sequence[SegmentChange],
        *,
        reviewer: str = "",
        action: str = "",
    ) -> list[Segment]:
        """Change segments in one locked load and write, merging with others' changes.

        If any segment changed since its `base_target`, nothing is written and a
        ConflictError carries both versions of the first one. Each segment gets one audit
        record, named `action` or after what changed, written while the lock is held.
        """
        if len({c.segment_id for c in changes}) != len(changes):
            raise InputError("each segment may appear only once in one update")
        with self.locked(article_id):
            article = self.load(article_id)
            ensure_open(article)
            segments = [article.segment(c.segment_id) for c in changes]
            for change, seg in zip(changes, segments, strict=True):
                _refuse_stale(change, seg, several=len(changes) > 1)
            befores = [_segment_state(seg) for seg in segments]
            reviewed_at = now_iso()
            for change, seg in zip(changes, segments, strict=True):
                _apply(change, seg, reviewer=reviewer, reviewed_at=reviewed_at)
            self._write(article)
            for change, seg, before in zip(changes, segments, befores, strict=True):
                described = _describe(before, seg, dismissed=change.dismiss is not None)
                self.log(
                    article_id, reviewer, seg.id, action or described, before, _segment_state(seg)
                )
            return segments

    def set_sign_off(
        self,
        article_id: str,
        signer: str,
        *,
        user: str,
        check: Callable[[Article], None] | None = None,
    ) -> Article:
        """Sign the article off as `signer`, or reopen it when `signer` is empty, and log it.

        `check` sees the article as stored, under the lock, and raises to refuse.
        """
        with self.locked(article_id):
            article = self.load(article_id)
            if signer and article.signed_off_by:
                raise ReviewAppError(
                    f"article {article_id!r} is already signed off by {article.signed_off_by}"
                )
            if not signer and not article.signed_off_by:
                raise ReviewAppError(f"article {article_id!r} is not signed off")
            if check is not None:
                check(article)
            before = _sign_off_state(article)
            article.signed_off_by = signer
            article.signed_off_at = now_iso() if signer else ""
            self._write(article)
            action = "sign-off" if signer else "reopen"
            self.log(article_id, user, "", action, before, _sign_off_state(article))
            return article

    def log(
        self,
        article_id: str,
        user: str,
        segment_id: str,
        action: str,
        before: dict[str, str] | None = None,
        after: dict[str, str] | None = None,
    ) -> None:
        """Append one audit record (JSON Lines, one file per article)."""
        record = {
            "time": now_iso(),
            "user": user,
            "article": validate_article_id(article_id),
            "segment": segment_id,
            "action": action,
            "before": before,
            "after": after,
        }
        self.audit_dir.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        fd = os.open(self.audit_dir / f"{article_id}.jsonl", os.O_RDWR | os.O_APPEND | os.O_CREAT)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                line = "\n" + line  # a crash tore the last record: keep this one whole
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)

    def history(self, article_id: str, segment_id: str | None = None) -> list[dict]:
        path = self.audit_dir / f"{validate_article_id(article_id)}.jsonl"
        if not path.is_file():
            return []
        records = []
        # Split on b"\n" only: JSON leaves U+2028 and the like unescaped inside strings.
        for line in path.read_bytes().split(b"\n"):
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue  # a torn last line after a crash; earlier records stay readable
            if not isinstance(record, dict):
                continue
            if segment_id is None or record.get("segment") == segment_id:
                records.append(record)
        return records


def _refuse_stale(change: SegmentChange, seg: Segment, *, several: bool) -> None:
    """ConflictError if the segment's English is no longer what the caller saw (unless the
    caller writes exactly what is there now)."""
    if change.base_target is None or seg.target in (change.base_target, change.target):
        return
    raise ConflictError(
        f"segment {seg.id} was changed by {seg.reviewer or 'someone'} since you opened it"
        + ("; nothing was saved" if several else ""),
        segment_id=seg.id,
        mine=change.target if change.target is not None else change.base_target,
        theirs=seg.target,
    )


def _apply(change: SegmentChange, seg: Segment, *, reviewer: str, reviewed_at: str) -> None:
    status = change.status
    if change.target is not None and change.target != seg.target:
        seg.target = change.target
        if status is None:
            status = Status.DRAFT if seg.target == seg.draft else Status.EDITED
    if status is not None:
        seg.status = status
    if change.comment is not None:
        seg.comment = change.comment
    if change.dismiss is not None:
        seg.dismissed[change.dismiss] = fingerprint(seg.target)
    # a dismissal holds only for the English it was made on
    seg.dismissed = {k: v for k, v in seg.dismissed.items() if v == fingerprint(seg.target)}
    seg.reviewer = reviewer or seg.reviewer
    seg.reviewed_at = reviewed_at


def _sign_off_state(article: Article) -> dict[str, str]:
    return {"signed_off_by": article.signed_off_by, "signed_off_at": article.signed_off_at}


def _segment_state(seg: Segment) -> dict[str, str]:
    return {"target": seg.target, "status": seg.status.value, "comment": seg.comment}


def _describe(before: dict[str, str], seg: Segment, *, dismissed: bool) -> str:
    if before["target"] != seg.target:
        return "revert" if seg.target == seg.draft else "edit"
    if before["status"] != seg.status.value:
        return seg.status.value
    if before["comment"] != seg.comment:
        return "comment"
    return "dismiss" if dismissed else "unchanged"


def ensure_open(article: Article) -> None:
    """A signed-off article is final: nothing in it changes until an editor reopens it.
    Checked under the article lock, so an edit cannot slip in after a sign-off."""
    if article.signed_off_by:
        raise ReviewAppError(
            f"article {article.id!r} was signed off by {article.signed_off_by} at "
            f"{article.signed_off_at}; an editor must reopen it before it changes"
        )


def _is_slug(name: str) -> bool:
    try:
        validate_article_id(name)
    except InputError:
        return False
    return True
