"""The built site, as a reader meets it: every page of ``_build/html`` in Debian's chromium.

``bash tools/test.sh`` builds the book and sets ``STBDA_BROWSER=1``; without that
variable these tests are skipped (they need a fresh build). With it, a missing
build, a missing chromium or a site without pages is a failure.

One audit visits each page once (see ``site_audit.py``); the tests below check
its records. The run prints the counts (pages, SVG diagrams, animations, axe
violations) at the end and writes them to ``_build/browser-summary.txt``;
screenshots of the chapter pages go to ``_build/screenshots/``.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from conftest import toc_files
from site_audit import BLOCKING_IMPACTS, PageRecord, SiteAudit, SiteServer, check_animation, chromium_path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
SUMMARY_FILE = ROOT / "_build" / "browser-summary.txt"
LANGS = ("ko", "en")
LANDING_LANG = "ko"
COLAB = "https://colab.research.google.com/github"

from stbda_utils.config import REPO_BRANCH, REPO_NAME, REPO_OWNER

pytestmark = pytest.mark.skipif(
    __import__("os").environ.get("STBDA_BROWSER") != "1",
    reason="browser tests need a fresh build: run bash tools/test.sh (it sets STBDA_BROWSER=1)",
)


# --------------------------------------------------------------------------- the book's sources


def toc_docs() -> list[str]:
    """Every document of ``_toc.yml``, in book order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + toc_files()


def doc_lang(doc: str) -> str | None:
    last = doc.rsplit("/", 1)[-1].removesuffix(".html")
    return last if last in LANGS else None


def chapter_docs() -> list[str]:
    return [d for d in toc_docs() if d.startswith("chapters/")]


def notebook_outputs(doc: str) -> list[str]:
    """The text/html outputs stored in the notebook of ``doc``."""
    nb = json.loads((ROOT / f"{doc}.ipynb").read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            html = o.get("data", {}).get("text/html")
            if html:
                out.append("".join(html) if isinstance(html, list) else html)
    return out


def expected_diagrams(doc: str) -> list[int]:
    """Node counts of the stbda diagrams the notebook of ``doc`` stores."""
    return [len(re.findall(r'<g id="[^"]*" class="node"', h)) for h in notebook_outputs(doc) if 'class="stbda-diagram"' in h]


def expected_animations(doc: str) -> int:
    return sum(len(re.findall(r'<img id="_anim_img', h)) for h in notebook_outputs(doc))


# --------------------------------------------------------------------------- the audit


class Summary:
    """Counts printed at the end of the run (a plugin registered by the audit fixture)."""

    def __init__(self):
        self.lines: list[str] = []

    def pytest_terminal_summary(self, terminalreporter):
        if self.lines:
            terminalreporter.section("browser tests: the built site in chromium")
            for line in self.lines:
                terminalreporter.write_line(line)


def site_pages() -> list[str]:
    """Every HTML page of the built site, relative to its root."""
    skip = ("_static/", "_sources/", "_images/")
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if not p.relative_to(SITE).as_posix().startswith(skip))


def screenshot_name(path: str) -> str | None:
    if not path.startswith("chapters/"):
        return None
    chapter, page = path.split("/")[1:3]
    return f"{chapter}-{page.removesuffix('.html')}.png"


@pytest.fixture(scope="session")
def playwright_instance():
    if chromium_path() is None:
        pytest.fail("no chromium: apt-get install chromium (tools/test.sh does), or set STBDA_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def served_site():
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site in {SITE}: run bash tools/test.sh (it builds the book first)")
    with SiteServer(SITE) as server:
        yield server


@pytest.fixture(scope="session")
def browser(playwright_instance, served_site):
    """One headless chromium with a fresh profile, for the whole run."""
    site = SiteAudit(playwright_instance, served_site.url, SCREENSHOTS)
    yield site
    site.close()


@pytest.fixture(scope="session")
def audit(request, browser):
    """Every page visited once: ``{path: PageRecord}``."""
    if SCREENSHOTS.exists():
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()
    records = {path: browser.visit(path, screenshot_name(path)) for path in site_pages()}
    summary = Summary()
    summary.lines = summarize(records)
    request.config.pluginmanager.register(summary, "stbda-browser-summary")
    SUMMARY_FILE.write_text("\n".join(summary.lines) + "\n", encoding="utf-8")
    print("\n".join(summary.lines))
    return records


def summarize(records: dict) -> list[str]:
    pages = list(records.values())
    chapters = [p for p in pages if p.path.startswith("chapters/")]
    diagrams = [d for p in pages for d in p.diagrams]
    animations = [a for p in pages for a in p.animations]
    images = [i for p in pages for i in p.images]
    impacts = Counter(v["impact"] for p in pages for v in p.violations)
    blocking = sum(impacts[i] for i in BLOCKING_IMPACTS)
    return [
        f"pages: {len(pages)} ({len(chapters)} chapter pages; "
        + ", ".join(f"{lang} {sum(p.lang == lang for p in pages)}" for lang in LANGS)
        + ")",
        f"SVG diagrams: {len(diagrams)} ({sum(d['inline_svg'] for d in diagrams)} inline, {sum(d['nodes'] for d in diagrams)} nodes)",
        f"animations: {len(animations)} ({sum(a['advanced'] for a in animations)} advanced after play)",
        f"images: {len(images)} ({sum(i['alt'] is None for i in images)} without alt, "
        f"{sum(bool(i['generic']) for i in images)} with the generic figure alt)",
        f"axe violations: {blocking} serious or critical; by impact "
        + (", ".join(f"{k} {v}" for k, v in sorted(impacts.items(), key=lambda kv: str(kv[0]))) or "none"),
        f"console errors: {sum(len(p.console_errors) for p in pages)}, failed local requests: "
        f"{sum(len(p.failed_requests) for p in pages)}, external requests answered offline: "
        f"{sum(len(p.external_requests) for p in pages)}",
        f"screenshots: {sum(p.screenshot is not None for p in pages)} in {SCREENSHOTS.relative_to(ROOT)}/",
    ]


def offenders(records: dict, check) -> dict:
    """``{path: problem}`` for every page where ``check(record)`` is not empty."""
    return {path: found for path, record in records.items() if (found := check(record))}


# --------------------------------------------------------------------------- every page


def test_every_page_of_the_toc_was_built_and_visited(audit):
    assert audit, "no page found under _build/html"
    missing = [doc for doc in toc_docs() if f"{doc}.html" not in audit]
    assert not missing, f"pages of _toc.yml missing from the site: {missing}"
    assert chapter_docs(), "_toc.yml lists no chapter"


def test_no_console_errors(audit):
    assert not offenders(audit, lambda r: r.console_errors)


def test_no_failed_requests_for_local_assets(audit):
    assert not offenders(audit, lambda r: r.failed_requests)


def test_axe_finds_no_serious_or_critical_violation(audit):
    assert not offenders(audit, lambda r: r.blocking_violations)


def test_every_image_has_alt_text(audit):
    def bad(record):
        return [i["src"][-60:] for i in record.images
                if i["visible"] and (not (i["alt"] or "").strip() or re.search(r"\.(png|jpe?g|svg|gif)$", i["alt"]))]

    assert not offenders(audit, bad), "an <img> without a real alt (a file name is not one)"


def test_html_lang_matches_the_page_language(audit):
    def wrong(record):
        want = doc_lang(record.path) or (LANDING_LANG if record.path == "index.html" else "en")
        return f"lang={record.lang!r}, want {want!r}" if record.lang != want else None

    assert not offenders(audit, wrong)


def test_prev_next_stay_in_one_language(audit):
    def crossing(record):
        lang = doc_lang(record.path)
        if lang is None:
            return None
        return [u for u in record.prev_next if doc_lang(urlparse(u).path) not in (None, lang)]

    assert not offenders(audit, crossing)


# --------------------------------------------------------------------------- chapters


@pytest.fixture(scope="session")
def chapter_records(audit):
    records = {doc: audit.get(f"{doc}.html") for doc in chapter_docs()}
    assert records and all(records.values()), f"chapter pages missing: {[d for d, r in records.items() if r is None]}"
    return records


def test_language_pages_link_to_their_counterpart(audit, served_site):
    """Every page in one language links to the same page in the other, and back."""
    paired = [r for r in audit.values() if doc_lang(r.path)]
    assert len(paired) >= len(chapter_docs()) >= 2
    for record in paired:
        lang = doc_lang(record.path)
        other = "en" if lang == "ko" else "ko"
        want = record.path.rsplit("/", 1)[0] + f"/{other}.html"
        assert record.lang_switch, f"{record.path}: no language switch"
        target = urlparse(record.lang_switch).path.lstrip("/")
        assert target == want, f"{record.path}: switch goes to {target}, want {want}"
        assert target in audit, f"{record.path}: {target} was not built"
        back = audit[target]
        assert back.lang == other, f"{target} has lang={back.lang!r}"
        assert urlparse(back.lang_switch).path.lstrip("/") == record.path, f"{target} does not link back"


def test_landing_page_offers_both_languages(audit):
    assert audit["index.html"].lang == LANDING_LANG
    html = (SITE / "index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        block = re.search(rf'<div class="stbda-lang-block[^"]*" lang="{lang}">(.*?)</div>', html, flags=re.S)
        assert block, f"the landing page has no {lang} block"
        assert re.search(rf'href="[^"]*/{lang}\.html"', block.group(1)), f"the {lang} block links to no {lang} page"


def test_every_chapter_page_opens_its_notebook_in_colab(chapter_records):
    for doc, record in chapter_records.items():
        want = f"{COLAB}/{REPO_OWNER}/{REPO_NAME}/blob/{REPO_BRANCH}/{doc}.ipynb"
        assert want in record.colab, f"{doc}: Colab links {record.colab}, want {want}"
        assert (ROOT / f"{doc}.ipynb").exists()


def test_diagrams_are_inline_svg_with_their_nodes(chapter_records):
    for doc, record in chapter_records.items():
        want = expected_diagrams(doc)
        got = [d["nodes"] for d in record.diagrams]
        assert all(d["inline_svg"] and d["label"] for d in record.diagrams), f"{doc}: {record.diagrams}"
        assert got == want, f"{doc}: SVG node counts {got}, the notebook stores {want}"
        assert all(n > 0 for n in got), f"{doc}: a diagram without nodes"


def test_every_animation_advances_after_play(chapter_records):
    for doc, record in chapter_records.items():
        assert len(record.animations) == expected_animations(doc), f"{doc}: animations on the page vs in the notebook"
        stuck = [a for a in record.animations if not a["advanced"]]
        assert not stuck, f"{doc}: frames did not advance after play: {stuck}"


def test_learning_goals_open_every_chapter(served_site, chapter_records):
    for doc in chapter_records:
        html = (SITE / f"{doc}.html").read_text(encoding="utf-8")
        goals = re.search(r'<div class="stbda-goals[^"]*">(.*?)</div>', html, flags=re.S)
        assert goals and goals.group(1).count("<li>") >= 1, f"{doc}: no learning goals box"


def test_a_screenshot_of_every_chapter_page(chapter_records):
    for doc, record in chapter_records.items():
        assert record.screenshot and Path(record.screenshot).stat().st_size > 10_000, doc


# --------------------------------------------------------------------------- search


SEARCHES = [
    # (query, pages that must be found, pages that must not)
    ("잔차", ["chapters/01-piecewise-regression/ko"], ["chapters/01-piecewise-regression/en"]),
    ("기울기", ["chapters/01-piecewise-regression/ko"], ["chapters/01-piecewise-regression/en"]),
    ("slope", ["chapters/01-piecewise-regression/en"], ["chapters/01-piecewise-regression/ko"]),
]


@pytest.mark.parametrize("query,found,absent", SEARCHES, ids=[s[0] for s in SEARCHES])
def test_search_finds_words_in_their_language(browser, served_site, query, found, absent):
    record = PageRecord(path="search.html")
    page = browser.new_page(record)
    try:
        page.goto(f"{served_site.url}search.html?q={query}")
        page.wait_for_function("() => { const s = document.querySelector('#search-results .search-summary');"
                               " return s && s.textContent.trim().length > 0; }", timeout=15000)
        hits = [urlparse(h).path.lstrip("/").removesuffix(".html")
                for h in page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")]
    finally:
        page.close()
    assert not record.console_errors
    for doc in found:
        assert doc in hits, f"searching {query!r} did not find {doc}: {hits}"
    for doc in absent:
        assert doc not in hits, f"searching {query!r} found {doc}, a page of the other language"


def test_browser_and_index_stem_words_alike(browser, served_site):
    """The query stemmer in language_data.js and the indexer in _ext/stbda_site.py agree."""
    sys.path.insert(0, str(ROOT / "_ext"))
    from stbda_site import SearchKoreanEnglish

    words = ["잔차가", "가중치는", "과소적합입니다", "모형의", "에폭", "결과", "Colab에서", "MSE는", "residuals", "training", "는"]
    page = browser.new_page(PageRecord(path="search.html"))
    try:
        page.goto(f"{served_site.url}search.html")
        in_browser = page.evaluate("(ws) => { const s = new Stemmer(); return ws.map(w => s.stemWord(w.toLowerCase())); }", words)
    finally:
        page.close()
    in_python = [SearchKoreanEnglish({}).stem(w) for w in words]
    assert in_browser == in_python


# --------------------------------------------------------------------------- the checks themselves


def _tiny_animation_html(frames: int = 3) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.animation import FuncAnimation
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1), dpi=20)
    line, = fig.add_subplot().plot([0, 1], [0, 0])
    ani = FuncAnimation(fig, lambda k: [line.set_ydata([0, k])], frames=frames, interval=50)
    return ani.to_jshtml(fps=20, default_mode="once")


def test_the_animation_check_can_fail(browser):
    """A real jshtml player advances; the same player with a dead play button is caught."""
    html = _tiny_animation_html()
    anim_id = re.search(r'<img id="_anim_img(\w+)"', html).group(1)
    results = []
    for body in (html, html.replace(f"anim{anim_id}.play_animation()", "void 0")):
        page = browser.new_page(PageRecord(path="about:blank"))
        try:
            page.set_content(f"<html><body>{body}</body></html>")
            results.append(check_animation(page, anim_id, timeout_ms=2000)["advanced"])
        finally:
            page.close()
    assert results == [True, False]


def test_sitemap_lists_every_page_with_its_counterpart():
    sitemap = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    for doc in toc_docs():
        assert f"/{doc}.html</loc>" in sitemap, doc
    for doc in chapter_docs():
        other = doc.rsplit("/", 1)[0] + ("/en" if doc.endswith("/ko") else "/ko")
        assert f'hreflang="{doc_lang(other)}" href="https://{REPO_OWNER.lower()}.github.io/{REPO_NAME}/{other}.html"' in sitemap
    assert "Sitemap: " in (SITE / "robots.txt").read_text(encoding="utf-8")
