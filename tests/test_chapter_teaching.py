"""Chapters teach tf.keras in plain sight and end with exercises (issue 10).

Every chapter follows them.
"""

from __future__ import annotations

import re

import pytest
from project import CHAPTERS, LANGS, load

TAUGHT = tuple(p.name for p in sorted(CHAPTERS.iterdir()) if p.is_dir() and any(p.glob("*.ipynb")))
NOTEBOOKS = [(ch, lang) for ch in TAUGHT for lang in LANGS]
KERAS_IN_CELLS = (
    "tf.keras.Sequential(",
    "tf.keras.Input(",
    "tf.keras.layers.Dense(",
    ".compile(",
    ".fit(",
    ".predict(",
    ".get_weights()",
)
EXERCISE = re.compile(r"```\{exercise\}[^\n]*\n:label: (\S+)")


def cells(chapter: str, lang: str) -> list[dict]:
    return load(CHAPTERS / chapter / f"{lang}.ipynb")["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("chapter,lang", NOTEBOOKS)
def test_keras_is_written_out_in_code_cells(chapter, lang):
    code = "\n".join(source(c) for c in cells(chapter, lang) if c["cell_type"] == "code")
    missing = [call for call in KERAS_IN_CELLS if call not in code]
    assert not missing, f"{chapter}/{lang}: no code cell calls {missing}"


def test_chapter_4_compiles_the_lectures_own_bce_and_mse():
    code = "\n".join(source(c) for c in cells("04-logistic-regression", "en") if c["cell_type"] == "code")
    assert "def bce(y, yhat):" in code and "loss=loss)" in code
    assert "logistic_unit(bce)" in code and 'logistic_unit("mse")' in code
    # the lecture's trajectory loop: repeated short fits, weights read after each
    assert re.search(
        r"for stretch in range\(29\):[^\n]*\n\s+net\.fit\([^\n]*epochs=15[^\n]*\n"
        r"\s+path\.append\(net\.get_weights\(\)",
        code,
    )


@pytest.mark.parametrize("chapter,lang", NOTEBOOKS)
def test_exercises_with_collapsed_solutions_one_executed(chapter, lang):
    nb = cells(chapter, lang)
    text = "\n".join(source(c) for c in nb if c["cell_type"] == "markdown")
    labels = EXERCISE.findall(text)
    n = chapter[1]
    assert len(labels) >= 3, f"{chapter}/{lang}: {len(labels)} exercises"
    assert all(re.fullmatch(rf"ch{n}-{lang}-ex\d+", label) for label in labels), labels
    assert len(set(labels)) == len(labels)
    for label in labels:
        solution = re.search(rf"```\{{solution(?:-start)?\}} {label}\n:class: dropdown\n", text)
        assert solution, f"{label}: no collapsed solution"
    executed = [i for i, c in enumerate(nb) if c["cell_type"] == "markdown" and "{solution-start}" in source(c)]
    assert executed, "at least one solution is an executed code cell"
    for i in executed:
        assert nb[i + 1]["cell_type"] == "code" and nb[i + 1]["outputs"], f"cell {i + 1}: solution code not run"
        assert "{solution-end}" in source(nb[i + 2])


LECTURE_TITLE = "[STBDA] 07wk: Logistic regression"
SOURCE_BOX = {"ko": "```{admonition} 출처\n", "en": "```{admonition} Source\n"}


@pytest.mark.parametrize("chapter,lang", NOTEBOOKS)
def test_credits_the_lecture_near_the_top(chapter, lang):
    """Cell 1, right after the title, opens with the source box naming the lecture and its authors."""
    first = source(cells(chapter, lang)[1])
    assert first.startswith(SOURCE_BOX[lang]), f"{chapter}/{lang}: cell 1 must open with {SOURCE_BOX[lang]!r}"
    box = first.split("\n```", 1)[0]
    names = (
        ("김보람", "최규빈", "전북대학교")
        if lang == "ko"
        else ("Boram Kim", "Guebin Choi", "Jeonbuk National University")
    )
    missing = [n for n in (LECTURE_TITLE, "STBDA2022", *names) if n not in box]
    assert not missing, f"{chapter}/{lang}: the source box lacks {missing}"
    text = "\n".join(source(c) for c in cells(chapter, lang) if c["cell_type"] == "markdown")
    old_forms = ("**출처.**", "**Source.**")
    assert text.count(SOURCE_BOX[lang]) == 1 and not any(f in text for f in old_forms), "one source box"


@pytest.mark.parametrize("chapter,lang", NOTEBOOKS)
def test_short_lines_in_code_and_printed_text(chapter, lang):
    code_cells = [c for c in cells(chapter, lang) if c["cell_type"] == "code"][1:]  # not the install cell
    for c in code_cells:
        for line in source(c).splitlines():
            assert len(line) <= 88, f"code line of {len(line)} characters: {line}"
        for out in c["outputs"]:
            if out["output_type"] == "stream":
                for line in "".join(out["text"]).splitlines():
                    assert len(line) <= 88, f"printed line of {len(line)} characters: {line}"
