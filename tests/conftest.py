"""Shared fixtures: the repository as the bundled sample workspace, and fresh temp workspaces."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import chromium
from workspace_helpers import REPO, copy_sample_workspace

SOURCES = REPO / "translations" / "sources"
DATA = Path(__file__).resolve().parent / "data"


def sample_ids() -> list[str]:
    """Every bundled sample article (one ID.zh.txt + ID.en-mt.txt pair each)."""
    return sorted(p.name.removesuffix(".zh.txt") for p in SOURCES.glob("*.zh.txt"))


def reference_ids() -> list[str]:
    return [i for i in sample_ids() if (SOURCES / f"{i}.en-ref.txt").is_file()]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace with the repository glossary."""
    (tmp_path / "translations").mkdir()
    shutil.copytree(REPO / "glossary", tmp_path / "glossary")
    return tmp_path


@pytest.fixture
def sample_workspace(tmp_path: Path) -> Path:
    """A temp copy of the bundled workspace: imported sample articles and glossary."""
    return copy_sample_workspace(tmp_path)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian chromium (Playwright) shared by one module's real-browser tests."""
    with chromium() as launched:
        yield launched
