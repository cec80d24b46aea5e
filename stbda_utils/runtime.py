"""The one explicit set-up call every notebook makes first: :func:`setup`.

:func:`setup` is the only place that changes global state: environment
variables read by TensorFlow, matplotlib's style and fonts, TensorFlow's
determinism switch and the language used for figure and diagram text.

:func:`glue` is the other end of a notebook: the last cell of chapters 1, 2
and 4 glues the numbers the reproducibility page compares with the lecture.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from stbda_utils.config import LECTURE_SEED, PAGE_WIDTH_IN, SUPPORTED_TF
from stbda_utils.text import check_lang, use_language

#: Environment variables that keep TensorFlow quiet; they only work when set
#: before TensorFlow is imported for the first time.
TF_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # drop C++ INFO/WARNING/ERROR logs
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no oneDNN notice, and no round-off that depends on it
    "CUDA_VISIBLE_DEVICES": "",  # the course runs on CPU; GPU kernels differ in round-off
}

KOREAN_FONT_FILE = "NanumGothic.ttf"


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


class UnsupportedKerasError(RuntimeError):
    """Keras 2 (``tf_keras``) is in use; the book's code needs Keras 3."""


KERAS_2_MESSAGE = (
    "stbda_utils needs Keras 3, but this runtime uses Keras 2 ({why}). "
    "Remove TF_USE_LEGACY_KERAS from the environment (or install keras>=3), "
    "restart the runtime and run the notebook again."
)


def _legacy_keras_requested() -> bool:
    """Whether ``TF_USE_LEGACY_KERAS`` makes ``tf.keras`` the Keras 2 package ``tf_keras``."""
    return os.environ.get("TF_USE_LEGACY_KERAS") in ("true", "True", "1")  # the values TensorFlow reads


def installed_versions(tf) -> tuple[str, str]:
    """(TensorFlow version, version of the Keras behind ``tf.keras``)."""
    return tf.__version__, getattr(tf.keras, "__version__", "unknown")


VERSION_NOTICE = {
    "ko": "stbda_utils는 TensorFlow {low}~{high}에서 검증되었습니다. 지금은 TensorFlow {version}이라 결과가 책과 다를 수 있습니다.",
    "en": "stbda_utils is tested with TensorFlow {low} to {high}; this is TensorFlow {version}, so results may differ from the book.",
}


def check_versions(tf_version: str, keras_version: str, lang: str = "en") -> str | None:
    """Raise on Keras 2; return a one-line notice for a TensorFlow outside SUPPORTED_TF, else None.

    >>> check_versions("2.20.0", "3.10.0") is None
    True
    >>> check_versions("2.18.1", "3.8.0")
    'stbda_utils is tested with TensorFlow 2.19 to 2.21; this is TensorFlow 2.18.1, so results may differ from the book.'
    """
    for name, version in (("tf_version", tf_version), ("keras_version", keras_version)):
        if not isinstance(version, str):
            raise TypeError(f"{name} must be a version string, e.g. {name}='2.20.0'; got {type(version).__name__}")
    lang = check_lang(lang)
    major = keras_version.split(".")[0]
    if major.isdigit() and int(major) < 3:
        raise UnsupportedKerasError(KERAS_2_MESSAGE.format(why=f"tf.keras is Keras {keras_version}"))
    parts = tf_version.split(".")[:2]
    low, high = (tuple(int(n) for n in v.split(".")) for v in SUPPORTED_TF)
    if all(n.isdigit() for n in parts) and low <= tuple(int(n) for n in parts) <= high:
        return None
    return VERSION_NOTICE[lang].format(low=SUPPORTED_TF[0], high=SUPPORTED_TF[1], version=tf_version)


@contextlib.contextmanager
def _native_stderr_silenced():
    """Send what is written to file descriptor 2 inside the block to a temporary file.

    TensorFlow's C++ runtime writes start-up lines ("All log messages before
    absl::InitializeLog() ...", "Unable to register cuDNN factory", "cuBLAS
    factory", "computation placer already registered", "failed call to
    cuInit") straight to file descriptor 2 while it loads and starts, before
    its logging reads TF_CPP_MIN_LOG_LEVEL, so no environment variable stops
    them; Jupyter kernels forward that descriptor into the notebook as red
    stderr. They report nothing wrong (there is no GPU to register). Python's
    own ``sys.stderr`` is untouched in a notebook, and if the block fails the
    captured lines are written out, so a real failure is never hidden.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        except BaseException:
            os.dup2(saved, 2)
            captured.seek(0)
            sys.stderr.write(captured.read().decode("utf-8", "replace"))
            raise
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def setup(lang: str = "ko") -> None:
    """Prepare a notebook: quiet, deterministic TensorFlow and book-style figures.

    Call it once, in the first code cell after the install cell, before
    anything imports TensorFlow. ``lang`` ("ko" or "en") selects the language
    of figure labels and diagrams. What it does:

    - silences TensorFlow's log messages (its C++ start-up lines included);
    - fixes the random seeds and turns on deterministic ops, so every run
      prints the same numbers;
    - hides the GPU on purpose (``CUDA_VISIBLE_DEVICES=""``): these tiny
      models run faster on the CPU, and the CPU gives the same round-off
      everywhere, so results match the book;
    - checks the versions: TensorFlow outside 2.19 to 2.21 gets a one-line
      notice, Keras 2 (``TF_USE_LEGACY_KERAS=1``) stops with an error;
    - sets the book's figure style and a font with Korean glyphs.

    >>> from stbda_utils.text import current_lang
    >>> setup(lang="en")
    >>> current_lang()
    'en'
    """
    check_lang(lang)
    if _legacy_keras_requested():
        raise UnsupportedKerasError(KERAS_2_MESSAGE.format(why="TF_USE_LEGACY_KERAS is set"))
    for key, value in TF_QUIET_ENV.items():
        os.environ.setdefault(key, value)
    import matplotlib as mpl

    mpl.rcParams.update(figure_style())
    use_korean_capable_font()
    with _native_stderr_silenced():
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
        tf.config.list_logical_devices("CPU")  # start the runtime here, where its start-up lines are silenced
        tf.random.set_seed(LECTURE_SEED)
        tf.config.experimental.enable_op_determinism()
    notice = check_versions(*installed_versions(tf), lang=lang)
    if notice:
        print(notice)
    use_language(lang)


def glue(name: str, value: float) -> None:
    """Show ``value`` labelled ``name`` for myst-nb's glue; the book's reproducibility page pastes it.

    The output is what ``myst_nb.glue(name, value)`` stores (the value's
    display, with ``{"scrapbook": {"name": name, ...}}`` in its metadata),
    made with IPython alone, so the cell also runs where myst-nb is not
    installed, such as Colab. Outside IPython it prints the value.

    >>> glue("w", 0.153822)
    0.153822
    """
    from IPython.display import display

    problem = f"name must be a word of letters, digits and _, e.g. 'loss_after_100'; got {name!r}"
    if not isinstance(name, str):
        raise TypeError(problem)
    if not name.isidentifier():
        raise ValueError(problem)
    display(value, metadata={"scrapbook": {"name": name, "mime_prefix": ""}})
