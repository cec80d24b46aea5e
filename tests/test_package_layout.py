"""The package's shape: what each module may import, and what works without TensorFlow.

Modules form layers. The base (constants, argument checks, words) imports
nothing else of the package; computation (data, Keras training, chapter 2's
ReLU tools, chapter 4's losses) imports only the base and itself; presentation
(figures, diagrams, animations) may import anything below it; ``runtime``
(the ``setup`` call) sits on the base. So the numbers a chapter computes never
depend on how they are drawn.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "stbda_utils"

BASE = {"config", "checks", "text"}
COMPUTATION = {"data", "training", "relu", "logistic"}
PRESENTATION = {"figures", "diagrams", "animation"}
RUNTIME = {"runtime"}
MAY_IMPORT = {
    **{m: BASE for m in BASE},
    **{m: BASE | COMPUTATION for m in COMPUTATION},
    **{m: BASE | COMPUTATION | PRESENTATION for m in PRESENTATION},
    **{m: BASE for m in RUNTIME},
}


def package_imports(path: Path) -> set[str]:
    """Modules of stbda_utils that ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level > 0:  # from .figures import …, from . import figures
            found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("stbda_utils."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "stbda_utils":
            found.update("runtime" if a.name == "setup" else a.name for a in node.names)  # setup is runtime's
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("stbda_utils."))
    return found


def test_every_module_has_a_layer():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(MAY_IMPORT), "put a new module into one layer above"


@pytest.mark.parametrize("module", sorted(MAY_IMPORT))
def test_imports_point_one_way(module):
    imported = package_imports(PACKAGE / f"{module}.py") - {module}
    assert imported <= MAY_IMPORT[module], f"{module} imports {sorted(imported - MAY_IMPORT[module])}"


@pytest.mark.parametrize(
    "line, module",
    [
        ("from stbda_utils.figures import plot_fit", "figures"),
        ("from .figures import plot_fit", "figures"),
        ("from . import figures", "figures"),
        ("import stbda_utils.figures", "figures"),
        ("from stbda_utils import setup", "runtime"),
    ],
)
def test_the_layer_check_sees_every_form_of_import(tmp_path, line, module):
    bad = tmp_path / "data.py"
    bad.write_text(f"def f():\n    {line}\n")
    assert package_imports(bad) == {module}


def run_without_tensorflow(code: str) -> str:
    """Run ``code`` in a fresh Python in which ``import tensorflow`` fails."""
    blocked = "import sys; sys.modules['tensorflow'] = None\n"
    out = subprocess.run([sys.executable, "-c", blocked + code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_labelled_korean_figure_without_tensorflow():
    out = run_without_tensorflow(
        "import matplotlib; matplotlib.use('Agg')\n"
        "from stbda_utils import data, figures, text\n"
        "text.use_language('ko')\n"
        "x, y = data.piecewise_data()\n"
        "ax = figures.plot_fit(x, y, truth=data.piecewise_truth)\n"
        "print(ax.get_xlabel(), '|', text.compare_weights([[1.0]], [[1.0]]).splitlines()[-1])\n"
    )
    assert out.strip() == "입력 x | 모든 가중치가 강의 값과 1e-05 이내: 예"


def test_importing_every_module_needs_no_tensorflow():
    modules = ", ".join(f"stbda_utils.{m}" for m in sorted(MAY_IMPORT))
    assert run_without_tensorflow(f"import {modules}; print('ok')").strip() == "ok"


def test_no_module_is_shadowed_by_a_function():
    import importlib

    import stbda_utils

    for name in MAY_IMPORT:
        module = importlib.import_module(f"stbda_utils.{name}")
        assert getattr(stbda_utils, name, module) is module, f"stbda_utils.{name} is not the module"
