"""Run every chapter notebook as a Colab reader does and compare its outputs with the stored ones.

    python3 tools/colab_check.py --python python3.12                # every chapter notebook
    python3 tools/colab_check.py --python python3.12 chapters/01-*/ko.ipynb --keep

Colab's runtime (since mid-2025; googlecolab/colabtools issues 5483 and 5489) is
Python 3.12 with the full ``tensorflow`` wheel and the pins in :data:`COLAB_PINS`.
This check rebuilds that outside the repository, so nothing of the working tree
can leak in:

1. a wheel of ``stbda_utils`` is built from a copy of the package sources
   (it stands in for the pinned ``git+…@v<version>`` install of the first cell);
2. a fresh virtual environment of the given Python 3.12 gets the Colab pins, the
   wheel with its dependencies, and nbclient to run notebooks;
3. each notebook is copied to its own folder in the work directory and executed
   there, top to bottom, in a fresh kernel of that environment;
4. every code cell's stdout, stderr and ``text/plain`` outputs are compared with
   the ones stored in the notebook (cells tagged ``nbval-ignore-output``, such as
   timings, are skipped, as nbval skips them). Red start-up lines from
   TensorFlow, a changed number or a new warning all count as a difference.

The last line reads "Colab-like check: N of M notebooks match, K differing cells,
T s"; any error or difference exits 1 and keeps the work folder with the executed
notebooks. It needs only the standard library and takes minutes (it installs
TensorFlow), so it is not part of the test command; CI runs it as its own job
(.github/workflows/book.yml, job ``colab``). Graphviz's ``dot`` must be installed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KERNEL_TIMEOUT_S = 900  # per cell

#: Colab's runtime, as reported in googlecolab/colabtools issues 5483 and 5489.
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

#: Run inside the fresh environment: execute one notebook in a new kernel.
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

#: Run inside the fresh environment from the work folder: where do the package and the kernel come from?
WHERE = (
    "import sys, stbda_utils\n"
    "from jupyter_client.kernelspec import KernelSpecManager\n"
    "print(stbda_utils.__file__)\n"
    "print(KernelSpecManager().get_kernel_spec('python3').resource_dir)"
)


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def clean_env(venv: Path | None = None) -> dict[str, str]:
    """The environment without anything that points Python or Jupyter at this repository or elsewhere."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "JUPYTER_PATH", "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONNOUSERSITE"] = "1"
    if venv is not None:  # the venv's kernel spec first, before any user-wide "python3" kernel
        env["JUPYTER_PATH"] = str(venv / "share" / "jupyter")
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def python_version(python: str) -> str:
    out = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def build_wheel(python: str, work: Path) -> Path:
    """A wheel of stbda_utils built from a copy of its sources (the repository stays untouched)."""
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "stbda_utils", src / "stbda_utils", ignore=shutil.ignore_patterns("__pycache__"))
    run([python, "-m", "pip", "wheel", "-q", "--no-deps", "--wheel-dir", work / "dist", src], env=clean_env())
    wheels = sorted((work / "dist").glob("stbda_utils-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one stbda_utils wheel, got {wheels}")
    return wheels[0]


def make_env(python: str, work: Path, wheel: Path, pins: tuple[str, ...]) -> Path:
    venv = work / "venv"
    run([python, "-m", "venv", venv], env=clean_env())
    py = venv / "bin" / "python"
    run([py, "-m", "pip", "install", "-q", "--upgrade", "pip"], env=clean_env())
    run([py, "-m", "pip", "install", "-q", *pins, wheel, *RUNNER], env=clean_env())
    return py


def versions(py: Path) -> str:
    out = subprocess.run(
        [str(py), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True
    ).stdout
    wanted = (
        "tensorflow",
        "keras",
        "numpy",
        "matplotlib",
        "ipykernel",
        "graphviz",
        "koreanize-matplotlib",
        "stbda-utils",
    )
    picked = [line for line in out.splitlines() if line.split("==")[0].lower().replace("_", "-") in wanted]
    return f"python=={python_version(str(py))} " + " ".join(picked)


def chapter_notebooks() -> list[Path]:
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
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: every chapter notebook)")
    parser.add_argument(
        "--python",
        default=shutil.which(f"python{COLAB_PYTHON}") or sys.executable,
        help=f"a Python {COLAB_PYTHON} that creates the fresh environment (default: python{COLAB_PYTHON} on PATH)",
    )
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
    found_python = python_version(args.python)
    if not found_python.startswith(COLAB_PYTHON + "."):
        print(
            f"{args.python} is Python {found_python}; Colab runs Python {COLAB_PYTHON}: pass --python python{COLAB_PYTHON}",
            file=sys.stderr,
        )
        return 1
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="stbda-colab-"))).resolve()
    if work.is_relative_to(ROOT):
        print(f"the work folder must be outside the repository: {work}", file=sys.stderr)
        return 1
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()

    wheel = build_wheel(args.python, work)
    py = make_env(args.python, work, wheel, COLAB_PINS)
    venv = work / "venv"
    setup_s = time.perf_counter() - start
    env_versions = versions(py)
    print(f"environment ({setup_s:.0f} s): {env_versions}", flush=True)

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
            [str(py), "-c", WHERE], cwd=folder, env=clean_env(venv), capture_output=True, text=True, check=True
        )
        package_file, kernel_dir = where.stdout.split()[:2]
        for what, place in (("stbda_utils", package_file), ("the python3 kernel", kernel_dir)):
            if not Path(place).resolve().is_relative_to(venv):
                print(f"{name}: {what} comes from {place}, not the fresh environment", file=sys.stderr)
                return 1
        t0 = time.perf_counter()
        result = subprocess.run(
            [str(py), "-c", EXECUTE, str(copy), str(KERNEL_TIMEOUT_S)],
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
    print(f"  environment: {env_versions}")
    print(f"  wall time: {total:.0f} s (set-up {setup_s:.0f} s); work folder: {work}")
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
