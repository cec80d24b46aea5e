"""Shared fixtures: repository paths and the chapter notebooks."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
LANGS = ("ko", "en")


def chapter_dirs() -> list[Path]:
    return sorted(p for p in CHAPTERS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
