"""Run every chapter notebook the way a Colab reader does, with the lowest supported TensorFlow.

    python3 tools/colab_check.py                       # every chapter notebook
    python3 tools/colab_check.py chapters/01-*/ko.ipynb --keep

Colab starts from a bare Python with TensorFlow, and the notebook's first cell
installs ``stbda_utils`` from the repository. This check rebuilds that outside
the repository, so nothing of the working tree can leak in:

1. a wheel of ``stbda_utils`` is built from a copy of the package sources
   (it stands in for the ``git+`` install the first cell performs);
2. a fresh virtual environment gets ``tensorflow-cpu`` at the lowest version the
   package supports (read from ``pyproject.toml``: ``>=2.19`` means ``2.19.*``),
   the wheel with its dependencies, and ipykernel/nbclient to run notebooks;
3. each notebook is copied to its own folder in the work directory and executed
   there, top to bottom, in a fresh kernel of that environment.

An execution error fails the check (exit code 1); outputs are not compared
(strict nbval does that in ``bash tools/test.sh``). It needs only the standard
library and takes minutes (it installs TensorFlow), so it is not part of the
test command; CI runs it as its own job. Graphviz's ``dot`` must be installed.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KERNEL_TIMEOUT_S = 900  # per cell

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

#: Run inside the fresh environment from the work folder: where does the package come from?
WHERE = "import stbda_utils, ipykernel, nbclient; print(stbda_utils.__file__)"


def lowest_tensorflow() -> str:
    """``tensorflow-cpu==X.Y.*`` for the lowest version allowed by the ``tf-cpu`` extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["optional-dependencies"]["tf-cpu"]:
        match = re.match(r"tensorflow-cpu\s*>=\s*(\d+)\.(\d+)", requirement)
        if match:
            return f"tensorflow-cpu=={match.group(1)}.{match.group(2)}.*"
    raise SystemExit("pyproject.toml: no 'tensorflow-cpu>=X.Y' in the tf-cpu extra")


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def clean_env() -> dict[str, str]:
    """The environment without anything that points Python at this repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


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


def make_env(python: str, work: Path, wheel: Path, tf_requirement: str) -> Path:
    venv = work / "venv"
    run([python, "-m", "venv", venv], env=clean_env())
    py = venv / "bin" / "python"
    run([py, "-m", "pip", "install", "-q", "--upgrade", "pip"], env=clean_env())
    run([py, "-m", "pip", "install", "-q", tf_requirement, wheel, "ipykernel", "nbclient", "nbformat"], env=clean_env())
    return py


def versions(py: Path) -> str:
    out = subprocess.run([str(py), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True).stdout
    wanted = ("tensorflow-cpu", "keras", "numpy", "matplotlib", "graphviz", "koreanize-matplotlib", "stbda-utils")
    picked = [line for line in out.splitlines() if line.split("==")[0].lower().replace("_", "-") in wanted]
    python = subprocess.run([str(py), "-c", "import platform; print(platform.python_version())"], capture_output=True, text=True).stdout.strip()
    return f"python=={python} " + " ".join(picked)


def chapter_notebooks() -> list[Path]:
    return sorted((ROOT / "chapters").glob("*/*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: every chapter notebook)")
    parser.add_argument("--tensorflow", default=None, help="the TensorFlow requirement (default: the lowest supported, from pyproject.toml)")
    parser.add_argument("--python", default=sys.executable, help="the Python that creates the fresh environment")
    parser.add_argument("--workdir", type=Path, default=None, help="an empty folder outside the repository (default: a new temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (it is kept anyway when a notebook fails)")
    args = parser.parse_args(argv)

    notebooks = [p.resolve() for p in args.notebooks] or chapter_notebooks()
    if not notebooks:
        print("no chapter notebook found", file=sys.stderr)
        return 1
    if shutil.which("dot") is None:
        print("graphviz's dot is missing (apt-get install graphviz); the diagrams need it", file=sys.stderr)
        return 1
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="stbda-colab-"))).resolve()
    if work.is_relative_to(ROOT):
        print(f"the work folder must be outside the repository: {work}", file=sys.stderr)
        return 1
    work.mkdir(parents=True, exist_ok=True)
    tf_requirement = args.tensorflow or lowest_tensorflow()
    start = time.perf_counter()

    wheel = build_wheel(args.python, work)
    py = make_env(args.python, work, wheel, tf_requirement)
    setup_s = time.perf_counter() - start
    env_versions = versions(py)
    print(f"environment ({setup_s:.0f} s): {env_versions}", flush=True)

    failed: list[str] = []
    timings: list[str] = []
    for notebook in notebooks:
        name = f"{notebook.parent.name}/{notebook.name}"
        folder = work / "run" / notebook.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / notebook.name
        shutil.copy2(notebook, copy)
        where = subprocess.run([str(py), "-c", WHERE], cwd=folder, env=clean_env(), capture_output=True, text=True, check=True)
        package_file = where.stdout.split()[0]
        if not Path(package_file).resolve().is_relative_to(work / "venv"):
            print(f"{name}: stbda_utils comes from {package_file}, not the fresh environment", file=sys.stderr)
            return 1
        t0 = time.perf_counter()
        result = subprocess.run([str(py), "-c", EXECUTE, str(copy), str(KERNEL_TIMEOUT_S)], cwd=folder, env=clean_env(),
                                capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        status = "ok" if result.returncode == 0 else "FAILED"
        timings.append(f"{status:6} {name} ({seconds:.0f} s)")
        print(timings[-1], flush=True)
        if result.returncode != 0:
            failed.append(name)
            print(result.stderr[-4000:], file=sys.stderr)

    total = time.perf_counter() - start
    print()
    print(f"Colab-like check, {tf_requirement}: {len(notebooks) - len(failed)} of {len(notebooks)} notebooks ran top to bottom")
    print(f"  environment: {env_versions}")
    print(f"  wall time: {total:.0f} s (set-up {setup_s:.0f} s); work folder: {work}")
    for line in timings:
        print("  " + line)
    if failed or args.keep:
        print(f"  executed notebooks kept in {work / 'run'}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
