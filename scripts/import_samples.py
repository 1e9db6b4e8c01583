"""Re-import the bundled sample articles from translations/sources/ into translations/*.po.

Run from the repository root: .venv/bin/python scripts/import_samples.py
Reviews stored in the PO files are replaced by fresh machine drafts.
"""

import json
import sys
from pathlib import Path

from review_app.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "translations" / "sources"

for zh in sorted(SOURCES.glob("*.zh.txt")):
    article_id = zh.name.removesuffix(".zh.txt")
    meta = json.loads((SOURCES / f"{article_id}.json").read_text(encoding="utf-8"))
    code = main(
        [
            "--workspace", str(ROOT), "import", str(zh), str(SOURCES / f"{article_id}.en-mt.txt"),
            "--id", article_id, "--title", meta["title"], "--url", meta["url"],
            "--date", meta["date"], "--replace",
        ]
    )  # fmt: skip
    if code:
        sys.exit(code)
