"""The built site, as a reader meets it: every page of ``_build/html`` in Debian's chromium.

The site is one edition per language, ``_build/html/ko/`` and ``_build/html/en/``
(``tools/editions.py``), and a landing page ``_build/html/index.html``.

These tests are marked ``browser``. ``bash tools/test.sh`` builds the book first;
without a build in ``_build/html`` they are skipped (``tests/conftest.py``), and
``-m "not browser"`` deselects them. A missing chromium or a site without pages
is a failure.

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
from urllib.parse import quote, urlparse

import pytest
import yaml
from project import load_tool
from site_audit import (
    BLOCKING_IMPACTS,
    PageRecord,
    SiteAudit,
    SiteServer,
    check_animation,
    foreign_words,
)

from stbda_utils.config import REPO_BRANCH, REPO_NAME, REPO_OWNER

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
SUMMARY_FILE = ROOT / "_build" / "browser-summary.txt"
PHONE = (390, 844)
LANGS = ("ko", "en")
LANDING_LANG = "ko"
COLAB = "https://colab.research.google.com/github"


pytestmark = pytest.mark.browser  # needs the built site (tests/conftest.py skips without one)


# --------------------------------------------------------------------------- the book's sources

editions = load_tool("editions")


def edition_docs(lang: str) -> list[str]:
    """Every document of the ``lang`` edition's toc (derived from ``_toc.yml``), in book order."""
    toc = editions.edition_toc(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")), lang)
    return [toc["root"]] + editions.toc_entries(toc["chapters"])


def toc_pages() -> list[str]:
    """Every page of both editions, as paths under the site root: ``ko/chapters/…/ko.html``."""
    return [f"{lang}/{doc}.html" for lang in LANGS for doc in edition_docs(lang)]


def doc_lang(doc: str) -> str | None:
    last = doc.rsplit("/", 1)[-1].removesuffix(".html")
    return last if last in LANGS else None


def site_url() -> str:
    """The site's published address (``_config.yml``), as the site extension derives it."""
    return editions.site_url_from(yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")))


def edition_of(path: str) -> str | None:
    """The edition a site path belongs to (``ko/…`` -> ``ko``); ``None`` for the landing page."""
    first = path.split("/", 1)[0]
    return first if first in LANGS and "/" in path else None


def chapter_pages() -> list[str]:
    """``ko/chapters/…/ko.html`` etc.: the chapter pages of both editions."""
    return [p for p in toc_pages() if p.split("/", 1)[1].startswith("chapters/")]


def source_doc(path: str) -> str:
    """The source document of a site path: ``ko/chapters/01-x/ko.html`` -> ``chapters/01-x/ko``."""
    return path.split("/", 1)[1].removesuffix(".html")


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
    return [
        len(re.findall(r'<g id="[^"]*" class="node"', h)) for h in notebook_outputs(doc) if 'class="stbda-diagram"' in h
    ]


def expected_animations(doc: str) -> int:
    return sum(h.count("<video") for h in notebook_outputs(doc))


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
    pages = []
    for p in SITE.rglob("*.html"):
        rel = p.relative_to(SITE).as_posix()
        if edition_of(rel) and rel.split("/", 1)[1].startswith(skip):
            continue
        if edition_of(rel) and rel.split("/", 1)[1] == "index.html":
            continue  # the edition's redirect to its root page
        if p.name == "404.html":
            continue  # linked from the published address at any depth: test_*404* read them
        pages.append(rel)
    return sorted(pages)


def screenshot_name(path: str) -> str | None:
    if path not in chapter_pages():
        return None
    chapter, page = path.split("/")[2:4]
    return f"{chapter}-{page.removesuffix('.html')}.png"


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
    chapters = [p for p in pages if p.path in chapter_pages()]
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
        f"interface strings in the other language: {sum(len(p.foreign) for p in pages)} "
        f"(of {sum(len(p.interface) for p in pages)} interface strings, desktop)",
        f"screenshots: {sum(p.screenshot is not None for p in pages)} in {SCREENSHOTS.relative_to(ROOT)}/",
    ]


def offenders(records: dict, check) -> dict:
    """``{path: problem}`` for every page where ``check(record)`` is not empty."""
    return {path: found for path, record in records.items() if (found := check(record))}


# --------------------------------------------------------------------------- every page


def test_every_page_of_both_editions_was_built_and_visited(audit):
    assert audit, "no page found under _build/html"
    missing = [page for page in toc_pages() + ["index.html"] if page not in audit]
    assert not missing, f"pages of the editions' tocs missing from the site: {missing}"
    assert chapter_pages(), "_toc.yml lists no chapter"
    for lang in LANGS:
        assert f"{lang}/search.html" in audit, f"the {lang} edition has no search page"


def test_no_console_errors(audit):
    assert not offenders(audit, lambda r: r.console_errors)


def test_no_failed_requests_for_local_assets(audit):
    assert not offenders(audit, lambda r: r.failed_requests)


def test_axe_finds_no_serious_or_critical_violation(audit):
    assert not offenders(audit, lambda r: r.blocking_violations)


def test_every_image_has_alt_text(audit):
    def bad(record):
        return [
            i["src"][-60:]
            for i in record.images
            if i["visible"] and (not (i["alt"] or "").strip() or re.search(r"\.(png|jpe?g|svg|gif)$", i["alt"]))
        ]

    assert not offenders(audit, bad), "an <img> without a real alt (a file name is not one)"


def test_html_lang_is_the_edition_language(audit):
    def wrong(record):
        want = edition_of(record.path) or LANDING_LANG
        return f"lang={record.lang!r}, want {want!r}" if record.lang != want else None

    assert not offenders(audit, wrong)


def test_prev_next_stay_in_one_edition(audit):
    def crossing(record):
        lang = edition_of(record.path)
        if lang is None:
            return None
        return [u for u in record.prev_next if not urlparse(u).path.lstrip("/").startswith(f"{lang}/")]

    assert not offenders(audit, crossing)


# --------------------------------------------------------------------------- the interface in the page's language


@pytest.fixture(scope="session")
def phone_interface(playwright_instance, served_site):
    """Every page at phone size (390×844): ``{path: PageRecord}`` with the interface strings only."""
    phone = SiteAudit(playwright_instance, served_site.url, SCREENSHOTS, viewport=PHONE)
    try:
        return {path: phone.visit(path, axe=False) for path in site_pages()}
    finally:
        phone.close()


def test_korean_pages_have_no_english_interface_and_english_pages_no_korean(audit, phone_interface):
    """On every page of each edition, desktop (1280×900) and phone (390×844), no interface
    string is in the other language. ``site_audit.interface_strings`` reads:

    * the text of everything outside the article: skip link, sidebar (book title, search
      field and its Ctrl+K label, the table of contents, the repository and issue links),
      the article header (download menu: .ipynb/.pdf, launch menu: Colab, full screen,
      colour mode, search, the page's contents button), the page's table of contents
      ("목차"/"Contents"), previous/next links, footer (author, copyright), "back to top";
    * inside the article: copy buttons, heading links, exercise/solution titles, buttons,
      the learning-goals title (an animation is a ``<video>`` with the browser's own controls,
      and its accessible name is the notebook's alt text, checked with the page's language);
    * on any element: ``title``, ``aria-label``, ``placeholder`` (the search box and the
      search dialog), ``data-tooltip`` (copy buttons), ``alt`` and ``data-content``.

    A Korean page may show names and symbols (``site_audit.LATIN_ALLOWED``: STBDA Book,
    Colab, GitHub, ReLU, MSE, .ipynb …); text marked ``lang`` as the other language (the
    language switch "Read in English" / "한국어로 읽기") is the other language on purpose.
    """
    for size, records in (("desktop", audit), ("phone", phone_interface)):
        wrong = offenders(records, lambda r: [f"{f['what']} {f['text'][:60]!r} ({f['where']})" for f in r.foreign])
        assert not wrong, f"{size}: interface strings in the other language: {wrong}"


def test_the_interface_check_sees_the_interface(audit):
    """The check reads what it claims to: the skip link, the search box, the copy buttons,
    heading links, in the page's language."""
    want = {
        "ko": ["본문으로 건너뛰기", "이 책에서 검색...", "이 제목을 가리키는 링크", "목차"],
        "en": ["Skip to main content", "Search this book...", "Link to this heading", "Contents"],
    }
    for page in chapter_pages():
        record, lang = audit[page], edition_of(page)
        missing = [w for w in want[lang] if w not in record.interface]
        assert not missing, f"{page}: interface strings not found: {missing}"
        copy = {"ko": "복사", "en": "Copy"}[lang]
        assert record.copy_buttons and set(record.copy_buttons) == {copy}, (
            f"{page}: copy buttons {set(record.copy_buttons)}"
        )
    assert foreign_words("Copy to clipboard", "ko") and foreign_words("이 쪽 내려받기", "en")


# --------------------------------------------------------------------------- the editions


def test_every_page_switches_to_the_same_page_in_the_other_edition(audit):
    """The language switch (a template in the article header) goes to the counterpart in
    the other edition, and that page links back."""
    paired = [r for r in audit.values() if edition_of(r.path) and doc_lang(r.path)]
    assert len(paired) >= len(chapter_pages()) >= 2
    for record in paired:
        lang = edition_of(record.path)
        other = "en" if lang == "ko" else "ko"
        doc = source_doc(record.path)
        want = f"{other}/{doc.rsplit('/', 1)[0]}/{other}.html"
        assert record.lang_switch, f"{record.path}: no language switch"
        target = urlparse(record.lang_switch).path.lstrip("/")
        assert target == want, f"{record.path}: switch goes to {target}, want {want}"
        assert target in audit, f"{record.path}: {target} was not built"
        back = audit[target]
        assert back.lang == other, f"{target} has lang={back.lang!r}"
        assert urlparse(back.lang_switch).path.lstrip("/") == record.path, f"{target} does not link back"


def test_the_switch_is_in_the_article_header_not_the_body():
    for page in chapter_pages():
        html = (SITE / page).read_text(encoding="utf-8")
        header = re.search(r'<div class="bd-header-article.*?</div>\s*</div>\s*</div>', html, flags=re.S)
        assert header and "stbda-lang-switch" in header.group(0), f"{page}: no switch in the article header"
        article = html.split('<article class="bd-article">', 1)[1]
        assert "stbda-lang-switch" not in article, f"{page}: a switch inside the article"


def test_paired_pages_name_both_languages_with_hreflang(audit):
    site = f"https://{REPO_OWNER.lower()}.github.io/{REPO_NAME}/"
    for page in toc_pages():
        record, lang = audit[page], edition_of(page)
        other = "en" if lang == "ko" else "ko"
        doc = source_doc(page)
        want = {lang: f"{site}{page}", other: f"{site}{other}/{doc.rsplit('/', 1)[0]}/{other}.html", "x-default": site}
        assert record.alternates == want, f"{page}: hreflang links {record.alternates}, want {want}"


def test_landing_page_links_both_editions(audit):
    assert audit["index.html"].lang == LANDING_LANG
    html = (SITE / "index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        block = re.search(rf'<section lang="{lang}" class="edition">(.*?)</section>', html, flags=re.S)
        assert block, f"the landing page has no {lang} block"
        root = edition_docs(lang)[0]
        assert f'href="{lang}/{root}.html"' in block.group(1), f"the {lang} block does not link its edition"
        for doc in edition_docs(lang)[1:]:
            assert f'href="{lang}/{doc}.html"' in block.group(1), f"the {lang} block does not list {doc}"


def test_every_chapter_page_opens_its_notebook_in_colab(audit):
    for page in chapter_pages():
        doc = source_doc(page)
        want = f"{COLAB}/{REPO_OWNER}/{REPO_NAME}/blob/{REPO_BRANCH}/{doc}.ipynb"
        assert want in audit[page].colab, f"{page}: Colab links {audit[page].colab}, want {want}"
        assert (ROOT / f"{doc}.ipynb").exists()


# --------------------------------------------------------------------------- chapters


def test_diagrams_are_inline_svg_with_their_nodes(audit):
    for page in chapter_pages():
        record, doc = audit[page], source_doc(page)
        want = expected_diagrams(doc)
        got = [d["nodes"] for d in record.diagrams]
        assert all(d["inline_svg"] and d["label"] for d in record.diagrams), f"{page}: {record.diagrams}"
        assert got == want, f"{page}: SVG node counts {got}, the notebook stores {want}"
        assert all(n > 0 for n in got), f"{page}: a diagram without nodes"


def test_every_animation_plays_and_has_a_name_a_poster_and_controls(audit):
    for page in chapter_pages():
        record = audit[page]
        assert len(record.animations) == expected_animations(source_doc(page)), (
            f"{page}: animations on the page vs in the notebook"
        )
        stuck = [a for a in record.animations if not a["advanced"]]
        assert not stuck, f"{page}: a video did not play: {stuck}"
        unnamed = [a for a in record.animations if not (a["label"] and a["poster"] and a["controls"])]
        assert not unnamed, f"{page}: a video without an accessible name, a poster or controls: {unnamed}"


def test_learning_goals_open_every_chapter():
    for page in chapter_pages():
        html = (SITE / page).read_text(encoding="utf-8")
        goals = re.search(r'<div class="stbda-goals[^"]*">(.*?)</div>', html, flags=re.S)
        assert goals and goals.group(1).count("<li>") >= 1, f"{page}: no learning goals box"


def test_a_screenshot_of_every_chapter_page(audit):
    for page in chapter_pages():
        record = audit[page]
        assert record.screenshot and Path(record.screenshot).stat().st_size > 10_000, page


# --------------------------------------------------------------------------- exercises

#: How an exercise box and its solution's title read: (box, solution), for exercise n.
EXERCISE_TITLES = {"ko": ("연습문제 {n}", "연습문제 {n} 풀이"), "en": ("Exercise {n}", "Solution to Exercise {n}")}

_EXERCISES_JS = """() => {
  const text = (el) => el.textContent.replace(/\\s+/g, " ").trim();
  return {
    exercises: [...document.querySelectorAll("div.exercise > .admonition-title")].map(text),
    solutions: [...document.querySelectorAll("div.solution > .admonition-title")].map(
      (t) => ({id: t.parentElement.id, text: text(t), links: t.querySelectorAll("a").length})),
  };
}"""

#: The middle of a solution title's words (where a reader taps), in the viewport.
_TITLE_TEXT_AT_JS = """(id) => {
  const title = document.getElementById(id).querySelector(":scope > .admonition-title");
  title.scrollIntoView({block: "center", behavior: "instant"});
  const range = document.createRange();
  range.selectNodeContents(title.firstChild);  // the words, not the button
  const box = [...range.getClientRects()].find((r) => r.width > 0);
  return {x: box.left + Math.min(box.width / 2, 20), y: box.top + box.height / 2};
}"""

_SOLUTION_STATE_JS = """(id) => {
  const box = document.getElementById(id);
  const content = box.querySelector(":scope > section");
  return {hidden: box.classList.contains("toggle-hidden"),
          expanded: box.querySelector(".toggle-button").getAttribute("aria-expanded"),
          shown: !!content && content.getBoundingClientRect().height > 0};
}"""


@pytest.mark.parametrize("path", chapter_pages())
def test_exercises_are_numbered_per_page_and_a_tap_on_a_solution_title_opens_it(browser, served_site, path):
    """Exercise boxes read 연습문제 1, 2, 3… / Exercise 1, 2, 3… on every chapter page (an
    optional title follows the number in parentheses); each solution's title is
    "연습문제 N 풀이" / "Solution to Exercise N" without a link, and tapping its words opens
    the collapsed solution where it is (the page does not move to the exercise)."""
    lang = edition_of(path)
    box, solution = EXERCISE_TITLES[lang]
    record = PageRecord(path=path)
    page = browser.new_page(record)
    try:
        page.goto(f"{served_site.url}{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_selector("div.solution .toggle-button", state="attached")
        found = page.evaluate(_EXERCISES_JS)
        numbers = range(1, len(found["exercises"]) + 1)
        assert len(found["exercises"]) >= 3, f"{path}: {found['exercises']}"
        for n, title in zip(numbers, found["exercises"], strict=True):
            wanted = box.format(n=n)
            assert re.fullmatch(rf"{re.escape(wanted)}(?: \(.+\))?", title), f"{path}: {title!r}, want {wanted!r}"
        assert [s["text"] for s in found["solutions"]] == [solution.format(n=n) for n in numbers], path
        assert all(s["links"] == 0 for s in found["solutions"]), f"{path}: a link in a solution title"
        for s in found["solutions"]:
            before = page.url
            assert page.evaluate(_SOLUTION_STATE_JS, s["id"])["hidden"], f"{path}: {s['text']} is not collapsed"
            at = page.evaluate(_TITLE_TEXT_AT_JS, s["id"])
            page.mouse.click(at["x"], at["y"])
            page.wait_for_timeout(100)
            state = page.evaluate(_SOLUTION_STATE_JS, s["id"])
            assert page.url == before, f"{path}: tapping {s['text']!r} went to {page.url}"
            assert state == {"hidden": False, "expanded": "true", "shown": True}, f"{path}: {s['text']}: {state}"
    finally:
        page.close()
    assert not record.console_errors, record.console_errors


# --------------------------------------------------------------------------- search

SEARCHES = [
    # (edition, query, pages that must be found)
    ("ko", "과적합", ["chapters/03-overfitting/ko"]),
    ("ko", "그래디언트", ["glossary/ko"]),
    ("ko", "ReLU", ["chapters/02-relu-networks/ko"]),
    ("ko", "잔차", ["chapters/01-piecewise-regression/ko"]),
    ("en", "overfitting", ["chapters/03-overfitting/en"]),
    ("en", "gradient", ["glossary/en"]),
    ("en", "ReLU", ["chapters/02-relu-networks/en"]),
    ("en", "slope", ["chapters/01-piecewise-regression/en"]),
]

#: What an excerpt must not show: LaTeX, interface words, graphviz ids.
NOT_PROSE = re.compile(
    r"\\\(|\\\)|\\\[|\$|\\[a-z]+\{?|Link to this heading|이 제목을 가리키는|Copy|복사|"
    r"\b(?:graph0|clust\d+|node\d+|edge\d+)\b|Read in English|한국어로 읽기"
)


def run_search(
    browser, served_site, lang: str, query: str, phone: bool = False
) -> tuple[list[tuple[str, str]], PageRecord]:
    """``[(site path, excerpt)]`` of the ``lang`` edition's search page for ``query``."""
    record = PageRecord(path=f"{lang}/search.html")
    page = browser.new_page(record)
    try:
        if phone:
            page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        page.goto(f"{served_site.url}{lang}/search.html?q={quote(query)}")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && s.textContent.trim().length > 0; }",
            timeout=15000,
        )
        # excerpts are fetched page by page after the summary
        page.wait_for_function(
            "() => [...document.querySelectorAll('#search-results ul.search li')]"
            ".every(li => li.querySelector('p.context'))",
            timeout=15000,
        )
        hits = page.eval_on_selector_all(
            "#search-results ul.search li",
            "lis => lis.map(li => [li.querySelector('a').href, li.querySelector('p.context')?.textContent || ''])",
        )
    finally:
        page.close()
    return [(urlparse(href).path.lstrip("/"), text) for href, text in hits], record


@pytest.mark.parametrize("lang,query,found", SEARCHES, ids=[f"{s[0]}-{s[1]}" for s in SEARCHES])
def test_search_lists_pages_of_its_edition_only_with_prose_excerpts(browser, served_site, lang, query, found):
    for phone in (False, True):
        hits, record = run_search(browser, served_site, lang, query, phone)
        paths = [path for path, _ in hits]
        assert not record.console_errors, record.console_errors
        assert paths, f"searching {query!r} in the {lang} edition found nothing"
        wrong = [p for p in paths if edition_of(p) != lang or doc_lang(p) not in (None, lang)]
        assert not wrong, f"searching {query!r} in the {lang} edition listed pages of another language: {wrong}"
        for doc in found:
            assert f"{lang}/{doc}.html" in paths, f"searching {query!r} did not find {doc}: {paths}"
        for path, excerpt in hits:
            assert excerpt.strip(), f"{path}: no excerpt"
            bad = NOT_PROSE.search(excerpt)
            assert not bad, f"{query!r}, {path}: the excerpt shows {bad.group(0)!r}: {excerpt[:200]!r}"
            hangul = re.search("[\uac00-\ud7a3]", excerpt)
            if lang == "ko":
                assert hangul, f"{query!r}, {path}: an excerpt without Korean: {excerpt[:200]!r}"
            elif not path.endswith("glossary/en.html"):  # the glossary pairs both languages
                assert not hangul, f"{query!r}, {path}: Korean in an English excerpt: {excerpt[:200]!r}"


def test_browser_and_index_stem_words_alike(browser, served_site):
    """The query stemmer in language_data.js and the indexer in _ext/stbda_site.py agree."""
    sys.path.insert(0, str(ROOT / "_ext"))
    from stbda_site import SearchKoreanEnglish

    words = [
        "잔차가",
        "가중치는",
        "과소적합입니다",
        "모형의",
        "에폭",
        "결과",
        "Colab에서",
        "MSE는",
        "residuals",
        "training",
        "는",
    ]
    page = browser.new_page(PageRecord(path="ko/search.html"))
    try:
        page.goto(f"{served_site.url}ko/search.html")
        in_browser = page.evaluate(
            "(ws) => { const s = new Stemmer(); return ws.map(w => s.stemWord(w.toLowerCase())); }", words
        )
    finally:
        page.close()
    in_python = [SearchKoreanEnglish({}).stem(w) for w in words]
    assert in_browser == in_python


# --------------------------------------------------------------------------- the checks themselves


def test_the_animation_check_can_fail(browser):
    """Chapter 4's first video plays; the same video with broken data is caught."""
    html = (SITE / "en/chapters/04-logistic-regression/en.html").read_text(encoding="utf-8")
    video = re.search(r"<video\b.*?</video>", html, flags=re.S).group(0)
    broken = re.sub(r'src="data:video/mp4;base64,[^"]*"', 'src="data:video/mp4;base64,AAAA"', video)
    results = []
    for body in (video, broken):
        page = browser.new_page(PageRecord(path="about:blank"))
        try:
            page.set_content(f"<html><body><article>{body}</article></body></html>")
            results.append(check_animation(page, 0, timeout_ms=3000)["advanced"])
        finally:
            page.close()
    assert results == [True, False]


def test_each_edition_has_a_sitemap_and_the_site_an_index_of_them():
    site = f"https://{REPO_OWNER.lower()}.github.io/{REPO_NAME}/"
    for lang in LANGS:
        sitemap = (SITE / lang / "sitemap.xml").read_text(encoding="utf-8")
        for doc in edition_docs(lang):
            assert f"<loc>{site}{lang}/{doc}.html</loc>" in sitemap, f"{lang}/sitemap.xml lacks {doc}"
        assert "search.html" not in sitemap
    index = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"<loc>{site}{lang}/sitemap.xml</loc>" in index for lang in LANGS)
    assert f"Sitemap: {site}sitemap.xml" in (SITE / "robots.txt").read_text(encoding="utf-8")


def test_opengraph_tags_come_from_sphinxext_opengraph():
    for page in chapter_pages():
        html = (SITE / page).read_text(encoding="utf-8")
        lang = edition_of(page)
        assert (
            f'<meta property="og:url" content="https://{REPO_OWNER.lower()}.github.io/{REPO_NAME}/{page}" />' in html
        ), page
        assert f'<meta property="og:locale" content="{ {"ko": "ko_KR", "en": "en_US"}[lang] }" />' in html, page
        assert re.search(r'<meta property="og:description" content="[^"]{40,}"', html), page


@pytest.mark.parametrize("lang", LANGS)
def test_each_edition_has_a_404_page_in_its_language_and_style(lang):
    """sphinx-notfound-page: the edition's 404.html in its language, its assets linked from the
    edition's absolute path (a missing page can be at any depth)."""
    page = (SITE / lang / "404.html").read_text(encoding="utf-8")
    edition = urlparse(site_url()).path + f"{lang}/"
    assert f'<html lang="{lang}"' in page
    heading = {"ko": "<h1>페이지를 찾을 수 없습니다</h1>", "en": "<h1>Page not found</h1>"}[lang]
    assert heading in page
    stylesheets = re.findall(r'<link rel="stylesheet"[^>]*href="([^"]+)"', page)
    assert stylesheets and all(href.startswith(edition) for href in stylesheets), stylesheets
    assert 'class="bd-sidebar-primary' in page, "the edition's own layout, with its contents"


def test_the_site_404_page_names_both_editions_from_any_depth():
    """GitHub Pages serves the site's root 404.html for every missing address."""
    page = (SITE / "404.html").read_text(encoding="utf-8")
    assert f'<base href="{site_url()}">' in page  # its relative links work at any depth
    assert "페이지를 찾을 수 없습니다" in page and "Page not found" in page
    for lang in LANGS:
        assert f'href="{lang}/index/{lang}.html"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_says_when_it_last_changed_and_links_its_source_for_editing(lang):
    words = {"ko": "마지막 수정:", "en": "Last updated on"}[lang]
    for doc in edition_docs(lang):
        if not doc.startswith("chapters/"):
            continue
        page = (SITE / lang / f"{doc}.html").read_text(encoding="utf-8")
        assert re.search(rf"{words} \S", page), f"{doc}: no last-updated date"
        edit = f"https://github.com/{REPO_OWNER}/{REPO_NAME}/edit/{REPO_BRANCH}/{doc}.ipynb"
        assert f'href="{edit}"' in page, f"{doc}: no edit link to {edit}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_shows_open_in_colab_and_download_as_words(lang):
    """Not only behind the header's icon menus: visible links, in the page's language."""
    words = {"ko": ("Colab에서 열기", "노트북 내려받기"), "en": ("Open in Colab", "Download notebook")}[lang]
    for doc in edition_docs(lang):
        if not doc.startswith("chapters/"):
            continue
        page = (SITE / lang / f"{doc}.html").read_text(encoding="utf-8")
        links = re.search(r'<p class="stbda-notebook-links">(.*?)</p>', page, flags=re.S)
        assert links, f"{doc}: no visible notebook links"
        colab = f"{COLAB}/{REPO_OWNER}/{REPO_NAME}/blob/{REPO_BRANCH}/{doc}.ipynb"
        download = "../" * doc.count("/") + f"_sources/{doc}.ipynb"
        assert f'<a href="{colab}">{words[0]}</a>' in links.group(1)
        assert f'<a href="{download}" download>{words[1]}</a>' in links.group(1)
        assert (SITE / lang / "_sources" / f"{doc}.ipynb").exists()


def prose_of(doc: str) -> str:
    """The markdown a page is written in (a notebook's markdown cells, or the .md file)."""
    source = ROOT / f"{doc}.ipynb"
    if source.exists():
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return (ROOT / f"{doc}.md").read_text(encoding="utf-8")


#: Two-syllable queries a Korean reader types, each the start, middle or end of compounds.
PART_QUERIES = ["경사", "하강", "은닉", "가중", "손실", "곡면"]


@pytest.mark.parametrize("query", PART_QUERIES)
def test_a_two_syllable_korean_query_finds_every_page_with_a_compound_containing_it(browser, served_site, query):
    expected = {f"ko/{doc}.html" for doc in edition_docs("ko") if query in prose_of(doc)}
    assert expected, f"no Korean page uses {query!r}: choose another query"
    hits, record = run_search(browser, served_site, "ko", query)
    assert not record.console_errors, record.console_errors
    missing = expected - {path for path, _ in hits}
    assert not missing, f"searching {query!r} missed {sorted(missing)}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_result_says_so_without_categories(browser, served_site, lang):
    page = browser.new_page(PageRecord(path=f"{lang}/search.html"))
    try:
        page.goto(f"{served_site.url}{lang}/search.html?q=zzqxjv")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && s.textContent.trim().length > 0; }",
            timeout=15000,
        )
        text = page.inner_text("#search-results .search-summary")
    finally:
        page.close()
    assert "categor" not in text and "카테고리" not in text, text
    assert {"ko": "일치하는 쪽이 없습니다", "en": "No page matches"}[lang] in text
