"""The reproducibility pages are generated from stored outputs and match the lecture."""

import pytest
from project import ROOT, load_tool

repro = load_tool("reproducibility")


def test_pages_are_up_to_date():
    assert repro.main(["--check"]) == 0, "run: .venv/bin/python tools/reproducibility.py"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_book_reproduces_every_lecture_number(lang):
    for item, value in zip(repro.ITEMS, repro.book_values(lang=lang)):
        assert abs(value - item.lecture) <= item.tolerance, (
            f"{item.chapter}: {item.what['en']}: {value} vs {item.lecture}"
        )


def test_every_chapter_has_items():
    chapters = {p.name for p in (ROOT / "chapters").iterdir() if p.is_dir()}
    assert chapters <= {item.chapter for item in repro.ITEMS} | {
        "03-overfitting"
    }  # the lecture printed no number there


def test_missing_output_is_an_error():
    item = repro.ITEMS[0]
    with pytest.raises(ValueError, match="no output matches"):
        repro.find_value(item, "nothing printed here")


def test_table_shows_lecture_and_book_values():
    page = repro.render("en", [2.5] * len(repro.ITEMS), {"a.ipynb": {"numpy": "1.0"}})
    assert "| 01 | linear fit: slope w | 2.2616348 | 2.5 | 2.4e-01 |" in page
    assert "| numpy | 1.0 |" in page
