"""Track which Korean prose each English page was translated from.

    python tools/translations.py check                      # exit 1 and list stale English pages
    python tools/translations.py mark 02-relu-networks      # after bringing en.ipynb in line with ko.ipynb
    python tools/translations.py mark --all

Korean is written first; ``en.ipynb`` is its translation. ``chapters/translations.yml``
records, per chapter, a hash of ``ko.ipynb``'s markdown cells at the moment the
English page last caught up (``mark``), with a short hash per cell so ``check``
can say which Korean cells moved. Only markdown counts as prose: code cells are
the same in both languages and outputs change on every refresh. Trailing spaces
and blank lines at either end of a cell are ignored, so re-saving a notebook
does not trip the check; any other edit to Korean prose does, until the chapter
is marked again.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
RECORD_NAME = "translations.yml"
SOURCE, TARGET = "ko", "en"
CELL_HASH_CHARS = 12
HEADER = """\
# Which Korean prose each English page was translated from: see CONTRIBUTING.md.
# Written by `python tools/translations.py mark CHAPTER` (or --all), checked by
# tests/test_translations.py. Per chapter: ko_prose is the sha256 of ko.ipynb's
# markdown cells when en.ipynb last caught up, ko_cells a short hash per markdown
# cell (to name the cells that moved since), en_prose the same hash of en.ipynb then.
"""


@dataclass(frozen=True)
class Stale:
    """A chapter whose Korean prose changed since its English page was marked."""

    chapter: str
    message: str


def markdown_cells(notebook: Path) -> list[tuple[int, str]]:
    """``(cell number, text)`` of every non-empty markdown cell; cell numbers count all cells from 0."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        text = "\n".join(line.rstrip() for line in source.splitlines()).strip("\n")
        if text:
            cells.append((i, text))
    return cells


def digest(text: str) -> str:
    """The sha256 of ``text`` (UTF-8) in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prose_hash(notebook: Path) -> str:
    """One hash of all of a notebook's markdown cells, in order."""
    return "sha256:" + digest(json.dumps([text for _, text in markdown_cells(notebook)], ensure_ascii=False))


def cell_hashes(notebook: Path) -> list[str]:
    """A short hash of each markdown cell, in order."""
    return [digest(text)[:CELL_HASH_CHARS] for _, text in markdown_cells(notebook)]


def chapters(chapters_dir: Path = CHAPTERS) -> list[str]:
    """Names of the chapter folders that hold both a Korean and an English notebook."""
    return sorted(
        p.name
        for p in chapters_dir.iterdir()
        if p.is_dir() and (p / f"{SOURCE}.ipynb").exists() and (p / f"{TARGET}.ipynb").exists()
    )


def load_record(chapters_dir: Path = CHAPTERS) -> dict[str, dict]:
    """The recorded marks, by chapter (empty when nothing was marked yet)."""
    path = chapters_dir / RECORD_NAME
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path} must map chapter names to their marks")
    return data


def save_record(record: dict[str, dict], chapters_dir: Path = CHAPTERS) -> None:
    """Write the marks, sorted, under the explanatory header."""
    body = yaml.safe_dump(dict(sorted(record.items())), sort_keys=True, allow_unicode=True, width=120)
    (chapters_dir / RECORD_NAME).write_text(HEADER + body, encoding="utf-8")


def changed_cells(recorded: list[str], current: list[tuple[int, str]]) -> list[int]:
    """Cell numbers of Korean markdown cells that are new or edited since ``recorded`` (short hashes)."""
    now = [digest(text)[:CELL_HASH_CHARS] for _, text in current]
    matcher = difflib.SequenceMatcher(a=recorded, b=now, autojunk=False)
    kept = {j for block in matcher.get_matching_blocks() for j in range(block.b, block.b + block.size)}
    return [number for j, (number, _) in enumerate(current) if j not in kept]


def stale_reason(chapter: str, mark: dict | None, chapters_dir: Path = CHAPTERS) -> str | None:
    """Why ``chapter``'s English page is behind its Korean prose, or ``None`` when it is not."""
    folder = chapters_dir / chapter
    ko, en = folder / f"{SOURCE}.ipynb", folder / f"{TARGET}.ipynb"
    fix = f"bring {TARGET}.ipynb in line, then: python tools/translations.py mark {chapter}"
    if not mark:
        return f"never marked: once {TARGET}.ipynb translates {SOURCE}.ipynb, run: python tools/translations.py mark {chapter}"
    if prose_hash(ko) == mark.get("ko_prose"):
        return None
    cells = changed_cells(mark.get("ko_cells", []), markdown_cells(ko))
    where = (
        f"markdown cell{'s' if len(cells) > 1 else ''} {', '.join(map(str, cells))}"
        if cells
        else "cells removed or reordered"
    )
    moved = "has changed since too" if prose_hash(en) != mark.get("en_prose") else "has not moved"
    return f"Korean prose changed since the English page was marked ({SOURCE}.ipynb {where}); {TARGET}.ipynb {moved}: {fix}"


def check(chapters_dir: Path = CHAPTERS) -> list[Stale]:
    """Every chapter whose English page is behind its Korean prose."""
    record = load_record(chapters_dir)
    found = []
    for chapter in chapters(chapters_dir):
        reason = stale_reason(chapter, record.get(chapter), chapters_dir)
        if reason:
            found.append(Stale(chapter, reason))
    return found


def mark(names: list[str], chapters_dir: Path = CHAPTERS) -> dict[str, dict]:
    """Record the current Korean (and English) prose of ``names`` as translated; return the new marks."""
    known = chapters(chapters_dir)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"not a chapter with {SOURCE}.ipynb and {TARGET}.ipynb: {unknown}; chapters: {known}")
    record = load_record(chapters_dir)
    new = {}
    for name in names:
        folder = chapters_dir / name
        new[name] = {
            "ko_prose": prose_hash(folder / f"{SOURCE}.ipynb"),
            "ko_cells": cell_hashes(folder / f"{SOURCE}.ipynb"),
            "en_prose": prose_hash(folder / f"{TARGET}.ipynb"),
        }
    record.update(new)
    save_record(record, chapters_dir)
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapters", type=Path, default=CHAPTERS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="list chapters whose Korean prose changed since the English page was marked")
    marker = sub.add_parser("mark", help="record that the English page now translates the current Korean prose")
    marker.add_argument(
        "names", nargs="*", metavar="CHAPTER", help="chapter folder names, e.g. 01-piecewise-regression"
    )
    marker.add_argument("--all", action="store_true", help="mark every chapter")
    args = parser.parse_args(argv)
    chapters_dir = args.chapters.resolve()
    if args.command == "check":
        stale = check(chapters_dir)
        for item in stale:
            print(f"{item.chapter}: {item.message}")
        print(
            f"{len(stale)} of {len(chapters(chapters_dir))} English pages not marked as translating the current Korean prose"
        )
        return 1 if stale else 0
    names = chapters(chapters_dir) if args.all else [n.rstrip("/").rsplit("/", 1)[-1] for n in args.names]
    if not names:
        parser.error("name chapters to mark, or --all")
    try:
        marked = mark(names, chapters_dir)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    for name in marked:
        print(f"marked {name}: {TARGET}.ipynb translates {SOURCE}.ipynb {marked[name]['ko_prose'][:19]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
