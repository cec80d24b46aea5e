"""The reader's site: a small Sphinx extension for the book's language editions.

The book is built once per language (``tools/editions.py``): each edition is a
Sphinx build with ``language`` set, so its interface comes from the message
catalogues of Sphinx and the themes (``locales/`` adds the Korean messages the
themes lack). Every page written in one language lives at ``<folder>/ko`` or
``<folder>/en`` (``chapters/01-piecewise-regression/ko.ipynb``, ``index/en.md``);
the last part of the path *is* the page's language, and its counterpart is the
same path with the other language, in the other edition.

Standard extensions do the standard work: ``sphinx-sitemap`` writes each
edition's sitemap, ``sphinxext-opengraph`` the OpenGraph tags and description,
the theme's ``article_header_end`` slot shows the language switch
(``_templates/stbda-lang-switch.html``) and Sphinx's ``language`` the rest.
What this module still does, because nothing else does it:

* the edition's address (``html_baseurl``: ``stbda_utils.config.site_url``, the one owner
  of the site's address, plus ``<lang>/``), its
  ``og:locale``, and compiling ``locales/<lang>/LC_MESSAGES/*.po`` for the theme and
  extension catalogues Sphinx does not load from ``locale_dirs`` itself (``booktheme``,
  sphinx-exercise's ``exercise``), which fill the gaps of their own;
* the language switch's target (the counterpart page in the other edition, or
  that edition's root) for the template, and ``<link rel="alternate" hreflang>``
  to both pages (escaped);
* Korean search: particles are stripped from Hangul words (``잔차가`` is found
  by ``잔차``), English words keep Sphinx's Porter stemmer, and the browser
  applies the same rules to the query; search excerpts are prose only
  (``_static/stbda-search.js`` drops math, code cells, outputs and diagrams);
* Korean messages for sphinx-copybutton, which localises by ``<html lang>`` but
  ships no Korean, and for sphinx-togglebutton's one English accessible name
  (``_ext/static/stbda-buttons-ko.js``);
* every notebook figure gets an ``alt`` text (the cell's own ``mystnb: image: alt``
  metadata, or a description naming its section);
* each chapter's learning goals shown as a box; the repository roles and
  ``repo-code`` directive;
* exercises numbered 1, 2, 3… on each page: sphinx-exercise numbers them with
  Sphinx's ``numfig``, which counts through the whole book unless the toctree is
  numbered (and then gives 2.1, 2.2…); Sphinx has no option to restart per page
  (sphinx-doc/sphinx#7135), so :func:`number_exercises_per_page` renumbers them;
* each solution's title names its exercise as the box does ("Solution to Exercise 2",
  "연습문제 2 풀이") in plain text: sphinx-exercise makes it a link to the exercise, so
  tapping the title of a collapsed solution jumped back instead of opening it;
* unique ids for sphinx-exercise's content sections (it gives every exercise
  ``id="exercise-content"`` and every solution ``id="solution-content"``, so a
  page with several has duplicate ids): each becomes ``<exercise id>-content``;
* stock console errors fixed: the doubled ``THEBE_JS_URL`` declaration
  (Sphinx 7.4 registers script bodies twice) and the empty theme mode.
"""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from docutils import nodes
from sphinx.domains.std import StandardDomain
from sphinx.search.en import SearchEnglish
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from stbda_utils.config import LANGUAGES, site_url

logger = logging.getLogger(__name__)

#: Words shown by the site itself, per language.
TEXT = {
    "ko": {
        "name": "한국어",
        "edition": "한국어판",
        "read_in": "한국어로 읽기",
        "switch_label": "언어 선택",
        "figure_in": "「{section}」의 코드 셀이 그린 그림 {n}",
        "goals": "이 장의 목표",
        "solution": "{exercise} 풀이",
        "locale": "ko_KR",
        "open_colab": "Colab에서 열기",
        "download_notebook": "노트북 내려받기",
        "not_found": "페이지를 찾을 수 없습니다",
        "not_found_text": "주소가 바뀌었거나 없는 페이지입니다. 목차에서 장을 고르거나 이 책에서 검색해 보세요.",
    },
    "en": {
        "name": "English",
        "edition": "English edition",
        "read_in": "Read in English",
        "switch_label": "Language",
        "figure_in": "Figure {n} drawn by the code cell in “{section}”",
        "goals": "Learning goals",
        "solution": "Solution to {exercise}",
        "locale": "en_US",
        "open_colab": "Open in Colab",
        "download_notebook": "Download notebook",
        "not_found": "Page not found",
        "not_found_text": "This address has moved or never existed. Pick a chapter from the contents, or search the book.",
    },
}

# --------------------------------------------------------------------------- languages


def page_lang(docname: str) -> str | None:
    """The language a page is written in, from its path; ``None`` for generated pages.

    >>> page_lang("chapters/01-piecewise-regression/ko"), page_lang("index/en"), page_lang("search")
    ('ko', 'en', None)
    """
    last = PurePosixPath(docname).name
    return last if last in LANGUAGES else None


def other_language(lang: str) -> str:
    """The edition a reader of ``lang`` switches to.

    >>> other_language("ko")
    'en'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    others = [x for x in LANGUAGES if x != lang]
    return others[0]


def counterpart(docname: str) -> str | None:
    """The same page in the other language (not checked for existence).

    >>> counterpart("chapters/01-piecewise-regression/ko")
    'chapters/01-piecewise-regression/en'
    >>> counterpart("search") is None
    True
    """
    lang = page_lang(docname)
    if lang is None:
        return None
    return str(PurePosixPath(docname).with_name(other_language(lang)))


def edition_lang(config) -> str:
    """The edition being built: Sphinx's ``language`` (set by ``tools/editions.py``)."""
    lang = (config.language or "").split("_")[0]
    if lang not in LANGUAGES:
        raise ValueError(
            f"build one edition per language with tools/editions.py (language is {config.language!r}, "
            f"want one of {LANGUAGES})"
        )
    return lang


def switch_target(docname: str, lang: str, exists) -> str:
    """The page of the other edition the language switch of ``docname`` goes to.

    The counterpart when ``exists(counterpart)``; a page Sphinx generates in every
    edition (search, index) is itself; else the other edition's root ``index/<other>``.

    >>> switch_target("chapters/01-x/ko", "ko", lambda d: True), switch_target("search", "ko", lambda d: False)
    ('chapters/01-x/en', 'search')
    >>> switch_target("notes/ko", "ko", lambda d: False)
    'index/en'
    """
    other = counterpart(docname)
    if other is None:
        return docname
    return other if exists(other) else f"index/{other_language(lang)}"


def relative_to_site(docname: str) -> str:
    """The path from page ``docname`` of an edition up to the site root (above the editions).

    >>> relative_to_site("chapters/01-x/ko"), relative_to_site("search")
    ('../../../', '../')
    """
    return "../" * len(PurePosixPath(docname).parts)


# --------------------------------------------------------------------------- repository


def repository(config) -> dict[str, str]:
    """The repository address and names, from ``repository:`` in ``_config.yml``.

    That URL is the one place the repository is named (``stbda_utils.config.REPO_URL``
    is checked against it by a test); pages use it through the roles below.
    """
    options = config.html_theme_options
    url = options.get("repository_url", "").rstrip("/")
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", url)
    owner, name = match.groups() if match else ("", "")
    branch = options.get("repository_branch", "") or "main"
    colab = options.get("launch_buttons", {}).get("colab_url", "").rstrip("/") or "https://colab.research.google.com"
    return {"repo_url": url, "repo_owner": owner, "repo_name": name, "repo_branch": branch, "colab_url": colab}


def colab_link(config, path: str) -> str:
    """The Colab address that opens ``path`` (a notebook in the repository).

    The same address the theme's launch button uses.
    """
    r = repository(config)
    return f"{r['colab_url']}/github/{r['repo_owner']}/{r['repo_name']}/blob/{r['repo_branch']}/{path}"


def _link_role(make_uri):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        config = inliner.document.settings.env.config
        match = re.fullmatch(r"(.*?)\s*<([^>]*)>", text, flags=re.S)
        label, target = (match.group(1), match.group(2)) if match else (text, text)
        uri = make_uri(config, target)
        return [nodes.reference(rawtext, label or uri, refuri=uri)], []

    return role


def _repo_uri(config, target: str) -> str:
    r = repository(config)
    target = target.strip("/")
    return r["repo_url"] if target in ("", ".") else f"{r['repo_url']}/tree/{r['repo_branch']}/{target}"


class RepoCode(SphinxDirective):
    """A code block in which ``{repo_url}``, ``{repo_name}`` and ``{repo_branch}`` are filled in."""

    optional_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        values = repository(self.config)
        text = "\n".join(self.content)
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        block = nodes.literal_block(text, text)
        block["language"] = self.arguments[0] if self.arguments else "text"
        self.set_source_info(block)
        return [block]


# --------------------------------------------------------------------------- search

#: Korean particles and copula endings stripped from the end of a Hangul word,
#: longest first. The same list is used by the browser (see ``_JS_STEMMER``).
_PARTICLE_WORDS = (
    "에서는 에서도 에게서 으로서 으로써 으로는 으로도 까지는 부터는 이라는 이라고 입니다 이었다 에서 에게 으로 로서 로써 "
    "로는 처럼 보다 까지 부터 마다 이나 이며 이고 이다 라는 라고 와는 과는 이란 에는 에도 은 는 이 가 을 를 의 에 로 와 과 도 만"
)
PARTICLES = sorted(_PARTICLE_WORDS.split(), key=len, reverse=True)
_HANGUL = re.compile("[\uac00-\ud7a3]")


def strip_particle(word: str) -> str:
    """``word`` without a trailing Korean particle.

    A Hangul stem keeps at least two syllables; a Latin or numeric stem keeps
    at least one character (``mse는`` becomes ``mse``).

    >>> [strip_particle(w) for w in ["잔차가", "가중치는", "과소적합입니다", "에폭", "결과", "mse는", "는"]]
    ['잔차', '가중치', '과소적합', '에폭', '결과', 'mse', '는']
    """
    for particle in PARTICLES:
        if word.endswith(particle):
            rest = word[: -len(particle)]
            if _HANGUL.search(rest[-1:] or "x"):
                if len(rest) >= 2:
                    return rest
            elif rest:
                return rest
            return word
    return word


def hangul_parts(word: str) -> list[str]:
    """Every run of two or more syllables inside a Hangul word (its particle stripped), so
    that a query finds the compounds that contain it. Sphinx's search page matches part
    of an indexed word only for queries of three letters or more, and a Korean reader
    types two syllables: 경사 must find 경사하강법.

    >>> hangul_parts("경사하강법을")
    ['경사', '사하', '하강', '강법', '경사하', '사하강', '하강법', '경사하강', '사하강법']
    >>> hangul_parts("잔차"), hangul_parts("ReLU")
    ([], [])
    """
    base = strip_particle(word.lower())
    if not _HANGUL.fullmatch(base[:1] or "x") or len(base) > 16:
        return []
    return [base[i : i + n] for n in range(2, len(base)) for i in range(len(base) - n + 1)]


class SearchKoreanEnglish(SearchEnglish):
    """English search with Korean particles stripped from Hangul words, and the parts of
    Hangul compounds indexed too (:func:`hangul_parts`)."""

    lang = "ko"
    language_name = "Korean and English"

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        return words + [part for word in words for part in hangul_parts(word)]

    def stem(self, word: str) -> str:
        word = strip_particle(word.lower())
        return word if _HANGUL.search(word) else super().stem(word)


_JS_STEMMER = """
/* STBDA Book: Korean particles are stripped from Hangul words (same list as
   _ext/stbda_site.py), other words go through the Porter stemmer above. */
var StbdaPorterStemmer = Stemmer;
var STBDA_PARTICLES = %(particles)s;
var STBDA_HANGUL = /[\\uac00-\\ud7a3]/;
function stbdaStripParticle(word) {
  for (const particle of STBDA_PARTICLES) {
    if (word.endsWith(particle)) {
      const rest = word.slice(0, word.length - particle.length);
      if (STBDA_HANGUL.test(rest.slice(-1) || "x")) { if (rest.length >= 2) return rest; }
      else if (rest.length > 0) return rest;
      return word;
    }
  }
  return word;
}
Stemmer = function() {
  const porter = new StbdaPorterStemmer();
  this.stemWord = function(w) {
    const stripped = stbdaStripParticle(w.toLowerCase());
    return STBDA_HANGUL.test(stripped) ? stripped : porter.stemWord(stripped);
  };
};
"""
SearchKoreanEnglish.js_stemmer_code = SearchEnglish.js_stemmer_code + _JS_STEMMER % {
    "particles": "[" + ", ".join(f'"{p}"' for p in PARTICLES) + "]"
}


# --------------------------------------------------------------------------- doctree


def _section_title(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children and isinstance(parent[0], nodes.title):
            return parent[0].astext()
        parent = parent.parent
    return ""


def _is_goals_label(node: nodes.Node) -> bool:
    if not isinstance(node, nodes.paragraph):
        return False
    goals = {TEXT[lang]["goals"] for lang in TEXT}
    parts = [c for c in node.children if not (isinstance(c, nodes.Text) and not c.strip())]
    return len(parts) == 1 and isinstance(parts[0], nodes.strong) and node.astext().strip() in goals


def labels_first(doctree: nodes.document) -> None:
    """A section's explicit label (``(ch1-data)=`` above its heading) becomes its first id,
    which its anchor and the contents link to. Docutils puts the id made from the title
    first, and a Korean title with a Latin word ("3단계: compile") makes one, unlike its
    English twin: the two editions' anchors must be the labels they share.

    >>> from docutils.utils import new_document
    >>> doc = new_document("test"); section = nodes.section(ids=["compile", "ch1-compile"])
    >>> doc += [nodes.target(refid="ch1-compile"), section]; labels_first(doc); section["ids"]
    ['ch1-compile', 'compile']
    """
    labelled = {t["refid"] for t in doctree.findall(nodes.target) if "refid" in t}
    for section in doctree.findall(nodes.section):
        first = [i for i in section["ids"] if i in labelled]
        section["ids"] = first + [i for i in section["ids"] if i not in labelled]


def on_doctree_read(app, doctree: nodes.document) -> None:
    lang = edition_lang(app.config)
    text = TEXT[lang]
    # learning goals: the bold "Learning goals" paragraph and the list after it
    for para in list(doctree.findall(_is_goals_label)):
        parent = para.parent
        index = parent.index(para)
        if index + 1 < len(parent) and isinstance(parent[index + 1], nodes.bullet_list):
            box = nodes.container(classes=["stbda-goals"])
            box += nodes.rubric(text=para.astext().strip())
            box += parent[index + 1].deepcopy()
            parent.replace(para, box)
            parent.remove(parent[index + 1])
    # figures of notebook outputs: an alt text for every one
    count = 0
    for image in doctree.findall(nodes.image):
        container = image.parent
        while container is not None and "cell_output" not in container.get("classes", []):
            container = container.parent
        if container is None:
            continue
        count += 1
        if not image.get("alt"):
            section = _section_title(image) or doctree.get("title", "")
            image["alt"] = text["figure_in"].format(section=section, n=count)
            image["classes"].append("stbda-alt-generic")


# --------------------------------------------------------------------------- pages


def _dedupe_scripts(scripts: list) -> None:
    """Remove scripts registered twice (Sphinx 7.4 re-adds bodies with filename '')."""
    seen = set()
    keep = []
    for js in scripts:
        key = (js.filename or "", js.priority, tuple(sorted(js.attributes.items())))
        if key not in seen:
            seen.add(key)
            keep.append(js)
    scripts[:] = keep


def _source_exists(app, docname: str) -> bool:
    return any((Path(app.srcdir) / f"{docname}{suffix}").is_file() for suffix in app.config.source_suffix)


def alternate_links(site: str, pages: dict[str, str], suffix: str = ".html") -> str:
    """``<link rel="alternate" hreflang>`` for each ``{lang: docname}`` and the landing page, escaped.

    >>> print(alternate_links("https://x.org/b/", {"ko": "a/ko", "en": 'a/"en'}), end="")
    <link rel="alternate" hreflang="ko" href="https://x.org/b/ko/a/ko.html" />
    <link rel="alternate" hreflang="en" href="https://x.org/b/en/a/&quot;en.html" />
    <link rel="alternate" hreflang="x-default" href="https://x.org/b/" />
    """
    links = [(lang, f"{site}{lang}/{doc}{suffix}") for lang, doc in pages.items()]
    links.append(("x-default", site))  # the landing page, for readers of neither language
    return "".join(
        f'<link rel="alternate" hreflang="{html.escape(lang, quote=True)}" href="{html.escape(href, quote=True)}" />\n'
        for lang, href in links
    )


def dedupe_page_scripts(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "script_files" in context:
        _dedupe_scripts(context["script_files"])


def on_html_page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The language switch's values and the hreflang links of the page.

    Runs before pydata-sphinx-theme's own handler, which drops the templates of
    theme slots that render empty (the switch would, without its values).
    """
    builder = app.builder
    lang = edition_lang(app.config)
    other_lang = other_language(lang)
    context["language"] = lang
    suffix = getattr(builder, "link_suffix", ".html")
    target = switch_target(pagename, lang, lambda doc: _source_exists(app, doc))
    paired = target == counterpart(pagename)  # the same page, written in the other language
    context["stbda_switch"] = {
        "href": f"{relative_to_site(pagename)}{other_lang}/{target}{suffix}",
        "lang": other_lang,
        "text": TEXT[other_lang]["read_in"],
        "title": (_source_title(app, target) if paired else "") or TEXT[other_lang]["edition"],
        "nav_label": TEXT[lang]["switch_label"],
    }
    site = app.config.stbda_site_root
    if site and paired:
        context["metatags"] = context.get("metatags", "") + alternate_links(
            site, {lang: pagename, other_lang: target}, suffix
        )


def _source_title(app, docname: str) -> str:
    """The title of a page of the other edition, read from its source's first heading."""
    for suffix in (".md", ".ipynb"):
        path = Path(app.srcdir) / f"{docname}{suffix}"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if suffix == ".ipynb":
            import json

            cells = json.loads(text)["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        match = re.search(r"^# (.+)$", text, flags=re.M)
        return match.group(1).strip() if match else ""
    return ""


# --------------------------------------------------------------------------- setup


def load_catalogues(app, config) -> None:
    """Compile ``locales/<lang>/LC_MESSAGES/*.po`` and register the non-Sphinx ones.

    Sphinx compiles and loads only its own domain (``sphinx``, which
    pydata-sphinx-theme's templates use too) from ``locale_dirs``; sphinx-book-theme's
    ``booktheme`` and sphinx-exercise's ``exercise`` catalogues are registered here with
    Sphinx's public :meth:`~sphinx.application.Sphinx.add_message_catalog`. The theme and the
    extension registered their own first, so ours give the messages theirs lack.
    """
    from sphinx.util.i18n import CatalogRepository

    repo = CatalogRepository(app.srcdir, config.locale_dirs, config.language, config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
        if catalog.domain != "sphinx":
            app.add_message_catalog(catalog.domain, str(Path(catalog.mo_path).parents[2]))


def on_config_inited(app, config) -> None:
    lang = edition_lang(config)
    config.html_context.setdefault("default_mode", "auto")  # an empty mode is a console error
    site = config.stbda_site_root = site_url(config.html_baseurl)
    config.html_baseurl = f"{site}{lang}/"  # canonical links, sitemap and og:url of this edition
    config.ogp_site_url = config.html_baseurl
    # GitHub Pages serves <site>/404.html for any missing page; each edition's own 404
    # page links its assets from the edition's absolute path
    config.notfound_urls_prefix = urlparse(config.html_baseurl).path
    words = {k: html.escape(v) for k, v in TEXT[lang].items()}
    config.notfound_context = {
        "title": words["not_found"],
        "body": f"<h1>{words['not_found']}</h1><p>{words['not_found_text']}</p>",
    }
    config.ogp_site_name = config.html_title or config.project
    config.ogp_custom_meta_tags = list(config.ogp_custom_meta_tags) + [
        f'<meta property="og:locale" content="{html.escape(TEXT[lang]["locale"])}" />'
    ]


def add_scripts(app) -> None:
    """Korean messages for the copy buttons, on the Korean edition only.

    (jupyter-book adds every ``_static/*.js`` to every page of both editions, so this
    one lives in ``_ext/static/``.)
    """
    if app.builder.format != "html" or edition_lang(app.config) != "ko":
        return
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))
    app.add_js_file("stbda-buttons-ko.js", priority=600, loading_method="defer")  # right after copybutton.js (500)


#: The ids sphinx-exercise gives every exercise's and solution's content section.
EXERCISE_CONTENT_IDS = ("exercise-content", "solution-content")


def unique_exercise_ids(doctree: nodes.document) -> None:
    """Name each exercise/solution content section after its box, so ids stay unique on a page.

    >>> from docutils.utils import new_document
    >>> doc = new_document("test")
    >>> for label in ("ex1", "ex2"):
    ...     box = nodes.container(ids=[label]); box += nodes.section(ids=["exercise-content"]); doc += box
    >>> unique_exercise_ids(doc); [s["ids"] for s in doc.findall(nodes.section)]
    [['ex1-content'], ['ex2-content']]
    """
    for section in doctree.findall(nodes.section):
        if len(section["ids"]) == 1 and section["ids"][0] in EXERCISE_CONTENT_IDS and section.parent["ids"]:
            section["ids"] = [f"{section.parent['ids'][0]}-content"]


def on_doctree_resolved(app, doctree: nodes.document, docname: str) -> None:
    unique_exercise_ids(doctree)


def notebook_links(app, doctree: nodes.document, docname: str) -> None:
    """Under a notebook page's title, "Open in Colab" and "Download notebook" as visible links
    (the theme offers both only inside icon menus). The addresses are the theme's own."""
    if app.builder.format != "html" or Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return
    words = TEXT[edition_lang(app.config)]
    colab = colab_link(app.config, f"{docname}.ipynb")
    download = relative_uri(app.builder.get_target_uri(docname), f"_sources/{docname}.ipynb")
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    links = (
        f'<p class="stbda-notebook-links"><a href="{html.escape(colab, quote=True)}">'
        f"{html.escape(words['open_colab'])}</a> "
        f'<a href="{html.escape(download, quote=True)}" download>{html.escape(words["download_notebook"])}</a></p>'
    )
    title.parent.insert(title.parent.index(title) + 1, nodes.raw("", links, format="html"))


def restart_numbers(numbers: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    """The numbers of one page's exercises (``{id: number}``) as 1, 2, 3… in their order.

    >>> restart_numbers({"ex-a": (5,), "ex-c": (7,), "ex-b": (6,)})
    {'ex-a': (1,), 'ex-b': (2,), 'ex-c': (3,)}
    """
    return {ident: (n,) for n, ident in enumerate(sorted(numbers, key=numbers.__getitem__), start=1)}


def number_exercises_per_page(app, env) -> list[str]:
    """Number each page's exercises 1, 2, 3… (see the module's docstring).

    Runs on ``env-get-updated`` after Sphinx has numbered every enumerable node of
    the book (``env.toc_fignumbers``, used by the HTML writer and by ``numref``).
    The pages to rewrite are the ones Sphinx already returns (their numbers changed).
    """
    for numbers in env.toc_fignumbers.values():
        if numbers.get("exercise"):
            numbers["exercise"] = restart_numbers(numbers["exercise"])
    return []


class SolutionTitles(SphinxPostTransform):
    """A solution's title: its exercise's number label in the edition's words, plain text.

    Runs after sphinx-exercise has resolved the titles (its post-transforms have
    priorities 20-22). The solution of an exercise without a number names the
    exercise by its title ("Solution to Exercise (Training longer)").
    """

    default_priority = 30
    formats = ("html",)

    def run(self, **kwargs) -> None:
        from sphinx_exercise.nodes import solution_node

        labels = self.env.get_domain("std")
        assert isinstance(labels, StandardDomain)
        template = TEXT[edition_lang(self.config)]["solution"]
        for node in self.document.findall(solution_node):
            title = node[0]
            if not isinstance(title, nodes.title):
                continue
            target = node.get("target_label", "")
            docname = labels.labels.get(target, ("",))[0]
            number = self.env.toc_fignumbers.get(docname, {}).get("exercise", {}).get(target)
            if number:
                exercise = self.config.numfig_format["exercise"] % ".".join(map(str, number))
            else:  # an exercise without a number: its title, as sphinx-exercise wrote it in the link
                exercise = " ".join(link.astext() for link in title.findall(nodes.reference)).strip()
            text = template.format(exercise=exercise)
            title.replace_self(nodes.title(text, text))
            node["title"] = text


def setup(app):
    app.add_config_value("stbda_site_root", "", "html")
    app.add_search_language(SearchKoreanEnglish)
    app.add_directive("repo-code", RepoCode)
    app.add_role("repo", _link_role(_repo_uri))
    app.add_role("colab", _link_role(colab_link))
    app.connect("config-inited", load_catalogues)
    app.connect("config-inited", on_config_inited)
    app.connect("env-get-updated", number_exercises_per_page, priority=900)  # after Sphinx numbers them
    app.add_post_transform(SolutionTitles)
    app.connect("builder-inited", add_scripts)
    app.connect(
        "doctree-read", lambda app, doctree: labels_first(doctree), priority=400
    )  # before the contents are collected (500)
    app.connect("doctree-read", on_doctree_read)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("doctree-resolved", notebook_links)
    app.connect("html-page-context", on_html_page_context, priority=400)
    app.connect("html-page-context", dedupe_page_scripts, priority=900)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
