"""The one explicit set-up call every notebook makes first.

:func:`setup` is the only place that changes global state: environment
variables read by TensorFlow, matplotlib's style and fonts, TensorFlow's
determinism switch and the language used for figure and diagram text.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from stbda_utils.config import LANGUAGES, LECTURE_SEED, PAGE_WIDTH_IN

_state = {"lang": None}

#: Environment variables that keep TensorFlow quiet; they only work when set
#: before TensorFlow is imported for the first time.
TF_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # drop C++ INFO/WARNING/ERROR logs
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no oneDNN notice, and no round-off that depends on it
    "CUDA_VISIBLE_DEVICES": "",  # the course runs on CPU; GPU kernels differ in round-off
}

KOREAN_FONT_FILE = "NanumGothic.ttf"


def _check_lang(lang: object) -> str:
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a string, one of {LANGUAGES}; got {type(lang).__name__}")
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}; got {lang!r}")
    return lang


def korean_font_path() -> Path:
    """Path of the NanumGothic font file shipped by ``koreanize-matplotlib``.

    The file is located without importing that package (its import pulls in the
    deprecated ``distutils`` module).

    >>> korean_font_path().name
    'NanumGothic.ttf'
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("koreanize-matplotlib is not installed: pip install koreanize-matplotlib")
    folder = Path(list(spec.submodule_search_locations)[0]) / "fonts"
    path = folder / KOREAN_FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; reinstall koreanize-matplotlib")
    return path


def use_korean_capable_font() -> str:
    """Register NanumGothic with matplotlib and make it the first font family.

    DejaVu Sans stays as a per-glyph fallback, so characters NanumGothic lacks
    (such as the minus sign U+2212 on axis ticks) still render.

    >>> use_korean_capable_font()
    'NanumGothic'
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = korean_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams["font.family"] = [name, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = True
    return name


def figure_style() -> dict:
    """The matplotlib settings used by every figure in the book.

    >>> figure_style()["figure.figsize"][0] <= 7.5
    True
    """
    return {
        "figure.figsize": (PAGE_WIDTH_IN, 3.2),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "font.size": 10,
        "svg.hashsalt": "stbda",  # stable ids if a figure is ever saved as SVG
    }


def setup(lang: str = "ko") -> None:
    """Prepare a notebook: quiet, deterministic TensorFlow and book-style figures.

    Call it once, in the first code cell after the install cell, before
    anything imports TensorFlow. ``lang`` ("ko" or "en") selects the language
    of figure labels and diagrams.

    >>> setup(lang="en")
    >>> current_lang()
    'en'
    """
    _check_lang(lang)
    for key, value in TF_QUIET_ENV.items():
        os.environ.setdefault(key, value)
    import matplotlib as mpl

    mpl.rcParams.update(figure_style())
    use_korean_capable_font()
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    tf.random.set_seed(LECTURE_SEED)
    tf.config.experimental.enable_op_determinism()
    _state["lang"] = lang


def current_lang() -> str:
    """The language chosen by :func:`setup`.

    >>> setup(lang="ko"); current_lang()
    'ko'
    """
    if _state["lang"] is None:
        raise RuntimeError('call stbda_utils.setup(lang="ko") or setup(lang="en") first')
    return _state["lang"]
