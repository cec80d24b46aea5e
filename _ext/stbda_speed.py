"""Fast pages on a phone: a Sphinx extension for what the theme and myst-nb do not offer.

Measured with ``bench/lighthouse.py`` (Lighthouse, mobile preset), a chapter page spent
its first seconds on things the reader does not need before the text is shown. This
extension removes them, each through the most standard mechanism available:

* **Icons without a 1.5 MB script.** pydata-sphinx-theme loads ``fontawesome.js`` (the
  whole Font Awesome icon set as JavaScript, turned into inline SVG at load time) only
  "so that users can add custom icons"; its stylesheet already holds Font Awesome's CSS
  and web fonts, which draw every icon the book uses. The template
  ``stbda_speed_templates/layout.html`` (a theme template override, added to
  ``templates_path`` here) leaves that one script tag out.
* **Scripts deferred.** Sphinx and its extensions register plain ``<script>`` tags in the
  head, which block the first paint; :func:`on_html_page_context` registers each again for
  the page with Sphinx's ``add_js_file(..., loading_method="defer")`` and leaves out the
  blocking copy (:func:`blocking`). ``documentation_options.js`` stays as it is (the inline
  scripts after it set its fields), and so does the search page (its scripts search at load).
* **Math typeset when the site is built.** ``sphinxcontrib-katex`` with
  ``katex_prerender`` (``_config.yml``) writes every formula as KaTeX's HTML and MathML at
  build time (node runs the KaTeX the package ships): no script, nothing to typeset in the
  reader's browser, no formula in the Tab order, readable offline and when printed.
  :func:`copy_katex` puts KaTeX's stylesheet and web fonts, from the npm package ``katex``
  of the same version (``tools/bootstrap.sh`` installs it into ``.cache/katex``), into the
  site; pages without math do not link the stylesheet (:data:`PAGE_ASSETS`).
* **Other assets only where used.** KaTeX, sphinx-design, sphinx-exercise and sphinx-thebe
  register their CSS/JS on every page; :func:`needed` keeps them on pages that use
  them (:data:`PAGE_ASSETS`; thebe only with its launch button turned on).
  ``basic.css``, which the theme's ``theme.css`` pulls in with ``@import``, is
  preloaded from the head so that it does not wait for ``theme.css``.
* **Figures when they are near.** Notebook figures get docutils' ``loading="lazy"``
  (:func:`lazy_figures`): the browser fetches them as the reader scrolls towards them.
* **Icon fonts cut to the icons the site shows.** The theme's Font Awesome fonts hold
  every icon (solid, regular and brands: 280 KB, fetched with the first screen). After
  the build, :func:`subset_icon_fonts` writes fonts with only the icons the pages,
  scripts and stylesheets name (a few KB) and ``_static/stbda-icons.css``, whose
  ``@font-face`` rules (declared after the theme's, limited by ``unicode-range``) take
  precedence for those icons; an icon that is not in them still comes from the theme's
  full font, so nothing can go missing, it only costs the full download.

The search index is not loaded on reading pages: with pydata-sphinx-theme 0.16.1 and
``search_as_you_type`` off (the default), the search box sends the reader to
``search.html``, the only page that loads it.
"""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "stbda_speed_templates"

#: Assets of extensions Jupyter Book loads on every page, kept only on pages whose body
#: uses them (file name -> a pattern of the page body that needs it).
PAGE_ASSETS = {
    "katex.min.css": r'class="katex',
    "katex-math.css": r'class="katex',
    "sphinx-design.min.css": r'class="[^"]*\bsd-',
    "design-tabs.js": r'class="[^"]*\bsd-tab',
    "exercise.css": r'class="[^"]*\b(?:exercise|solution)\b',
}

#: sphinx-thebe's assets, only used when the book turns on its launch button.
THEBE_ASSETS = ("sphinx-thebe.css", "sphinx-thebe.js")

#: Scripts that must run before the inline scripts after them (these set its fields).
KEEP_BLOCKING = ("documentation_options.js",)

#: KaTeX's stylesheet and fonts: the npm package ``katex`` (``tools/bootstrap.sh``).
KATEX = HERE.parent / ".cache" / "katex" / "node_modules" / "katex"


def needed(asset, body: str, thebe: bool) -> bool:
    """Whether a page with this ``body`` uses ``asset`` (see :data:`PAGE_ASSETS`).

    >>> from types import SimpleNamespace as Asset
    >>> needed(Asset(filename="_static/design-tabs.js"), "<p>text</p>", thebe=False)
    False
    >>> needed(Asset(filename="", attributes={"body": "const THEBE_JS_URL = 1"}), "<p>text</p>", thebe=True)
    True
    """
    name = (asset.filename or "").split("?", 1)[0].rsplit("/", 1)[-1]
    if name in THEBE_ASSETS or (not asset.filename and "THEBE_JS_URL" in asset.attributes.get("body", "")):
        return thebe
    pattern = PAGE_ASSETS.get(name)
    return pattern is None or re.search(pattern, body) is not None


def blocking(js) -> bool:
    """A local script file loaded without ``async`` or ``defer``, as Sphinx and the extensions register theirs.

    >>> from types import SimpleNamespace as Script
    >>> [blocking(Script(filename=f, attributes={})) for f in ("_static/doctools.js", "_static/documentation_options.js", "")]
    [True, False, False]
    """
    name = str(js.filename or "")
    return (
        bool(name)
        and "://" not in name
        and not {"async", "defer"} & set(js.attributes)
        and js.attributes.get("type", "text/javascript") == "text/javascript"
        and name.rsplit("/", 1)[-1] not in KEEP_BLOCKING
    )


def on_html_page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" not in context or "script_files" not in context:
        return
    body = context["body"]
    if pagename != "search":  # the search page's scripts search at load
        # the same scripts deferred, for this page (Sphinx's add_js_file in html-page-context)
        for js in [js for js in context["script_files"] if blocking(js)]:
            name = str(js.filename).removeprefix("_static/")
            app.add_js_file(name, priority=js.priority, loading_method="defer", **js.attributes)
        context["script_files"] = [js for js in context["script_files"] if not blocking(js)]
    thebe = bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))
    # new lists: the builder's own are shared by every page
    context["script_files"] = [js for js in context["script_files"] if needed(js, body, thebe)]
    context["css_files"] = [css for css in context.get("css_files", []) if needed(css, body, thebe)]
    # theme.css @imports basic.css: fetch it with the page instead of after theme.css
    basic = context["pathto"]("_static/basic.css", 1)
    context["metatags"] = context.get("metatags", "") + f'<link rel="preload" href="{escape(basic)}" as="style" />\n'


# --------------------------------------------------------------------------- figures


def lazy_figures(doctree: nodes.document) -> None:
    """Notebook figures load when they come near the screen (docutils' ``loading`` attribute).

    >>> from docutils.utils import new_document
    >>> doc = new_document("test")
    >>> cell = nodes.container(classes=["cell_output"]); cell += nodes.image(uri="fig.png"); doc += cell
    >>> doc += nodes.image(uri="logo.png")
    >>> lazy_figures(doc); [image.get("loading") for image in doc.findall(nodes.image)]
    ['lazy', None]
    """
    for image in doctree.findall(nodes.image):
        parent = image.parent
        while parent is not None and "cell_output" not in parent.get("classes", []):
            parent = parent.parent
        if parent is not None and "loading" not in image:
            image["loading"] = "lazy"


def on_doctree_resolved(app, doctree: nodes.document, docname: str) -> None:
    if app.builder.format == "html":
        lazy_figures(doctree)


# --------------------------------------------------------------------------- icon fonts

#: The theme's Font Awesome faces: (font-family, font-weight, file stem).
FA_FACES = [
    ("Font Awesome 6 Free", 900, "fa-solid-900"),
    ("Font Awesome 6 Free", 400, "fa-regular-400"),
    ("Font Awesome 6 Brands", 400, "fa-brands-400"),
]
FA_FONTS = "_static/vendor/fontawesome/webfonts"
ICONS_CSS = "stbda-icons.css"
ICONS_DIR = "stbda-icons"

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"\.(fa-[\w-]+):{1,2}(?:before|after)")
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})")
_ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
_CONTENT = re.compile(r'content:\s*"((?:\\.|[^"\\])*)"')
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))")


def css_string(text: str) -> str:
    r"""A CSS string's characters, escapes decoded.

    >>> css_string(r"\f0c9") == "\uf0c9", css_string(r"\+")
    (True, '+')
    """
    return _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), text)


def _private_use(text: str) -> set[int]:
    """Codepoints of Font Awesome's private-use area in ``text``, literal or CSS-escaped."""
    found = {ord(c) for c in text if 0xE000 <= ord(c) <= 0xF8FF}
    found |= {int(h, 16) for h in _ESCAPE.findall(text) if 0xE000 <= int(h, 16) <= 0xF8FF}
    return found


def icon_table(css: str) -> tuple[dict[str, int], set[int]]:
    r"""From Font Awesome's CSS: ``{"fa-bars": 0xF0C9, ...}``, and the icons other rules draw.

    >>> table, drawn = icon_table('.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
    ...                           '.fa-plus:before{content:"\\+"}.admonition:after{content:"\\f05a"}')
    >>> table["fa-navicon"] == 0xF0C9, table["fa-plus"] == ord("+"), sorted(drawn) == [0xF05A]
    (True, True, True)
    """
    table: dict[str, int] = {}
    drawn: set[int] = set()
    for selectors, body in _RULE.findall(css):
        parts = [p.strip() for p in selectors.split(",")]
        icons = [match for match in map(_ICON_SELECTOR.fullmatch, parts) if match is not None]
        content = [css_string(c) for c in _CONTENT.findall(body)]
        if len(icons) == len(parts) and len(content) == 1 and len(content[0]) == 1:  # the icon table ("\+" too)
            for match in icons:
                table[match.group(1)] = ord(content[0])
        else:
            drawn |= _private_use(body)
    return table, drawn


def unicode_range(codes) -> str:
    """A CSS ``unicode-range`` value.

    >>> unicode_range([0xF0C9, 0x20, 0xF0CA, 0xF0CB])
    'U+20, U+F0C9-F0CB'
    """
    codes = sorted(set(codes))
    spans: list[list[int]] = []
    for code in codes:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def subset_icon_fonts(outdir: Path) -> dict[str, int]:
    """Write the icon fonts and ``stbda-icons.css`` into ``outdir/_static``; glyphs kept per face."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    static = outdir / "_static"
    table: dict[str, int] = {}
    drawn: set[int] = set()
    for css in static.rglob("*.css"):
        if css.name != ICONS_CSS:
            icons, drawn_by_css = icon_table(css.read_text(encoding="utf-8", errors="replace"))
            table.update(icons)
            drawn |= drawn_by_css
    names: set[str] = set()
    for page in outdir.rglob("*.html"):
        names |= set(_ICON_NAME.findall(page.read_text(encoding="utf-8", errors="replace")))
    for script in static.rglob("*.js"):
        if script.name != "fontawesome.js":
            names |= set(_ICON_NAME.findall(script.read_text(encoding="utf-8", errors="replace")))
    wanted = drawn | {table[n] for n in names if n in table}
    rules, kept = [], {}
    (static / ICONS_DIR).mkdir(exist_ok=True)
    for family, weight, stem in FA_FACES:
        source = outdir / FA_FONTS / f"{stem}.ttf"
        if not source.is_file():
            continue
        font = TTFont(source, recalcTimestamp=False)  # the source font's date, not the build's: same bytes each build
        codes = sorted(wanted & set(font.getBestCmap()))
        if not codes:
            continue
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = []
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(static / ICONS_DIR / f"{stem}.woff")
        kept[stem] = len(codes)
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: {weight};'
            f' font-display: block; src: url("{ICONS_DIR}/{stem}.woff") format("woff");'
            f" unicode-range: {unicode_range(codes)}; }}"
        )
    header = (
        "/* STBDA Book (_ext/stbda_speed.py): the theme's Font Awesome faces, cut to the icons\n"
        "   the site names; declared after the theme's, they take precedence. Generated. */\n"
    )
    (static / ICONS_CSS).write_text(header + "\n".join(rules) + "\n", encoding="utf-8")
    return kept


def on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if app.config.html_math_renderer == "katex":
        copy_katex(Path(app.outdir))
    kept = subset_icon_fonts(Path(app.outdir))
    logger.info("stbda_speed: icon fonts cut to %s", ", ".join(f"{k} {v} icons" for k, v in kept.items()))


# --------------------------------------------------------------------------- setup


def on_config_inited(app, config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    # the book's own scripts (jupyter-book lists every _static/*.js) wait for the page, not the page for them
    config.html_js_files = [
        (js, {"defer": "defer"}) if isinstance(js, str) and js.startswith("stbda-") else js
        for js in config.html_js_files
    ]
    if config.html_math_renderer == "katex":
        from sphinxcontrib.katex import katex_version

        package = KATEX / "package.json"
        found = json.loads(package.read_text())["version"] if package.is_file() else "none"
        if found != katex_version:
            raise ExtensionError(
                f"KaTeX's stylesheet and fonts: want npm katex {katex_version} (sphinxcontrib-katex renders with it), "
                f"found {found} in {KATEX}: npm install --prefix .cache/katex katex@{katex_version} (tools/bootstrap.sh)"
            )


def copy_katex(outdir: Path) -> None:
    """KaTeX's stylesheet and its woff2 fonts (the format every current browser takes first) into the site."""
    target = outdir / "_static" / "katex"
    shutil.copytree(
        KATEX / "dist" / "fonts", target / "fonts", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.ttf", "*.woff")
    )
    shutil.copy2(KATEX / "dist" / "katex.min.css", target)


def setup(app):
    app.connect("config-inited", on_config_inited)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", on_build_finished)
    # after the theme's stylesheet, so that its faces take precedence (written at the end)
    app.add_css_file(ICONS_CSS, priority=900)
    # after the other extensions have added their scripts
    app.connect("html-page-context", on_html_page_context, priority=950)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
