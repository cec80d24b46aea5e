"""Generate the "reproducibility" pages: the lecture's numbers next to the book's, glued.

    .venv/bin/python tools/reproducibility.py          # rewrite reproducibility/{ko,en}.md
    .venv/bin/python tools/reproducibility.py --check  # exit 1 if they are out of date or a value
                                                       # is outside the lecture's tolerance

``reproducibility/items.yml`` lists every number the lecture printed and this book reproduces, by the
glue key under which the chapter notebook's last cell (tag ``remove-cell``) stores it with myst-nb's
glue, rounded as the notebook prints it. The pages paste the book's values with ``{glue:text}`` from
the notebooks of their own language; this script writes the rest (the lecture's values, differences,
tolerances, and the environment ``refresh_outputs.py`` stamped into each notebook).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = yaml.safe_load((ROOT / "reproducibility" / "items.yml").read_text(encoding="utf-8"))
TEXT: dict[str, dict] = DATA["text"]


@dataclass(frozen=True)
class Item:
    """One printed number: which glued value it is and what the lecture printed."""

    chapter: str  # folder under chapters/
    what: dict[str, str]  # description per language
    lecture: float  # the value the lecture printed
    key: str  # the glue key of the book's value in chapters/<chapter>/<lang>.ipynb
    tolerance: float  # largest accepted |book - lecture|


ITEMS = [Item(chap, {"ko": ko, "en": en}, float(lec), key, float(tol)) for chap, key, lec, tol, ko, en in DATA["items"]]


def glued_values(notebook: Path) -> dict[str, float]:
    """Every value glued in ``notebook``'s stored outputs, by key: what myst-nb reads (an output whose
    metadata has ``scrapbook.name``, its ``text/plain`` behind the optional ``scrapbook.mime_prefix``)."""
    outputs = [
        out for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"] for out in cell.get("outputs", [])
    ]
    glued = [(out["metadata"]["scrapbook"], out) for out in outputs if "scrapbook" in out.get("metadata", {})]
    return {g["name"]: float("".join(out["data"][g.get("mime_prefix", "") + "text/plain"])) for g, out in glued}


def book_values(root: Path = ROOT, lang: str = "en") -> list[float]:
    """The book's value of every item, glued in the ``lang`` notebooks; ValueError when one is missing."""
    glued = {
        chapter: glued_values(root / "chapters" / chapter / f"{lang}.ipynb") for chapter in {i.chapter for i in ITEMS}
    }
    missing = [item for item in ITEMS if item.key not in glued[item.chapter]]
    if missing:
        raise ValueError(
            f"chapters/{missing[0].chapter}/{lang}.ipynb glues no value named {missing[0].key!r}; "
            "is its last cell (tag remove-cell) missing or were its outputs not refreshed?"
        )
    return [glued[item.chapter][item.key] for item in ITEMS]


def outside_tolerance(values: list[float]) -> list[str]:
    """One line per item whose book value is further from the lecture's than its tolerance."""
    return [
        f"{item.chapter}: {item.what['en']}: book {value} vs lecture {item.lecture} (tolerance {item.tolerance})"
        for item, value in zip(ITEMS, values, strict=True)
        if not abs(value - item.lecture) <= item.tolerance
    ]


def environments(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """``executed_with`` metadata of the notebooks whose numbers the page shows, by relative path."""
    paths = sorted(
        path for chapter in {i.chapter for i in ITEMS} for path in (root / "chapters" / chapter).glob("*.ipynb")
    )
    meta = {p.relative_to(root).as_posix(): json.loads(p.read_text(encoding="utf-8"))["metadata"] for p in paths}
    return {path: m.get("stbda", {}).get("executed_with", {}) for path, m in meta.items()}


def render(lang: str, values: list[float], envs: dict[str, dict[str, str]]) -> str:
    """The Markdown page in ``lang``; ``values`` (the glued ones) give the differences."""
    t = TEXT[lang]
    lines = [t["title"], "", t["intro"], "", t["env"], "", t["env_intro"], ""]
    distinct: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for path, env in envs.items():
        distinct.setdefault(tuple(sorted(env.items())), []).append(path)
    for versions, paths in distinct.items():
        lines += [f"| {t['package']} | {t['version']} |", "| --- | --- |"]
        lines += [f"| {name} | {version} |" for name, version in versions]
        lines += ["", f"{t['notebooks']}: " + ", ".join(f"`{p}`" for p in paths), ""]
    lines += [t["table"], "", "| " + " | ".join(t["cols"]) + " |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    for item, value in zip(ITEMS, values, strict=True):
        pasted = f"{{glue:text}}`/chapters/{item.chapter}/{lang}.ipynb::{item.key}:.8g`"
        tolerance = "0" if item.tolerance == 0 else f"{item.tolerance:.0e}"
        lines.append(
            f"| {item.chapter[:2]} | {item.what[lang]} | {item.lecture:.8g} | {pasted} "
            f"| {abs(value - item.lecture):.1e} | {tolerance} |"
        )
    return "\n".join([*lines, "", t["notes_title"], "", *t["notes"]]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether the pages are up to date")
    check = parser.parse_args(argv).check
    misses = [line for lang in TEXT for line in outside_tolerance(book_values(lang=lang))]
    for line in misses:
        print(f"outside the lecture's tolerance: {line}")
    stale = []
    for lang in TEXT:
        path, content = ROOT / "reproducibility" / f"{lang}.md", render(lang, book_values(lang=lang), environments())
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            stale.append(path.relative_to(ROOT).as_posix())
            if not check:
                path.write_text(content, encoding="utf-8")
    if check and stale:
        print(f"out of date: {', '.join(stale)}; run tools/reproducibility.py")
    return 1 if misses or (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
