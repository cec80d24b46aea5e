"""Generate the "reproducibility" pages: the lecture's numbers next to the book's, glued.

    .venv/bin/python tools/reproducibility.py          # rewrite reproducibility/{ko,en}.md
    .venv/bin/python tools/reproducibility.py --check  # exit 1 if they are out of date or a value
                                                       # is outside the lecture's tolerance

Every number the lecture printed and this book reproduces is listed in
``ITEMS`` with the name (glue key) under which the chapter notebook's last cell
stores it with myst-nb's glue, rounded as the notebook prints it. That cell is
tagged ``remove-cell``: hidden on the site, but its outputs stay in the
notebook, and myst-nb reads them when it builds the chapter. The pages paste the
book's values with ``{glue:text}`` from the notebooks of their own language, so
the site always shows what the stored outputs hold; this script writes the rest
(the lecture's values, the differences, the tolerances and the environment each
notebook was executed with, stamped by refresh_outputs.py). The differences
are computed from the same glued values, and ``--check`` (and
tests/test_reproducibility.py) fail when the page is stale or a glued value is
further from the lecture's than its tolerance. Nothing in the tables is typed
by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "reproducibility"
#: Where myst-nb's glue() puts a value's name in an output's metadata (and how
#: myst_nb.ext.glue.extract_glue_data finds it).
GLUE_METADATA = "scrapbook"


@dataclass(frozen=True)
class Item:
    """One printed number: which glued value it is and what the lecture printed."""

    chapter: str  # folder under chapters/
    what: dict[str, str]  # description per language
    lecture: float  # the value the lecture printed
    key: str  # the glue key of the book's value in chapters/<chapter>/<lang>.ipynb
    tolerance: float  # largest accepted |book - lecture|


def _w(chapter: str, ko: str, en: str, lecture: float, key: str, tolerance: float) -> Item:
    return Item(chapter, {"ko": ko, "en": en}, lecture, key, tolerance)


CH1, CH2, CH4 = "01-piecewise-regression", "02-relu-networks", "04-logistic-regression"
ITEMS: list[Item] = [
    _w(CH1, "데이터 첫 값 y₁", "first data value y₁", -0.88497385, "y1", 5e-9),
    _w(CH1, "직선 적합 기울기 w", "linear fit: slope w", 2.2616348, "w", 1e-5),
    _w(CH1, "직선 적합 절편 b", "linear fit: intercept b", 0.6069048, "b", 1e-5),
    _w(CH2, "유닛 2개: W1[0,0]", "2 units: W1[0,0]", 1.7125574, "W1_00", 1e-4),
    _w(CH2, "유닛 2개: W1[0,1]", "2 units: W1[0,1]", 0.96457523, "W1_01", 1e-4),
    _w(CH2, "유닛 2개: b1[0]", "2 units: b1[0]", -0.10849824, "b1_0", 1e-4),
    _w(CH2, "유닛 2개: b1[1]", "2 units: b1[1]", 0.80890274, "b1_1", 1e-4),
    _w(CH2, "유닛 2개: W2[0,0]", "2 units: W2[0,0]", 1.5033181, "W2_00", 1e-4),
    _w(CH2, "유닛 2개: W2[1,0]", "2 units: W2[1,0]", 1.1611973, "W2_10", 1e-4),
    _w(CH2, "유닛 2개: b2", "2 units: b2", -0.9116387, "b2", 1e-4),
    _w(
        CH2,
        "죽은 ReLU 그래디언트 ∂L/∂W1[0,0] (합)",
        "dead ReLU gradient ∂L/∂W1[0,0] (sum)",
        -6.01630956e-05,
        "dead_dW1_00",
        1e-9,
    ),
    _w(CH2, "죽은 ReLU 그래디언트 ∂L/∂W1[0,1]", "dead ReLU gradient ∂L/∂W1[0,1]", 0.0, "dead_dW1_01", 0.0),
    _w(CH2, "죽은 ReLU 그래디언트 ∂L/∂b1[0]", "dead ReLU gradient ∂L/∂b1[0]", -1.22677221e-05, "dead_db1_0", 1e-9),
    _w(
        CH2,
        "죽은 ReLU 그래디언트 ∂L/∂W2[0,0]",
        "dead ReLU gradient ∂L/∂W2[0,0]",
        -6.86439011e-05,
        "dead_dW2_00",
        1e-9,
    ),
    _w(CH2, "죽은 ReLU 그래디언트 ∂L/∂b2", "dead ReLU gradient ∂L/∂b2", -3.2899797e-05, "dead_db2", 1e-9),
    _w(CH4, "BCE 적합: 커널 w1 (구성상 일치)", "BCE fit: kernel w1 (by construction)", 4.307486, "bce_w1", 1e-3),
    _w(CH4, "BCE 적합: 편향 w0", "BCE fit: bias w0", -0.82411796, "bce_w0", 1e-3),
    _w(
        CH4,
        "Adam, (-3,-1): 준비 에폭의 MSE 손실",
        "Adam, (-3,-1): MSE warm-up epoch loss",
        0.3403,
        "adam_3_1_mse_loss",
        5e-5,
    ),
    _w(
        CH4,
        "Adam, (-3,-1): 준비 에폭 뒤 MSE w0 (구성상 일치)",
        "Adam, (-3,-1): MSE w0 after warm-up (by construction)",
        1.2018752,
        "adam_3_1_mse_w0",
        1e-4,
    ),
    _w(
        CH4,
        "Adam, (-3,-1): 준비 에폭의 BCE 손실",
        "Adam, (-3,-1): BCE warm-up epoch loss",
        0.8690,
        "adam_3_1_bce_loss",
        5e-5,
    ),
    _w(
        CH4,
        "Adam, (-3,-1): 준비 에폭 뒤 BCE w0 (구성상 일치)",
        "Adam, (-3,-1): BCE w0 after warm-up (by construction)",
        -0.9399656,
        "adam_3_1_bce_w0",
        1e-4,
    ),
    _w(
        CH4,
        "Adam, (-10,-1): 준비 에폭의 MSE 손실",
        "Adam, (-10,-1): MSE warm-up epoch loss",
        0.4499,
        "adam_10_1_mse_loss",
        5e-5,
    ),
    _w(
        CH4,
        "Adam, (-10,-1): 준비 에폭의 BCE 손실",
        "Adam, (-10,-1): BCE warm-up epoch loss",
        1.0827,
        "adam_10_1_bce_loss",
        5e-5,
    ),
]


class Text(TypedDict):
    """The words of the page in one language."""

    title: str
    intro: str
    env: str
    env_intro: str
    table: str
    cols: tuple[str, ...]
    package: str
    notebooks: str


TEXT: dict[str, Text] = {
    "ko": {
        "title": "# 재현성: 강의의 숫자와 이 책의 숫자",
        "intro": "이 쪽은 강의 노트가 출력한 값과 이 책의 노트북이 출력한 값을 나란히 놓았습니다. "
        "이 책의 값은 여기에 손으로 적지 않았습니다. 각 장 노트북의 마지막 셀(사이트에서는 숨김)이 출력한 대로 "
        "반올림한 값에 myst-nb의 `glue`로 이름을 붙여 두고, 이 쪽은 노트북에 저장된 출력에서 그 값을 가져다 "
        "넣습니다. 나머지(강의 값, 차이, 허용 오차, 실행 환경)는 `tools/reproducibility.py`가 만듭니다. "
        "노트북 출력은 CI에서 nbval이 매번 다시 실행해 확인하고, 어느 값이든 강의 값에서 허용 오차보다 멀어지면 "
        "테스트가 실패합니다. "
        "차이에는 노트북이 값을 반올림해 출력한 만큼의 오차가 포함됩니다. "
        "일치 가운데 일부는 구성상 당연하고 일부는 독립적인 확인입니다. 4장의 초기 커널은 BCE의 최종 커널이 "
        "강의 값이 되도록 풀어서 정했고(편향은 그 뒤 독립적으로 일치), Adam의 초깃값은 강의가 준비 에폭 뒤에 "
        "출력한 가중치에서 거꾸로 계산했으므로 그 가중치는 구성상 맞습니다. 반면 준비 에폭의 손실은 어디에도 "
        "맞추지 않은 독립적인 확인입니다.",
        "env": "## 실행 환경",
        "env_intro": "저장된 출력을 만든 환경 (`tools/refresh_outputs.py`가 노트북 메타데이터에 기록):",
        "table": "## 강의 값과 비교",
        "cols": ("장", "값", "강의", "이 책", "차이", "허용 오차"),
        "package": "패키지",
        "notebooks": "노트북",
    },
    "en": {
        "title": "# Reproducibility: the lecture's numbers and this book's",
        "intro": "This page puts every value the lecture notes printed next to the value this book's "
        "notebooks print. The book's values are not typed here: the last cell of each chapter notebook "
        "(hidden on the site) names them, rounded as printed, with myst-nb's `glue`, and this page pastes "
        "them from the outputs stored in the notebooks. `tools/reproducibility.py` writes the rest: the "
        "lecture's values, the differences, the tolerances and the environment. "
        "CI re-executes the notebooks with nbval on every change, and a test fails when any value is "
        "further from the lecture's than its tolerance. "
        "The difference includes the rounding of the printed value. "
        "Some matches hold by construction, others are independent checks: in chapter 4 the initial "
        "kernel was solved for so that the final BCE kernel lands on the lecture's (the bias then "
        "agrees independently), and Adam's initial values were computed back from the weights the "
        "lecture printed after its warm-up epoch (so those weights match by construction), while the "
        "warm-up losses were not fitted to anything.",
        "env": "## Environment",
        "env_intro": "The environment that produced the stored outputs (recorded in the notebooks' metadata by `tools/refresh_outputs.py`):",
        "table": "## Compared with the lecture",
        "cols": ("chapter", "quantity", "lecture", "this book", "difference", "tolerance"),
        "package": "package",
        "notebooks": "notebooks",
    },
}


#: How to read the rows of chapters 1 and 2: which matches hold by construction
#: (the lecture's computation repeated from its printed starting values) and which
#: are independent checks (reached from a start the lecture did not print).
NOTES_CH12 = {
    "ko": [
        "- **1장, 직선 적합 $w$, $b$: 독립적인 확인.** 강의는 초깃값을 출력하지 않았고, 이 책은 $w = b = 0$ "
        "에서 출발합니다. 손실의 최솟값이 하나뿐이라 1000 단계 뒤에는 어느 초깃값에서든 최소제곱 직선에 도착하고, "
        "그 값이 강의와 같습니다. 데이터 첫 값 $y_1$ 은 강의와 같은 NumPy 시드로 만든 것이라 구성상 같습니다.",
        "- **2장, 유닛 2개의 가중치: 구성상 일치.** 강의 노트에 찍힌 초깃값을 그대로 넣고 같은 데이터로 같은 "
        "경사하강 단계를 밟으므로, 일치는 같은 계산을 되풀이했다는 확인입니다.",
        "- **2장, 죽은 ReLU의 그래디언트: 구성상 일치.** 강의가 출력한 실패한 가중치에서 강의와 같은 식을 다시 "
        "계산한 값입니다. 반면 이 책의 실패(시드 710)가 강의의 실패와 같은 국소 최솟값(같은 꺾임점과 기울기)에 "
        "도착한다는 2장 본문의 비교는 독립적인 확인입니다.",
    ],
    "en": [
        "- **Chapter 1, linear fit $w$, $b$: an independent check.** The lecture did not print its initial weights; "
        "the book starts from $w = b = 0$. The loss has a single minimum, so after 1000 steps any start ends on the "
        "least-squares line, and that line matches the lecture's. The first data value $y_1$ comes from the "
        "lecture's NumPy seed and matches by construction.",
        "- **Chapter 2, the two-unit weights: by construction.** The book sets the initial weights printed in the "
        "lecture notes and takes the same gradient steps on the same data, so the match confirms that the same "
        "computation was repeated.",
        "- **Chapter 2, the dead-ReLU gradients: by construction.** They are the lecture's formula evaluated again at "
        "the failed weights the lecture printed. Chapter 2's comparison of the book's own failure (seed 710) with "
        "the lecture's, which lands in the same local minimum (same kink and slope), is an independent check.",
    ],
}
NOTES_TITLE = {"ko": "## 구성상 일치와 독립적인 확인 (1–2장)", "en": "## By construction or independent (chapters 1–2)"}


def glued_values(notebook: Path) -> dict[str, float]:
    """Every value glued in ``notebook``'s stored outputs, by glue key.

    Reads what myst-nb reads: an output whose metadata has ``scrapbook.name``,
    its ``text/plain`` behind the optional ``scrapbook.mime_prefix``.
    """
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    values = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            glued = out.get("metadata", {}).get(GLUE_METADATA)
            if glued is None:
                continue
            text = out["data"][glued.get("mime_prefix", "") + "text/plain"]
            values[glued["name"]] = float("".join(text))
    return values


def book_values(root: Path = ROOT, lang: str = "en") -> list[float]:
    """The book's value of every item, glued in the ``lang`` notebooks; ValueError when one is missing."""
    glued: dict[str, dict[str, float]] = {}
    values = []
    for item in ITEMS:
        if item.chapter not in glued:
            glued[item.chapter] = glued_values(root / "chapters" / item.chapter / f"{lang}.ipynb")
        if item.key not in glued[item.chapter]:
            raise ValueError(
                f"chapters/{item.chapter}/{lang}.ipynb glues no value named {item.key!r}; "
                "is its last cell (tag remove-cell) missing or were its outputs not refreshed?"
            )
        values.append(glued[item.chapter][item.key])
    return values


def outside_tolerance(values: list[float]) -> list[str]:
    """One line per item whose book value is further from the lecture's than its tolerance."""
    return [
        f"{item.chapter}: {item.what['en']}: book {value} vs lecture {item.lecture} (tolerance {item.tolerance})"
        for item, value in zip(ITEMS, values, strict=True)
        if not abs(value - item.lecture) <= item.tolerance
    ]


def environments(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """``executed_with`` metadata of every chapter notebook, by relative path."""
    out = {}
    for path in sorted((root / "chapters").glob("*/*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        out[path.relative_to(root).as_posix()] = meta.get("stbda", {}).get("executed_with", {})
    return out


def _number(v: float) -> str:
    return f"{v:.8g}"


def _tolerance(t: float) -> str:
    return "0" if t == 0 else f"{t:.0e}"


def pasted(item: Item, lang: str) -> str:
    """The MyST role that pastes the book's value of ``item`` from the ``lang`` notebook (8 significant digits)."""
    return f"{{glue:text}}`/chapters/{item.chapter}/{lang}.ipynb::{item.key}:.8g`"


def render(lang: str, values: list[float], envs: dict[str, dict[str, str]]) -> str:
    """The Markdown page in ``lang``; ``values`` (the glued ones) give the differences."""
    t = TEXT[lang]
    lines = [t["title"], "", t["intro"], "", t["env"], "", t["env_intro"], ""]
    distinct: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for path, env in envs.items():
        distinct.setdefault(tuple(sorted(env.items())), []).append(path)
    for versions, paths in distinct.items():
        lines += [f"| {t['package']} | version |", "| --- | --- |"]
        lines += [f"| {name} | {version} |" for name, version in versions]
        lines += ["", f"{t['notebooks']}: " + ", ".join(f"`{p}`" for p in paths), ""]
    lines += [t["table"], "", "| " + " | ".join(t["cols"]) + " |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    for item, value in zip(ITEMS, values, strict=True):
        diff = abs(value - item.lecture)
        lines.append(
            f"| {item.chapter[:2]} | {item.what[lang]} | {_number(item.lecture)} | {pasted(item, lang)} "
            f"| {diff:.1e} | {_tolerance(item.tolerance)} |"
        )
    lines += ["", NOTES_TITLE[lang], ""] + NOTES_CH12[lang]
    return "\n".join(lines) + "\n"


def pages(root: Path = ROOT) -> dict[Path, str]:
    """Page path -> content, for both languages (each page's differences from its own notebooks)."""
    envs = environments(root)
    return {root / "reproducibility" / f"{lang}.md": render(lang, book_values(root, lang), envs) for lang in TEXT}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether the pages are up to date")
    args = parser.parse_args(argv)
    misses = [line for lang in TEXT for line in outside_tolerance(book_values(lang=lang))]
    for line in misses:
        print(f"outside the lecture's tolerance: {line}")
    stale = []
    for path, content in pages().items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(exist_ok=True)
                path.write_text(content, encoding="utf-8")
    if args.check and stale:
        print("out of date: " + ", ".join(str(p.relative_to(ROOT)) for p in stale) + "; run tools/reproducibility.py")
    return 1 if misses or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
