"""Track which Korean prose each English page was translated from.

    python tools/translations.py check                      # exit 1 and list stale English pages
    python tools/translations.py mark 02-relu-networks      # after bringing en.ipynb in line with ko.ipynb
    python tools/translations.py mark --all

``chapters/translations.yml`` records, per chapter, a hash of ``ko.ipynb``'s markdown cells when the
English page last caught up (``mark``), and a short hash per cell so ``check`` names the Korean cells
that moved. Code cells, outputs, trailing spaces and blank lines at a cell's ends do not count.
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

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"
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
    cells = enumerate(json.loads(notebook.read_text(encoding="utf-8"))["cells"])
    texts = [(i, "".join(c["source"]).splitlines()) for i, c in cells if c["cell_type"] == "markdown"]
    return [(i, text) for i, lines in texts if (text := "\n".join(line.rstrip() for line in lines).strip("\n"))]


def digest(text: str, chars: int = 64) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:chars]


def prose_hash(notebook: Path) -> str:
    """One hash of all of a notebook's markdown cells, in order."""
    return "sha256:" + digest(json.dumps([text for _, text in markdown_cells(notebook)], ensure_ascii=False))


def chapters(chapters_dir: Path = CHAPTERS) -> list[str]:
    """Names of the chapter folders that hold both a Korean and an English notebook."""
    return sorted(p.name for p in chapters_dir.iterdir() if (p / "ko.ipynb").exists() and (p / "en.ipynb").exists())


def load_record(chapters_dir: Path = CHAPTERS) -> dict[str, dict]:
    """The recorded marks, by chapter (empty when nothing was marked yet)."""
    path = chapters_dir / "translations.yml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


def stale_reason(chapter: str, mark: dict | None, chapters_dir: Path = CHAPTERS) -> str | None:
    """Why ``chapter``'s English page is behind its Korean prose, or ``None`` when it is not."""
    ko, en = chapters_dir / chapter / "ko.ipynb", chapters_dir / chapter / "en.ipynb"
    if not mark:
        return f"never marked: once en.ipynb translates ko.ipynb, run: python tools/translations.py mark {chapter}"
    if prose_hash(ko) == mark.get("ko_prose"):
        return None
    now = markdown_cells(ko)
    matcher = difflib.SequenceMatcher(a=mark.get("ko_cells", []), b=[digest(t, 12) for _, t in now], autojunk=False)
    kept = {j for block in matcher.get_matching_blocks() for j in range(block.b, block.b + block.size)}
    cells = [str(number) for j, (number, _) in enumerate(now) if j not in kept]
    where = f"markdown cell{'s' * (len(cells) > 1)} {', '.join(cells)}" if cells else "cells removed or reordered"
    moved = "has changed since too" if prose_hash(en) != mark.get("en_prose") else "has not moved"
    return (
        f"Korean prose changed since the English page was marked (ko.ipynb {where}); en.ipynb {moved}: "
        f"bring en.ipynb in line, then: python tools/translations.py mark {chapter}"
    )


def check(chapters_dir: Path = CHAPTERS) -> list[Stale]:
    """Every chapter whose English page is behind its Korean prose."""
    record = load_record(chapters_dir)
    reasons = {chapter: stale_reason(chapter, record.get(chapter), chapters_dir) for chapter in chapters(chapters_dir)}
    return [Stale(chapter, reason) for chapter, reason in reasons.items() if reason]


def mark(names: list[str], chapters_dir: Path = CHAPTERS) -> dict[str, dict]:
    """Record the current Korean (and English) prose of ``names`` as translated; return the new marks."""
    unknown = sorted(set(names) - set(chapters(chapters_dir)))
    if unknown:
        raise ValueError(f"not a chapter with ko.ipynb and en.ipynb: {unknown}; chapters: {chapters(chapters_dir)}")
    new = {}
    for name in names:
        ko, en = chapters_dir / name / "ko.ipynb", chapters_dir / name / "en.ipynb"
        cells = [digest(text, 12) for _, text in markdown_cells(ko)]
        new[name] = {"ko_prose": prose_hash(ko), "ko_cells": cells, "en_prose": prose_hash(en)}
    body = yaml.safe_dump(load_record(chapters_dir) | new, sort_keys=True, allow_unicode=True, width=120)
    (chapters_dir / "translations.yml").write_text(HEADER + body, encoding="utf-8")
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapters", type=Path, default=CHAPTERS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="list chapters whose Korean prose changed since the English page was marked")
    marker = sub.add_parser("mark", help="record that the English page now translates the current Korean prose")
    marker.add_argument("names", nargs="*", metavar="CHAPTER", help="chapter folders, e.g. 01-piecewise-regression")
    marker.add_argument("--all", action="store_true", help="mark every chapter")
    args = parser.parse_args(argv)
    folder = args.chapters.resolve()
    if args.command == "check":
        stale = check(folder)
        for item in stale:
            print(f"{item.chapter}: {item.message}")
        print(
            f"{len(stale)} of {len(chapters(folder))} English pages not marked as translating the current Korean prose"
        )
        return 1 if stale else 0
    names = chapters(folder) if args.all else [n.rstrip("/").rsplit("/", 1)[-1] for n in args.names]
    if not names:
        parser.error("name chapters to mark, or --all")
    try:
        marked = mark(names, folder)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    for name, record in marked.items():
        print(f"marked {name}: en.ipynb translates ko.ipynb {record['ko_prose'][:19]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
