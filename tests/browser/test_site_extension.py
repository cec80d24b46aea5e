"""Unit tests of the site extension ``_ext/stbda_site.py`` (no build, no browser)."""

from __future__ import annotations

import doctest
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))

import stbda_site  # noqa: E402


def test_doctests():
    result = doctest.testmod(stbda_site)
    assert result.attempted > 5 and result.failed == 0


@pytest.mark.parametrize(
    "docname,lang,other",
    [
        ("chapters/01-piecewise-regression/ko", "ko", "chapters/01-piecewise-regression/en"),
        ("chapters/04-logistic-regression/en", "en", "chapters/04-logistic-regression/ko"),
        ("how-to-use/ko", "ko", "how-to-use/en"),
        ("index/en", "en", "index/ko"),
        ("search", None, None),
        ("chapters/01-piecewise-regression/korea", None, None),
    ],
)
def test_language_and_counterpart_come_from_the_path(docname, lang, other):
    assert stbda_site.page_lang(docname) == lang
    assert stbda_site.counterpart(docname) == other


@pytest.mark.parametrize(
    "word,stem",
    [
        ("잔차가", "잔차"),
        ("잔차", "잔차"),
        ("모형의", "모형"),
        ("에서는", "에서는"),
        ("결과", "결과"),
        ("데이터를", "데이터"),
        ("relu로", "relu"),
        ("이", "이"),
        ("경사하강법으로", "경사하강법"),
    ],
)
def test_korean_particles_are_stripped_but_stems_keep_two_syllables(word, stem):
    assert stbda_site.strip_particle(word) == stem


def test_search_stems_english_like_sphinx_and_korean_without_particles():
    lang = stbda_site.SearchKoreanEnglish({})
    assert [lang.stem(w) for w in ["Residuals", "training", "잔차가", "MSE는"]] == ["residu", "train", "잔차", "mse"]


def test_the_browser_strips_the_same_particles():
    js = stbda_site.SearchKoreanEnglish.js_stemmer_code
    listed = json.loads(re.search(r"var STBDA_PARTICLES = (\[.*?\]);", js).group(1))
    assert listed == stbda_site.PARTICLES
    assert "var StbdaPorterStemmer = Stemmer;" in js  # wraps Sphinx's English stemmer


def test_hreflang_links_escape_what_they_quote():
    out = stbda_site.alternate_links('https://x.org/"b/', {"ko": "a/ko", "en": "a/<en>"})
    assert '"b/' not in out and "<en>" not in out and 'hreflang="x-default" href="https://x.org/&quot;b/"' in out
    assert 'href="https://x.org/&quot;b/ko/a/ko.html"' in out and "&lt;en&gt;" in out


@pytest.mark.parametrize(
    "docname,lang,exists,target,up",
    [
        ("chapters/01-x/ko", "ko", True, "chapters/01-x/en", "../../../"),
        ("chapters/01-x/ko", "ko", False, "index/en", "../../../"),  # no counterpart: the other root
        ("index/en", "en", True, "index/ko", "../../"),
        ("search", "ko", False, "search", "../"),  # pages Sphinx makes in every edition
    ],
)
def test_the_switch_goes_to_the_counterpart_in_the_other_edition(docname, lang, exists, target, up):
    assert stbda_site.switch_target(docname, lang, lambda doc: exists) == target
    assert stbda_site.relative_to_site(docname) == up


def test_the_switch_template_escapes_its_values():
    import jinja2

    template = (ROOT / "_templates" / "stbda-lang-switch.html").read_text(encoding="utf-8")
    out = jinja2.Template(template).render(
        stbda_switch={
            "href": '../en/a.html"onmouseover="x',
            "lang": "en",
            "text": "Read <b>",
            "title": 'T"',
            "nav_label": "언어",
        }
    )
    assert 'href="../en/a.html&#34;onmouseover=&#34;x"' in out and "<b>" not in out and 'title="T&#34;"' in out


def test_every_edition_language_has_the_site_words():
    for lang in stbda_site.LANGUAGES:
        assert set(stbda_site.TEXT[lang]) == set(stbda_site.TEXT["en"])


def test_scripts_registered_twice_are_kept_once():
    from types import SimpleNamespace

    def script(filename, **attributes):  # what Sphinx hands the page: filename, priority, attributes
        return SimpleNamespace(filename=filename, priority=500, attributes=attributes)

    scripts = [script(None, body="const A = 1"), script("a.js"), script("", body="const A = 1")]
    stbda_site._dedupe_scripts(scripts)
    assert [s.filename for s in scripts] == [None, "a.js"]
