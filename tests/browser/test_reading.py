"""What a reader sees of formulas, outputs, diagrams and tables, and what a page prints (issue 20).

Browser tests (Debian's chromium, like ``test_site.py``; marked ``browser``, they need a
fresh build). Every request to another host is aborted, so each test also shows that the
page needs none. Desktop 1280×800 and phone 390×844, both editions; formulas in light and
dark colours.

* Formulas are typeset (KaTeX, at build time): no raw TeX, no KaTeX error, KaTeX's fonts
  from the site, the formula in the text's colour; no formula is a Tab stop.
* On a phone a display formula wider than the column scrolls inside its own box with an
  edge cue and can be scrolled to its end; so do tables (the reproducibility page);
  diagram text is at least :data:`MIN_DIAGRAM_TEXT_PX` high.
* Keras' ``summary()`` reads as one box.
* A printed chapter shows no "click to hide/show"; a printed animation is its poster (the last
  frame) without the player's controls.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urljoin

import pytest
from site_audit import SiteServer

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LANGS = ("ko", "en")
CHAPTER4 = "{lang}/chapters/04-logistic-regression/{lang}.html"

#: Smallest diagram text on a phone, in CSS px: Lighthouse's "legible font sizes" audit counts
#: text under 12 px as too small to read on a phone.
MIN_DIAGRAM_TEXT_PX = 12

#: The toggle hints of sphinx-togglebutton, which mean nothing on paper.
TOGGLE_HINTS = ("숨기려면 클릭", "표시하려면 클릭", "Click to hide", "Click to show")

pytestmark = pytest.mark.browser  # needs the built site (tests/conftest.py skips without one)


def chapter_pages(lang: str) -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.glob(f"{lang}/chapters/*/{lang}.html"))


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site in {SITE}: run bash tools/test.sh (it builds the book first)")
    with SiteServer(SITE) as server:
        yield server.url


@pytest.fixture
def open_page(chromium, site_url):
    """``open_page(path, size, scheme)``: the page loaded offline (other hosts aborted)."""
    contexts = []

    def open_(path: str, size: str = "desktop", scheme: str = "light"):
        phone = size == "phone"
        context = chromium.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
        page.goto(urljoin(site_url, path))
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()


# --------------------------------------------------------------------------- formulas

_MATH_STATE = r"""async () => {
  const maths = [...document.querySelectorAll(".math")];
  maths[0].scrollIntoView();
  await document.fonts.ready;
  const html = (m) => m.querySelector(".katex-html");
  return {
    count: maths.length,
    // (formulas inside a collapsed solution have no box at all)
    untypeset: maths.filter((m) => !html(m) || (m.getClientRects().length && !html(m).getBoundingClientRect().width)).length,
    rawTex: maths.filter((m) => html(m) && /\\[a-zA-Z]+|\\\(|\$\$/.test(html(m).textContent)).length,
    errors: document.querySelectorAll(".katex-error").length,
    katexFonts: [...document.fonts].filter((f) => f.family.startsWith("KaTeX") && f.status === "loaded").length,
    // KaTeX draws in the colour of the text around it (light and dark themes)
    offColour: maths.filter((m) => getComputedStyle(m.querySelector(".katex") || m).color !== getComputedStyle(m.parentElement).color).length,
    focusable: maths.flatMap((m) => [...m.querySelectorAll("*")]).filter((e) => e.tabIndex >= 0).length,
    theme: document.documentElement.dataset.theme,
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_formulas_are_typeset_offline_in_the_text_colour_and_are_not_tab_stops(open_page, lang, size, scheme):
    state = open_page(CHAPTER4.format(lang=lang), size, scheme).evaluate(_MATH_STATE)
    assert state["theme"] == scheme
    assert state["count"] >= 50, state  # chapter 4 has about 65 formulas
    assert state["untypeset"] == state["rawTex"] == state["errors"] == 0, state
    assert state["katexFonts"] >= 1, f"KaTeX's fonts did not load from the site: {state}"
    assert state["offColour"] == 0, state
    assert state["focusable"] == 0, state


_TAB_STOP = """() => { const e = document.activeElement;
  if (!e || e === document.body) return null;
  // a formula wider than its box scrolls, and the browser lets the keyboard reach that scroller
  const scroller = e.matches(".katex-html") && e.scrollWidth > e.clientWidth;
  return {inMath: !!e.closest(".math") && !scroller, scroller, key: e.outerHTML.slice(0, 120)}; }"""


def test_tab_walks_korean_chapter_4_without_stopping_on_a_formula(open_page):
    """Pressing Tab through the whole page: no stop is inside a formula (MathJax made 113 of 245 stops)
    except the scroll box of a formula wider than the column, which the keyboard must reach."""
    page = open_page(CHAPTER4.format(lang="ko"))
    stops: list[dict] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(_TAB_STOP)
        if stop is None:
            continue
        if stops and stop["key"] == stops[0]["key"]:
            break  # round the page once
        stops.append(stop)
    assert 20 < len(stops) < 200, len(stops)
    assert not [s for s in stops if s["inMath"]]
    assert len([s for s in stops if s["scroller"]]) <= 2, stops


_WIDE_FORMULA = """(copies) => {
  // a real display formula made wider than the phone's column: its glyph runs repeated
  const display = document.querySelector(".katex-display");
  const html = display.querySelector(".katex-html");
  const runs = [...html.children];
  for (let i = 0; i < copies; i++) runs.forEach((r) => html.appendChild(r.cloneNode(true)));
  const column = document.querySelector("article").getBoundingClientRect();
  const box = html.getBoundingClientRect();
  html.scrollLeft = html.scrollWidth;
  const last = html.lastElementChild.getBoundingClientRect();
  return {
    wider: html.scrollWidth > html.clientWidth, overflowX: getComputedStyle(html).overflowX,
    cue: getComputedStyle(html).backgroundImage.includes("gradient"),
    insideColumn: box.left >= column.left - 1 && box.right <= column.right + 1,
    lastReached: last.right <= box.right + 1 && last.left >= box.left - 1,
    pageWidth: document.documentElement.scrollWidth,
  };
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_a_wide_display_formula_scrolls_in_its_box_with_a_cue_on_a_phone(open_page, lang):
    page = open_page(CHAPTER4.format(lang=lang), "phone")
    state = page.evaluate(_WIDE_FORMULA, 6)
    assert state["wider"] and state["overflowX"] in ("auto", "scroll"), state
    assert state["cue"] and state["insideColumn"] and state["lastReached"], state
    assert state["pageWidth"] <= SIZES["phone"]["width"], state


# --------------------------------------------------------------------------- tables and diagrams

_TABLES = """() => [...document.querySelectorAll("article .pst-scrollable-table-container")].map((box) => {
  const r = box.getBoundingClientRect();
  box.scrollLeft = box.scrollWidth;
  const cells = box.querySelectorAll("tr:first-child > *");
  const last = cells[cells.length - 1].getBoundingClientRect();
  return {wider: box.scrollWidth > box.clientWidth + 1, overflowX: getComputedStyle(box).overflowX,
          cue: getComputedStyle(box).backgroundImage.includes("gradient"), right: r.right,
          lastReached: last.right <= r.right + 1};
})"""


@pytest.mark.parametrize("lang", LANGS)
def test_reproducibility_tables_scroll_to_their_last_column_on_a_phone(open_page, lang):
    page = open_page(f"{lang}/reproducibility/{lang}.html", "phone")
    tables = page.evaluate(_TABLES)
    assert tables, "the reproducibility page has tables"
    for table in tables:
        assert table["right"] <= SIZES["phone"]["width"], table
        assert table["lastReached"], table
        if table["wider"]:
            assert table["overflowX"] in ("auto", "scroll") and table["cue"], table
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]


_DIAGRAMS = """() => [...document.querySelectorAll("figure.stbda-diagram")].map((figure) => {
  const svg = figure.querySelector("svg");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll("text")].map((t) => parseFloat(t.getAttribute("font-size") || "14"));
  const r = figure.getBoundingClientRect();
  return {label: figure.getAttribute("aria-label"), smallest: Math.min(...sizes) * scale, right: r.right,
          scrolls: figure.scrollWidth <= figure.clientWidth + 1 || getComputedStyle(figure).overflowX === "auto",
          cue: getComputedStyle(figure).backgroundImage.includes("gradient")};
})"""


@pytest.mark.parametrize("lang", LANGS)
def test_diagram_text_is_readable_on_a_phone(open_page, lang):
    diagrams = []
    for path in chapter_pages(lang):
        diagrams += open_page(path, "phone").evaluate(_DIAGRAMS)
    assert len(diagrams) >= 5, "chapters 1-4 draw six diagrams"
    for diagram in diagrams:
        assert diagram["smallest"] >= MIN_DIAGRAM_TEXT_PX, diagram
        assert diagram["right"] <= SIZES["phone"]["width"] and diagram["scrolls"] and diagram["cue"], diagram


# --------------------------------------------------------------------------- outputs and print


@pytest.mark.parametrize("lang", LANGS)
def test_keras_summary_is_one_box(open_page, lang):
    """No stripe of the page's background between the parts Keras writes (title, table, totals)."""
    from PIL import Image

    page = open_page(f"{lang}/chapters/02-relu-networks/{lang}.html")
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((i) => { i.loading = 'eager'; })")
    page.wait_for_load_state("networkidle")  # every figure above has its height: nothing moves
    output = page.locator(".cell_output", has_text="Total params").first
    assert output.locator(".output").count() == 5, "Keras writes the summary in five outputs"
    image = Image.open(io.BytesIO(output.screenshot())).convert("RGB")
    # the outputs' left edge, where a rounded corner of each part showed the page's white
    x = output.evaluate(
        "(o) => o.querySelector('.output').getBoundingClientRect().left - o.getBoundingClientRect().left"
    )
    column = [image.getpixel((round(x), y)) for y in range(image.height)]
    inside = [y for y, c in enumerate(column) if sum(c) < 745]  # not (nearly) the page's white
    assert inside, "the summary has a background"
    notches = [y for y in range(inside[0] + 4, inside[-1] - 4) if sum(column[y]) >= 745]
    assert not notches, f"the summary is split into boxes at y={notches}"


def _printed_text(page) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)


@pytest.mark.parametrize("lang", LANGS)
def test_a_printed_chapter_shows_no_toggle_hints(open_page, lang):
    for path in chapter_pages(lang):
        page = open_page(path)
        text = _printed_text(page)
        assert len(text) > 2000, path
        assert not [hint for hint in TOGGLE_HINTS if hint in text], path


def _bottom_difference(shot: bytes, poster_uri: str) -> float:
    """Mean difference (0-255) between the bottom fifth of a video's screenshot and of its poster,
    where the browser draws the player's controls."""
    import base64

    from PIL import Image, ImageChops, ImageStat

    seen = Image.open(io.BytesIO(shot)).convert("RGB")
    poster = Image.open(io.BytesIO(base64.b64decode(poster_uri.split(",", 1)[1]))).convert("RGB").resize(seen.size)
    box = (0, seen.height * 4 // 5, seen.width, seen.height)
    return sum(ImageStat.Stat(ImageChops.difference(seen.crop(box), poster.crop(box))).mean) / 3


@pytest.mark.parametrize("lang", LANGS)
def test_a_printed_animation_is_its_poster_without_controls(open_page, lang):
    """On screen the video shows its controls over the poster; printed, the poster alone."""
    page = open_page(CHAPTER4.format(lang=lang))
    video = page.locator("article video").first
    video.scroll_into_view_if_needed()
    poster = video.get_attribute("poster")
    on_screen = _bottom_difference(video.screenshot(), poster)
    page.emulate_media(media="print")
    printed = _bottom_difference(video.screenshot(), poster)
    # (controls differ by about 130; the poster scaled to the video's box by under 10)
    assert on_screen > 40 and printed < 20, (on_screen, printed)
