"""Call every public function of stbda_utils with bad inputs and classify what happens.

    PYTHONPATH=$PWD .venv/bin/python tools/probe_bad_inputs.py [-v]

Each bad input ends in one of three ways:

- clear: a TypeError or ValueError raised by stbda_utils itself whose message
  names the argument and says what to pass (``must``, ``e.g.``, ``pass``, ``use`` ...);
- obscure: any other exception (a deep TensorFlow/NumPy traceback, or a
  message that does not name the argument or say what to pass);
- silent: no exception at all.

NumPy scalars that should pass (``np.int64(3)``, ``np.float32(0.1)``) are
counted apart: ``passes`` or ``refused``. ``-v`` lists every case that is not
clear (or not passing). A throwaway audit, not a test: tests/test_bad_inputs.py
holds the cases as tests.
"""

from __future__ import annotations

import sys
import traceback
import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np

from stbda_utils import setup

setup(lang="en")

import matplotlib.pyplot as plt  # noqa: E402
import tensorflow as tf  # noqa: E402

from stbda_utils import animation, data, diagrams, figures, logistic, relu, runtime, text, training  # noqa: E402

warnings.simplefilter("ignore")

# ---- values ----------------------------------------------------------------
NAN, INF = float("nan"), float("inf")
BAD_COUNT = [True, 0, -1, 2.5, "3", None]
BAD_DIGITS = [True, -1, 99, 2.5, "4", None]
BAD_POSITIVE = [True, 0, -1.0, NAN, INF, "0.1", None]
BAD_NUMBER = [True, NAN, INF, "1", None]
BAD_VECTOR = [None, "abc", [], [NAN], [[1.0], [2.0, 3.0]]]
BAD_TEXT = [None, 3, ""]
INT_SCALARS = [np.int64(3), np.int32(3)]
FLOAT_SCALARS = [np.float32(0.5), np.float64(0.5)]


def compiled(loss: str = "mse", units: int = 1):
    net = training.dense_net([units])
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss=loss)
    return net


def relu_net():
    net = training.dense_net([2, 1])
    training.set_weights(net, [[[1.0, -1.0]], [0.0, 0.0], [[2.0], [3.0]], [0.5]])
    return net


X = np.linspace(-1, 1, 4).reshape(-1, 1)
Y01 = np.array([[0.0], [0.0], [1.0], [1.0]])
W0, W1 = logistic.weight_grid((-2, 2), (-2, 2), step=1.0)
PANEL = logistic.Panel("MSE", W0, W1, W0 + W1, np.zeros((2, 2)), np.zeros(2))
DEC = relu.decompose_weights([[[1.0, -1.0]], [0.0, 0.0], [[2.0], [3.0]], [0.5]], [-1.0, 1.0])
WEIGHTS = [[[1.0, -1.0]], [0.0, -5.0], [[1.0], [1.0]], [0.0]]
GRADS = [np.zeros((1, 2)), np.zeros(2), np.zeros((2, 1)), np.zeros(1)]


def tiny_animation():
    from matplotlib.animation import FuncAnimation
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    (line,) = fig.add_subplot().plot([0, 1], [0, 1])

    def draw(k: int) -> list:
        line.set_ydata([0, k])
        return [line]

    return FuncAnimation(fig, draw, frames=2)


def png():
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, format="png")
    return buf.getvalue()


class History:
    history = {"loss": [1.0, 0.5]}


# ---- the cases: (function, valid keyword arguments (a factory), {argument: bad values}, {argument: good scalars})
Case = tuple[Callable[..., Any], Callable[[], dict[str, Any]], dict[str, list[Any]], dict[str, list[Any]]]


def case(
    fn: Callable[..., Any], valid: Callable[[], dict[str, Any]], bad: dict[str, list[Any]], good: dict[str, list[Any]]
) -> Case:
    """One case, for the cases made in a loop over functions."""
    return fn, valid, bad, good


CASES: list[Case] = [
    # text
    (text.check_lang, lambda: {"lang": "en"}, {"lang": [None, 1, "fr"]}, {}),
    (text.use_language, lambda: {"lang": "en"}, {"lang": [None, 1, "fr"]}, {}),
    (text.label, lambda: {"key": "epoch"}, {"key": [None, 3, "no_such_key"]}, {}),
    (text.counted, lambda: {"key": "diagram_units", "n": 2}, {"n": [True, -1, 2.5, "2", None]}, {"n": INT_SCALARS}),
    (text.rounded, lambda: {"v": 1.5, "digits": 2}, {"digits": BAD_DIGITS, "v": ["x", None]}, {"digits": INT_SCALARS}),
    (text.display_width, lambda: {"text": "ab"}, {"text": [None, 3]}, {}),
    (
        text.pad,
        lambda: {"text": "ab", "width": 4},
        {"text": [None, 3], "width": [None, "4", 2.5]},
        {"width": INT_SCALARS},
    ),
    (
        text.format_weights,
        lambda: {"weights": [[1.0], [2.0]], "digits": 4},
        {"digits": BAD_DIGITS[:-1], "weights": [None, "w", 3, [[1.0], "x"]], "names": [["a"], "ab", 3]},
        {"digits": INT_SCALARS},
    ),
    (
        text.max_difference,
        lambda: {"ours": [[1.0]], "reference": [[1.0]]},
        {"ours": [None, "w", [[1.0, 2.0]], [["x"]]], "reference": [None, 3, [[1.0], [2.0]]]},
        {},
    ),
    (
        text.compare_weights,
        lambda: {"ours": [[1.0], [2.0]], "reference": [[1.0], [2.0]], "names": ["a", "b"]},
        {"digits": BAD_DIGITS, "tol": BAD_POSITIVE, "ours": [None, "w"], "labels": ["ab", ("a",), (1, 2)]},
        {"digits": INT_SCALARS, "tol": FLOAT_SCALARS},
    ),
    # data
    (data.piecewise_truth, lambda: {"x": np.zeros(2)}, {"x": [None, "abc", [NAN]]}, {}),
    (
        data.piecewise_data,
        lambda: {"n": 5},
        {"n": BAD_COUNT, "noise": [True, -1.0, NAN, INF, "0.3", None, [0.1, 0.2]]},
        {"n": INT_SCALARS, "noise": FLOAT_SCALARS},
    ),
    (
        data.logistic_data,
        lambda: {"n": 5},
        {"n": BAD_COUNT, "w0": BAD_NUMBER, "w1": BAD_NUMBER},
        {"n": INT_SCALARS, "w0": FLOAT_SCALARS},
    ),
    (
        data.noise_data,
        lambda: {"n": 5},
        {"n": BAD_COUNT, "scale": BAD_POSITIVE},
        {"n": INT_SCALARS, "scale": FLOAT_SCALARS},
    ),
    (
        data.noise_holdout,
        lambda: {"n": 5},
        {"n": BAD_COUNT, "scale": BAD_POSITIVE},
        {"n": INT_SCALARS, "scale": FLOAT_SCALARS},
    ),
    # training
    (
        training.dense_net,
        lambda: {"units": [2, 1]},
        {
            "units": [None, "2", [], [0], [True], [2.5]],
            "input_dim": BAD_COUNT,
            "activation": [3, "no_such"],
            "output_activation": [3, "no_such"],
        },
        {"units": [np.int64(2)], "input_dim": INT_SCALARS},
    ),
    (
        training.set_weights,
        lambda: {"model": training.dense_net([1]), "weights": [[[0.5]], [0.0]]},
        {
            "model": [None, "net"],
            "weights": [None, "w", [[[0.5]]], [[[NAN]], [0.0]], [[["a"]], [0.0]], [[[0.5, 1.0]], [0.0]]],
        },
        {},
    ),
    (
        training.glorot_weights,
        lambda: {"model": training.dense_net([2, 1]), "seed": 1},
        {"model": [None, "net"], "seed": [True, -1, 2.5, "1", None, 2**40]},
        {"seed": INT_SCALARS},
    ),
    (
        training.sigmoid_unit,
        lambda: {"loss": "mse", "kernel": -1.0},
        {
            "loss": [None, 3, "", "no_such"],
            "kernel": BAD_VECTOR,
            "bias": [True, NAN, "0", [0.0, 1.0]],
            "lr": BAD_POSITIVE[:-1],
            "optimizer": ["adam", 3],
        },
        {"lr": FLOAT_SCALARS, "kernel": FLOAT_SCALARS, "bias": FLOAT_SCALARS},
    ),
    (
        training.fit_full_batch,
        lambda: {"model": compiled(), "x": X, "y": Y01, "epochs": 2},
        {
            "model": [None, "net", training.dense_net([1])],
            "x": [None, "abc", np.zeros(4), np.zeros((4, 2)), np.full((4, 1), NAN), np.zeros((3, 1))],
            "y": [None, np.zeros((4, 3))],
            "epochs": BAD_COUNT + [2**32 + 3],
            "per_epoch_loss": [None, 1, "yes"],
            "callbacks": ["cb", 3, [3]],
        },
        {"epochs": INT_SCALARS},
    ),
    (
        training.fit_full_batch,
        lambda: {"model": compiled("binary_crossentropy"), "x": X, "y": Y01, "epochs": 2},
        {"y": [Y01 * 2, Y01 - 1, np.full((4, 1), 0.5) + Y01]},
        {},
    ),
    (
        training.flat_weights,
        lambda: {"model": compiled()},
        {"model": [None, "net", tf.keras.Sequential([tf.keras.layers.Dense(1)])]},
        {},
    ),
    (
        training.record_trajectory,
        lambda: {"model": compiled(), "x": X, "y": Y01, "steps": 2, "epochs_per_step": 2},
        {
            "model": [None, "net"],
            "x": [None, np.zeros((4, 2)), np.zeros(4)],
            "y": [np.zeros((4, 2))],
            "steps": BAD_COUNT,
            "epochs_per_step": BAD_COUNT + [2**32 + 3],  # more steps than TensorFlow's int32 counter holds
        },
        {"steps": INT_SCALARS, "epochs_per_step": INT_SCALARS},
    ),
    (
        training.record_trajectory,
        lambda: {"model": compiled("binary_crossentropy"), "x": X, "y": Y01, "steps": 2, "epochs_per_step": 2},
        {"y": [Y01 * 2, Y01 - 1]},
        {},
    ),
    (
        training.dense_layers,
        lambda: {"model": training.dense_net([2, 1])},
        {"model": [None, "net", tf.keras.Sequential([tf.keras.layers.Dense(1)])]},
        {},
    ),
    # relu
    (
        relu.decompose_weights,
        lambda: {"weights": WEIGHTS, "x": [-1.0, 1.0]},
        {
            "weights": [
                None,
                "w",
                WEIGHTS[:3],
                [[[1.0]], [0.0], [[1.0], [1.0]], [0.0]],
                [[["a"]], [0.0], [[1.0]], [0.0]],
                [[[NAN, 1.0]], [0.0, 0.0], [[1.0], [1.0]], [0.0]],
            ],
            "x": BAD_VECTOR,
        },
        {},
    ),
    (
        relu.decompose,
        lambda: {"model": relu_net(), "x": [-1.0, 1.0]},
        {"model": [None, "net", training.dense_net([1])], "x": BAD_VECTOR},
        {},
    ),
    (relu.describe, lambda: {"d": DEC}, {"d": [None, "d"], "digits": BAD_DIGITS}, {"digits": INT_SCALARS}),
    (
        relu.tape_gradients,
        lambda: {"weights": WEIGHTS, "x": [[1.0], [2.0]], "y": [[2.0], [2.0]]},
        {
            "weights": [
                None,
                "w",
                WEIGHTS[:3],
                [[[1.0]], [0.0], [[1.0], [1.0]], [0.0]],
                [[[NAN, 1.0]], [0.0, 0.0], [[1.0], [1.0]], [0.0]],
            ],
            "x": [None, "abc", [[NAN], [1.0]], [[1.0, 2.0], [1.0, 2.0]], np.zeros((0, 1))],
            "y": [None, [[NAN], [1.0]], np.zeros((0, 1))],
            "reduction": [None, "max"],
        },
        {},
    ),
    (
        relu.format_gradients,
        lambda: {"gradients": GRADS},
        {"gradients": [None, "g", GRADS[:3], [np.array(["a"])] * 4], "digits": BAD_DIGITS},
        {"digits": INT_SCALARS},
    ),
    # logistic
    (
        logistic.bce,
        lambda: {"y": [1, 0], "yhat": [0.9, 0.2]},
        {
            "y": [None, "ab", [], [2.0, 0.0], [-1.0, 0.0], [0.5, 1.0], [NAN, 0]],
            "yhat": [None, [0.9], [1.0, 0.2], [NAN, 0.2], "ab"],
        },
        {},
    ),
    (
        logistic.mse,
        lambda: {"y": [1, 0], "yhat": [0.9, 0.2]},
        {"y": [None, [2.0, 0.0], [-1.0, 0.0]], "yhat": [None, [0.9], [NAN, 0.2]]},
        {},
    ),
    (logistic.sigmoid, lambda: {"u": np.zeros(2)}, {"u": [None, "abc"]}, {}),
    *[
        case(
            fn,
            lambda: {"w0": 0.0, "w1": 0.0, "x": [-1.0, 1.0], "y": [0.0, 1.0]},
            {
                "w0": [None, "a", NAN, np.zeros((2, 2)) + NAN],
                "x": BAD_VECTOR + [[-1.0, 0.0, 1.0]],
                "y": [None, [], [2.0, 0.0], [-1.0, 1.0], [0.5, 1.0]],
            },
            {"w0": FLOAT_SCALARS},
        )
        for fn in (logistic.sigmoid_mse, logistic.sigmoid_bce)
    ],
    *[
        case(
            fn,
            lambda: {"w0": 0.0, "w1": 0.0, "x": [-1.0, 1.0], "y": [0.0, 1.0], "loss": "bce"},
            {"loss": [None, "MSE", 3], "y": [[2.0, 0.0]], "w1": ["a", INF]},
            {"w1": FLOAT_SCALARS},
        )
        for fn in (logistic.gradient, logistic.min_curvature)
    ],
    (
        logistic.weight_grid,
        lambda: {"w0_range": (-1, 1), "w1_range": (-1, 1), "step": 0.5},
        {"step": BAD_POSITIVE, "w0_range": [None, (1, -1), (0,), "ab", (NAN, 1), (0, INF), ("a", "b")]},
        {"step": FLOAT_SCALARS + [np.int64(1)], "w0_range": [(np.float64(-1), np.float64(1))]},
    ),
    (
        logistic.Panel,
        lambda: {
            "name": "MSE",
            "w0": W0,
            "w1": W1,
            "loss": W0 + W1,
            "path": np.zeros((2, 2)),
            "path_loss": np.zeros(2),
        },
        {
            "name": [None, "", 3],
            "w0": [None, np.zeros(3), "a"],
            "path": [np.zeros((2, 3)), np.zeros((0, 2)), np.full((2, 2), NAN)],
            "path_loss": [np.zeros(3), "a"],
        },
        {},
    ),
    (
        logistic.summarize_path,
        lambda: {"panel": PANEL, "optimizer_steps": 3},
        {"panel": [None, "p"], "optimizer_steps": BAD_COUNT},
        {"optimizer_steps": INT_SCALARS},
    ),
    (
        logistic.race,
        lambda: {
            "x": X,
            "y": Y01,
            "make_optimizer": lambda: tf.keras.optimizers.SGD(0.1),
            "start": (-3, -1),
            "grid": (W0, W1),
            "steps": 1,
            "epochs_per_step": 1,
        },
        {
            "x": [None, np.zeros((4, 2)), np.full((4, 1), NAN)],
            "y": [Y01 * 2, Y01 - 1, np.zeros((3, 1))],
            "make_optimizer": [None, tf.keras.optimizers.SGD(0.1), lambda: "sgd"],
            "start": [None, (1,), (NAN, 1), "ab", (True, 1)],
            "warmup": ["w", {"MSE": (1, 2)}, {"MSE": (1, 2), "BCE": "ab"}],
            "losses": ["MSE", [], ["MAE"], ["MSE", "MSE"]],
            "grid": ["g", (W0,), (W0, np.zeros(3))],
            "steps": BAD_COUNT,
            "epochs_per_step": BAD_COUNT + [2**32 + 3],  # more steps than TensorFlow's int32 counter holds
        },
        {"steps": INT_SCALARS, "epochs_per_step": INT_SCALARS, "start": [(np.float64(-3), np.int64(-1))]},
    ),
    # figures
    (
        figures.plot_fit,
        lambda: {"x": [0, 1, 2], "y": [0, 1, 4]},
        {"x": BAD_VECTOR, "y": [[0, 1]], "curves": ["c", {"fit": [0, 1]}, {"fit": "abc"}], "truth": ["f", 3]},
        {},
    ),
    (
        figures.plot_probability,
        lambda: {"x": [-1.0, 0.0, 1.0, 2.0], "y": [0, 0, 1, 1], "prob": [0.1, 0.4, 0.6, 0.9]},
        {
            "x": BAD_VECTOR,
            "y": [[0, 2, 1, 1]],
            "prob": [[0.1, 0.4, 0.6, 1.5]],
            "curves": ["c", {"fit": [0.1]}],
            "bins": BAD_COUNT[:-1] + [3],
            "ax": ["ax"],
            "title": [3],
        },
        {"bins": [np.int64(2)]},
    ),
    (
        figures.plot_loss,
        lambda: {"history": History()},
        {"history": [None, "h", [1.0, 2.0]], "ax": ["ax"], "log": ["yes", None]},
        {},
    ),
    (
        figures.plot_loss_surfaces,
        lambda: {"w0": W0, "w1": W1, "surfaces": {"MSE": W0 + W1}},
        {
            "w0": [None, np.zeros(3)],
            "surfaces": [None, {}, {"MSE": np.zeros(3)}, {"MSE": np.full(W0.shape, NAN)}],
            "truth": ["ab", (1,), (NAN, 1)],
            "fig": ["fig"],
        },
        {"truth": [(np.float64(0), np.float64(1))]},
    ),
    (
        animation.draw_loss_surface,
        lambda: {"ax": plt.figure().add_subplot(projection="3d"), "w0": W0, "w1": W1, "loss": W0 + W1, "name": "MSE"},
        {
            "ax": [None, "ax"],
            "w0": [None, np.zeros(3)],
            "loss": [np.full(W0.shape, NAN)],
            "name": [None, 3],
            "truth": ["ab", (1,)],
        },
        {},
    ),
    (
        figures.plot_decomposition,
        lambda: {"d": DEC},
        {"d": [None, "d"], "y": ["ab", [1.0, 2.0, 3.0], [NAN, 1.0]], "axes": ["ax", [1, 2]]},
        {},
    ),
    # diagrams
    (
        diagrams.prefix_svg_ids,
        lambda: {"svg": '<g id="a"/>', "prefix": "d1-"},
        {"svg": [None, 3], "prefix": [None, "1d", ""]},
        {},
    ),
    (
        diagrams.model_diagram,
        lambda: {"model": training.dense_net([2, 1])},
        {
            "model": [None, "net"],
            "max_units": [True, 2, 2.5, "6", None],
            "width": [True, 0, -1.0, NAN, "7", None],
            "name": [None, 3, ""],
        },
        {"max_units": INT_SCALARS, "width": FLOAT_SCALARS},
    ),
    (diagrams.edge_counts, lambda: {"model": training.dense_net([2, 1])}, {"model": [None, "net"]}, {}),
    # animation
    (
        animation.loss_race,
        lambda: {"panels": [PANEL], "x": [-1.0, 1.0], "y": [0.0, 1.0], "truth": (0.0, 1.0), "title": "t"},
        {
            "panels": [None, PANEL, [], ["p"]],
            "x": [None, "ab", [NAN, 1.0], [1.0]],
            "y": [[0.0, 2.0], [NAN, 1.0]],
            "truth": [None, (1,), ("a", "b"), (NAN, 1.0)],
            "title": [None, 3],
            "epochs_per_frame": BAD_COUNT,
            "width": [True, 0, -1.0, NAN, "7", None, 99.0],
            "height": [True, 0, -1.0, NAN, "5", None],
        },
        {"epochs_per_frame": INT_SCALARS, "width": FLOAT_SCALARS, "height": [np.float64(3.0)]},
    ),
    (
        animation.palette_png,
        lambda: {"png": png()},
        {"png": [None, b"abc", "png"], "colors": [True, 1, 999, 2.5, "64", None]},
        {"colors": INT_SCALARS},
    ),
    (
        animation.animation_html,
        lambda: {"ani": tiny_animation(), "name": "demo", "dpi": 20},
        {
            "ani": [None, "ani"],
            "name": [None, "1x", "a b"],
            "dpi": [True, 5, 999, 20.5, "72", None],
            "fps": BAD_COUNT + [61],
            "default_mode": [None, "sometimes", 3],
            "colors": [True, 1, 999, 2.5, "64"],
            "alt": ["", 3],
        },
        {"dpi": [np.int64(20)], "fps": INT_SCALARS, "colors": INT_SCALARS},
    ),
    (
        animation.play,
        lambda: {
            "panels": [PANEL],
            "x": [-1.0, 1.0],
            "y": [0.0, 1.0],
            "truth": (0.0, 1.0),
            "title": "t",
            "name": "demo",
        },
        {"title": [None, "", 3], "name": [None, "1x"], "panels": [None]},
        {},
    ),
    # runtime
    (runtime.setup, lambda: {"lang": "en"}, {"lang": [None, 1, "fr"]}, {}),
    (
        runtime.check_versions,
        lambda: {"tf_version": "2.20.0", "keras_version": "3.10.0"},
        {"tf_version": [None, 2.2], "keras_version": [None, 3], "lang": [None, "fr"]},
        {},
    ),
]


def _raised_here(exc: BaseException) -> bool:
    """Whether the innermost frame that raised ``exc`` is in stbda_utils."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and "stbda_utils" in frames[-1].filename


def classify(fn: Callable, kwargs: dict, name: str) -> tuple[str, str]:
    """('clear' | 'obscure' | 'silent', what happened) for one call."""
    try:
        fn(**kwargs)
    except (TypeError, ValueError) as exc:
        message = str(exc)
        says_what = any(
            word in message for word in ("must", "e.g.", "pass ", "call ", "use ", "need", "clean ", "start ")
        )
        if _raised_here(exc) and name.rstrip("s") in message and says_what:
            return "clear", f"{type(exc).__name__}: {message}"
        return "obscure", f"{type(exc).__name__}: {message[:160]}"
    except Exception as exc:
        return "obscure", f"{type(exc).__name__}: {str(exc)[:160]}"
    finally:
        plt.close("all")
    return "silent", "accepted"


def passes(fn: Callable, kwargs: dict) -> tuple[bool, str]:
    try:
        fn(**kwargs)
    except Exception as exc:
        return False, f"{type(exc).__name__}: {str(exc)[:160]}"
    finally:
        plt.close("all")
    return True, ""


def main(verbose: bool) -> int:
    outcomes: Counter = Counter()
    scalars: Counter = Counter()
    for fn, valid, bad, good in CASES:
        where = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__qualname__}"
        ok, why = passes(fn, valid())
        if not ok:
            print(f"BASE CALL FAILS {where}: {why}")
            continue
        for name, values in bad.items():
            for value in values:
                kind, what = classify(fn, {**valid(), name: value}, name)
                outcomes[kind] += 1
                if verbose and kind != "clear":
                    print(f"{kind:8} {where}({name}={value!r:.40}): {what}")
        for name, values in good.items():
            for value in values:
                ok, why = passes(fn, {**valid(), name: value})
                scalars["passes" if ok else "refused"] += 1
                if verbose and not ok:
                    print(f"refused  {where}({name}={value!r:.40}): {why}")
    total = sum(outcomes.values())
    print(f"bad inputs: {total}  clear {outcomes['clear']}  obscure {outcomes['obscure']}  silent {outcomes['silent']}")
    print(
        f"numpy scalars that should pass: {sum(scalars.values())}  passes {scalars['passes']}  refused {scalars['refused']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv))
