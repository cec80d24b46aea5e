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
        ("index", None, None),
        ("chapters/01-piecewise-regression/korea", None, None),
    ],
)
def test_language_and_counterpart_come_from_the_path(docname, lang, other):
    assert stbda_site.page_lang(docname) == lang
    assert stbda_site.counterpart(docname) == other


@pytest.mark.parametrize(
    "word,stem",
    [("잔차가", "잔차"), ("잔차", "잔차"), ("모형의", "모형"), ("에서는", "에서는"), ("결과", "결과"),
     ("데이터를", "데이터"), ("relu로", "relu"), ("이", "이"), ("경사하강법으로", "경사하강법")],
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


def test_links_to_the_other_language_are_marked():
    body = ('<a class="reference internal" href="../02-relu/en.html">2</a>'
            '<a class="reference internal" href="ko.html#x">1</a>'
            '<a class="reference internal" href="bako.html">b</a>')
    out = stbda_site._mark_link_languages(body, "ko")
    assert out.count('hreflang="en" lang="en"') == 1 and 'hreflang="ko"' not in out


def test_scripts_registered_twice_are_kept_once():
    from sphinx.builders.html._assets import _JavaScript

    scripts = [_JavaScript(None, body="const A = 1"), _JavaScript("a.js"), _JavaScript("", body="const A = 1")]
    stbda_site._dedupe_scripts(scripts)
    assert [s.filename for s in scripts] == [None, "a.js"]


def test_animation_labels_are_added_once():
    player = '<img id="_anim_imgx" style="max-width: 100%"><input id="_anim_sliderx" type="range" class="anim-slider">'
    once = stbda_site.label_animation(player, "ko", "손실 경주")
    assert 'alt="애니메이션 (손실 경주)' in once and 'aria-label="프레임"' in once
    assert stbda_site.label_animation(once, "ko", "손실 경주") == once
