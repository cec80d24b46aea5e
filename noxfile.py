"""nox sessions: the TensorFlow version matrix and the Colab-like run (CONTRIBUTING.md has the details).

    nox -l                                          # the sessions
    nox -s matrix                                   # strict nbval on every supported TensorFlow version
    nox -s "matrix(tf='2.19')" -- --threads 1,all   # one version; arguments after -- go to tools/repro_matrix.py
    nox -s colab                                    # every notebook as in Colab, outputs compared
    nox -s colab -- chapters/01-piecewise-regression/ko.ipynb --keep

nox makes each environment (a fresh one in ``.nox/<session>`` on every run) and
installs into it; what a session then runs is in ``tools/repro_matrix.py`` and
``tools/colab_check.py``. Nothing is typed twice: the TensorFlow versions come
from ``SUPPORTED_TF`` in ``stbda_utils/config.py`` (``repro_matrix.tf_versions``
checks them against ``pyproject.toml``'s extras and ``repro_matrix.TF_PINS``),
the other pins from ``requirements.txt``, Colab's from ``colab_check.COLAB_PINS``.

Pythons: ``matrix`` needs ``python3.11`` and ``colab`` ``python3.12`` on ``PATH``
(a missing one is an error, never a skip). Put another one first on ``PATH``,
e.g. ``PATH=/root/.pyenv/versions/3.12.1/bin:$PATH nox -s colab``.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))  # tools/ is a folder of scripts, not a package
import colab_check  # noqa: E402
import repro_matrix  # noqa: E402

nox.options.error_on_missing_interpreters = True
nox.options.reuse_venv = "no"


@contextlib.contextmanager
def package_sources() -> Iterator[str]:
    """A temporary copy of what pip needs to build stbda_utils, so no build/ or *.egg-info lands in the repository."""
    with tempfile.TemporaryDirectory(prefix="stbda-src-") as folder:
        src = Path(folder)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        shutil.copytree(ROOT / "stbda_utils", src / "stbda_utils", ignore=shutil.ignore_patterns("__pycache__"))
        yield str(src)


@nox.session(python=repro_matrix.MATRIX_PYTHON)
@nox.parametrize("tf", repro_matrix.tf_versions())
def matrix(session: nox.Session, tf: str) -> None:
    """Strict nbval over the chapters with TensorFlow ``tf`` (TF_PINS over requirements.txt)."""
    session.install(*repro_matrix.requirements_for(tf))
    with package_sources() as src:
        session.install("--no-deps", src)
    session.run("python", "tools/repro_matrix.py", "--tf", tf, *session.posargs)


@nox.session(python=colab_check.COLAB_PYTHON)
def colab(session: nox.Session) -> None:
    """Every chapter notebook in Colab's runtime, run outside the repository, outputs compared with the stored ones."""
    with package_sources() as src:
        session.install(*colab_check.COLAB_PINS, src, *colab_check.RUNNER)
    session.run("python", "tools/colab_check.py", *session.posargs)
