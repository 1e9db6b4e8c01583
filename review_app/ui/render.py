"""HTML for highlighted source text, word diffs and badges.

Every piece of text that comes from a file goes through `html.escape` here, before any
markup is added; the pages show the result with `st.html`, which does no Markdown, so a draft
holding `<script>`, `*stars*` or `$x$` shows exactly those characters.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from review_app.checks import Flag
from review_app.diff import DiffPiece
from review_app.glossary import SourceMatch
from review_app.model import Segment, Status
from review_app.review import Span, split_marked

SEVERITY_COLOURS = {"error": "#b91c1c", "warning": "#c2410c", "info": "#1d4ed8"}
LOW_CONFIDENCE = 0.6  # below this, the heading asks the reviewer to check the pairing
STATUS_COLOURS = {
    Status.DRAFT: "#6b7280",
    Status.EDITED: "#1d4ed8",
    Status.APPROVED: "#15803d",
    Status.NEEDS_WORK: "#b45309",
}

CSS = """
<style>
.ra-text { font-size: 1.05rem; line-height: 1.7; white-space: pre-wrap; overflow-wrap: anywhere; }
.ra-zh { font-size: 1.15rem; }
.ra-term { background: #fef3c7; border-bottom: 2px solid #d97706; border-radius: 2px;
  cursor: help; }
.ra-name { background: #e0e7ff; border-bottom: 2px solid #4f46e5; border-radius: 2px;
  cursor: help; }
.ra-flag { text-decoration: underline wavy #dc2626; text-underline-offset: 3px; cursor: help; }
.ra-diff, .ra-fix { color: #374151; }
.ra-diff { font-size: .92rem; }
.ra-diff del, .ra-fix del { background: #fee2e2; color: #991b1b; }
.ra-diff ins, .ra-fix ins { background: #dcfce7; color: #166534; text-decoration: none; }
.ra-head { display: flex; justify-content: space-between; flex-wrap: wrap; gap: .5rem;
  color: #374151; }
.ra-doubt { color: #b45309; font-weight: 600; }
.ra-flag-line { font-size: .92rem; line-height: 1.5; overflow-wrap: anywhere; }
.ra-fix { font-size: .88rem; margin-top: .1rem; }
.ra-sev { display: inline-block; border: 1px solid; border-radius: 4px; padding: 0 .35em;
  font-size: .72rem; font-weight: 700; text-transform: uppercase; line-height: 1.5; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
.ra-badge { display: inline-block; padding: 0 .55em; border-radius: 999px; color: white;
  font-size: .8rem; font-weight: 600; line-height: 1.6; }
.ra-muted { color: #6b7280; font-size: .85rem; }
.ra-extra { color: #6b7280; font-style: italic; }
.ra-title { font-size: 1.5rem; font-weight: 600; line-height: 1.3; margin: .2rem 0; }
.ra-alert { padding: .6rem .9rem; border-radius: .5rem; line-height: 1.5; }
.ra-alert-error { background: #fee2e2; color: #7f1d1d; }
.ra-alert-success { background: #dcfce7; color: #14532d; }
.ra-alert-warning { background: #fef9c3; color: #713f12; }
[class*="st-key-focus-card-"] { border-left: 4px solid #2563eb !important; }
</style>
"""


def text_block(inner_html: str, css_class: str = "") -> str:
    """Wrap ready-made HTML in one div on one line (newlines kept as character references,
    shown by `white-space: pre-wrap`)."""
    body = inner_html.replace("\r\n", "\n").replace("\n", "&#10;")
    return f'<div class="ra-text {css_class}">{body}</div>'


def escaped(text: str, css_class: str = "") -> str:
    return text_block(html.escape(text), css_class)


def highlighted_source(source: str, matches: Sequence[SourceMatch], flags: Iterable[Flag]) -> str:
    """Chinese source with glossary terms and names marked; hovering shows the rendering
    the glossary requires, or the flag's message for a flagged stretch."""
    spans: list[Span[tuple[str, str]]] = []
    for match in matches:
        kind = "ra-name" if match.entry.kind == "name" else "ra-term"
        tip = f"→ {match.entry.target}"
        if match.entry.note:
            tip += f" ({match.entry.note})"
        spans.append(Span(match.start, match.end, (kind, tip)))
    for flag in flags:
        if flag.source_span:
            spans.append(Span(*flag.source_span, ("ra-flag", flag.message)))
    out = []
    for text, marks in split_marked(source, spans):
        piece = html.escape(text)
        if marks:
            classes = " ".join(dict.fromkeys(kind for kind, _ in marks))
            tips = "\n".join(dict.fromkeys(tip for _, tip in marks))
            piece = f'<span class="{classes}" title="{html.escape(tips)}">{piece}</span>'
        out.append(piece)
    return text_block("".join(out), "ra-zh")


def glossary_renderings(matches: Sequence[SourceMatch]) -> str:
    """One muted line: each glossary term of the source and the rendering it requires."""
    entries = list(dict.fromkeys(m.entry for m in matches))
    items = [f"{html.escape(e.source)} → {html.escape(e.target)}" for e in entries]
    return text_block(" · ".join(items), "ra-muted")


def _diff_inline(pieces: Sequence[DiffPiece]) -> str:
    tags = {"equal": "", "delete": "del", "insert": "ins"}
    out = []
    for piece in pieces:
        text = html.escape(piece.text)
        tag = tags[piece.op]
        out.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return "".join(out)


def diff_html(pieces: Sequence[DiffPiece]) -> str:
    """Deleted words struck through in red, inserted words in green."""
    return text_block(_diff_inline(pieces), "ra-diff")


def alert(text: str, kind: str = "error") -> str:
    """A coloured message box for text that may quote files (names, titles, ids): unlike
    `st.error` it renders no Markdown."""
    return escaped(text, f"ra-alert ra-alert-{kind}")


def status_badge(status: Status) -> str:
    return (
        f'<span class="ra-badge" style="background:{STATUS_COLOURS[status]}">'
        f"{html.escape(status.label)}</span>"
    )


def short_time(iso: str) -> str:
    """'2026-11-23T10:00:59+00:00' → '2026-11-23 10:00' (UTC, as stored)."""
    return iso[:16].replace("T", " ")


def segment_heading(seg: Segment) -> str:
    """Id, place in the article, alignment doubts and status of a segment, on one line."""
    parts = [f"<b>{html.escape(seg.id)}</b>", f"paragraph {seg.paragraph + 1}"]
    if not seg.is_extra and seg.bead != "1:1":
        parts.append(f"{html.escape(seg.bead)} sentences")
    if not seg.is_extra and seg.confidence < LOW_CONFIDENCE:
        parts.append(
            f"<span class='ra-doubt'>alignment {seg.confidence:.0%}: check the pairing</span>"
        )
    who = ""
    if seg.reviewer and seg.status is not Status.DRAFT:
        who = html.escape(f"{seg.reviewer} · {short_time(seg.reviewed_at)}")
        who = f"<span class='ra-muted'>{who}</span>"
    heading = f"{' · '.join(parts)} {status_badge(seg.status)}"
    return f"<div class='ra-head'><span>{heading}</span>{who}</div>"


def flag_line(flag: Flag, fix: Sequence[DiffPiece] | None) -> str:
    """Severity, category and message of a flag, and the change its fix makes."""
    colour = SEVERITY_COLOURS.get(flag.severity, "#6b7280")
    line = (
        f'<span class="ra-sev" style="color:{colour};border-color:{colour}">'
        f"{html.escape(flag.severity)}</span> <b>{html.escape(flag.category)}</b> "
        f"{html.escape(flag.message)}"
    )
    if fix:
        line += "<div class='ra-fix'>fix: " + _diff_inline(fix) + "</div>"
    return f'<div class="ra-flag-line">{line}</div>'
