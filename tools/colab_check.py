"""Run every chapter notebook as a Colab reader does and compare its outputs with the stored ones.

    nox -s colab                                               # every chapter notebook
    nox -s colab -- chapters/01-piecewise-regression/ko.ipynb --keep

Colab's runtime (since mid-2025; googlecolab/colabtools issues 5483 and 5489) is
Python 3.12 with the full ``tensorflow`` wheel and the pins in :data:`COLAB_PINS`.
The nox session ``colab`` (``noxfile.py``) rebuilds that: a fresh virtual
environment of Python :data:`COLAB_PYTHON` gets the Colab pins, ``stbda_utils``
built as a wheel from a copy of its sources outside the repository (it stands in
for the pinned ``git+…@v<version>`` install of the first cell) and :data:`RUNNER`
to run notebooks. Then it runs this script in that environment, which

1. refuses to start unless it runs in a virtual environment of Python 3.12 that
   holds exactly the Colab pins (:func:`environment_problems`);
2. copies each notebook to its own folder in a work directory outside the
   repository, checks that ``stbda_utils`` and the ``python3`` kernel come from
   this environment, not the working tree, and executes the notebook there, top
   to bottom, in a fresh kernel;
3. compares every code cell's stdout, stderr and ``text/plain`` outputs with the
   ones stored in the notebook (cells tagged ``nbval-ignore-output``, such as
   timings, are skipped, as nbval skips them). Red start-up lines from
   TensorFlow, a changed number or a new warning all count as a difference.

The last line reads "Colab-like check: N of M notebooks match, K differing cells,
T s"; any error or difference exits 1 and keeps the work folder with the executed
notebooks. It takes minutes (nox installs TensorFlow), so it is not part of the
test command; CI runs it as its own job (.github/workflows/book.yml, job ``colab``).
Graphviz's ``dot`` must be installed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
KERNEL_TIMEOUT_S = 900  # per cell

#: Colab's runtime, as reported in googlecolab/colabtools issues 5483 and 5489.
#: The nox session ``colab`` installs these; :func:`environment_problems` checks them.
COLAB_PYTHON = "3.12"
COLAB_PINS = (
    "tensorflow==2.19.0",
    "keras==3.10.0",
    "numpy==2.0.2",
    "matplotlib==3.10.0",
    "ipykernel==6.17.1",
)
#: What runs the notebooks (not part of Colab's pins).
RUNNER = ("nbclient", "nbformat")

#: Reported next to the result: the pins and what the package brings.
REPORTED = (
    "tensorflow",
    "keras",
    "numpy",
    "matplotlib",
    "ipykernel",
    "graphviz",
    "koreanize-matplotlib",
    "stbda-utils",
)

#: Run inside the environment: execute one notebook in a new kernel.
EXECUTE = """
import sys, nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
path, timeout = sys.argv[1], int(sys.argv[2])
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name="python3", timeout=timeout, resources={"metadata": {"path": "."}})
try:
    client.execute()
except CellExecutionError as exc:
    print(str(exc)[-4000:], file=sys.stderr)
    sys.exit(1)
finally:
    nbformat.write(nb, path)
"""

#: Run inside the environment from the work folder: where do the package and the kernel come from?
WHERE = (
    "import sys, stbda_utils\n"
    "from jupyter_client.kernelspec import KernelSpecManager\n"
    "print(stbda_utils.__file__)\n"
    "print(KernelSpecManager().get_kernel_spec('python3').resource_dir)"
)


def clean_env(venv: Path | None = None) -> dict[str, str]:
    """The environment without anything that points Python or Jupyter at this repository or elsewhere."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "JUPYTER_PATH", "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONNOUSERSITE"] = "1"
    if venv is not None:  # the venv's kernel spec first, before any user-wide "python3" kernel
        env["JUPYTER_PATH"] = str(venv / "share" / "jupyter")
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def installed_version(name: str) -> str | None:
    """The installed version of distribution ``name`` in this environment, or None."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def environment_problems(
    python: str, in_venv: bool, installed: Callable[[str], str | None] = installed_version
) -> list[str]:
    """Why this environment is not Colab's: another Python, no virtual environment, a pin not met, no runner.

    >>> environment_problems("3.12.1", True, {"tensorflow": "2.19.0", "keras": "3.10.0", "numpy": "2.0.2",
    ...     "matplotlib": "3.10.0", "ipykernel": "6.17.1", "nbclient": "0.11.0", "nbformat": "5.11.1"}.get)
    []
    >>> environment_problems("3.11.7", False, {}.get)[:2]
    ['Python 3.11.7, Colab runs 3.12', 'not in a virtual environment (run it through nox -s colab)']
    """
    problems = []
    if not python.startswith(COLAB_PYTHON + "."):
        problems.append(f"Python {python}, Colab runs {COLAB_PYTHON}")
    if not in_venv:
        problems.append("not in a virtual environment (run it through nox -s colab)")
    for line in (*COLAB_PINS, *RUNNER):
        req = Requirement(line)
        version = installed(req.name)
        if version is None:
            problems.append(f"{req.name} is not installed, wanted {req}")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req.name} {version} is installed, wanted {req}")
    return problems


def versions() -> str:
    """This environment's Python and the versions of :data:`REPORTED`, on one line."""
    picked = [f"{name}=={installed_version(name)}" for name in REPORTED]
    return f"python=={platform.python_version()} " + " ".join(picked)


def chapter_notebooks() -> list[Path]:
    """Every chapter notebook of the repository, in order."""
    return sorted((ROOT / "chapters").glob("*/*.ipynb"))


# --------------------------------------------------------------------------- comparing outputs


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def cell_texts(cell: dict) -> list[tuple[str, str]]:
    """(kind, text) of a code cell's outputs: stdout, stderr, text/plain and errors.

    Consecutive chunks of one stream are joined (how a kernel splits printed
    text depends on timing); pictures, HTML and SVG are not compared here.

    >>> cell_texts({"outputs": [{"output_type": "stream", "name": "stdout", "text": "a"},
    ...                         {"output_type": "stream", "name": "stdout", "text": ["b\\n"]},
    ...                         {"output_type": "display_data", "data": {"text/plain": "<Figure>", "image/png": "…"}}]})
    [('stdout', 'ab\\n'), ('text/plain', '<Figure>')]
    """
    out: list[tuple[str, str]] = []
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream":
            text = _text(o.get("text", ""))
            if out and out[-1][0] == o["name"]:
                out[-1] = (o["name"], out[-1][1] + text)
            else:
                out.append((o["name"], text))
        elif kind in ("execute_result", "display_data") and "text/plain" in o.get("data", {}):
            out.append(("text/plain", _text(o["data"]["text/plain"])))
        elif kind == "error":
            out.append(("error", f"{o.get('ename')}: {o.get('evalue')}"))
    return out


def differing_cells(stored: dict, fresh: dict) -> list[str]:
    """A short description of every code cell whose texts differ between two notebooks.

    >>> nb = lambda text: {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [
    ...     {"output_type": "stream", "name": "stdout", "text": text}]}]}
    >>> differing_cells(nb("w = 1.0\\n"), nb("w = 1.0\\n"))
    []
    >>> differing_cells(nb("w = 1.0\\n"), nb("w = 1.1\\n"))
    ['code cell 0: - stdout: w = 1.0 | + stdout: w = 1.1']
    """
    stored_cells = [c for c in stored["cells"] if c.get("cell_type") == "code"]
    fresh_cells = [c for c in fresh["cells"] if c.get("cell_type") == "code"]
    if len(stored_cells) != len(fresh_cells):
        return [f"{len(stored_cells)} code cells stored, {len(fresh_cells)} executed"]
    found = []
    for i, (a, b) in enumerate(zip(stored_cells, fresh_cells)):
        if "nbval-ignore-output" in a.get("metadata", {}).get("tags", []):
            continue
        want, got = cell_texts(a), cell_texts(b)
        if want == got:
            continue
        lines = [f"{k}: {line}" for k, t in want for line in t.splitlines()]
        fresh_lines = [f"{k}: {line}" for k, t in got for line in t.splitlines()]
        diff = [
            d
            for d in difflib.unified_diff(lines, fresh_lines, lineterm="", n=0)
            if d[:1] in "-+" and d[:3] not in ("---", "+++")
        ]
        found.append(
            f"code cell {i}: "
            + " | ".join(f"{d[0]} {d[1:][:160]}" for d in diff[:6])
            + (f" | … {len(diff) - 6} more" if len(diff) > 6 else "")
        )
    return found


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Check the environment, run each notebook outside the repository, compare, report; 1 on any difference."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: every chapter notebook)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="an empty folder outside the repository (default: a new temporary one)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the work folder (it is kept anyway when a notebook fails or differs)"
    )
    args = parser.parse_args(argv)

    notebooks = [p.resolve() for p in args.notebooks] or chapter_notebooks()
    if not notebooks:
        print("no chapter notebook found", file=sys.stderr)
        return 1
    if shutil.which("dot") is None:
        print("graphviz's dot is missing (apt-get install graphviz); the diagrams need it", file=sys.stderr)
        return 1
    problems = environment_problems(platform.python_version(), sys.prefix != sys.base_prefix)
    if problems:
        print(f"{sys.prefix} is not Colab's runtime: " + "; ".join(problems), file=sys.stderr)
        return 1
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="stbda-colab-"))).resolve()
    if work.is_relative_to(ROOT):
        print(f"the work folder must be outside the repository: {work}", file=sys.stderr)
        return 1
    work.mkdir(parents=True, exist_ok=True)
    venv = Path(sys.prefix).resolve()
    py = sys.executable
    env_versions = versions()
    print(f"environment: {env_versions}", flush=True)
    start = time.perf_counter()

    failed: list[str] = []
    differing: dict[str, list[str]] = {}
    timings: list[str] = []
    for notebook in notebooks:
        name = f"{notebook.parent.name}/{notebook.name}"
        folder = work / "run" / notebook.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / notebook.name
        shutil.copy2(notebook, copy)
        where = subprocess.run(
            [py, "-c", WHERE], cwd=folder, env=clean_env(venv), capture_output=True, text=True, check=True
        )
        package_file, kernel_dir = where.stdout.split()[:2]
        for what, place in (("stbda_utils", package_file), ("the python3 kernel", kernel_dir)):
            if not Path(place).resolve().is_relative_to(venv):
                print(f"{name}: {what} comes from {place}, not the environment {venv}", file=sys.stderr)
                return 1
        t0 = time.perf_counter()
        result = subprocess.run(
            [py, "-c", EXECUTE, str(copy), str(KERNEL_TIMEOUT_S)],
            cwd=folder,
            env=clean_env(venv),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - t0
        if result.returncode != 0:
            failed.append(name)
            status = "FAILED"
            print(result.stderr[-4000:], file=sys.stderr)
        else:
            stored = json.loads(notebook.read_text(encoding="utf-8"))
            fresh = json.loads(copy.read_text(encoding="utf-8"))
            differing[name] = differing_cells(stored, fresh)
            status = "ok" if not differing[name] else f"DIFFERS ({len(differing[name])} cells)"
        timings.append(f"{status:6} {name} ({seconds:.0f} s)")
        print(timings[-1], flush=True)
        for line in differing.get(name, []):
            print(f"    {line}", flush=True)

    total = time.perf_counter() - start
    matching = sum(1 for n in differing if not differing[n])
    cells = sum(len(v) for v in differing.values())
    print()
    print(f"  environment: {env_versions} ({venv})")
    print(f"  wall time: {total:.0f} s running notebooks (nox reports the set-up); work folder: {work}")
    for line in timings:
        print("  " + line)
    bad = failed or cells
    if bad or args.keep:
        print(f"  executed notebooks kept in {work / 'run'}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"Colab-like check: {matching} of {len(notebooks)} notebooks match, {cells} differing cells"
        f"{f', {len(failed)} failed' if failed else ''}, {total:.0f} s"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
