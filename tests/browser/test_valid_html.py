"""Every built page is valid HTML, by the W3C Nu Html Checker (``vnu.jar``).

``bash tools/test.sh`` builds the book and lets ``tools/bootstrap.sh`` install
what the checker needs: Java (Debian's ``default-jre-headless``) where ``java`` is
missing and the npm package ``vnu-jar`` into the git-ignored ``.cache/vnu``. The
page check is marked ``browser``: without a build it is skipped
(``tests/conftest.py``); with one, a missing Java or ``vnu.jar`` is a failure.

Checked: every ``_build/html/**/*.html`` except ``_static/``, which holds the
theme's Jinja macro files (``webpack-macros.html``), templates that Sphinx
copies as they are and no page links to. Any error fails the test, listed as
page, line and message; warnings are not counted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
#: Where tools/bootstrap.sh installs the npm package vnu-jar; VNU_JAR overrides it.
DEFAULT_JAR = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.browser  # needs the built site (tests/conftest.py skips without one)


def vnu_command() -> list[str]:
    """``java -jar vnu.jar``, or a failure that says how to get what is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "java is missing: run bash tools/test.sh (it installs default-jre-headless) or apt-get install default-jre-headless"
        )
    jar = Path(os.environ.get("VNU_JAR", DEFAULT_JAR))
    if not jar.is_file():
        pytest.fail(f"{jar} is missing: run bash tools/test.sh (it installs the npm package vnu-jar into .cache/vnu)")
    return [java, "-Xss8m", "-jar", str(jar)]


def check(paths: list[Path]) -> list[dict]:
    """The checker's messages of type ``error`` (and non-document errors) for ``paths``."""
    result = subprocess.run(
        [*vnu_command(), "--format", "json", *map(str, paths)], capture_output=True, text=True, timeout=600
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors
    try:
        messages = json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}): {result.stderr[-2000:]}")
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def built_pages() -> list[Path]:
    if not SITE.is_dir():
        pytest.fail(f"{SITE} is missing: build the book first (bash tools/test.sh does)")
    pages = sorted(p for p in SITE.rglob("*.html") if "_static" not in p.relative_to(SITE).parts)
    if not pages:
        pytest.fail(f"no page in {SITE}")
    return pages


def describe(message: dict) -> str:
    url = message.get("url", "")
    page = url.split(str(SITE) + "/", 1)[-1] if str(SITE) in url else url
    return f"{page}:{message.get('lastLine', '?')}: {message.get('message', '')}"


def test_every_page_is_valid_html():
    pages = built_pages()
    errors = check(pages)
    print(f"\nNu Html Checker: {len(pages)} pages, {len(errors)} errors")
    if errors:
        pytest.fail(f"{len(errors)} HTML errors:\n" + "\n".join(describe(m) for m in errors), pytrace=False)


def test_the_checker_finds_the_errors_it_is_here_for(tmp_path):
    """The two kinds the book had: a duplicate SVG id and an <img> without src after a late <style>."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>text</p>'
        '<svg><g id="node1"></g></svg><svg><g id="node1"></g></svg>'
        '<style>.animation { display: inline-block; }</style><div class="animation"><img id="a" alt="frame"></div>'
        "</body></html>",
        encoding="utf-8",
    )
    found = " | ".join(m["message"] for m in check([page]))
    assert "Duplicate ID" in found and "“src”" in found and "“style”" in found, found
