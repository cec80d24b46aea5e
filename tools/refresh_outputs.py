"""Re-execute chapter notebooks in fresh kernels (nbclient, as ``jupyter execute``) and store their outputs.

    python tools/refresh_outputs.py                      # every chapter notebook
    python tools/refresh_outputs.py chapters/01-*/ko.ipynb

Each notebook runs top to bottom from its own folder. Only when *every* one succeeded are they
written, all or none, even if the process is killed: each new notebook is staged beside its
target (``.<name>.refresh-new``), then a journal (``.refresh-journal.json``) lists the swaps and
the renames follow. A run that finds a journal first completes its swaps (the journal exists only
once every file is staged); staged files without a journal are removed. A failed cell leaves every
notebook as it was and says so (exit code 1).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parents[1]
JOURNAL = ROOT / ".refresh-journal.json"
STAGED = ".{}.refresh-new"  # the staged copy of a notebook, beside it (.gitignore: .*.refresh-*)
#: Versions stamped into each notebook's metadata (``stbda.executed_with``); the reproducibility page lists them.
STAMPED = ("tensorflow-cpu", "tensorflow", "keras", "numpy", "matplotlib")


def environment() -> dict[str, str]:
    """Python's and :data:`STAMPED`'s versions here: the kernel's too ("python3" is this Python's ipykernel)."""
    versions = {"python": platform.python_version()}
    for name in STAMPED:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return versions


def execute(path: Path) -> nbformat.NotebookNode:
    """Run ``path`` in a fresh kernel; return the executed notebook (not saved), its environment stamped."""
    nb = nbformat.read(path, as_version=4)
    nbclient.execute(nb, cwd=str(path.parent), kernel_name="python3", timeout=600, record_timing=False)
    nb.metadata.setdefault("stbda", {})["executed_with"] = environment()
    print(f"ran {path}", flush=True)
    return nb


def staged(path: Path) -> Path:
    return path.with_name(STAGED.format(path.name))


def durable(path: Path) -> None:
    """Flush ``path``'s bytes to the disk."""
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def recover(journal: Path = JOURNAL, folders: tuple[Path, ...] = ()) -> None:
    """Finish an interrupted write: complete the swaps a journal lists, remove the journal and
    any staged file left in ``folders`` (a run killed before its journal: nothing was swapped)."""
    if journal.exists():
        for target in json.loads(journal.read_text(encoding="utf-8")):
            if staged(Path(target)).exists():
                os.replace(staged(Path(target)), target)
        journal.unlink()
    journal.with_suffix(".tmp").unlink(missing_ok=True)
    for folder in folders:
        for leftover in folder.glob(STAGED.format("*")):
            leftover.unlink()


def write_all(notebooks: dict[Path, nbformat.NotebookNode], journal: Path = JOURNAL) -> None:
    """Stage every notebook (removed on any error), commit the journal, then swap them in."""
    try:
        for path, nb in notebooks.items():
            nbformat.write(nb, staged(path))
            durable(staged(path))
        pending = journal.with_suffix(".tmp")
        pending.write_text(json.dumps([str(path) for path in notebooks]), encoding="utf-8")
        durable(pending)
    except BaseException:
        recover(journal, tuple({path.parent for path in notebooks}))
        raise
    os.replace(pending, journal)  # the commit point: from here on, a later run completes the swaps
    for path in notebooks:
        os.replace(staged(path), path)
    journal.unlink()


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p).resolve() for p in (sys.argv[1:] if argv is None else argv)]
    paths = paths or sorted((ROOT / "chapters").glob("*/*.ipynb"))
    recover(JOURNAL, tuple({path.parent for path in [*paths, *ROOT.glob("chapters/*/*.ipynb")]}))
    try:
        write_all({path: execute(path) for path in paths}, JOURNAL)
    except (nbclient.exceptions.CellExecutionError, OSError) as exc:
        print(f"FAILED: {exc}\nNo notebook was changed.", file=sys.stderr)
        return 1
    print(f"wrote {len(paths)} notebook(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
