"""The built site on a phone (390×844) and on a slow network: issue 12.

Browser tests (Debian's chromium through Playwright, like ``test_site.py``; marked
``browser``: they need a fresh build, as ``bash tools/test.sh`` provides):

* on every chapter page the menu drawer and the in-page contents open when their
  buttons are tapped and show links that were hidden before;
* everything fits the phone's column: the article does not scroll sideways, no element
  sticks out of the column (content that scrolls inside its own box, such as an output
  table, counts as fitting), code keeps its lines and scrolls with an edge cue, the animation
  videos (with their controls, names and proportions) and the previous/next links fit;
* on a desktop there is one search field, and no header strip above the page;
* the icons come from the cut Font Awesome fonts (the theme's full fonts are never
  fetched, on a phone with the drawers open or on a desktop);
* each animation video shows its poster and loads nothing before it is played, and a first
  load of every chapter page stays under :data:`FIRST_LOAD_LIMIT` bytes.

Chapter pages are found by globbing ``_build/html`` (``chapters/*/*.html`` at any depth),
so the tests hold for one build of both languages and for one build per language
(``_build/html/ko/chapters/...``). The unit tests at the end check ``_ext/stbda_speed.py``
without a build.
"""

from __future__ import annotations

import doctest
import gzip
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from site_audit import SiteServer

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "_ext"))

import stbda_speed  # noqa: E402

PHONE = {"width": 390, "height": 844}

#: The theme's full Font Awesome fonts: never needed when the cut ones hold every icon shown.
FULL_ICON_FONTS = "/vendor/fontawesome/webfonts/"
DESKTOP = {"width": 1280, "height": 900}

#: Bytes a first load of a chapter page may fetch from the site, text counted gzip-compressed as
#: GitHub Pages sends it: issue 12 asks for at most 1.5 MB transferred on chapter 4.
FIRST_LOAD_LIMIT = 1_500_000
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")

browser_only = pytest.mark.browser  # needs the built site (tests/conftest.py skips without one)


def chapter_pages(site: Path = SITE) -> list[str]:
    """Every chapter page under ``site``, relative to it (any language layout)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.glob("**/chapters/*/*.html")
        if not p.relative_to(site).as_posix().startswith("_")
    )


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site in {SITE}: run bash tools/test.sh (it builds the book first)")
    if not chapter_pages():
        pytest.fail(f"no chapter page (chapters/*/*.html) under {SITE}")
    with SiteServer(SITE) as server:
        yield server.url


class Visit:
    """One page in a fresh browser context; records console errors and requests."""

    def __init__(self, chromium, site_url: str, path: str, viewport: dict):
        self.context = chromium.new_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.local_bytes = 0
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfinished", self._count)
        self.page.route("**/*", self._route)
        self.site_url = site_url
        self.page.goto(urljoin(site_url, path), wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        # offline: the site needs no other host (math is typeset at build time)
        if route.request.url.startswith(self.site_url):
            return route.continue_()
        return route.abort()

    def _count(self, request):
        if request.url.startswith(self.site_url):
            # as transferred from GitHub Pages, which sends text gzip-compressed (as bench/lighthouse.py)
            response = request.response()
            body = response.body() if response is not None else b""
            text = response is not None and response.headers.get("content-type", "").startswith(GZIP_TYPES)
            self.local_bytes += len(gzip.compress(body) if text else body) + request.sizes()["responseHeadersSize"]

    def close(self):
        self.context.close()


# --------------------------------------------------------------------------- navigation

_VISIBLE_LINKS = """(selector) => [...document.querySelectorAll(selector + ' a[href]')]
  .filter(a => { const r = a.getBoundingClientRect(); const s = getComputedStyle(a);
                 return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
                        && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; })
  .map(a => a.getAttribute('href'))"""

#: (name, button, the drawer that opens, where its links are)
DRAWERS = [
    ("menu", "button.primary-toggle", "#pst-primary-sidebar-modal", "#pst-primary-sidebar-modal"),
    ("contents", "button.secondary-toggle", "#pst-secondary-sidebar-modal", "#pst-secondary-sidebar-modal"),
]


def open_drawer(page, button: str, dialog: str, links: str) -> dict:
    """Tap the visible ``button``; which links of ``links`` became visible?"""
    before = set(page.evaluate(_VISIBLE_LINKS, "body"))
    visible = [b for b in page.locator(button).all() if b.is_visible()]
    if not visible:
        return {"error": f"no visible {button}"}
    visible[0].tap()
    try:
        page.wait_for_selector(f"{dialog}[open]", timeout=3000)
        page.wait_for_timeout(300)  # the drawer slides in
    except Exception:
        return {"error": f"{dialog} did not open after tapping {button}"}
    shown = page.evaluate(_VISIBLE_LINKS, links)
    new = [href for href in shown if href not in before]
    page.keyboard.press("Escape")
    return {"error": None if new else f"{dialog} opened but shows no link that was hidden before", "new": new}


@browser_only
def test_phone_drawers_open_on_every_chapter_page(chromium, site_url):
    """The menu and the in-page contents open at 390×844 and show hidden links."""
    failures = {}
    opened = 0
    for path in chapter_pages():
        visit = Visit(chromium, site_url, path, PHONE)
        try:
            for name, button, dialog, links in DRAWERS:
                result = open_drawer(visit.page, button, dialog, links)
                if result["error"]:
                    failures[f"{path} {name}"] = result["error"]
                else:
                    opened += 1
                    if name == "menu":  # the book's other chapters are listed
                        assert any("chapters/" in h or h.endswith(".html") for h in result["new"]), result["new"]
            full_fonts = [u for u in visit.requests if FULL_ICON_FONTS in u]
            if full_fonts:  # an icon shown is missing from the cut fonts (_ext/stbda_speed.py)
                failures[f"{path} icons"] = full_fonts
        finally:
            visit.close()
    assert not failures, failures
    assert opened == 2 * len(chapter_pages())


# --------------------------------------------------------------------------- phone layout

_LAYOUT = """() => {
  const article = document.querySelector('article.bd-article');
  const box = article.getBoundingClientRect();
  const cs = getComputedStyle(article);
  const left = box.left + parseFloat(cs.paddingLeft), right = box.right - parseFloat(cs.paddingRight);
  const clips = (e) => { const o = getComputedStyle(e).overflowX; return o !== 'visible'; };
  const insideClip = (e) => { for (let p = e.parentElement; p && p !== article; p = p.parentElement) if (clips(p)) return true; return false; };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const sticking = [...article.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > right + 1 || r.left < left - 1) && !insideClip(e);
  });
  const outermost = sticking.filter(e => !sticking.includes(e.parentElement));
  const fits = (e) => { const r = e.getBoundingClientRect(); return r.left >= left - 1 && r.right <= right + 1; };
  return {
    column: Math.round(right - left),
    article: [article.scrollWidth, article.clientWidth],
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    sticking: outermost.slice(0, 8).map(e => name(e) + ' ' + Math.round(e.getBoundingClientRect().width) + 'px'),
    // a code block that wraps its lines, or scrolls sideways without the edge shadow as a cue
    wrapping_code: [...article.querySelectorAll('div[class*="highlight-"] pre')]
      .filter(p => { const s = getComputedStyle(p);
        return s.whiteSpace !== 'pre' || s.overflowX !== 'auto'
          || (p.scrollWidth > p.clientWidth + 1 && (s.backgroundImage.match(/radial-gradient/g) || []).length !== 2); })
      .map(p => p.textContent.split('\\n')[0].slice(0, 60)),
    players: [...article.querySelectorAll('video')].map(v => ({width: Math.round(v.getBoundingClientRect().width),
      fits: fits(v), controls: v.controls, label: v.getAttribute('aria-label') || '',
      // the poster (the last frame) at the video's proportions: not squeezed by the narrow column
      ratio: Math.abs(v.getBoundingClientRect().width / v.getBoundingClientRect().height - v.width / v.height) < 0.02})),
    prev_next: [...document.querySelectorAll('.prev-next-area a')].map(a => ({
      href: a.getAttribute('href'), fits: fits(a), clipped: a.scrollWidth > a.clientWidth + 1})),
  };
}"""


@pytest.fixture(scope="module")
def phone_layouts(chromium, site_url):
    layouts = {}
    for path in chapter_pages():
        visit = Visit(chromium, site_url, path, PHONE)
        try:
            layouts[path] = visit.page.evaluate(_LAYOUT)
            layouts[path]["errors"] = visit.errors
        finally:
            visit.close()
    return layouts


@browser_only
def test_phone_column_is_358px(phone_layouts):
    assert {layout["column"] for layout in phone_layouts.values()} == {358}


@browser_only
def test_nothing_scrolls_sideways_on_a_phone(phone_layouts):
    bad = {
        p: (layout["article"], layout["page"])
        for p, layout in phone_layouts.items()
        if layout["article"][0] > layout["article"][1] or layout["page"][0] > layout["page"][1]
    }
    assert not bad, "scrollWidth > clientWidth (article, page)"


@browser_only
def test_no_element_wider_than_the_column(phone_layouts):
    bad = {p: layout["sticking"] for p, layout in phone_layouts.items() if layout["sticking"]}
    assert not bad


@browser_only
def test_code_keeps_its_lines_and_scrolls_with_a_cue(phone_layouts):
    """Wrapped Python misleads (a continued line starts at column 0): lines stay whole, and a
    block wider than the column scrolls inside its box with a shadow at the edge."""
    bad = {p: layout["wrapping_code"] for p, layout in phone_layouts.items() if layout["wrapping_code"]}
    assert not bad


@browser_only
def test_animation_players_fit_the_column(phone_layouts):
    players = [(p, player) for p, layout in phone_layouts.items() for player in layout["players"]]
    assert len(players) >= 3, "chapter 4 has animation players"
    bad = [
        (p, player)
        for p, player in players
        if not (player["fits"] and player["controls"] and player["label"] and player["ratio"])
    ]
    assert not bad


@browser_only
def test_previous_and_next_links_fit_the_column(phone_layouts):
    links = [(p, link) for p, layout in phone_layouts.items() for link in layout["prev_next"]]
    assert links
    bad = [(p, link) for p, link in links if not link["fits"] or link["clipped"]]
    assert not bad


@browser_only
def test_no_console_errors_on_a_phone(phone_layouts):
    bad = {p: layout["errors"] for p, layout in phone_layouts.items() if layout["errors"]}
    assert not bad


# --------------------------------------------------------------------------- desktop

_SEARCH_FIELDS = """() => [...document.querySelectorAll('form.bd-search, .search-button-field, input[type=search]')]
  .filter(e => !e.closest('dialog') && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
  .map(e => e.className)"""


@browser_only
def test_one_search_field_and_no_header_strip_on_a_desktop(chromium, site_url):
    # each edition's root page and two chapters (the landing page, index.html, links the two
    # editions and has no search of its own)
    roots = sorted(p.relative_to(SITE).as_posix() for p in SITE.glob("*/index/*.html"))
    for path in [*roots, *chapter_pages()[:2]]:
        visit = Visit(chromium, site_url, path, DESKTOP)
        try:
            visit.page.mouse.wheel(0, 3000)
            visit.page.wait_for_load_state("networkidle")
            fields = visit.page.evaluate(_SEARCH_FIELDS)
            full_fonts = [u for u in visit.requests if FULL_ICON_FONTS in u]
            cut_fonts = [u for u in visit.requests if "/_static/stbda-icons/" in u]
            header = visit.page.evaluate(
                "() => { const h = document.querySelector('header.bd-header');"
                " return h ? h.getBoundingClientRect().height : 0; }"
            )
        finally:
            visit.close()
        assert len(fields) == 1, f"{path}: visible search fields {fields}"
        assert cut_fonts and not full_fonts, f"{path}: icon fonts {cut_fonts} {full_fonts}"
        assert header == 0, f"{path}: a {header}px header strip above the page"


# --------------------------------------------------------------------------- loading


@browser_only
def test_animation_posters_show_before_play_and_the_video_waits(chromium, site_url):
    """Each video shows its poster (the last frame, a PNG in the page) and fetches nothing before play."""
    pages = [p for p in chapter_pages() if "<video" in (SITE / p).read_text(encoding="utf-8")]
    assert pages, "chapter 4 has animation videos"
    for path in pages:
        visit = Visit(chromium, site_url, path, PHONE)
        try:
            posters = visit.page.evaluate(
                """() => Promise.all([...document.querySelectorAll('article video')].map(async (v) => {
                  const image = new Image(); image.src = v.poster; await image.decode();
                  return {preload: v.preload, state: v.readyState, width: image.naturalWidth};
                }))"""
            )
            assert posters and all(p["width"] > 0 and p["preload"] == "none" and p["state"] == 0 for p in posters), (
                posters
            )
            assert not visit.errors, visit.errors
        finally:
            visit.close()


@browser_only
def test_first_load_of_every_chapter_page_is_small(chromium, site_url):
    heavy = {}
    for path in chapter_pages():
        visit = Visit(chromium, site_url, path, PHONE)
        try:
            if visit.local_bytes > FIRST_LOAD_LIMIT:
                heavy[path] = visit.local_bytes
        finally:
            visit.close()
    assert not heavy, f"bytes on first load above {FIRST_LOAD_LIMIT}"


def reading_pages(site: Path = SITE) -> list[Path]:
    """Every built page a reader reads (not the search page, index or Sphinx's own files)."""
    skip = {"_static", "_sources", "_images"}
    return [
        p
        for p in sorted(site.rglob("*.html"))
        if not skip & set(p.relative_to(site).parts) and p.name not in ("search.html", "genindex.html")
    ]


@browser_only
def test_no_page_loads_mathjax_and_only_pages_with_math_load_katex():
    pages = reading_pages()
    with_math = [p for p in pages if 'class="katex' in p.read_text(encoding="utf-8")]
    assert with_math and len(with_math) < len(pages), "math on some pages (the chapters), not all (the landing page)"
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "mathjax" not in html.lower().replace("mathjax_ignore", ""), path
        assert ("katex.min.css" in html) == (path in with_math), path


@browser_only
def test_reading_pages_load_no_icon_script_no_search_index_no_blocking_script_nothing_from_another_host():
    for path in reading_pages():
        html = path.read_text(encoding="utf-8")
        assert "fontawesome.js" not in html, path
        assert "searchindex.js" not in html, path
        blocking = re.findall(r'<script src="([^"]+)"></script>', html)
        assert all("documentation_options.js" in src for src in blocking), f"{path}: render-blocking {blocking}"
        scripts = re.findall(r'<script[^>]+src="https?://[^"]+"', html)
        styles = re.findall(r'<link[^>]+rel="(?:stylesheet|preload)"[^>]+href="https?://[^"]+"', html)
        assert not scripts + styles, path


# --------------------------------------------------------------------------- the extension, without a build


def test_stbda_speed_doctests():
    result = doctest.testmod(stbda_speed)
    assert result.attempted >= 10 and result.failed == 0


# --------------------------------------------------------------------------- reading and keyboard (issue 22)

_TEXT_STYLE = """() => [...document.querySelectorAll('article.bd-article p, .bd-sidebar-primary a')]
  .slice(0, 40).map(e => { const s = getComputedStyle(e); return [s.wordBreak, s.overflowWrap, s.fontFamily]; })"""


@browser_only
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_korean_text_breaks_between_words_in_a_korean_font(chromium, site_url, lang, size):
    """Korean breaks lines between words (keep-all), never 신경/망; English keeps the usual rules."""
    page = chromium.new_page(viewport=size)
    try:
        page.goto(f"{site_url}{lang}/chapters/02-relu-networks/{lang}.html")
        styles = page.evaluate(_TEXT_STYLE)
    finally:
        page.close()
    assert len(styles) >= 10
    for word_break, overflow_wrap, font in styles:
        if lang == "ko":
            assert word_break == "keep-all" and overflow_wrap in ("anywhere", "break-word")  # long words still fit
            assert font.index("Noto Sans CJK KR") < font.index("Arial"), font  # Korean fonts before Latin ones
        else:
            assert word_break == "normal"


_FOCUS = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return [e.outerHTML.slice(0, 80), !!e.closest('.bd-header, .bd-header-article'), s.outlineStyle, parseFloat(s.outlineWidth)]; }"""


@browser_only
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_every_header_control_shows_keyboard_focus(chromium, site_url, lang, size):
    """Tabbing through the page header: each control it reaches draws a visible focus ring."""
    page = chromium.new_page(viewport=size)
    seen, invisible = 0, []
    try:
        page.goto(f"{site_url}{lang}/chapters/04-logistic-regression/{lang}.html")
        for _ in range(25):
            page.keyboard.press("Tab")
            html, in_header, style, width = page.evaluate(_FOCUS)
            if in_header:
                seen += 1
                if style == "none" or width < 2:
                    invisible.append(html)
    finally:
        page.close()
    assert seen >= 4, "the header's controls are reachable with Tab"
    assert not invisible, invisible


@browser_only
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_picking_a_section_in_the_phone_contents_drawer_closes_it(chromium, site_url, lang):
    """The drawer must not stay over the text the reader asked to see."""
    visit = Visit(chromium, site_url, f"{lang}/chapters/04-logistic-regression/{lang}.html", PHONE)
    try:
        page = visit.page
        page.locator("button.secondary-toggle").first.tap()
        page.wait_for_selector("#pst-secondary-sidebar-modal[open]", timeout=3000)
        page.wait_for_timeout(300)
        links = [a for a in page.locator("#pst-secondary-sidebar-modal a[href^='#']").all() if a.is_visible()]
        assert len(links) >= 3
        target = links[2].get_attribute("href")
        links[2].tap()
        page.wait_for_timeout(500)
        assert not page.evaluate("document.querySelector('#pst-secondary-sidebar-modal').open")
        assert page.evaluate("location.hash") == target
        # figures above the section load lazily; the page keeps the section in view meanwhile
        settled = f"Math.abs(document.getElementById({target[1:]!r}).getBoundingClientRect().top) < 300"
        page.wait_for_function(f"() => {settled}", timeout=10000)
    finally:
        visit.close()


@browser_only
@pytest.mark.parametrize("lang,other", [("ko", "en"), ("en", "ko")])
def test_the_language_switch_keeps_the_section_and_the_search_query(chromium, site_url, lang, other):
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{site_url}{lang}/chapters/02-relu-networks/{lang}.html#ch2-summary")
        with page.expect_navigation():
            page.click("a.stbda-lang-link")
        assert page.url.endswith(f"{other}/chapters/02-relu-networks/{other}.html#ch2-summary"), page.url
        # the browser keeps the section in view while figures above it load
        page.wait_for_function(
            "() => Math.abs(document.getElementById('ch2-summary').getBoundingClientRect().top) < 200"
        )
        assert page.evaluate("scrollY") > 1000, "the other edition opens at the same section"

        page.goto(f"{site_url}{lang}/search.html?q=ReLU")
        with page.expect_navigation():
            page.click("a.stbda-lang-link")
        assert page.url.endswith(f"{other}/search.html?q=ReLU"), page.url
    finally:
        page.close()
