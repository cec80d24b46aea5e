"""nox sessions: strict nbval per supported TensorFlow version, and as in Colab (CONTRIBUTING.md has the details).

    nox -l                                              # the sessions
    nox -s matrix                                       # every supported TensorFlow version
    nox -s "matrix(tf='2.19')" -- -n 2 chapters/01-piecewise-regression   # arguments after -- go to pytest
    nox -s colab -- chapters/01-piecewise-regression/ko.ipynb

Each session makes a fresh environment in ``.nox/``, checks it holds the pinned versions,
then runs ``pytest --nbval-current-env`` over the notebooks (default ``chapters``); the pytest
settings in ``pyproject.toml`` make that strict nbval with ``tests/nbval_sanitize.cfg``.
nbval compares every fresh output with the stored one: for ``colab`` that is the parity check.
Pythons: ``python3.11`` and ``python3.12`` must be on ``PATH`` (a missing one is an error).
"""

from __future__ import annotations

import runpy
import shutil
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
nox.options.error_on_missing_interpreters = True
nox.options.reuse_venv = "no"

#: The TensorFlow versions: SUPPORTED_TF (lowest, highest minor), read without importing stbda_utils.
LOW, HIGH = runpy.run_path(str(ROOT / "stbda_utils" / "config.py"))["SUPPORTED_TF"]
TF_VERSIONS = [f"2.{minor}" for minor in range(int(LOW.split(".")[1]), int(HIGH.split(".")[1]) + 1)]
#: Pins per TensorFlow version over requirements.txt (2.19: Colab's Keras and NumPy; 2.21: requirements.txt).
TF_PINS = {
    "2.19": {"tensorflow-cpu": "2.19.1", "keras": "3.10.0", "numpy": "2.0.2"},
    "2.20": {"tensorflow-cpu": "2.20.0", "keras": "3.11.3"},
    "2.21": {"tensorflow-cpu": "2.21.0", "keras": "3.15.1"},
}
#: Colab's runtime (googlecolab/colabtools issues 5483 and 5489).
COLAB_PINS = {
    "tensorflow": "2.19.0",
    "keras": "3.10.0",
    "numpy": "2.0.2",
    "matplotlib": "3.10.0",
    "ipykernel": "6.17.1",
}
#: What runs nbval in the colab session (not part of Colab's runtime), at requirements.txt's pins.
RUNNER = ("pytest", "nbval", "pytest-xdist")
assert sorted(TF_PINS) == TF_VERSIONS, f"TF_PINS covers {sorted(TF_PINS)}, SUPPORTED_TF means {TF_VERSIONS}"

#: Run with ``python -I`` (not the checkout): every pin installed, stbda_utils from this environment.
CHECK = """import sys, importlib.metadata as m, stbda_utils
pins = dict(arg.split("==") for arg in sys.argv[1:])
bad = {name: m.version(name) for name, version in pins.items() if m.version(name) != version}
assert not bad and stbda_utils.__file__.startswith(sys.prefix), (bad, stbda_utils.__file__)
print("pinned:", pins)"""


def requirements(pins: dict[str, str], only: tuple[str, ...] = ()) -> list[str]:
    """requirements.txt's lines (those of ``only``, if given) with ``pins`` put in place of their pins."""
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    picked = {(line.split("==")[0], line) for line in lines if line and (not only or line.split("==")[0] in only)}
    return [f"{name}=={pins[name]}" if name in pins else line for name, line in sorted(picked)]


def nbval(session: nox.Session, pins: dict[str, str], install: list[str]) -> None:
    """Install ``install`` and stbda_utils (from a copy of its sources: nothing is written into the
    checkout), check ``pins``, run strict nbval with the kernel of this environment and tests/nbval_sanitize.cfg."""
    with tempfile.TemporaryDirectory() as src:
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src)
        shutil.copytree(ROOT / "stbda_utils", Path(src) / "stbda_utils", ignore=shutil.ignore_patterns("__pycache__"))
        session.install(*install, src)
        session.run("python", "-I", "-c", CHECK, *(f"{name}=={version}" for name, version in pins.items()))
        rules = ROOT / "tests" / "nbval_sanitize.cfg"
        paths = session.posargs or ["chapters"]
        session.run("pytest", "--nbval-current-env", f"--nbval-sanitize-with={rules}", *paths, env={"PYTHONPATH": ""})


@nox.session(python="3.11")
@nox.parametrize("tf", TF_VERSIONS)
def matrix(session: nox.Session, tf: str) -> None:
    """Strict nbval over the chapters with TensorFlow ``tf`` (requirements.txt with TF_PINS[tf])."""
    nbval(session, TF_PINS[tf], requirements(TF_PINS[tf]))


@nox.session(python="3.12")
def colab(session: nox.Session) -> None:
    """Strict nbval over the chapters in Colab's runtime (COLAB_PINS): fresh outputs equal to the stored ones."""
    nbval(session, COLAB_PINS, [f"{n}=={v}" for n, v in COLAB_PINS.items()] + requirements({}, RUNNER))
