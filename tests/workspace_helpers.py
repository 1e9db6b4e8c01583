"""Temp copies of the bundled sample workspace (the repository root), for tests that change it."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_sample_workspace(folder: Path) -> Path:
    """Copy the imported sample articles and the glossary into `folder` (made if missing)."""
    (folder / "translations").mkdir(parents=True)
    for po in (REPO / "translations").glob("*.po"):
        shutil.copy2(po, folder / "translations" / po.name)
    shutil.copytree(REPO / "glossary", folder / "glossary")
    return folder
