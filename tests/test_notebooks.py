"""The rules every chapter notebook follows (see CONTRIBUTING.md)."""

from __future__ import annotations

import io
import re
import tokenize

import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager
from project import LANGS, ROOT, chapter_dirs, install_cell, load, toc_files

from stbda_utils import __version__
from stbda_utils.config import REPO_URL

CHAPTERS = chapter_dirs()
NOTEBOOKS = [d / f"{lang}.ipynb" for d in CHAPTERS for lang in LANGS]
SETUP_CALL = re.compile(r'setup\(lang="(ko|en)"\)')
# outputs that follow the chosen language (figure pictures, diagram SVG);
# everything else a cell prints must be the same in both languages
LANGUAGE_DEPENDENT = ("image/png", "image/jpeg", "image/svg+xml", "text/html")


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def text_outputs(cell: dict) -> list[tuple[str, str]]:
    """(kind, text) of each output; consecutive chunks of one stream are joined,
    since how a kernel splits printed text into chunks depends on timing."""
    out: list[tuple[str, str]] = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            text = "".join(o["text"])
            if out and out[-1][0] == o["name"]:
                out[-1] = (o["name"], out[-1][1] + text)
            else:
                out.append((o["name"], text))
        elif o["output_type"] in ("execute_result", "display_data"):
            for mime, value in o["data"].items():
                if mime not in LANGUAGE_DEPENDENT:
                    out.append((mime, "".join(value) if isinstance(value, list) else str(value)))
        elif o["output_type"] == "error":
            out.append(("error", o["ename"]))
    return out


def test_there_are_chapters():
    assert CHAPTERS, "no chapter folder under chapters/"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_both_languages_exist(chapter):
    for lang in LANGS:
        assert (chapter / f"{lang}.ipynb").exists(), f"{chapter.name} lacks {lang}.ipynb"


def masked(source: str) -> list[str]:
    """The tokens of a code cell with every string literal and comment masked: what ko and en share.

    IPython syntax (``!pip ...``) is first turned into Python, as the kernel does.

    >>> masked('print(f"가중치 {w:.4f}")  # 한국어 주석') == masked('print(f"weight {w:.4f}")  # a comment')
    True
    >>> masked('print(w)') == masked('print(b)')
    False
    """
    python = TransformerManager().transform_cell(source)
    tokens: list[str] = []
    for tok in tokenize.generate_tokens(io.StringIO(python).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER):
            continue
        if tok.type == tokenize.STRING or tokenize.tok_name[tok.type] == "FSTRING_MIDDLE":
            tok_string = "<str>"
        else:
            tok_string = tok.string
        if not (tok_string == "<str>" and tokens and tokens[-1] == "<str>"):  # adjacent literals are one
            tokens.append(tok_string)
    return tokens


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_same_code_in_both_languages(chapter):
    """ko and en run the same program: their code cells differ only in string literals and comments."""
    ko, en = (code_cells(load(chapter / f"{lang}.ipynb")) for lang in LANGS)
    assert len(ko) == len(en), "ko and en have different numbers of code cells"
    for i, (a, b) in enumerate(zip(ko, en)):
        assert masked("".join(a["source"])) == masked("".join(b["source"])), (
            f"code cell {i} differs between ko and en beyond string literals and comments"
        )
    for lang, cells in zip(LANGS, (ko, en)):
        calls = SETUP_CALL.findall("".join("".join(c["source"]) for c in cells))
        assert calls == [lang], f"{lang}.ipynb: exactly one setup(lang=...), in its own language"


# a number as printed: sign, digits with thousands separators, decimals, exponent
NUMBER = re.compile(r"[-+\u2212]?(?:\d[\d,]*)?\.?\d+(?:e[-+]?\d+)?")


def numbers_in(text: str) -> list[str]:
    """Every number in ``text``, in order, written one way ("1,000" and "1000" alike).

    >>> numbers_in("MSE after 1,000 epochs: 0.1159 (w = -2.5e-05)")
    ['1000', '0.1159', '-2.5e-05']
    """
    return [n.replace(",", "").replace("\u2212", "-") for n in NUMBER.findall(text)]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_same_numbers_in_both_languages(chapter):
    """Words that cells print follow the language; the numbers must not."""
    ko, en = (code_cells(load(chapter / f"{lang}.ipynb")) for lang in LANGS)
    for i, (a, b) in enumerate(zip(ko, en)):
        if "nbval-ignore-output" in a.get("metadata", {}).get("tags", []):
            continue  # timings: nbval does not compare them either
        kinds_a, kinds_b = ([kind for kind, _ in text_outputs(c)] for c in (a, b))
        assert kinds_a == kinds_b, f"code cell {i}: different kinds of output in ko and en"
        nums_a, nums_b = (numbers_in("\n".join(t for _, t in text_outputs(c))) for c in (a, b))
        assert nums_a == nums_b, f"code cell {i}: printed numbers differ between ko and en"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_outputs_are_clean(path):
    cells = code_cells(load(path))
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), "re-run top to bottom: python tools/refresh_outputs.py"
    for i, cell in enumerate(cells):
        for o in cell.get("outputs", []):
            assert o["output_type"] != "error", f"cell {i} stores an error"
            assert not (o["output_type"] == "stream" and o["name"] == "stderr"), f"cell {i} writes to stderr"
            for _, text in text_outputs(cell):
                assert not re.search(r" at 0x[0-9a-f]{6,}", text), f"cell {i} prints a memory address"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_first_cell_installs_the_package_in_colab(path):
    first = "".join(code_cells(load(path))[0]["source"])
    assert first == install_cell(path.stem), (
        f"the first code cell must be tests/project.py's INSTALL_CELL:\n{install_cell(path.stem)}"
    )
    assert f"git+{REPO_URL}@v{__version__}" in first  # pinned to this release's tag
    assert len(first.splitlines()) <= 4, "a student's first cell stays short"
    assert code_cells(load(path))[0]["outputs"] == [], "the install cell must print nothing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_is_in_the_toc(path):
    entry = path.relative_to(ROOT).with_suffix("").as_posix()
    assert entry in toc_files(), f"add '- file: {entry}' to _toc.yml"


def test_toc_lists_each_language_in_its_own_part():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc["parts"]:
        langs = {f.rsplit("/", 1)[-1] for f in [c["file"] for c in part["chapters"]] if f.startswith("chapters/")}
        assert len(langs) <= 1, f"part {part['caption']!r} mixes languages: {langs}"


def test_repository_url_in_one_place():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["url"] == REPO_URL


# Symbols a Korean page may print: weight and layer names, losses, optimizers, activations
# (the book's convention; Keras's own summary() table is HTML and not checked here).
SYMBOLS = {
    "W1",
    "W2",
    "b1",
    "b2",
    "dL",
    "dW1",
    "dW2",
    "db1",
    "db2",
    "dw",
    "db",
    "MSE",
    "BCE",
    "ReLU",
    "relu",
    "SGD",
    "Adam",
    "x",
    "y",
    "w",
    "b",
    "u",
    "c",
    "e",
}


def english_words(text: str) -> set[str]:
    """Latin-letter words in ``text`` that are not symbols.

    >>> sorted(english_words("MSE after 1,000 epochs: 0.1159, W1 = [[1.0]]"))
    ['after', 'epochs']
    """
    return {
        w
        for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
        if w not in SYMBOLS and not re.fullmatch(r"e[-+]?\d*|[A-Za-z]\d*", w)
    }


def reader_text(cell: dict) -> str:
    """What a reader sees as text: printed streams and plain-text results without an HTML or image form."""
    parts = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            parts.append("".join(o["text"]))
        elif o["output_type"] in ("execute_result", "display_data") and not set(o["data"]) & set(LANGUAGE_DEPENDENT):
            parts.append("".join(o["data"].get("text/plain", "")))
    return "\n".join(parts)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_korean_page_prints_no_english_words(chapter):
    for i, cell in enumerate(code_cells(load(chapter / "ko.ipynb"))):
        words = english_words(reader_text(cell))
        assert not words, f"code cell {i} of {chapter.name}/ko.ipynb prints English words {sorted(words)}"


HEADING = re.compile(r"^(?:\(([\w-]+)\)=\n)?(#{2,6}) ", re.M)


def heading_labels(nb: dict) -> list[tuple[str | None, str]]:
    """(label, level) of every section heading in the markdown cells, in order.

    >>> heading_labels({"cells": [{"cell_type": "markdown", "source": "(ch1-data)=\\n## 데이터\\n\\n## 요약"}]})
    [('ch1-data', '##'), (None, '##')]
    """
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return [(m.group(1), m.group(2)) for m in HEADING.finditer(text)]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_sections_have_the_same_explicit_labels_in_both_languages(chapter):
    """The language switch keeps the reader's section (#label): every heading carries an
    explicit label, the same in ko and en (Korean headings would otherwise get #id1, #id2…)."""
    ko, en = (heading_labels(load(chapter / f"{lang}.ipynb")) for lang in LANGS)
    assert ko == en, "ko and en differ in their headings' labels or levels"
    unlabelled = [level for label, level in ko if label is None]
    assert not unlabelled, f"{len(unlabelled)} headings without a '(label)=' line above them"
    labels = [label for label, _ in ko]
    assert len(set(labels)) == len(labels), "labels repeat"
    n = chapter.name[:2].lstrip("0")
    assert all(label.startswith(f"ch{n}-") for label in labels), labels
