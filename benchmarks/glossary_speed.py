"""Glossary lookup speed: match_source and find_forbidden with 2,000 vs 20,000 entries.

The bundled glossary's entries are padded with generated ones (random Han terms, pseudo-English
renderings: they rarely hit, so the number of hits stays that of the real glossary and the
figures show what the glossary size alone costs). Texts are every line of the sample Chinese
sources and English MT drafts. Prints build time, microseconds per line and the 20k/2k ratio
(target: at most 1.5).
Run: .venv/bin/python benchmarks/glossary_speed.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from review_app.glossary import Glossary, GlossaryEntry, load_workspace_glossary

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "translations" / "sources"
SIZES = (2_000, 20_000)
REPEATS = 5


def generated_entries(count: int, rng: random.Random) -> list[GlossaryEntry]:
    def han() -> str:
        return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 5)))

    def english() -> str:
        syllables = ("ka", "lo", "ve", "tri", "mon", "zu", "qel", "brin", "sa", "dor")
        words = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(3)]
        return " ".join(words[: rng.randint(1, 3)])

    sources: set[str] = set()
    entries = []
    while len(entries) < count:
        source = han()
        if source in sources:
            continue
        sources.add(source)
        entries.append(GlossaryEntry(source, english(), (english(),), (english(), english())))
    return entries


def lines(pattern: str) -> list[str]:
    found = []
    for path in sorted(SOURCES.glob(pattern)):
        found += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return found


def best_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    real = load_workspace_glossary(ROOT).entries
    real_sources = {e.source for e in real}
    padding = [
        e for e in generated_entries(max(SIZES), random.Random(7)) if e.source not in real_sources
    ]
    zh, en = lines("*.zh.txt"), lines("*.en-mt.txt")
    print(f"{len(real)} real entries; {len(zh)} Chinese lines, {len(en)} English lines")
    print(f"{'entries':>8} {'build s':>8} {'source µs/line':>15} {'forbidden µs/line':>18} hits")
    per_line: dict[int, tuple[float, float]] = {}
    for size in SIZES:
        entries = real[:size] + padding[: max(0, size - len(real))]
        start = time.perf_counter()
        glossary = Glossary(entries)
        glossary.match_source("")
        build = time.perf_counter() - start
        hits = sum(len(glossary.match_source(t)) for t in zh)
        hits += sum(len(glossary.find_forbidden(t)) for t in en)
        source_s = best_seconds(lambda g=glossary: [g.match_source(t) for t in zh])
        forbidden_s = best_seconds(lambda g=glossary: [g.find_forbidden(t) for t in en])
        per_line[size] = (1e6 * source_s / len(zh), 1e6 * forbidden_s / len(en))
        print(
            f"{size:>8} {build:>8.2f} {per_line[size][0]:>15.1f} {per_line[size][1]:>18.1f} {hits}"
        )
    small, large = per_line[SIZES[0]], per_line[SIZES[-1]]
    print(
        f"slowdown {SIZES[-1]:,} vs {SIZES[0]:,} entries: match_source ×{large[0] / small[0]:.2f}, "
        f"find_forbidden ×{large[1] / small[1]:.2f} (target ≤ 1.5)"
    )


if __name__ == "__main__":
    main()
