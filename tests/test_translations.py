"""Every English page translates its chapter's current Korean prose (tools/translations.py)."""

import importlib.util
import sys

import nbformat
import pytest
from project import ROOT

spec = importlib.util.spec_from_file_location("translations", ROOT / "tools" / "translations.py")
translations = importlib.util.module_from_spec(spec)
sys.modules["translations"] = translations  # dataclasses look their module up there
spec.loader.exec_module(translations)


@pytest.mark.parametrize("chapter", translations.chapters(), ids=str)
def test_english_page_follows_the_korean_prose(chapter):
    reason = translations.stale_reason(chapter, translations.load_record().get(chapter))
    assert reason is None, f"{chapter}: {reason}"


# --- the mechanism, on notebooks made here -------------------------------------------------


def write(path, cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def code(text, output=None):
    cell = nbformat.v4.new_code_cell(text)
    if output is not None:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    return cell


@pytest.fixture
def book(tmp_path):
    chapters = tmp_path / "chapters"
    write(chapters / "01-a" / "ko.ipynb", [md("# 제목"), code("print(1)", "1\n"), md("첫 문단."), md("둘째 문단.")])
    write(
        chapters / "01-a" / "en.ipynb", [md("# Title"), code("print(1)", "1\n"), md("First paragraph."), md("Second.")]
    )
    write(chapters / "02-b" / "ko.ipynb", [md("# 둘")])
    write(chapters / "02-b" / "en.ipynb", [md("# Two")])
    (chapters / "03-only-ko").mkdir()
    write(chapters / "03-only-ko" / "ko.ipynb", [md("# 셋")])
    return chapters


def edit(path, index, source=None, output=None):
    nb = nbformat.read(path, as_version=4)
    if source is not None:
        nb.cells[index].source = source
    if output is not None:
        nb.cells[index].outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    nbformat.write(nb, path)


def flagged(chapters):
    return {s.chapter: s.message for s in translations.check(chapters)}


def test_unmarked_chapters_are_flagged_and_mark_all_clears_them(book):
    assert translations.chapters(book) == ["01-a", "02-b"]  # a folder without en.ipynb is not a chapter yet
    assert set(flagged(book)) == {"01-a", "02-b"}
    assert "never marked" in flagged(book)["01-a"]
    assert translations.main(["--chapters", str(book), "mark", "--all"]) == 0
    assert flagged(book) == {}
    assert translations.main(["--chapters", str(book), "check"]) == 0


def test_korean_prose_change_is_flagged_with_its_cell_until_marked(book, capsys):
    translations.mark(["01-a", "02-b"], book)
    edit(book / "01-a" / "ko.ipynb", 3, source="둘째 문단을 고쳤다.")
    found = flagged(book)
    assert list(found) == ["01-a"]
    assert "(ko.ipynb markdown cell 3)" in found["01-a"] and "en.ipynb has not moved" in found["01-a"]
    assert translations.main(["--chapters", str(book), "check"]) == 1
    assert "01-a: Korean prose changed" in capsys.readouterr().out
    # updating the English page alone is not enough: the translator marks it
    edit(book / "01-a" / "en.ipynb", 3, source="The second paragraph, revised.")
    assert "en.ipynb has changed since too" in flagged(book)["01-a"]
    assert translations.main(["--chapters", str(book), "mark", "01-a"]) == 0
    assert flagged(book) == {}


def test_code_outputs_and_whitespace_do_not_count_as_prose(book):
    translations.mark(["01-a", "02-b"], book)
    edit(book / "01-a" / "ko.ipynb", 1, source="print(2)", output="2\n")
    edit(book / "01-a" / "ko.ipynb", 2, source="첫 문단.   \n\n")
    edit(book / "01-a" / "en.ipynb", 2, source="First paragraph, reworded.")  # English-only edits are fine
    assert flagged(book) == {}


def test_inserted_korean_cell_is_named(book):
    translations.mark(["01-a"], book)
    nb = nbformat.read(book / "01-a" / "ko.ipynb", as_version=4)
    nb.cells.insert(2, md("새 문단."))
    nbformat.write(nb, book / "01-a" / "ko.ipynb")
    assert "(ko.ipynb markdown cell 2)" in flagged(book)["01-a"]


def test_removed_korean_cell_is_flagged(book):
    translations.mark(["01-a"], book)
    nb = nbformat.read(book / "01-a" / "ko.ipynb", as_version=4)
    del nb.cells[3]
    nbformat.write(nb, book / "01-a" / "ko.ipynb")
    assert "cells removed or reordered" in flagged(book)["01-a"]


def test_mark_rejects_unknown_chapters_and_keeps_other_marks(book):
    translations.mark(["02-b"], book)
    with pytest.raises(ValueError, match="03-only-ko"):
        translations.mark(["03-only-ko"], book)
    assert translations.main(["--chapters", str(book), "mark", "nope"]) == 2
    translations.mark(["01-a"], book)
    assert set(translations.load_record(book)) == {"01-a", "02-b"}
    text = (book / "translations.yml").read_text(encoding="utf-8")
    assert text.startswith("# Which Korean prose") and text.index("01-a:") < text.index("02-b:")
