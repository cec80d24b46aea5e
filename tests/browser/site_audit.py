"""Open every page of the built book in Debian's chromium and record what a reader meets.

Used by ``test_site.py``: one :class:`SiteAudit` visits each page once and keeps,
per page, the console errors, failed local requests, axe-core violations,
images, inline SVG diagrams, animation videos (played), links and screenshots.
The tests then assert on these records, so a failure names every page at fault.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

#: Flags that keep chromium quiet and offline-friendly (no update checks, no QUIC).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: axe-core impacts that fail the tests.
BLOCKING_IMPACTS = ("serious", "critical")

#: Content types for requests to other hosts, answered with an empty body
#: (the site is tested offline; MathJax and matplotlib's icon font live on CDNs).
STUB_TYPES = {".js": "application/javascript", ".css": "text/css"}


def chromium_path() -> str | None:
    """Debian's chromium (or ``$STBDA_CHROMIUM``), never a browser downloaded by Playwright."""
    candidates = [os.environ.get("STBDA_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.path.exists(c)), None)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class SiteServer:
    """``directory`` served over HTTP on 127.0.0.1 at a free port, in a thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class PageRecord:
    """What one page showed in the browser."""

    path: str  # relative to the site root, e.g. "ko/chapters/01-piecewise-regression/ko.html"
    lang: str = ""
    title: str = ""
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)  # axe: id, impact, help, nodes
    images: list[dict] = field(default_factory=list)  # src, alt (None when missing), generic
    diagrams: list[dict] = field(default_factory=list)  # label, inline_svg, nodes
    animations: list[dict] = field(default_factory=list)  # index, label, poster, advanced (see check_animation)
    lang_switch: str | None = None  # absolute URL of the counterpart
    colab: list[str] = field(default_factory=list)  # Colab launch links
    prev_next: list[str] = field(default_factory=list)  # absolute URLs of rel=prev/next
    alternates: dict = field(default_factory=dict)  # hreflang -> href of <link rel=alternate>
    copy_buttons: list[str] = field(default_factory=list)  # data-tooltip of each copy button
    interface: list[str] = field(default_factory=list)  # every interface string (see interface_strings)
    foreign: list[dict] = field(default_factory=list)  # interface strings in the other language
    screenshot: str | None = None

    @property
    def blocking_violations(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in BLOCKING_IMPACTS]


_COLLECT_JS = """
() => {
  const abs = (a) => a ? new URL(a, document.baseURI).href : null;
  const q = (s) => [...document.querySelectorAll(s)];
  return {
    lang: document.documentElement.getAttribute("lang") || "",
    title: document.title,
    images: q("img").map(i => ({src: i.getAttribute("src") || "", alt: i.getAttribute("alt"),
                                 generic: i.classList.contains("stbda-alt-generic"),
                                 visible: i.getClientRects().length > 0})),
    diagrams: q("figure.stbda-diagram").map(f => ({label: f.getAttribute("aria-label") || "",
                                                  inline_svg: !!f.querySelector(":scope > svg"),
                                                  nodes: f.querySelectorAll("svg g.node").length})),
    animations: q("article video").length,
    lang_switch: abs(document.querySelector(".stbda-lang-switch a")?.getAttribute("href")),
    colab: q("a[href*='colab.research.google.com']").map(a => a.href),
    prev_next: q("link[rel=prev], link[rel=next], .prev-next-area a").map(a => a.href),
    alternates: Object.fromEntries(q("link[rel=alternate][hreflang]").map(l => [l.hreflang, l.getAttribute("href")])),
    copy_buttons: q("button.copybtn").map(b => b.getAttribute("data-tooltip") || ""),
  };
}
"""

_VIDEO_JS = """
(video) => ({label: video.getAttribute("aria-label") || "", controls: video.controls,
             poster: (video.getAttribute("poster") || "").startsWith("data:image/png;base64,"),
             time: video.currentTime})
"""


def check_animation(page, index: int, timeout_ms: int = 8000) -> dict:
    """Play the ``index``-th animation video of the article (muted, as the page writes it): does it advance?"""
    video = page.locator("article video").nth(index)
    record = {"index": index, **video.evaluate(_VIDEO_JS), "advanced": False, "error": None}
    try:
        video.scroll_into_view_if_needed(timeout=timeout_ms)
        video.evaluate("(v) => { v.play().catch(() => {}); }")  # not awaited: a broken video never settles
        video.evaluate(
            "(v, ms) => new Promise((ok, fail) => { const t = setTimeout(() => fail(new Error('stuck')), ms);"
            " v.addEventListener('timeupdate', () => { if (v.currentTime > 0.2) { clearTimeout(t); ok(); } }); })",
            timeout_ms,
        )
        record["advanced"] = True
        video.evaluate("(v) => v.pause()")
    except Exception as exc:  # the video did not play
        record["error"] = f"{type(exc).__name__}: {str(exc)[:120]}"
    return record


class SiteAudit:
    """A chromium (headless, fresh profile) that visits pages of a served site."""

    def __init__(self, playwright, server_url: str, screenshots: Path, viewport: tuple[int, int] = (1280, 900)):
        self.server_url = server_url
        self.host = urlparse(server_url).netloc
        self.screenshots = screenshots
        self.profile = tempfile.mkdtemp(prefix="stbda-chromium-")
        self.context = playwright.chromium.launch_persistent_context(
            self.profile,
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": viewport[0], "height": viewport[1]},
            locale="ko-KR",
        )
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()

    def close(self) -> None:
        self.context.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def is_local(self, url: str) -> bool:
        parsed = urlparse(url)
        return parsed.scheme in ("http", "https") and parsed.netloc == self.host

    def new_page(self, record: PageRecord):
        page = self.context.new_page()

        def route(r):
            url = r.request.url
            if self.is_local(url) or not url.startswith(("http:", "https:")):
                return r.continue_()
            record.external_requests.append(url)
            suffix = Path(urlparse(url).path).suffix
            return r.fulfill(status=200, body="", content_type=STUB_TYPES.get(suffix, "text/plain"))

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
        page.on("pageerror", lambda e: record.console_errors.append(f"uncaught: {e}"))
        page.on(
            "requestfailed", lambda r: self.is_local(r.url) and record.failed_requests.append(f"{r.url} ({r.failure})")
        )
        page.on(
            "response",
            lambda r: (
                self.is_local(r.url) and r.status >= 400 and record.failed_requests.append(f"{r.url} (HTTP {r.status})")
            ),
        )
        return page

    def visit(self, path: str, screenshot_name: str | None = None, axe: bool = True) -> PageRecord:
        record = PageRecord(path=path)
        page = self.new_page(record)
        try:
            page.goto(urljoin(self.server_url, path), wait_until="load")
            page.wait_for_load_state("networkidle")
            found = page.evaluate(_COLLECT_JS)
            record.lang, record.title = found["lang"], found["title"]
            record.images, record.diagrams = found["images"], found["diagrams"]
            record.lang_switch, record.colab, record.prev_next = (
                found["lang_switch"],
                found["colab"],
                found["prev_next"],
            )
            record.alternates, record.copy_buttons = found["alternates"], found["copy_buttons"]
            record.interface = [i["text"] for i in interface_strings(page, record.lang)]
            record.foreign = foreign_interface(page, record.lang)
            # preload off: axe's CSSOM preload fetches a stylesheet's relative @import
            # against the page, not the stylesheet (a 404 of axe's own, axe-core PR 5269);
            # it only serves the css-orientation-lock rule
            if axe:
                results = self.axe.run(page, options={"resultTypes": ["violations"], "preload": False})
                record.violations = [
                    {
                        "id": v["id"],
                        "impact": v.get("impact"),
                        "help": v["help"],
                        "nodes": [n["target"] for n in v["nodes"]][:5],
                    }
                    for v in results.response["violations"]
                ]
            if screenshot_name:
                self.screenshots.mkdir(parents=True, exist_ok=True)
                shot = self.screenshots / screenshot_name
                page.screenshot(path=str(shot), full_page=True)
                record.screenshot = str(shot)
            if axe:  # the full audit; the phone pass only reads the interface
                record.animations = [check_animation(page, k) for k in range(found["animations"])]
        finally:
            page.close()
        return record


# --------------------------------------------------------------------------- interface language

#: Where a page's interface is, besides everything outside the article: the
#: pieces that themes and extensions put inside it.
INTERFACE_IN_ARTICLE = ", ".join(
    [
        ".copybtn",  # sphinx-copybutton
        ".headerlink",  # Sphinx's heading links
        ".prev-next-area",  # previous / next
        ".stbda-lang-switch",  # the language switch
        ".bd-header-article",  # download, launch, full screen, colour mode, search, contents
        ".toggle-button",
        "button",  # sphinx-togglebutton and any other button
        "p.admonition-title",  # exercise / solution / note titles
        ".stbda-goals > .rubric",  # the learning goals box
    ]
)

#: What the interface check reads on a page (each is listed in the tests' docstring):
#: text of every element outside the article and of INTERFACE_IN_ARTICLE inside it
#: (sidebars, table of contents, search box and dialog, footer, skip link, menus,
#: prev/next, player labels), and these attributes of any element on the page.
INTERFACE_ATTRIBUTES = ("title", "aria-label", "placeholder", "data-tooltip", "alt", "data-content")

_INTERFACE_JS = """
([pageLang, inArticle, attributes]) => {
  const article = document.querySelector("article.bd-article") || document.querySelector("[role=main]");
  const isInterface = (el) => !article || !article.contains(el) || !!el.closest(inArticle);
  const sameLang = (el) => {  // text marked as another language (lang="..") is not the interface's
    const holder = el.closest("[lang]");
    return !holder || holder.getAttribute("lang").split("-")[0] === pageLang;
  };
  const where = (el) => {
    const id = el.id ? "#" + el.id : "";
    const cls = el.classList.length ? "." + [...el.classList].slice(0, 2).join(".") : "";
    return el.tagName.toLowerCase() + id + cls;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!el || !text || el.closest("script, style, noscript, svg, pre, code, kbd, .math, math, .onlyprint")) continue;
    if (isInterface(el) && sameLang(el)) found.push({where: where(el), what: "text", text});
  }
  for (const el of document.querySelectorAll(attributes.map(a => "[" + a + "]").join(", "))) {
    // .onlyprint: the theme's print-only copy of the page's contents, never shown on screen
    if (el.closest("svg, .cell_output pre, .onlyprint") || !sameLang(el)) continue;
    for (const name of attributes) {
      const value = (el.getAttribute(name) || "").trim();
      if (value) found.push({where: where(el), what: name, text: value});
    }
  }
  return found;
}
"""

#: Latin words allowed on a Korean page's interface: names and symbols, not words.
LATIN_ALLOWED = {
    "stbda",
    "book",
    "colab",
    "github",
    "relu",
    "mse",
    "bce",
    "sgd",
    "adam",
    "ipynb",
    "md",
    "pdf",
    "ctrl",
    "keras",
    "tf",
    "tensorflow",
    "jupyter",
    "sphinx",
    "python",
    "numpy",
    "gradienttape",
    "sigmoid",
    "linear",
    "softmax",
    "tanh",  # Keras' activation names, as in activation="sigmoid"
}
_LATIN_WORD = __import__("re").compile(r"[A-Za-z][A-Za-z'’-]+")
_HANGUL = __import__("re").compile("[\uac00-\ud7a3\u3131-\u318e]")


def foreign_words(text: str, page_lang: str) -> list[str]:
    """Words of ``text`` that are not in ``page_lang``: English words on a Korean page
    (names and symbols in :data:`LATIN_ALLOWED` aside), Hangul on an English page.

    >>> foreign_words("Copy 복사 ReLU", "ko"), foreign_words("Copy 복사 ReLU", "en")
    (['Copy'], ['복사'])
    """
    if page_lang == "ko":
        return [w for w in _LATIN_WORD.findall(text) if w.lower().strip("'’-") not in LATIN_ALLOWED]
    return _HANGUL.findall(text) and [w for w in text.split() if _HANGUL.search(w)]


def interface_strings(page, page_lang: str) -> list[dict]:
    """Every interface string of the open page: ``{where, what, text}``."""
    return page.evaluate(_INTERFACE_JS, [page_lang, INTERFACE_IN_ARTICLE, list(INTERFACE_ATTRIBUTES)])


def foreign_interface(page, page_lang: str) -> list[dict]:
    """The interface strings of the open page that hold words of the other language."""
    out = []
    for item in interface_strings(page, page_lang):
        words = foreign_words(item["text"], page_lang)
        if words:
            out.append({**item, "words": words})
    return out
