"""Re-execute chapter notebooks in fresh kernels (nbclient, as ``jupyter execute``) and store their outputs.

    python tools/refresh_outputs.py                      # every chapter notebook
    python tools/refresh_outputs.py chapters/01-*/ko.ipynb

Each notebook runs top to bottom from its own folder. Only when *every* one succeeded are
they written, all or none: each to a temporary file beside it, then ``os.replace`` (atomic).
A failed cell or write leaves every notebook as it was and says so (exit code 1).
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parents[1]
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


def write_all(notebooks: dict[Path, nbformat.NotebookNode]) -> None:
    """Write every notebook or none: all temporary files first (removed on any error), then one rename each."""
    temporary = {path: path.with_name(f".{path.name}.refresh-tmp") for path in notebooks}
    try:
        for path, nb in notebooks.items():
            nbformat.write(nb, temporary[path])
    except BaseException:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)
        raise
    for path, tmp in temporary.items():
        os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p).resolve() for p in (sys.argv[1:] if argv is None else argv)]
    try:
        write_all({path: execute(path) for path in paths or sorted((ROOT / "chapters").glob("*/*.ipynb"))})
    except (nbclient.exceptions.CellExecutionError, OSError) as exc:
        print(f"FAILED: {exc}\nNo notebook was changed.", file=sys.stderr)
        return 1
    print(f"wrote {len(paths) or 'every'} notebook(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
