"""Shared fixtures: repository paths and the chapter notebooks."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

ROOT = Path(__file__).resolve().parents[1]
SESSION_START = time.time()
CHAPTERS = ROOT / "chapters"
LANGS = ("ko", "en")


def chapter_dirs() -> list[Path]:
    return sorted(p for p in CHAPTERS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def toc_files() -> list[str]:
    """Every ``file:`` entry of ``_toc.yml`` (the root excluded), in book order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", []))
    return files


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def load_tool(name: str):
    """Import ``tools/<name>.py`` (the tools folder is not a package)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def playwright_instance():
    """One Playwright for the whole run, shared by the browser tests: a second
    ``sync_playwright()`` while one is open fails ("Sync API inside the asyncio loop"),
    which happened under pytest-xdist when test_site.py and test_mobile.py shared a worker."""
    from site_audit import chromium_path  # tests/browser/, on the path when browser tests run

    if chromium_path() is None:
        pytest.fail("no chromium: apt-get install chromium (tools/test.sh does), or set STBDA_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def pytest_collection_modifyitems(config, items):
    """Tests marked ``browser`` read the built site: without one they are skipped, saying how to build it."""
    if (ROOT / "_build" / "html" / "index.html").exists():
        return
    skip = pytest.mark.skip(reason="no built site in _build/html: run bash tools/test.sh (it builds the book first)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, config):
    """Under pytest-xdist the browser tests run in a worker, whose own summary
    is not shown: print the counts they wrote to _build/browser-summary.txt."""
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        return
    summary = ROOT / "_build" / "browser-summary.txt"
    if summary.exists() and summary.stat().st_mtime >= SESSION_START:
        terminalreporter.section("browser tests: the built site in chromium")
        for line in summary.read_text(encoding="utf-8").splitlines():
            terminalreporter.write_line(line)
