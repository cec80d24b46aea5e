"""Re-execute chapter notebooks in fresh kernels and store their outputs.

    python tools/refresh_outputs.py                      # every chapter notebook
    python tools/refresh_outputs.py chapters/01-*/ko.ipynb

Each notebook runs top to bottom in a new kernel, from its own folder. Only
when *every* requested notebook succeeded are the files rewritten, and then as
one step: each is first written to a temporary file beside it, and only when
all of those are complete do they replace the notebooks (``os.replace`` is
atomic on one file system). A failed cell or a failed write (full disk, a
file-size limit) leaves every notebook as it was and says so in one line
(exit code 1).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
KERNEL = "python3"
TIMEOUT_S = 600
#: Distributions whose versions are stamped into each refreshed notebook's
#: metadata (``stbda.executed_with``); the reproducibility page lists them.
STAMPED = ("tensorflow-cpu", "tensorflow", "keras", "numpy", "matplotlib")


def chapter_notebooks() -> list[Path]:
    """Every chapter notebook, in book order."""
    return sorted((ROOT / "chapters").glob("*/*.ipynb"))


def shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def environment() -> dict[str, str]:
    """Versions of Python and the key packages in the environment running this script.

    They are the kernel's too: nbclient starts the "python3" kernel, which
    jupyter_client resolves to this same Python (``sys.executable``) when
    ipykernel is installed here and no other "python3" kernel spec is.
    """
    versions = {"python": platform.python_version()}
    for name in STAMPED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def execute(path: Path) -> nbformat.NotebookNode:
    """Run ``path`` in a fresh kernel and return the executed notebook (not saved)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=TIMEOUT_S,
        record_timing=False,  # no timestamps in cell metadata: diffs show only real changes
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    nb.metadata.setdefault("stbda", {})["executed_with"] = environment()
    return nb


def write_all(notebooks: dict[Path, nbformat.NotebookNode]) -> None:
    """Write every notebook, or none: temporary files first, then one rename each.

    An error while writing any temporary file removes them all and re-raises,
    so the notebooks on disk are untouched.
    """
    temporary: dict[Path, Path] = {}
    try:
        for path, nb in notebooks.items():
            tmp = path.with_name(f".{path.name}.refresh-tmp")
            temporary[path] = tmp
            nbformat.write(nb, tmp)
    except BaseException:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)
        raise
    for path, tmp in temporary.items():
        os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to refresh (default: all chapters)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or chapter_notebooks()
    done: dict[Path, nbformat.NotebookNode] = {}
    for path in paths:
        start = time.perf_counter()
        try:
            done[path] = execute(path)
        except CellExecutionError as exc:
            print(f"FAILED {shown(path)}: {exc}", file=sys.stderr)
            print("No notebook was written.", file=sys.stderr)
            return 1
        print(f"ran {shown(path)} in {time.perf_counter() - start:.1f} s")
    try:
        write_all(done)
    except OSError as exc:
        print(f"FAILED writing: {exc}. No notebook was changed.", file=sys.stderr)
        return 1
    print(f"wrote {len(done)} notebook(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
