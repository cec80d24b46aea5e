"""Shared fixtures and hooks (the plain helpers they use are in project.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from project import ROOT

SESSION_START = time.time()


def pytest_configure(config):
    """Before any test module is imported: quiet, CPU-only TensorFlow as setup() makes it,
    and matplotlib's Agg backend, so every test draws headless."""
    import matplotlib

    from stbda_utils.runtime import TF_QUIET_ENV

    for key, value in TF_QUIET_ENV.items():
        os.environ.setdefault(key, value)
    matplotlib.use("Agg")


# The book's language for a test module, opted into with
# ``pytestmark = pytest.mark.usefixtures("english_labels")``. Each runs before every test,
# so a test may switch languages and the next one starts over.


@pytest.fixture
def english_labels():
    """English labels (``text.use_language``), without TensorFlow: for tests of wording only."""
    from stbda_utils.text import use_language

    use_language("en")


@pytest.fixture
def setup_english():
    """``stbda_utils.setup(lang="en")``, as a notebook starts: English labels, TensorFlow's seed
    and deterministic ops, the book's figure style and a font with Korean glyphs."""
    from stbda_utils import setup

    setup(lang="en")


@pytest.fixture
def setup_korean():
    """``stbda_utils.setup(lang="ko")`` (see ``setup_english``); every pyplot figure is closed after the test."""
    import matplotlib.pyplot as plt

    from stbda_utils import setup

    setup(lang="ko")
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


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
    """Notebook cells (nbval) are ``slow``. Tests marked ``browser`` read the built site:
    without one they are skipped, saying how to build it."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
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


@pytest.fixture(scope="module")
def chromium(playwright_instance):
    """Debian's chromium, headless, one per test module."""
    from site_audit import CHROMIUM_ARGS, chromium_path

    browser = playwright_instance.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
