"""Review progress and post-editing effort as pandas DataFrames, scored with sacrebleu.

Effort compares each approved segment's machine draft (hypothesis) with its approved English
(reference): chrF, BLEU and TER, where TER against the post-edited text is the HTER of MT
post-editing studies. Sentence scores use `BLEU(effective_order=True)`; article and corpus
figures come from `corpus_score` and carry the sacrebleu signature.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from review_app.aligning import PARAGRAPH_SHAPES, align
from review_app.model import Article, Segment, Status
from review_app.segmenting import split_en

if TYPE_CHECKING:
    import pandas as pd
    from sacrebleu.metrics.base import Metric

    from review_app.checks import Flag
    from review_app.store import ArticleStore

METRICS = ("chrf", "bleu", "ter")
Stats = dict[str, Any]  # sacrebleu segment statistics, one entry per metric
FLAG_COLUMNS = ["article", "segment", "check", "category", "severity", "message"]
CORPUS = "(corpus)"


class Scorer:
    """chrF, BLEU and TER of many (hypothesis, reference) pairs, each pair scored once.

    `corpus_score` sums per-segment statistics; keeping those statistics (sacrebleu's own
    `_extract_corpus_statistics` / `_aggregate_and_compute`, which its significance tests use)
    gives sentence, article and corpus figures from one pass over slow TER.
    """

    def __init__(self) -> None:
        from sacrebleu.metrics import BLEU, CHRF, TER

        self._corpus: dict[str, Metric] = {"chrf": CHRF(), "bleu": BLEU(), "ter": TER()}
        self._sentence = {**self._corpus, "bleu": BLEU(effective_order=True)}
        self._names: dict[str, str] = {}
        self._seen: dict[tuple[str, str], Stats] = {}

    def statistics(self, hypotheses: Sequence[str], references: Sequence[str]) -> list[Stats]:
        """One statistics record per pair (a pair seen before is not scored again)."""
        pairs = list(zip(hypotheses, references, strict=True))
        new = list(dict.fromkeys(pair for pair in pairs if pair not in self._seen))
        if new:
            hyps, refs = [h for h, _ in new], [r for _, r in new]
            per_metric = {
                name: metric._extract_corpus_statistics(hyps, [refs])
                for name, metric in self._corpus.items()
            }
            for i, pair in enumerate(new):
                self._seen[pair] = {name: per_metric[name][i] for name in METRICS}
        return [self._seen[pair] for pair in pairs]

    def sentence(self, stats: Stats) -> dict[str, float]:
        """Sentence-level scores (BLEU with effective order), as `sentence_score` gives."""
        return {
            name: metric._aggregate_and_compute([stats[name]]).score
            for name, metric in self._sentence.items()
        }

    def corpus(self, stats: Sequence[Stats]) -> dict[str, float]:
        """Corpus-level scores, as `corpus_score` gives; NaN when there is nothing to score."""
        if not stats:
            return {name: float("nan") for name in METRICS}
        scores = {}
        for name, metric in self._corpus.items():
            result = metric._aggregate_and_compute([s[name] for s in stats])
            self._names[name] = result.name
            scores[name] = result.score
        return scores

    def signatures(self) -> dict[str, str]:
        """`chrF2|nrefs:1|…` for each metric that produced a corpus figure."""
        return {
            name: f"{label}|{self._corpus[name].get_signature()}"
            for name, label in self._names.items()
        }


def words_edited(draft: str, final: str) -> int:
    """Word-level Levenshtein distance: words inserted, deleted or replaced."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(draft.split(), final.split())


def scored_segments(article: Article) -> list[Segment]:
    """Approved segments with text on either side: the ones post-editing effort covers."""
    return [
        seg
        for seg in article.segments
        if seg.status is Status.APPROVED and (seg.draft.strip() or seg.target.strip())
    ]


def segment_effort(articles: Iterable[Article], scorer: Scorer | None = None) -> pd.DataFrame:
    """One row per approved segment: sentence chrF/BLEU/TER of draft → final, words edited.

    The `stats` column keeps the sacrebleu statistics for article and corpus figures.
    """
    import pandas as pd

    scorer = scorer or Scorer()
    rows = []
    for article in articles:
        segments = scored_segments(article)
        stats = scorer.statistics([s.draft for s in segments], [s.target for s in segments])
        for seg, seg_stats in zip(segments, stats, strict=True):
            row = {"article": article.id, "segment": seg.id, "draft": seg.draft}
            row["final"] = seg.target
            row.update(scorer.sentence(seg_stats))
            row["words_edited"] = words_edited(seg.draft, seg.target)
            row["draft_words"] = len(seg.draft.split())
            row["reviewer"] = seg.reviewer
            row["stats"] = seg_stats
            rows.append(row)
    columns = ["article", "segment", "draft", "final", *METRICS, "words_edited", "draft_words"]
    return pd.DataFrame(rows, columns=[*columns, "reviewer", "stats"])


def reference_alignment(
    article: Article, reference: Sequence[str]
) -> list[tuple[list[Segment], str]]:
    """The reference aligned to the article's segments: (segments, reference text) pairs.

    The reference paragraphs are aligned to the article's source paragraphs, then the
    reference sentences to the segments inside each paragraph pair, with the same aligner
    the importer uses. Segments without a source (extra content) are not paired; source or
    reference left unpaired gives a pair with an empty side.
    """
    paragraphs: dict[int, list[Segment]] = {}
    for seg in article.segments:
        if not seg.is_extra:
            paragraphs.setdefault(seg.paragraph, []).append(seg)
    groups = [paragraphs[number] for number in sorted(paragraphs)]
    sources = ["".join(seg.source for seg in group) for group in groups]
    pairs = []
    for pbead in align(sources, reference, shapes=PARAGRAPH_SHAPES):
        segments = [seg for i in pbead.source for seg in groups[i]]
        sentences = [s for j in pbead.draft for s in split_en(reference[j])]
        for bead in align([seg.source for seg in segments], sentences):
            pairs.append(
                ([segments[i] for i in bead.source], " ".join(sentences[j] for j in bead.draft))
            )
    return pairs


def reference_units(article: Article, reference: Sequence[str]) -> list[tuple[str, str, str]]:
    """(draft, final, reference) texts of each `reference_alignment` pair."""
    return [
        (" ".join(seg.draft for seg in segments), " ".join(seg.target for seg in segments), text)
        for segments, text in reference_alignment(article, reference)
    ]


def workspace_flags(
    articles: Iterable[Article], workspace: str | Path
) -> dict[str, dict[str, list[Flag]]]:
    """Article id → segment id → open QA flags, checked against the workspace glossary."""
    from review_app.checks import run_checks
    from review_app.glossary import load_workspace_glossary

    glossary = load_workspace_glossary(workspace)
    return {article.id: run_checks(article, glossary) for article in articles}


def flag_frame(flags: Mapping[str, Mapping[str, Sequence[Flag]]]) -> pd.DataFrame:
    """One row per open flag of `workspace_flags`-shaped input; dismissed flags are left out."""
    import pandas as pd

    rows = [
        [article_id, segment_id, f.check, f.category, f.severity, f.message]
        for article_id, by_segment in flags.items()
        for segment_id, found in by_segment.items()
        for f in found
        if not f.dismissed
    ]
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


def _by_category(flags: pd.DataFrame) -> str:
    counts = flags["category"].value_counts()
    return ", ".join(f"{category} {n}" for category, n in sorted(counts.items()))


@dataclass(frozen=True)
class StatsReport:
    """Per-article rows plus a final corpus row, and the sacrebleu signature of each metric."""

    table: pd.DataFrame
    signatures: dict[str, str]


def article_stats(
    articles: Sequence[Article],
    flags: pd.DataFrame,
    references: Mapping[str, Sequence[str]] | None = None,
) -> StatsReport:
    """Segments, % approved, open flags by category, draft → final effort, reviewers.

    `flags` is a `flag_frame`; `references` maps an article id to the paragraphs
    of a reference translation, which adds draft and final scores against it (`ref_*`).
    """
    import pandas as pd

    scorer = Scorer()
    effort = segment_effort(articles, scorer)
    ref_stats: dict[str, tuple[list[Stats], list[Stats]]] | None = None
    if references:
        ref_stats = {}
        for article in articles:
            if article.id in references:
                units = reference_units(article, references[article.id])
                drafts, finals, refs = zip(*units, strict=True) if units else ((), (), ())
                ref_stats[article.id] = (
                    scorer.statistics(drafts, refs),
                    scorer.statistics(finals, refs),
                )
    rows = [
        _stats_row(label, chosen, effort, flags, ref_stats, scorer)
        for label, chosen in [*((a.id, [a]) for a in articles), (CORPUS, articles)]
    ]
    return StatsReport(pd.DataFrame(rows), scorer.signatures())


def _stats_row(
    label: str,
    articles: Sequence[Article],
    effort: pd.DataFrame,
    flags: pd.DataFrame,
    ref_stats: Mapping[str, tuple[list[Stats], list[Stats]]] | None,
    scorer: Scorer,
) -> dict[str, object]:
    ids = {a.id for a in articles}
    scored = effort[effort["article"].isin(ids)]
    segments = [seg for a in articles for seg in a.segments]
    approved = sum(seg.status is Status.APPROVED for seg in segments)
    own_flags = flags[flags["article"].isin(ids)]
    row = {
        "article": label,
        "segments": len(segments),
        "approved_pct": round(100 * approved / len(segments), 1) if segments else 0.0,
        "flags": len(own_flags),
        "flags_by_category": _by_category(own_flags),
        "scored": len(scored),
        **scorer.corpus(list(scored["stats"])),
        "words_edited": int(scored["words_edited"].sum()),
        "reviewers": ", ".join(sorted({seg.reviewer for seg in segments if seg.reviewer})),
    }
    if ref_stats is not None:
        for k, side in enumerate(("draft", "final")):
            scores = scorer.corpus([s for a in articles for s in ref_stats.get(a.id, ([], []))[k]])
            row.update({f"ref_{name}_{side}": score for name, score in scores.items()})
    return row


def status_frame(articles: Iterable[Article]) -> pd.DataFrame:
    """Long table of segment counts: article, status (label), segments."""
    import pandas as pd

    rows = [
        [article.id, Status(status).label, count]
        for article in articles
        for status, count in article.status_counts().items()
    ]
    return pd.DataFrame(rows, columns=["article", "status", "segments"])


def flag_counts(flags: pd.DataFrame) -> pd.DataFrame:
    """Open flags counted by category and check, most frequent first."""
    counts = flags.groupby(["category", "check"]).size().reset_index(name="flags")
    return counts.sort_values(["flags", "category", "check"], ascending=[False, True, True])


def activity_frame(store: ArticleStore, article_ids: Iterable[str]) -> pd.DataFrame:
    """Reviewer actions per day, from the audit log (segments' review times if it is empty)."""
    import pandas as pd

    rows = []
    for article_id in article_ids:
        records = store.history(article_id)
        if records:
            rows += [[r.get("time", "")[:10], r.get("user", ""), article_id] for r in records]
        else:
            article = store.load(article_id)
            rows += [
                [seg.reviewed_at[:10], seg.reviewer, article_id]
                for seg in article.segments
                if seg.reviewed_at
            ]
    frame = pd.DataFrame(rows, columns=["date", "reviewer", "article"])
    frame["reviewer"] = frame["reviewer"].replace("", "(unnamed)")
    counts = frame.groupby(["date", "reviewer"]).size().reset_index(name="actions")
    counts["date"] = pd.to_datetime(counts["date"])
    return counts
