"""The reproducibility pages paste the book's values with myst-nb glue, and they match the lecture."""

import json
import logging

import nbformat
import pytest
from myst_nb.ext.glue import extract_glue_data
from project import LANGS, ROOT, load_tool

repro = load_tool("reproducibility")
GLUING = sorted({item.chapter for item in repro.ITEMS})


def test_pages_are_up_to_date():
    assert repro.main(["--check"]) == 0, "run: .venv/bin/python tools/reproducibility.py"


@pytest.mark.parametrize("lang", LANGS)
def test_book_reproduces_every_lecture_number(lang):
    assert repro.outside_tolerance(repro.book_values(lang=lang)) == []


def test_a_value_outside_its_tolerance_is_reported():
    values = [item.lecture for item in repro.ITEMS]
    assert repro.outside_tolerance(values) == []
    values[1] += 2 * repro.ITEMS[1].tolerance
    (miss,) = repro.outside_tolerance(values)
    assert miss.startswith("01-piecewise-regression: linear fit: slope w: book 2.2616548 vs lecture 2.2616348")
    values[1] = float("nan")  # a NaN is never within tolerance
    assert len(repro.outside_tolerance(values)) == 1


@pytest.mark.parametrize("path", sorted(ROOT.glob("chapters/*/*.ipynb")), ids=lambda p: p.parent.name + "/" + p.name)
def test_every_glued_value_is_on_the_page(path):
    """A chapter without numbers from the lecture (chapter 3, a new chapter) glues nothing and needs no item."""
    listed = {item.key for item in repro.ITEMS if item.chapter == path.parent.name}
    assert set(repro.glued_values(path)) <= listed, "add the glued values to reproducibility/items.yml"


@pytest.mark.parametrize("chapter", GLUING)
@pytest.mark.parametrize("lang", LANGS)
def test_myst_nb_reads_the_glued_values(chapter, lang):
    """What the notebooks store (IPython's display with glue metadata) is what myst-nb's own reader finds."""
    path = ROOT / "chapters" / chapter / f"{lang}.ipynb"
    nb = nbformat.read(path, as_version=4)
    found = extract_glue_data(nb, [0] * len(nb.cells), logging.getLogger("test"))
    ours = repro.glued_values(path)
    assert {key: float(out["data"]["text/plain"]) for key, out in found.items()} == ours
    assert {item.key for item in repro.ITEMS if item.chapter == chapter} <= set(ours)


@pytest.mark.parametrize("chapter", GLUING)
@pytest.mark.parametrize("lang", LANGS)
def test_glue_cells_are_hidden_on_the_site(chapter, lang):
    cells = json.loads((ROOT / "chapters" / chapter / f"{lang}.ipynb").read_text(encoding="utf-8"))["cells"]
    gluing = [c for c in cells if any("scrapbook" in o.get("metadata", {}) for o in c.get("outputs", []))]
    assert gluing, "no cell glues a value"
    for cell in gluing:
        assert "remove-cell" in cell["metadata"].get("tags", []), "".join(cell["source"])[:200]


def test_missing_glue_is_an_error(tmp_path):
    for item in repro.ITEMS:
        folder = tmp_path / "chapters" / item.chapter
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "en.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "outputs": []}]}))
    with pytest.raises(ValueError, match="glues no value named 'y1'"):
        repro.book_values(tmp_path, "en")


def test_table_pastes_the_book_value_and_shows_lecture_difference_and_tolerance():
    page = repro.render("en", [2.5] * len(repro.ITEMS), {"a.ipynb": {"numpy": "1.0"}})
    row = "| 01 | linear fit: slope w | 2.2616348 | {glue:text}`/chapters/01-piecewise-regression/en.ipynb::w:.8g` |"
    assert row + " 2.4e-01 | 1e-05 |" in page
    assert "| 02 | dead ReLU gradient ∂L/∂W1[0,1] | 0 |" in page and "| 2.5e+00 | 0 |" in page
    assert "| numpy | 1.0 |" in page
    korean = repro.render("ko", [2.5] * len(repro.ITEMS), {"a.ipynb": {"numpy": "1.0"}})
    assert "/ko.ipynb::" in korean and "/ko.ipynb" not in page
    assert "| 패키지 | 버전 |" in korean and "version" not in korean  # the Korean page's headers are Korean
