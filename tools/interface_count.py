"""Count interface strings in the other language on every page of a built site.

    .venv/bin/python tools/interface_count.py [_build/html]

Opens every page in Debian's chromium at desktop (1280×900) and phone (390×844) size and
counts, per page language (``<html lang>``), the interface strings holding words of the
other language: English on Korean pages, Korean on English pages. What counts as interface
is ``tests/browser/site_audit.py``'s ``interface_strings`` (the browser test asserts 0).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from site_audit import CHROMIUM_ARGS, SiteServer, chromium_path, foreign_interface  # noqa: E402

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def count(site: Path) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], Counter[tuple[str, str, str]]]:
    """``(strings, pages, words)``: strings and pages counted per (size, page language), the
    strings themselves per (page language, kind, first 60 characters)."""
    from playwright.sync_api import sync_playwright

    strings: Counter[tuple[str, str]] = Counter()
    pages: Counter[tuple[str, str]] = Counter()
    words: Counter[tuple[str, str, str]] = Counter()
    with SiteServer(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            for path in sorted(site.rglob("*.html")):
                rel = path.relative_to(site).as_posix()
                if any(part in rel for part in ("_static/", "_sources/", "_images/")):
                    continue
                page = context.new_page()
                page.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith(server.url) else r.fulfill(status=200, body=""),
                )
                page.goto(server.url + rel)
                page.wait_for_load_state("networkidle")
                lang = page.evaluate("document.documentElement.lang").split("-")[0]
                if lang in ("ko", "en"):
                    found = foreign_interface(page, lang)
                    strings[size, lang] += len(found)
                    pages[size, lang] += 1
                    words.update((lang, f["what"], f["text"][:60]) for f in found)
                page.close()
            context.close()
        browser.close()
    return strings, pages, words


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "_build" / "html"
    if not site.is_dir():
        print(f"no built site in {site}: run bash tools/build.sh")
        return 1
    strings, pages, words = count(site)
    for (size, lang), n in sorted(pages.items()):
        other = "English" if lang == "ko" else "Korean"
        print(f"{size:7} {lang}: {strings[size, lang]:4} interface strings in {other} on {n} pages")
    for (lang, what, text), n in words.most_common(20):
        print(f"  {n:4} × {lang} {what}: {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
