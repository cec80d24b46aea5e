"""The glossary: one table (glossary.yml), the pages made from it, and the prose that uses it."""

from __future__ import annotations

import doctest
import json
import re

import pytest
from project import LANGS, ROOT, chapter_dirs, load_tool

glossary = load_tool("glossary")


def test_doctests():
    assert doctest.testmod(glossary).failed == 0


def test_glossary_pages_and_contributing_agree_with_the_table():
    stale = [
        p.relative_to(ROOT).as_posix()
        for p, text in glossary.outputs().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"out of date with glossary.yml: {stale}; run .venv/bin/python tools/glossary.py"


def test_glossary_has_one_korean_term_per_concept_and_the_books_terms():
    rows = glossary.load_terms()
    terms = {row["en"]: row["ko"] for row in rows}
    assert terms["gradient"] == "그래디언트" and terms["slope (of a line)"] == "기울기"
    for en, ko in [
        ("overfitting", "과적합"),
        ("underfitting", "과소적합"),
        ("learning rate", "학습률"),
        ("optimiser", "옵티마이저"),
        ("local minimum", "국소 최솟값"),
        ("loss surface", "손실 곡면"),
        ("test set", "테스트 세트"),
        ("training data", "학습 데이터"),
        ("generalisation error", "일반화 오차"),
        ("initial value, starting weights", "초깃값"),
        ("hidden layer", "은닉층"),
        ("network (model)", "신경망"),
        ("Keras", "케라스"),
        ("logistic regression", "로지스틱 회귀"),
        ("kink (where a ReLU piece bends)", "꺾임점"),
    ]:
        assert terms[en] == ko, en
    aliases = {row["ko"].split(" ")[0]: row.get("alias") for row in rows}
    assert aliases["ReLU"] == "렐루" and aliases["Adam"] == "아담"


@pytest.mark.parametrize(
    "table,problem",
    [
        ("- {en: slope, ko: 기울기}\n- {en: gradient, ko: 기울기}\n", "one Korean term per concept"),
        ("- {en: weight, ko: '가중치(기울기), 편향'}\n- {en: slope, ko: 편향}\n", "one Korean term per concept"),
        ("- {en: a, ko: 초깃값, avoid: [초기값]}\n- {en: b, ko: 초기값}\n", "also words to avoid"),
        ("- {en: a, ko: 초깃값, avoid: 초기값}\n", "avoid is a list"),
    ],
)
def test_glossary_refuses_a_table_with_two_words_for_a_concept_or_a_bad_avoid_list(tmp_path, table, problem):
    path = tmp_path / "glossary.yml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        glossary.load_terms(path)


# --------------------------------------------------------------------------- the prose

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
#: Fences whose body is code; any other MyST directive (```{note}, ```{exercise} …) holds prose.
_CODE_DIRECTIVES = ("{repo-code}", "{code", "{literalinclude}")


def without_code_blocks(text: str) -> str:
    """``text`` without its fenced code blocks (MyST directives keep their prose).

    >>> without_code_blocks("```{note} 제목\\n본문\\n```python\\nx = 1\\n```\\n끝\\n```\\n")
    '```{note} 제목\\n본문\\n끝\\n'
    """
    kept, open_fences = [], []  # each open fence: (its backticks, whether its body is code)
    for line in text.splitlines(keepends=True):
        fence = _FENCE.match(line)
        if fence:
            marks, info = fence.group(1), fence.group(2).strip()
            inner = open_fences[-1] if open_fences else None
            if inner and not info and marks[0] == inner[0][0] and len(marks) >= len(inner[0]):
                open_fences.pop()
                continue
            if not (inner and inner[1]):
                is_code = not info.startswith("{") or info.startswith(_CODE_DIRECTIVES)
                open_fences.append((marks, is_code))
                if is_code:
                    continue
        if not any(code for _, code in open_fences):
            kept.append(line)
    return "".join(kept)


#: What is not prose besides code blocks: math, inline code, HTML tags, link targets.
_NOT_PROSE = [
    re.compile(r"\$\$.*?\$\$", flags=re.S),
    re.compile(r"\$[^$\n]+\$"),
    re.compile(r"`[^`\n]+`"),
    re.compile(r"<[^>\n]+>"),
    re.compile(r"\]\([^)\s]*\)"),
]
#: A quotation (of the lecture, a title): its words are not the book's.
_QUOTES = re.compile(r"「[^」\n]*」|『[^』\n]*』|“[^”\n]*”|\"[^\"\n]*\"")


def prose(text: str, quotes: bool = True) -> str:
    """The prose of markdown ``text``: without code, math, tags, link targets and (unless
    ``quotes``) quotations.

    >>> prose('초깃값 `초기값` $초기값$ "아담이라도" [링크](../a/ko.md)\\n```python\\nx = 1\\n```\\n', quotes=False).split()
    ['초깃값', '[링크']
    >>> prose("```{admonition} 출처\\n강의를 따릅니다.\\n```\\n")
    '```{admonition} 출처\\n강의를 따릅니다.\\n'
    """
    text = without_code_blocks(text)
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return text if quotes else _QUOTES.sub(" ", text)


def prose_sources(lang: str) -> dict[str, str]:
    """``{path: markdown}``: the markdown cells of every chapter's ``lang`` notebook, the
    how-to-use page and the root page of the ``lang`` edition."""
    sources = {}
    for folder in chapter_dirs():
        cells = json.loads((folder / f"{lang}.ipynb").read_text(encoding="utf-8"))["cells"]
        sources[f"{folder.name}/{lang}.ipynb"] = "\n\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"
        )
    for page in ("how-to-use", "index"):
        sources[f"{page}/{lang}.md"] = (ROOT / page / f"{lang}.md").read_text(encoding="utf-8")
    return sources


def korean_prose_problems() -> tuple[list[str], dict[str, list[str]]]:
    """The glossary's Korean terms the Korean prose never uses, and per source the words it
    should not use (a row's ``avoid`` words, and its ``alias`` outside a quotation)."""
    rows = glossary.load_terms()
    sources = prose_sources("ko")
    everything = "\n".join(prose(text) for text in sources.values())
    missing = [term for row in rows for term in glossary.korean_terms(row["ko"]) if term not in everything]
    words = [word for row in rows for word in glossary.avoided_words(row)]
    found = {}
    for path, text in sources.items():
        plain = prose(text, quotes=False)
        hits = sorted({word for word in words if word in plain})
        if hits:
            found[path] = hits
    return missing, found


#: English spellings the English prose does not use (British -ise; "test set").
ENGLISH_AVOID = [r"\btest data\b", r"\b(?:generaliz|minimiz|memoriz|optimiz|initializ|visualiz)\w*"]


def english_prose_problems() -> dict[str, list[str]]:
    """Per English source, the words it should not use (``ENGLISH_AVOID``), outside code and quotations."""
    found = {}
    for path, text in prose_sources("en").items():
        plain = prose(text, quotes=False)
        hits = sorted({m.group(0) for pattern in ENGLISH_AVOID for m in re.finditer(pattern, plain, re.I)})
        if hits:
            found[path] = hits
    return found


def test_the_prose_check_reads_prose_only():
    assert "초기값" not in prose("`init` 초깃값 `초기값`과 $초기값$") and "초깃값" in prose("초깃값")
    assert "아담" not in prose('강의는 "아무리 아담이라도 힘듬"이라고 썼습니다.', quotes=False)
    assert set(prose_sources("ko")) == {f"{d.name}/ko.ipynb" for d in chapter_dirs()} | {
        "how-to-use/ko.md",
        "index/ko.md",
    }
    assert LANGS == ("ko", "en")


def test_korean_prose_uses_every_glossary_term_and_no_word_to_avoid():
    missing, found = korean_prose_problems()
    assert not missing, f"glossary terms the Korean prose never uses: {missing}"
    assert not found, f"words to avoid (glossary.yml avoid/alias) in the Korean prose: {found}"


def test_english_prose_says_test_set_and_spells_ise():
    found = english_prose_problems()
    assert not found, f"'test set' and -ise spellings: {found}"
