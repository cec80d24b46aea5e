"""The book's PDFs (``bash tools/pdf.sh`` writes ``_build/pdf/stbda-book-<lang>.pdf``) and the
site's link to them.

Each PDF is read with pypdf: its page count is sane, its text holds every chapter's title in its
own language and none in the other, a few of the lecture's printed numbers, every font is
embedded, and the catalog names the document's language and title. The checks are plain
functions returning what is wrong, so the last tests can show that they fail on a wrong PDF.
Skipped, with the reason, when the PDFs were not built.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from project import LANGS, ROOT

sys.path.insert(0, str(ROOT / "tools"))

import pdf as pdf_tool
from editions import load_yaml, page_title, toc_entries

pypdf = pytest.importorskip("pypdf")

PDF_DIR = ROOT / "_build" / "pdf"
PAGES = range(30, 200)  # 57 and 54 pages when written; far outside means a part is missing or doubled
BCP47 = {lang: pdf_tool.WORDS[lang]["bcp47"] for lang in LANGS}

HANGUL = re.compile("[가-힣]+")

#: Numbers the lecture printed and the PDF prints (reproducibility/<lang>.md's lecture column, and
#: chapter 2's table of the two units' weights in a code output).
NUMBERS = ["-0.88497385", "2.2616348", "0.6069048", "1.7126", "-0.9116", "4.307486", "-0.82411796"]


def pdf_path(lang: str) -> Path:
    return PDF_DIR / f"stbda-book-{lang}.pdf"


def chapter_titles(lang: str) -> list[str]:
    """The title of every page of the ``lang`` PDF (its toc, root aside)."""
    toc = pdf_tool.pdf_toc(load_yaml(ROOT / "_toc.yml"), lang)
    return [page_title(doc) for doc in toc_entries(toc["chapters"])]


#: Characters the fonts draw with one glyph, so that extraction may return either.
SAME_GLYPH = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2019": "'", "\u2018": "'"})


def squeeze(text: str) -> str:
    """Text without whitespace (extraction breaks lines and spaces CJK text its own way), one
    hyphen and one apostrophe."""
    return re.sub(r"\s+", "", text.translate(SAME_GLYPH))


@functools.cache
def pdf_text(path: Path, mtime: float) -> str:
    """The squeezed text of the PDF at ``path`` (read once per file version; pypdf takes a while)."""
    reader = pypdf.PdfReader(path)
    return squeeze("\n".join(page.extract_text() or "" for page in reader.pages))


def unembedded_fonts(reader) -> list[str]:
    """Every font (in pages and in the forms they draw, e.g. the diagrams) without a FontFile*."""
    missing: set[str] = set()
    seen: set[int] = set()

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else None
        if not resources or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":
                continue  # drawn by the PDF itself
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return sorted(missing)


def problems(path: Path, lang: str) -> list[str]:
    """What is wrong with ``path`` as the ``lang`` edition's PDF (empty when nothing)."""
    reader = pypdf.PdfReader(path)
    found = []
    if len(reader.pages) not in PAGES:
        found.append(f"{len(reader.pages)} pages, not {PAGES.start}-{PAGES.stop - 1}")
    text = pdf_text(path, path.stat().st_mtime)
    found += [f"no chapter title {t!r}" for t in chapter_titles(lang) if squeeze(t) not in text]
    for other in LANGS:
        if other != lang:
            found += [f"a title of the {other} edition: {t!r}" for t in chapter_titles(other) if squeeze(t) in text]
    found += [f"no number {n}" for n in NUMBERS if n not in text]
    found += [f"font not embedded: {name}" for name in unembedded_fonts(reader)]
    catalog = reader.trailer["/Root"]
    if catalog.get("/Lang") != BCP47[lang]:
        found.append(f"/Lang is {catalog.get('/Lang')!r}, not {BCP47[lang]!r}")
    title = (reader.metadata or {}).get("/Title")
    if title != load_yaml(ROOT / "_config.yml")["title"]:
        found.append(f"/Title is {title!r}")
    return found


def built(lang: str) -> Path:
    path = pdf_path(lang)
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} was not built (bash tools/pdf.sh builds both PDFs)")
    return path


@pytest.mark.slow  # pypdf reads the CJK text of a PDF in about a minute
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_of_each_edition_is_complete_in_its_language(lang):
    assert problems(built(lang), lang) == []


def korean_words_split(path: Path) -> list[str]:
    """Korean words of the chapters' prose that the PDF breaks across two lines ("가중|치"):
    a line ending in Hangul whose last syllables are no word of the prose, but become one with
    the Hangul that starts the next line (text by poppler's ``pdftotext``, which keeps lines)."""
    words: set[str] = set()
    for notebook in ROOT.glob("chapters/*/ko.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        words.update(w for c in cells if c["cell_type"] == "markdown" for w in HANGUL.findall("".join(c["source"])))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    found = []
    for line, after in zip(lines, lines[1:]):
        end, start = re.search(r"[가-힣]+$", line), re.match(r"[가-힣]+", after)
        if end and start and end.group() not in words and end.group() + start.group() in words:
            found.append(f"{end.group()}|{start.group()}")
    return found


@pytest.mark.slow
def test_korean_breaks_lines_between_words_only():
    """No Korean word split across lines (CSS ``word-break: keep-all``; xetexko alone would break
    between any two syllables, as a browser does by default: 133 splits in the site printed by
    chromium)."""
    path = built("ko")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing (bash tools/pdf.sh installs poppler-utils)")
    assert korean_words_split(path) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_has_bookmarks_for_every_chapter(lang):
    reader = pypdf.PdfReader(built(lang))

    def titles(outline) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]

    marks = {squeeze(t) for t in titles(reader.outline)}
    assert {squeeze(t) for t in chapter_titles(lang)} <= marks


@pytest.mark.slow
def test_the_checks_fail_on_the_other_editions_pdf():
    """The English PDF is not a Korean edition (titles, /Lang), and the other way round."""
    for lang, other in (("ko", "en"), ("en", "ko")):
        found = problems(built(other), lang)
        assert any("/Lang" in p for p in found)
        assert any("no chapter title" in p for p in found)
        assert any(f"a title of the {other} edition" in p for p in found)


def test_the_checks_fail_on_an_unembedded_font_and_missing_metadata(tmp_path):
    """A one-page PDF written in Helvetica (not embedded), without /Lang or a title."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 20 100 Td (2.2616348) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    path = tmp_path / "wrong.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    found = problems(path, "en")
    assert "font not embedded: /Helvetica" in found
    assert any(p.startswith("/Lang is None") for p in found)
    assert any(p.startswith("/Title is") for p in found)
    assert any(p.startswith("1 pages") for p in found)
    assert "no number 2.2616348" not in found  # the text is read


# --------------------------------------------------------------------------- _ext/stbda_pdf.py


def test_stbda_pdf_doctests():
    import doctest

    sys.path.insert(0, str(ROOT / "_ext"))
    import stbda_pdf

    assert doctest.testmod(stbda_pdf).failed == 0


@pytest.mark.parametrize("lang", LANGS)
def test_outputs_latex_cannot_show_get_a_printable_form(lang):
    """A diagram's inline SVG gets a vector ``application/pdf``; after an animation (a video with its
    last frame as ``image/png``, which myst-nb's LaTeX priority takes) a line, in the edition's
    language, says the site animates it."""
    import base64
    import shutil

    from myst_nb.core.render import get_mime_priority

    sys.path.insert(0, str(ROOT / "_ext"))
    import stbda_pdf

    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert is missing (bash tools/pdf.sh installs librsvg2-bin)")
    svg = '<figure><svg width="20pt" height="10pt" viewBox="0 0 20 10"><rect width="20" height="10"/></svg></figure>'
    last = base64.b64encode(b"last").decode()
    video = {
        "text/html": '<video controls><source type="video/mp4" src="data:video/mp4;base64,AAAA"></video>',
        "image/png": last,
        "text/plain": "alt",
    }
    notebook = {
        "cells": [
            {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": {"text/html": svg}}]},
            {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": dict(video)}]},
            {"cell_type": "markdown", "source": "text"},
        ]
    }
    assert stbda_pdf.printable(notebook, lang) == 2
    diagram = notebook["cells"][0]["outputs"][0]["data"]
    assert base64.b64decode(diagram["application/pdf"]).startswith(b"%PDF")
    still, note = notebook["cells"][1]["outputs"]
    assert still["data"] == video
    priority = get_mime_priority("latex", [])
    assert (
        "text/html" not in priority
        and min(video, key=lambda m: priority.index(m) if m in priority else 99) == "image/png"
    )
    assert note["data"]["text/markdown"] == f"*{stbda_pdf.ANIMATED[lang]}*"
    assert "outputs" not in notebook["cells"][2]


# --------------------------------------------------------------------------- the site's link


@pytest.mark.browser  # reads the built site (conftest skips it without one)
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_of_the_site_links_its_editions_pdf(lang):
    """Every built page links ``<edition>/stbda-book-<lang>.pdf`` (relative to the page), named
    in the page's language (``icon_links`` in ``_config.yml``)."""
    site = ROOT / "_build" / "html" / lang
    if not (site / "genindex.html").exists():
        pytest.skip("_build/html was not built (bash tools/build.sh)")
    name = {"ko": "PDF로 내려받기", "en": "Download PDF"}[lang]
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts and p.name not in ("index.html", "404.html")]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]*stbda-book-[a-z]+\.pdf)"[^>]*title="([^"]*)"', html)
        assert links, f"{page.relative_to(site)}: no link to the PDF"
        for href, title in links:
            assert title == name, f"{page.relative_to(site)}: {title!r}"
            assert (page.parent / href).resolve() == (site / f"stbda-book-{lang}.pdf").resolve(), href
