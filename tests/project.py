"""What the tests need to know about the repository (its paths, chapters, table of contents and
tools) and about the lecture (the weights it printed).

Test modules import these plain helpers from here (``from project import ROOT``);
pytest's fixtures and hooks stay in conftest.py, which is not imported.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np

from stbda_utils.config import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
LANGS = LANGUAGES  # ("ko", "en"), from stbda_utils/config.py


def chapter_dirs() -> list[Path]:
    return sorted(p for p in CHAPTERS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def toc_files() -> list[str]:
    """Every ``file:`` entry of ``_toc.yml`` (the root excluded), in book order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", []))
    return files


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_tool(name: str) -> ModuleType:
    """Import ``tools/<name>.py`` (the tools folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


# The lecture's two-unit ReLU network (chapters/02-relu-networks), as Keras printed its weights
# [W1, b1, W2, b2]: the start and the end of its 1,000 epochs, and the failed run whose unit 2 is
# dead on [-1, 1].
LECTURE_INIT = [[[0.98630846, 0.59210145]], [0.0, 0.0], [[0.52757335], [0.33660662]], [0.0]]
LECTURE_FINAL = [[[1.7125574, 0.96457523]], [-0.10849824, 0.80890274], [[1.5033181], [1.1611973]], [-0.9116387]]
LECTURE_FAILURE = [[[1.9579618, 0.46560898]], [0.34100613, -0.4658857], [[1.7770029], [-0.7268499]], [-0.60076195]]


def random_relu_weights(k: int, seed: int = 0) -> list[np.ndarray]:
    """Normal random weights [W1, b1, W2, b2] of x -> Dense(k, relu) -> Dense(1)."""
    rng = np.random.RandomState(seed)
    return [rng.normal(size=(1, k)), rng.normal(size=k), rng.normal(size=(k, 1)), rng.normal(size=1)]


def logistic_points(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` columns x on [-1, 1] and 0/1 labels y drawn with P(y = 1) = sigmoid(-1 + 5x), seed 0."""
    rng = np.random.RandomState(0)
    x = np.linspace(-1, 1, n).reshape(-1, 1)
    y = (rng.uniform(size=(n, 1)) < 1 / (1 + np.exp(-(-1 + 5 * x)))).astype(float)
    return x, y


#: The first code cell of every chapter notebook, per language: installs stbda_utils where it is
#: missing (Colab), pinned to this release's tag, and says in one line when that fails.
INSTALL_CELL = {
    "ko": (
        "# Colab용: 이 책의 도우미 패키지를 설치합니다(이미 있으면 건너뜁니다).\n"
        "import importlib.util\n"
        'if importlib.util.find_spec("stbda_utils") is None:\n'
        '    !pip install -q "stbda_utils @ git+{repo}@v{version}" 2>/dev/null || echo "설치 실패: '
        'GitHub에서 stbda_utils를 받지 못했습니다. 인터넷 연결을 확인하고 이 셀을 다시 실행하세요."'
    ),
    "en": (
        "# Colab: install this book's helper package (skipped where it is installed).\n"
        "import importlib.util\n"
        'if importlib.util.find_spec("stbda_utils") is None:\n'
        '    !pip install -q "stbda_utils @ git+{repo}@v{version}" 2>/dev/null || echo "Install failed: '
        'could not get stbda_utils from GitHub. Check the connection and run this cell again."'
    ),
}


def install_cell(lang: str) -> str:
    """The install cell of a ``lang`` notebook, pinned to ``v<__version__>`` of ``REPO_URL``."""
    from stbda_utils import __version__
    from stbda_utils.config import REPO_URL

    return INSTALL_CELL[lang].format(repo=REPO_URL, version=__version__)
