"""The install cell every chapter notebook starts with, and the script that writes it.

    python tools/sync_install_cells.py           # rewrite the first code cell of every chapter notebook
    python tools/sync_install_cells.py --check   # exit 1 if any notebook's first cell differs

The first code cell installs ``stbda_utils`` where it is missing (Colab), pinned
to the git tag ``v<version>`` of this release: the version is read from
``stbda_utils/__init__.py`` (``__version__``, which ``pyproject.toml`` also
reads), the repository from ``stbda_utils.config.REPO_URL``. So a notebook
always installs the package it was written and tested with, never whatever the
default branch holds when a reader opens it. CONTRIBUTING.md ("Release") says
when to bump the version and push the tag.

When the install fails (no network, no such tag), the cell prints one line
(pip's last line and what to do) instead of a traceback, and registers an
IPython handler so that the next cell's ``from stbda_utils import setup`` says
in one line that the package is missing and to run the first cell. Only the
cell's source is written here; its stored output stays empty.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]

#: The cell, with {version} and {repo} filled in by install_cell_source(). It
#: runs in a bare Colab kernel, so it may use only the standard library and
#: IPython; its messages are in both languages (the cell is the same in ko and en).
TEMPLATE = """\
# Colab: install the book's helper package, pinned to this book's release
# (a no-op where it is installed).
import importlib, importlib.util, subprocess, sys
if importlib.util.find_spec("stbda_utils") is None:
    package = "stbda_utils @ git+{repo}@v{version}"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-color",
                          package], capture_output=True, text=True)
    importlib.invalidate_caches()
    if pip.returncode != 0:
        last = ((pip.stdout + pip.stderr).strip().splitlines() or ["no output"])[-1]
        print(f"stbda_utils {version} 설치 실패 / install failed ({{last}}): 인터넷 연결을 "
              "확인하고 이 셀을 다시 실행하세요 / check the connection, run this cell again.")

        def _stbda_utils_missing(shell, etype, value, tb, tb_offset=None):
            if getattr(value, "name", None) != "stbda_utils":
                return shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
            print("stbda_utils가 없습니다 / stbda_utils is missing: "
                  "첫 셀을 실행하세요 / run the first cell.")

        get_ipython().set_custom_exc((ModuleNotFoundError,), _stbda_utils_missing)"""


def package_version() -> str:
    """``__version__`` of stbda_utils/__init__.py, read without importing the package."""
    tree = ast.parse((ROOT / "stbda_utils" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit("stbda_utils/__init__.py has no __version__ = '...'")


def repo_url() -> str:
    """``REPO_URL`` of stbda_utils/config.py."""
    namespace: dict = {}
    exec((ROOT / "stbda_utils" / "config.py").read_text(encoding="utf-8"), namespace)
    return namespace["REPO_URL"]


def install_cell_source(version: str | None = None, repo: str | None = None) -> str:
    """The canonical source of every chapter notebook's first code cell."""
    return TEMPLATE.format(version=version or package_version(), repo=repo or repo_url())


def chapter_notebooks() -> list[Path]:
    return sorted((ROOT / "chapters").glob("*/*.ipynb"))


def first_code_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.cell_type == "code":
            return cell
    raise ValueError("the notebook has no code cell")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to write (default: every chapter notebook)")
    parser.add_argument("--check", action="store_true", help="only report notebooks whose first cell differs")
    args = parser.parse_args(argv)
    source = install_cell_source()
    stale = []
    for path in args.notebooks or chapter_notebooks():
        nb = nbformat.read(path, as_version=4)
        cell = first_code_cell(nb)
        if cell.source == source:
            continue
        stale.append(path)
        if not args.check:
            cell.source = source
            nbformat.write(nb, path)
    shown = ", ".join(str(p.relative_to(ROOT) if p.resolve().is_relative_to(ROOT) else p) for p in stale)
    if args.check:
        print(f"{len(stale)} notebook(s) with an outdated install cell{': ' + shown if stale else ''}")
        return 1 if stale else 0
    print(
        f"wrote the install cell (stbda_utils v{package_version()}) into {len(stale)} notebook(s){': ' + shown if stale else ''}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
