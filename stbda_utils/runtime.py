"""A notebook's runtime: :func:`setup`, its first call, and :func:`glue`, its last.

:func:`setup` is the only place that changes global state (TensorFlow's environment variables
and determinism, matplotlib's style and fonts, the language). :func:`glue` stores the numbers the
reproducibility page compares with the lecture, as myst-nb's glue does, where myst-nb is missing.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from stbda_utils import checks
from stbda_utils.config import LECTURE_SEED, PAGE_WIDTH_IN, SUPPORTED_TF
from stbda_utils.text import check_lang, use_language

#: Environment variables that keep TensorFlow quiet; they only work when set
#: before TensorFlow is imported for the first time.
TF_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # drop C++ INFO/WARNING/ERROR logs
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no oneDNN notice, and no round-off that depends on it
    "CUDA_VISIBLE_DEVICES": "",  # the course runs on CPU; GPU kernels differ in round-off
}


def use_korean_capable_font() -> str:
    """Make NanumGothic (shipped by ``koreanize-matplotlib``, found without importing it: its import pulls
    in the deprecated ``distutils``) the first font family; DejaVu Sans stays as a per-glyph fallback
    for what it lacks, such as the minus sign U+2212 on axis ticks.

    >>> use_korean_capable_font()
    'NanumGothic'
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("koreanize-matplotlib is not installed: pip install koreanize-matplotlib")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams["font.family"] = [name, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = True
    return name


#: The matplotlib settings of every figure in the book.
FIGURE_STYLE: dict = {
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


KERAS_2_MESSAGE = "stbda_utils needs Keras 3, but this runtime uses Keras 2 ({why}). Remove TF_USE_LEGACY_KERAS from the environment (or install keras>=3), restart the runtime and run the notebook again."


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

    TensorFlow's C++ runtime writes start-up lines ("Unable to register cuDNN factory", "failed call
    to cuInit", ...) straight to descriptor 2 before its logging reads TF_CPP_MIN_LOG_LEVEL; Jupyter
    shows them as red stderr, though they report nothing wrong. If the block fails, the captured
    lines are written out, so a real failure is never hidden.
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
    """Prepare a notebook, once, before anything imports TensorFlow; ``lang`` ("ko" or "en") is the
    language of every word the helpers show. It silences TensorFlow (its C++ start-up lines too), fixes
    the seeds and turns on deterministic ops, hides the GPU (these tiny models are faster on the CPU,
    whose round-off matches the book), names a TensorFlow outside SUPPORTED_TF in one line and stops
    on Keras 2, and sets the book's figure style with a font that has Korean glyphs.

    >>> setup(lang="en")
    """
    check_lang(lang)
    if os.environ.get("TF_USE_LEGACY_KERAS") in ("true", "True", "1"):  # the values TensorFlow reads
        raise UnsupportedKerasError(KERAS_2_MESSAGE.format(why="TF_USE_LEGACY_KERAS is set"))
    for key, value in TF_QUIET_ENV.items():
        os.environ.setdefault(key, value)
    import matplotlib as mpl

    mpl.rcParams.update(FIGURE_STYLE)
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
    """Show ``value`` labelled ``name`` exactly as ``myst_nb.glue(name, value)`` stores it (its display, with
    ``{"scrapbook": {"name": name, ...}}`` metadata), made with IPython alone: Colab has no myst-nb.

    >>> glue("w", 0.153822)
    0.153822
    """
    import numpy as np
    from IPython.display import display

    name = checks.name(name, "name", "loss_after_100")
    if not np.isscalar(value):  # an array or tensor would show as array(...) or tf.Tensor(...)
        raise TypeError(f"value must be one number, e.g. round(float(w[0, 0]), 4); got {type(value).__name__}")
    checks.number(value, "value", 0.15)
    display(value, metadata={"scrapbook": {"name": name, "mime_prefix": ""}})
