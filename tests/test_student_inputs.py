"""What a student's own notebook passes to the functions the chapters call (issue 21).

Each row is (function, what it is given, expectation): ``"works"`` for valid but unusual
input (float16, strided views, tf tensors, NumPy scalars), or the argument name for input
that must be refused up front with a ``TypeError``/``ValueError`` raised by ``stbda_utils``
whose message names that argument (not a deep Keras/NumPy error, not a silent result, not
hours of work). Keras models and figures are built when the row runs (``Lazy``).

Rows marked ``GUARDED`` could run for hours if not refused; they run in a child process
(``python tests/test_student_inputs.py ROW_ID``), killed with its process group after
``HANG_S`` seconds, and are ``slow``.
"""

from __future__ import annotations

import gc
import json
import os
import re
import signal
import subprocess
import sys
import traceback
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from stbda_utils import animation, data, diagrams, figures, logistic, relu, text, training
from stbda_utils.runtime import glue, setup

WORKS = "works"
HANG_S = 60
GUARDED = "guarded"


class Lazy:
    """A value made when the row runs (a Keras model, a figure's axes), not when tests are collected."""

    def __init__(self, make):
        self.make = make


def _made(value):
    if isinstance(value, Lazy):
        return value.make()
    if isinstance(value, dict):
        return {k: _made(v) for k, v in value.items()}
    return value


# ---- the values rows are built from: tiny data, tiny models -------------------------------------------

X, Y = data.piecewise_data(n=8)  # (8, 1) float64 columns
LX, LY = data.logistic_data(n=20)  # (20, 1), 0/1 labels
PROB = 1 / (1 + np.exp(-(-1 + 5 * LX)))
W_RELU = [[[1.0, -1.0]], [0.0, 0.5], [[2.0], [3.0]], [0.5]]  # [W1, b1, W2, b2] as nested lists
G4 = [np.ones((1, 2)), np.ones(2), np.ones((2, 1)), np.ones(1)]  # gradients of [W1, b1, W2, b2]
GW0, GW1 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 4), indexing="ij")  # a (5, 4) grid


def _tf():
    import tensorflow as tf

    return tf


def _compiled(model, loss="mse"):
    model.compile(optimizer=_tf().keras.optimizers.SGD(0.1), loss=loss)
    return model


def net(units=(2, 1), loss="mse", compiled=True, **kw):
    """A built (and compiled) dense_net with the book's explicit start."""

    def make():
        m = training.dense_net(list(units), **kw)
        m.set_weights(training.glorot_weights(m, seed=1))
        return _compiled(m, loss) if compiled else m

    return Lazy(make)


def keras_model(kind):
    """Models a student may build instead of the book's Sequential of Dense layers."""

    def make():
        tf = _tf()
        L = tf.keras.layers
        if kind == "functional":
            inp = tf.keras.Input((1,))
            return _compiled(tf.keras.Model(inp, L.Dense(1)(L.Dense(2, activation="relu")(inp))))
        if kind == "two_outputs":
            inp = tf.keras.Input((1,))
            h = L.Dense(2, activation="relu")(inp)
            return tf.keras.Model(inp, [L.Dense(1)(h), L.Dense(1)(h)])
        if kind == "dropout":
            return _compiled(
                tf.keras.Sequential([tf.keras.Input((1,)), L.Dense(2, activation="relu"), L.Dropout(0.5), L.Dense(1)])
            )
        if kind == "batchnorm":
            return _compiled(
                tf.keras.Sequential([tf.keras.Input((1,)), L.Dense(2), L.BatchNormalization(), L.Dense(1)])
            )
        if kind == "no_bias":
            return _compiled(
                tf.keras.Sequential([tf.keras.Input((1,)), L.Dense(2, activation="relu", use_bias=False), L.Dense(1)])
            )
        if kind == "unbuilt":
            return tf.keras.Sequential([L.Dense(2, activation="relu"), L.Dense(1)])
        if kind == "input_2":
            return _compiled(tf.keras.Sequential([tf.keras.Input((2,)), L.Dense(2, activation="relu"), L.Dense(1)]))
        if kind == "two_hidden":
            return _compiled(training.dense_net([2, 2, 1]))
        if kind == "sigmoid_hidden":
            return _compiled(training.dense_net([2, 1], activation="sigmoid"))
        if kind == "two_out_units":
            return _compiled(training.dense_net([2, 2]))
        if kind == "activation_layer":
            return _compiled(tf.keras.Sequential([tf.keras.Input((1,)), L.Dense(2), L.Activation("relu"), L.Dense(1)]))
        if kind == "lambda_layer":
            return _compiled(tf.keras.Sequential([tf.keras.Input((1,)), L.Lambda(lambda t: 2 * t), L.Dense(1)]))
        if kind == "huge":  # 160,000 edges: hours of graphviz layout if drawn in full
            return training.dense_net([400, 400, 1])
        raise AssertionError(kind)

    return Lazy(make)


NET = net()


def _tensor(a, variable=False):
    return Lazy(lambda: (_tf().Variable if variable else _tf().constant)(a))


def _masked():
    return np.ma.masked_array(X, mask=np.zeros_like(X, dtype=bool))


def _readonly(a):
    b = np.array(a)
    b.flags.writeable = False
    return b


def _panel(frames=3, name="MSE", path=None):
    def make():
        p = np.zeros((frames, 2)) if path is None else np.asarray(path)
        return logistic.Panel(name, GW0, GW1, GW0**2 + GW1**2, p, np.zeros(len(p)))

    return Lazy(make)


PANEL = _panel()


def _panels(*ps):
    return Lazy(lambda: [_made(p) for p in ps])


def _ax3d():
    def make():
        from matplotlib.figure import Figure

        return Figure().add_subplot(projection="3d")

    return Lazy(make)


def _ax2d():
    def make():
        from matplotlib.figure import Figure

        return Figure().add_subplot()

    return Lazy(make)


def _decomp(weights=W_RELU, x=(-1.0, 0.0, 1.0)):
    return Lazy(lambda: relu.decompose_weights(weights, list(x)))


def _sgd():
    return _tf().keras.optimizers.SGD(0.1)


SHARED_SGD = Lazy(lambda: (lambda opt: lambda: opt)(_sgd()))
SMALL_GRID = np.meshgrid(np.arange(-4, 2, 1.0), np.arange(-2, 6, 1.0), indexing="ij")
RACE = {"grid": SMALL_GRID, "steps": 1, "epochs_per_step": 1}


# ---- the rows: (id, function, expectation, args, kwargs) ---------------------------------------------

ROWS: list[tuple] = []


def row(rid, fn, expect, *args, **kwargs):
    ROWS.append((f"{fn.__module__.split('.')[-1]}.{fn.__name__}:{rid}", fn, expect, args, kwargs))


def guarded(rid, fn, expect, *args, **kwargs):
    row(rid, fn, expect, *args, **kwargs)
    ROWS[-1] = (*ROWS[-1], GUARDED)


# data: sizes and numbers
for rid, n in [("str", "100"), ("float", 100.0), ("bool", True), ("zero", 0), ("negative", -5), ("None", None),
               ("decimal", Decimal(100)), ("complex", 100 + 0j), ("huge", 10**20), ("array1", np.array([10])),
               ("int8_overflow", np.int8(-56)), ("list", [10])]:  # fmt: skip
    row(f"n_{rid}", data.piecewise_data, "n", n=n)
for rid, n in [("np_int64", np.int64(10)), ("np_uint8", np.uint8(10)), ("0d_int_array", np.array(10))]:
    row(f"n_{rid}", data.piecewise_data, WORKS, n=n)
for rid, v in [("str", "0.3"), ("nan", float("nan")), ("inf", float("inf")), ("negative", -0.3), ("None", None),
               ("complex", 0.3j), ("decimal", Decimal("0.3")), ("fraction", Fraction(3, 10)), ("bool", True),
               ("array", np.array([0.3, 0.3])), ("tuple", (0.3,))]:  # fmt: skip
    row(f"noise_{rid}", data.piecewise_data, "noise", noise=v)
for rid, v in [("float16", np.float16(0.3)), ("float32", np.float32(0.3)), ("int", 0), ("0d", np.array(0.3))]:
    row(f"noise_{rid}", data.piecewise_data, WORKS, noise=v)
for rid, kw in [("w0_str", {"w0": "-1"}), ("w1_inf", {"w1": float("inf")}), ("w1_nan", {"w1": np.nan}),
                ("w0_complex", {"w0": -1 + 1j}), ("w1_huge", {"w1": 1e400}), ("w0_None", {"w0": None}),
                ("w1_list", {"w1": [5.0]}), ("n_float", {"n": 20.5}), ("n_neg", {"n": -1}), ("n_str", {"n": "20"})]:  # fmt: skip
    row(rid, data.logistic_data, next(iter(kw)), **kw)
row("w1_float16", data.logistic_data, WORKS, n=20, w1=np.float16(5))
row("w0_int", data.logistic_data, WORKS, n=20, w0=-1)
for rid, kw in [("scale_zero", {"scale": 0}), ("scale_neg", {"scale": -0.001}), ("scale_str", {"scale": "0.001"}),
                ("scale_nan", {"scale": np.nan}), ("n_str", {"n": "100"}), ("n_zero", {"n": 0}), ("n_bool", {"n": False})]:  # fmt: skip
    row(rid, data.noise_data, next(iter(kw)), **kw)
    row(rid, data.noise_holdout, next(iter(kw)), **kw)
row("n_np_int32", data.noise_holdout, WORKS, n=np.int32(5))
row("scale_np_float32", data.noise_data, WORKS, n=5, scale=np.float32(0.01))
for rid, x in [("str", "0.5"), ("str_list", ["0.5", "1"]), ("None", None), ("nan", [0.0, np.nan]), ("inf", [np.inf]),
               ("complex", np.array([1 + 1j])), ("bool", np.array([True, False])), ("object", np.array([1, "a"], dtype=object)),
               ("ragged", [[1.0], [2.0, 3.0]]), ("matrix", np.ones((4, 2))), ("empty", np.array([])), ("3d", np.ones((4, 1, 1)))]:  # fmt: skip
    row(f"x_{rid}", data.piecewise_truth, "x", x)
for rid, x in [("float16", X.astype(np.float16)), ("strided", X[::2]), ("transposed", X.T.T), ("int", np.arange(3)),
               ("list", [-1.0, 0.0, 1.0]), ("tf", _tensor([-1.0, 1.0])), ("readonly", _readonly(X)),
               ("range", range(4)), ("longdouble", X.astype(np.longdouble))]:  # fmt: skip
    row(f"x_{rid}", data.piecewise_truth, WORKS, x)

# training.dense_net / glorot_weights / set_weights
for rid, units in [("str", "2"), ("float", [2.5, 1]), ("zero", [0, 1]), ("negative", [-2, 1]), ("empty", []),
                   ("None", None), ("bool", [True, 1]), ("str_in_list", ["2", 1]), ("huge", [10**12, 1]), ("nested", [[2], 1]),
                   ("decimal", [Decimal(2), 1])]:  # fmt: skip
    row(f"units_{rid}", training.dense_net, "units", units)
for rid, units in [("tuple", (2, 1)), ("np_ints", np.array([2, 1])), ("np_int_scalars", [np.int64(2), np.int32(1)])]:  # fmt: skip
    row(f"units_{rid}", training.dense_net, WORKS, units)
row("activation_typo", training.dense_net, "activation", [2, 1], activation="rleu")
row("activation_int", training.dense_net, "activation", [2, 1], activation=1)
row("input_dim_zero", training.dense_net, "input_dim", [2, 1], input_dim=0)
row("input_dim_str", training.dense_net, "input_dim", [2, 1], input_dim="1")
row("input_dim_float", training.dense_net, "input_dim", [2, 1], input_dim=1.5)
row("input_dim_np_int", training.dense_net, WORKS, [2, 1], input_dim=np.int64(2))
for rid, seed in [("str", "1"), ("float", 1.5), ("negative", -1), ("None", None), ("huge", 2**70), ("bool", True)]:
    row(f"seed_{rid}", training.glorot_weights, "seed", NET, seed)
row("seed_np_int", training.glorot_weights, WORKS, NET, np.int64(7))
for rid, m in [("None", None), ("list", [1, 2]), ("functional", keras_model("functional")),
               ("unbuilt", keras_model("unbuilt")), ("batchnorm", keras_model("batchnorm"))]:  # fmt: skip
    row(f"model_{rid}", training.glorot_weights, "model", m, 1)
row("model_no_bias", training.glorot_weights, "model", keras_model("no_bias"), 1)
for rid, w in [("short", W_RELU[:3]), ("long", [*W_RELU, [0.0]]), ("shape", [[[1.0], [2.0]], [0.0, 0.5], [[2.0], [3.0]], [0.5]]),
               ("str", [[["1", "2"]], [0.0, 0.5], [[2.0], [3.0]], [0.5]]), ("nan", [[[np.nan, 1.0]], [0.0, 0.5], [[2.0], [3.0]], [0.5]]),
               ("overflow_f32", [[[1e39, 1.0]], [0.0, 0.5], [[2.0], [3.0]], [0.5]]), ("complex", [np.ones((1, 2)) * 1j, [0.0, 0.5], [[2.0], [3.0]], [0.5]]),
               ("bool", [np.ones((1, 2), bool), [0.0, 0.5], [[2.0], [3.0]], [0.5]]), ("None", None), ("dict", {"W1": 1}),
               ("flat_vector", np.arange(7.0)), ("ragged", [[[1.0, 2.0]], [0.0], [[2.0], [3.0]], [0.5]]), ("string", "weights")]:  # fmt: skip
    row(f"weights_{rid}", training.set_weights, "weights", NET, w)
for rid, w in [("lists", W_RELU), ("float16", [np.asarray(a, np.float16) for a in W_RELU]), ("tuple", tuple(W_RELU)),
               ("tf", Lazy(lambda: [_tf().constant(a) for a in W_RELU])), ("ints", [[[1, -1]], [0, 0], [[2], [3]], [0]]),
               ("fortran", [np.asfortranarray(np.array(a, dtype=float)) for a in W_RELU])]:  # fmt: skip
    row(f"weights_{rid}", training.set_weights, WORKS, NET, w)
row("model_functional", training.set_weights, "model", keras_model("functional"), W_RELU)
row("model_None", training.set_weights, "model", None, W_RELU)

# training.fit_full_batch
for rid, e in [("zero", 0), ("negative", -1), ("float", 10.0), ("str", "10"), ("None", None), ("bool", True),
               ("huge", 10**12), ("int8_overflow", np.int8(-56)), ("list", [5])]:  # fmt: skip
    row(f"epochs_{rid}", training.fit_full_batch, "epochs", NET, X, Y, epochs=e)
for rid, e in [("np_int", np.int64(2)), ("np_uint16", np.uint16(2))]:
    row(f"epochs_{rid}", training.fit_full_batch, WORKS, NET, X, Y, epochs=e)
for rid, x in [("str", X.astype(str)), ("None", None), ("nan", np.where(X > 0, np.nan, X)), ("inf", X * np.inf),
               ("f32_overflow", X * 1e39), ("complex", X + 0j), ("bool", X > 0), ("object", X.astype(object)),
               ("row", X.T), ("empty", X[:0]), ("3d", X[:, :, None]), ("two_columns", np.hstack([X, X])),
               ("ragged_list", [[0.0], [1.0, 2.0]] + [[0.0]] * 6), ("mixed_list", [[1.0], ["2"], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0]]),
               ("decimal_list", [[Decimal("0.1")]] * 8), ("dataset", Lazy(lambda: _tf().data.Dataset.from_tensors((X, Y))))]:  # fmt: skip
    row(f"x_{rid}", training.fit_full_batch, "x", NET, x, Y, epochs=2)
row("x_short", training.fit_full_batch, "x|y", NET, X[:5], Y, epochs=2)
row(
    "x_masked_value", training.fit_full_batch, "x", NET, np.ma.masked_greater(X, 0.5), Y, epochs=2
)  # masked data used as is
row("x_masked_value", figures.plot_fit, "x", np.ma.masked_greater(X, 0.5), Y)
row("x_huge_int", data.piecewise_truth, "x", [10**30, 1])  # object dtype
row("x_datetime", data.piecewise_truth, "x", np.array(["2024-01-01"], dtype="datetime64[D]"))
row("x_timedelta", figures.plot_fit, "x", np.arange(8).astype("timedelta64[s]"), Y)
for rid, y in [("str", Y.astype(str)), ("nan", Y * np.nan), ("two_columns", np.hstack([Y, Y])),
               ("bool", Y > 0), ("None", None), ("complex", Y * 1j), ("f32_overflow", Y * 1e40)]:  # fmt: skip
    row(f"y_{rid}", training.fit_full_batch, "y", NET, X, y, epochs=2)
row("y_short", training.fit_full_batch, "x|y", NET, X, Y[:3], epochs=2)
row("y_1d_short", training.fit_full_batch, "x|y", NET, X, Y[:7, 0], epochs=2)
row("x_y_swapped_shapes", training.fit_full_batch, "x", keras_model("input_2"), X, Y, epochs=2)
for rid, x, y in [("float16", X.astype(np.float16), Y.astype(np.float16)), ("strided", np.repeat(X, 2, axis=0)[::2], Y),
                  ("tf", _tensor(X), _tensor(Y)), ("tf_variable", _tensor(X, True), _tensor(Y, True)),
                  ("lists", X.tolist(), Y.tolist()), ("int_x", np.arange(8).reshape(8, 1), Y), ("float32", X.astype(np.float32), Y),
                  ("fortran", np.asfortranarray(X), Y), ("readonly", _readonly(X), _readonly(Y)), ("masked", Lazy(_masked), Y)]:  # fmt: skip
    row(f"xy_{rid}", training.fit_full_batch, WORKS, NET, x, y, epochs=2)
row("per_epoch_loss_np_bool", training.fit_full_batch, WORKS, NET, X, Y, epochs=2, per_epoch_loss=np.bool_(False))
row("per_epoch_loss_str", training.fit_full_batch, "per_epoch_loss", NET, X, Y, epochs=2, per_epoch_loss="False")
row("per_epoch_loss_int", training.fit_full_batch, "per_epoch_loss", NET, X, Y, epochs=2, per_epoch_loss=0)
for rid, m in [("uncompiled", net(compiled=False)), ("functional", keras_model("functional")), ("two_outputs", keras_model("two_outputs")),
               ("None", None), ("str", "net"), ("dropout", keras_model("dropout")), ("lambda_layer", keras_model("lambda_layer")),
               ("unbuilt", keras_model("unbuilt")), ("batchnorm", keras_model("batchnorm"))]:  # fmt: skip
    row(f"model_{rid}", training.fit_full_batch, "model", m, X, Y, epochs=2)
row("model_no_bias", training.fit_full_batch, "model", keras_model("no_bias"), X, Y, epochs=2)
row("model_activation_layer", training.fit_full_batch, WORKS, keras_model("activation_layer"), X, Y, epochs=2)
row("model_mae_loss", training.fit_full_batch, WORKS, net(loss="mae"), X, Y, epochs=2)

# relu (chapter 2)
for rid, m in [("None", None), ("functional", keras_model("functional")), ("two_hidden", keras_model("two_hidden")),
               ("sigmoid_hidden", keras_model("sigmoid_hidden")), ("two_out_units", keras_model("two_out_units")),
               ("no_bias", keras_model("no_bias")), ("dropout", keras_model("dropout")), ("unbuilt", keras_model("unbuilt")),
               ("input_2", keras_model("input_2")), ("weights_list", W_RELU)]:  # fmt: skip
    row(f"model_{rid}", relu.decompose, "model", m, X)
row("model_activation_layer", relu.decompose, WORKS, keras_model("activation_layer"), X)
row("model_uncompiled", relu.decompose, WORKS, net(compiled=False), X)
for rid, x in [("str", X.astype(str)), ("nan", X * np.nan), ("None", None), ("matrix", np.ones((4, 2))), ("complex", X * 1j),
               ("bool", X > 0), ("empty", np.zeros((0, 1))), ("f32_overflow", X * 1e39)]:  # fmt: skip
    row(f"x_{rid}", relu.decompose, "x", NET, x)
for rid, x in [
    ("float16", X.astype(np.float16)),
    ("tf", _tensor(X)),
    ("1d", X[:, 0]),
    ("strided", X[::3]),
    ("list", [0.5, -0.5]),
]:
    row(f"x_{rid}", relu.decompose, WORKS, NET, x)
for rid, w in [("three", W_RELU[:3]), ("str", [[["1", "-1"]], [0.0, 0.5], [[2.0], [3.0]], [0.5]]), ("nan", [[[np.nan, 1.0]], [0, 0], [[2.0], [3.0]], [0.5]]),
               ("mismatch", [[[1.0, -1.0]], [0.0, 0.5, 1.0], [[2.0], [3.0]], [0.5]]), ("None", None), ("array", np.ones(7)),
               ("bool", [[[True, False]], [0.0, 0.5], [[2.0], [3.0]], [0.5]]), ("two_outputs", [[[1.0, -1.0]], [0.0, 0.5], [[2.0, 1.0], [3.0, 1.0]], [0.5, 0.5]])]:  # fmt: skip
    row(f"weights_{rid}", relu.decompose_weights, "weights", w, X)
row("weights_tf", relu.decompose_weights, WORKS, Lazy(lambda: [_tf().constant(a, dtype="float32") for a in W_RELU]), X)
row("weights_float16", relu.decompose_weights, WORKS, [np.asarray(a, np.float16) for a in W_RELU], X.astype(np.float16))
row("x_str", relu.decompose_weights, "x", W_RELU, "x")
row("x_decimal", relu.decompose_weights, "x", W_RELU, [Decimal(1)])
for rid, d in [("None", None), ("model", NET), ("dict", {"x": X}), ("weights", W_RELU)]:
    row(f"d_{rid}", relu.describe, "d", d)
for rid, k in [("negative", -1), ("huge", 99), ("float", 2.5), ("str", "4"), ("bool", True), ("None", None)]:
    row(f"digits_{rid}", relu.describe, "digits", _decomp(), digits=k)
row("digits_np_int", relu.describe, WORKS, _decomp(), digits=np.int64(3))
for rid, args in [("y_short", (W_RELU, X, Y[:3])), ("y_str", (W_RELU, X, Y.astype(str))), ("x_nan", (W_RELU, X * np.nan, Y)),
                  ("y_None", (W_RELU, X, None)), ("y_bool", (W_RELU, X, Y > 0)), ("weights_short", (W_RELU[:2], X, Y)),
                  ("weights_str", ([[["1", "2"]], [0.0, 0.5], [[2.0], [3.0]], [0.5]], X, Y)), ("x_matrix", (W_RELU, np.ones((8, 2)), Y)),
                  ("y_complex", (W_RELU, X, Y + 1j)), ("x_swapped_with_weights", (X, W_RELU, Y))]:  # fmt: skip
    row(
        rid,
        relu.tape_gradients,
        "weights|x" if "swapped" in rid else "x|y" if "short" in rid else rid.split("_")[0],
        *args,
    )
row("reduction_typo", relu.tape_gradients, "reduction", W_RELU, X, Y, reduction="avg")
row("reduction_None", relu.tape_gradients, "reduction", W_RELU, X, Y, reduction=None)
row("reduction_upper", relu.tape_gradients, "reduction", W_RELU, X, Y, reduction="SUM")
row("xy_float16_tf", relu.tape_gradients, WORKS, W_RELU, X.astype(np.float16), _tensor(Y), reduction="mean")
row("xy_lists", relu.tape_gradients, WORKS, W_RELU, X.tolist(), Y.tolist())
for rid, g in [("None", None), ("str", "grads"), ("str_arrays", [np.array(["1e-3"])]), ("complex", [np.array([1j])]),
               ("bool", [np.array([True])]), ("ragged", [[1.0, [2.0]]]), ("object", [np.array([None])])]:  # fmt: skip
    row(f"gradients_{rid}", relu.format_gradients, "gradients", g)
row("digits_negative", relu.format_gradients, "digits", G4, digits=-2)
row("digits_float", relu.format_gradients, "digits", G4, digits=3.0)
row("gradients_three", relu.format_gradients, "gradients", G4[:3])
row(
    "gradients_float16_tf",
    relu.format_gradients,
    WORKS,
    Lazy(lambda: [np.float16(G4[0]), *[_tf().constant(g) for g in G4[1:]]]),
)
row("gradients_nan", relu.format_gradients, "gradients", [G4[0] * np.nan, *G4[1:]])  # finite, as everywhere

# logistic (chapter 4)
for fn in (logistic.sigmoid_mse, logistic.sigmoid_bce):
    for rid, args in [("w0_str", ("1", 5.0, LX, LY)), ("w1_None", (-1.0, None, LX, LY)), ("w0_complex", (1j, 5.0, LX, LY)),
                      ("w0_nan", (np.nan, 5.0, LX, LY)), ("w1_decimal", (-1.0, Decimal(5), LX, LY)),
                      ("x_str", (-1.0, 5.0, LX.astype(str), LY)), ("x_nan", (-1.0, 5.0, LX * np.nan, LY)),
                      ("y_two", (-1.0, 5.0, LX, LY * 2)), ("y_short", (-1.0, 5.0, LX, LY[:5])), ("y_bool", (-1.0, 5.0, LX, LY > 0)),
                      ("y_str", (-1.0, 5.0, LX, LY.astype(int).astype(str))), ("x_matrix", (-1.0, 5.0, np.hstack([LX, LX]), LY)),
                      ("w0_w1_shapes", (np.zeros(3), np.zeros(4), LX, LY)), ("x_None", (-1.0, 5.0, None, LY)),
                      ("y_swapped", (-1.0, 5.0, LY, LX))]:  # fmt: skip
        row(rid, fn, {"w0_w1_shapes": "w0|w1", "y_short": "x|y"}.get(rid, rid.split("_")[0]), *args)
    for rid, args in [("grid", (GW0, GW1, LX, LY)), ("float16", (np.float16(-1), np.float16(5), LX.astype(np.float16), LY)),
                      ("np_scalars", (np.float32(-1), np.int64(5), LX, LY)), ("tf", (-1.0, 5.0, _tensor(LX), _tensor(LY))),
                      ("1d_lists", (-1.0, 5.0, LX[:, 0].tolist(), LY[:, 0].tolist())), ("transposed_grid", (GW0.T, GW1.T, LX, LY)),
                      ("int_labels", (-1.0, 5.0, LX, LY.astype(np.int8)))]:  # fmt: skip
        row(rid, fn, WORKS, *args)
for fn in (logistic.gradient, logistic.min_curvature):
    for rid, args in [("loss_typo", (-1.0, 5.0, LX, LY, "mae")), ("loss_None", (-1.0, 5.0, LX, LY, None)),
                      ("w0_str", ("-1", 5.0, LX, LY, "mse")), ("y_two", (-1.0, 5.0, LX, LY + 1, "bce")),
                      ("x_inf", (-1.0, 5.0, LX * np.inf, LY, "mse")), ("w1_list_str", (-1.0, ["5"], LX, LY, "bce"))]:  # fmt: skip
        row(rid, fn, rid.split("_")[0], *args)
    row("grid_float16", fn, WORKS, GW0.astype(np.float16), GW1, LX, LY, "bce")
    row("tf_scalars", fn, WORKS, Lazy(lambda: _tf().constant(-1.0)), Lazy(lambda: _tf().constant(5.0)), LX, LY, "mse")
for rid, args, name in [("name_int", (1, GW0, GW1, GW0, np.zeros((2, 2)), np.zeros(2)), "name"),
                        ("path_str", ("MSE", GW0, GW1, GW0, np.array([["0", "0"], ["1", "1"]]), np.zeros(2)), "path"),
                        ("path_nan", ("MSE", GW0, GW1, GW0, np.array([[np.nan, 0], [1, 1]]), np.zeros(2)), "path"),
                        ("path_three_columns", ("MSE", GW0, GW1, GW0, np.zeros((2, 3)), np.zeros(2)), "path"),
                        ("path_loss_short", ("MSE", GW0, GW1, GW0, np.zeros((2, 2)), np.zeros(5)), "path_loss"),
                        ("loss_shape", ("MSE", GW0, GW1, GW0[:2], np.zeros((2, 2)), np.zeros(2)), "loss"),
                        ("loss_complex", ("MSE", GW0, GW1, GW0 * 1j, np.zeros((2, 2)), np.zeros(2)), "loss"),
                        ("w0_str", ("MSE", GW0.astype(str), GW1, GW0, np.zeros((2, 2)), np.zeros(2)), "w0")]:  # fmt: skip
    row(rid, logistic.Panel, name, *args)
row(
    "float16_lists",
    logistic.Panel,
    WORKS,
    "MSE",
    GW0.astype(np.float16),
    GW1.tolist(),
    GW0.T.T,
    [[0, 0], [1, 1]],
    [0.5, 0.25],
)
row("panel_None", logistic.summarize_path, "panel", None, 15)
row("optimizer_steps_str", logistic.summarize_path, "optimizer_steps", PANEL, "15")
row("optimizer_steps_zero", logistic.summarize_path, "optimizer_steps", PANEL, 0)
row("optimizer_steps_np", logistic.summarize_path, WORKS, PANEL, np.int64(15))
for rid, name, args, kw in [
    ("make_optimizer_instance", "make_optimizer", (LX, LY, Lazy(_sgd), (-3, -1)), {}),
    ("make_optimizer_shared", "make_optimizer", (LX, LY, SHARED_SGD, (-3, -1)), {}),
    ("make_optimizer_returns_str", "make_optimizer", (LX, LY, lambda: "sgd", (-3, -1)), {}),
    ("start_three", "start", (LX, LY, _sgd, (-3, -1, 0)), {}),
    ("start_str", "start", (LX, LY, _sgd, ("-3", "-1")), {}),
    ("start_nan", "start", (LX, LY, _sgd, (np.nan, -1)), {}),
    ("start_None", "start", (LX, LY, _sgd, None), {}),
    ("start_f32_overflow", "start", (LX, LY, _sgd, (1e39, -1)), {}),
    ("x_y_swapped", "y", (LY, LX, _sgd, (-3, -1)), {}),
    ("y_labels_two", "y", (LX, LY * 2, _sgd, (-3, -1)), {}),
    ("y_short", "x|y", (LX, LY[:10], _sgd, (-3, -1)), {}),
    ("x_str", "x", (LX.astype(str), LY, _sgd, (-3, -1)), {}),
    ("losses_lower", "losses", (LX, LY, _sgd, (-3, -1)), {"losses": ("mse", "bce")}),
    ("losses_str", "losses", (LX, LY, _sgd, (-3, -1)), {"losses": "MSE"}),
    ("warmup_missing", "warmup", (LX, LY, _sgd, (-3, -1)), {"warmup": {"MSE": (1.3, 0.64)}}),
    ("warmup_str", "warmup", (LX, LY, _sgd, (-3, -1)), {"warmup": {"MSE": ("1.3", "0.64"), "BCE": (0, 0)}}),
    ("grid_1d", "grid", (LX, LY, _sgd, (-3, -1)), {"grid": (np.zeros(3), np.zeros(3))}),
    ("grid_str", "grid", (LX, LY, _sgd, (-3, -1)), {"grid": "chapter"}),
    ("steps_zero", "steps", (LX, LY, _sgd, (-3, -1)), {"steps": 0}),
    ("epochs_per_step_str", "epochs_per_step", (LX, LY, _sgd, (-3, -1)), {"epochs_per_step": "15"}),
]:  # fmt: skip
    row(rid, logistic.race, name, *args, **{**RACE, **kw})
row("float16_tf_np_start", logistic.race, WORKS, LX.astype(np.float16), _tensor(LY), _sgd, np.array([-3, -1]), **RACE)
row("one_loss_list_start", logistic.race, WORKS, LX, LY, _sgd, [np.float32(-3), np.int64(-1)], losses=["BCE"], **RACE)

# figures
for rid, args, kw, name in [
    ("x_str", (X.astype(str), Y), {}, "x"), ("y_nan", (X, Y * np.nan), {}, "y"), ("y_short", (X, Y[:3]), {}, "y"),
    ("x_matrix", (np.ones((8, 2)), Y), {}, "x"), ("x_complex", (X * 1j, Y), {}, "x"), ("y_bool", (X, Y > 0), {}, "y"),
    ("x_None", (None, Y), {}, "x"), ("x_empty", (np.zeros((0, 1)), np.zeros((0, 1))), {}, "x"),
    ("curves_list", (X, Y), {"curves": [Y]}, "curves"), ("curves_short", (X, Y), {"curves": {"fit": Y[:3]}}, "curves"),
    ("curves_str_values", (X, Y), {"curves": {"fit": Y.astype(str)}}, "curves"), ("curves_nan", (X, Y), {"curves": {"fit": Y * np.nan}}, "curves"),
    ("curves_int_key", (X, Y), {"curves": {1: Y}}, "curves"), ("truth_tuple", (X, Y), {"truth": (-1, 5)}, "truth"),
    ("truth_array", (X, Y), {"truth": Y}, "truth"), ("ax_3d", (X, Y), {"ax": _ax3d()}, "ax"), ("ax_str", (X, Y), {"ax": "left"}, "ax"),
    ("x_ragged", ([[0.0], [1.0, 2.0]], [0.0, 1.0]), {}, "x"),
]:  # fmt: skip
    row(rid, figures.plot_fit, name, *args, **kw)
for rid, args, kw in [("float16_tf", (X.astype(np.float16), _tensor(Y)), {"curves": {"fit": _tensor(Y)}}),
                      ("lists_truth", (X[:, 0].tolist(), Y[:, 0].tolist()), {"truth": data.piecewise_truth}),
                      ("strided_ax", (X[::2], Y[::2]), {"ax": _ax2d()}), ("int", (np.arange(4), np.arange(4) ** 2), {})]:  # fmt: skip
    row(rid, figures.plot_fit, WORKS, *args, **kw)
for rid, args, kw, name in [
    ("y_labels_two", (LX, LY * 2, PROB), {}, "y"), ("prob_above_one", (LX, LY, PROB + 1), {}, "prob"),
    ("prob_short", (LX, LY, PROB[:5]), {}, "prob"), ("prob_str", (LX, LY, PROB.astype(str)), {}, "prob"),
    ("bins_not_divisor", (LX, LY, PROB), {"bins": 3}, "bins"), ("bins_zero", (LX, LY, PROB), {"bins": 0}, "bins"),
    ("bins_float", (LX, LY, PROB), {"bins": 4.0}, "bins"), ("bins_str", (LX, LY, PROB), {"bins": "4"}, "bins"),
    ("bins_huge", (LX, LY, PROB), {"bins": 10**9}, "bins"), ("title_int", (LX, LY, PROB), {"title": 3}, "title"),
    ("curves_seven", (LX, LY, PROB), {"curves": {str(i): PROB for i in range(7)}}, "curves"),
    ("y_bool", (LX, LY > 0, PROB), {}, "y"), ("x_y_swapped", (LY, LX, PROB), {}, "y"),
]:  # fmt: skip
    row(rid, figures.plot_probability, name, *args, **kw)
row(
    "float16_tf_np_bins",
    figures.plot_probability,
    WORKS,
    LX.astype(np.float16),
    _tensor(LY),
    PROB,
    bins=np.int64(4),
    title=np.str_("SGD"),
)
for rid, args, kw, name in [
    ("w0_1d", (np.zeros(5), np.zeros(5), {"MSE": np.zeros(5)}), {}, "w0"), ("w1_shape", (GW0, GW1[:2], {"MSE": GW0}), {}, "w1"),
    ("surfaces_list", (GW0, GW1, [GW0]), {}, "surfaces"), ("surfaces_empty", (GW0, GW1, {}), {}, "surfaces"),
    ("surfaces_shape", (GW0, GW1, {"MSE": GW0[:2]}), {}, "surfaces"), ("surfaces_nan", (GW0, GW1, {"MSE": GW0 * np.nan}), {}, "surfaces"),
    ("surfaces_str", (GW0, GW1, {"MSE": GW0.astype(str)}), {}, "surfaces"), ("w0_str", (GW0.astype(str), GW1, {"MSE": GW0}), {}, "w0"),
    ("truth_three", (GW0, GW1, {"MSE": GW0}), {"truth": (1, 2, 3)}, "truth"), ("truth_str", (GW0, GW1, {"MSE": GW0}), {"truth": "(-1, 5)"}, "truth"),
    ("fig_axes", (GW0, GW1, {"MSE": GW0}), {"fig": _ax2d()}, "fig"), ("w1_inf", (GW0, GW1 * np.inf, {"MSE": GW0}), {}, "w1"),
    ("surfaces_complex", (GW0, GW1, {"MSE": GW0 * 1j}), {}, "surfaces"),
]:  # fmt: skip
    row(rid, figures.plot_loss_surfaces, name, *args, **kw)
row(
    "float16_transposed",
    figures.plot_loss_surfaces,
    WORKS,
    GW0.T.astype(np.float16),
    GW1.T,
    {"MSE": (GW0**2).T},
    truth=np.array([0, 1]),
)
for rid, args, kw, name in [("d_None", (None,), {}, "d"), ("d_model", (NET,), {}, "d"), ("y_short", (_decomp(), [1.0]), {}, "y"),
                            ("y_str", (_decomp(), ["1", "2", "3"]), {}, "y"), ("y_nan", (_decomp(), [np.nan] * 3), {}, "y"),
                            ("axes_three", (_decomp(),), {"axes": Lazy(lambda: [_made(_ax2d()) for _ in range(3)])}, "axes")]:  # fmt: skip
    row(rid, figures.plot_decomposition, name, *args, **kw)
row("y_tf_float16", figures.plot_decomposition, WORKS, _decomp(), _tensor(np.float16([0, 1, 2])))

# diagrams
for rid, m in [("None", None), ("functional", keras_model("functional")), ("unbuilt", keras_model("unbuilt")),
               ("dropout", keras_model("dropout")), ("str", "dense_net([2, 1])"), ("lambda_layer", keras_model("lambda_layer"))]:  # fmt: skip
    row(f"model_{rid}", diagrams.model_diagram, "model", m)
for rid, kw in [("max_units_two", {"max_units": 2}), ("max_units_str", {"max_units": "6"}), ("max_units_float", {"max_units": 6.5}),
                ("width_zero", {"width": 0}), ("width_nan", {"width": np.nan}), ("width_str", {"width": "7.5"}),
                ("name_int", {"name": 1}), ("name_empty", {"name": ""}), ("max_units_bool", {"max_units": True})]:  # fmt: skip
    row(rid, diagrams.model_diagram, rid.rsplit("_", 1)[0], NET, **kw)
for rid, m, kw in [("np_scalars", NET, {"max_units": np.int64(4), "width": np.float16(5)}), ("activation_layer", keras_model("activation_layer"), {}),
                   ("wide_layer", net((512, 1)), {}), ("korean_name", NET, {"name": "입력"})]:  # fmt: skip
    row(rid, diagrams.model_diagram, WORKS, m, **kw)
guarded("max_units_huge", diagrams.model_diagram, "max_units", keras_model("huge"), max_units=10**6)

# animation
for rid, kw, name in [("name_space", {"name": "sgd 1"}, "name"), ("name_int", {"name": 1}, "name"),
                      ("title_int", {"title": 3}, "title"), ("truth_one", {"truth": (1,)}, "truth"),
                      ("x_nan", {"x": [np.nan, 1.0]}, "x"), ("panels_None", {"panels": None}, "panels")]:  # fmt: skip
    row(
        rid,
        animation.play,
        name,
        **{
            "panels": _panels(PANEL),
            "x": [-1.0, 1.0],
            "y": [0.0, 1.0],
            "truth": (-1, 5),
            "title": "t",
            "name": "p1",
            **kw,
        },
    )
row(
    "two_frames",
    animation.play,
    WORKS,
    _panels(_panel(frames=2)),
    np.float16([-1, 1]),
    [0, 1],
    truth=(-1, 5),
    title="t",
    name="p2",
)
guarded(
    "panels_many_frames",
    animation.play,
    "panels",
    _panels(_panel(frames=20000)),
    [-1.0, 1.0],
    [0.0, 1.0],
    truth=(-1, 5),
    title="t",
    name="p3",
)

# text, setup, glue
for rid, lang in [("fr", "fr"), ("upper", "EN"), ("english", "english"), ("None", None), ("int", 1), ("bytes", b"en"),
                  ("space", "en "), ("list", ["en"])]:  # fmt: skip
    row(f"lang_{rid}", setup, "lang", lang=lang)
    row(f"lang_{rid}", text.use_language, "lang", lang)
row("lang_np_str", setup, WORKS, lang=np.str_("en"))
for rid, w, kw, name in [("None", None, {}, "weights"), ("nan", [[np.nan, 1.0]], {}, "weights"), ("str", "W1", {}, "weights"), ("str_arrays", [np.array(["1.0"])], {}, "weights"),
                         ("complex", [np.array([1j])], {}, "weights"), ("digits_negative", W_RELU, {"digits": -1}, "digits"),
                         ("digits_str", W_RELU, {"digits": "4"}, "digits"), ("digits_float", W_RELU, {"digits": 4.0}, "digits"),
                         ("names_short", W_RELU, {"names": ["W1"]}, "names"), ("names_str", W_RELU, {"names": "W1 b1 W2 b2"}, "names"),
                         ("ragged", [[1.0, [2.0, 3.0]]], {}, "weights"), ("dict", {"W1": [1.0]}, {}, "weights"),
                         ("decimal", [[Decimal("1.5")]], {}, "weights")]:  # fmt: skip
    row(rid, text.format_weights, name, w, **kw)
for rid, w in [("float16_tf", Lazy(lambda: [np.float16([1.5]), _tf().constant([[0.25]])])), ("np_scalar", [np.float64(1.5)]),
               ("ints", [[1, 2], [3]])]:  # fmt: skip
    row(rid, text.format_weights, WORKS, w)
for fn in (text.max_difference, text.compare_weights):
    for rid, args in [("reference_short", (W_RELU, W_RELU[:2])), ("reference_shape", (W_RELU, [[[1.0]], [0.0, 0.5], [[2.0], [3.0]], [0.5]])),
                      ("ours_str", ([["1.0"]], [[1.0]])), ("reference_None", (W_RELU, None)), ("ours_model", (NET, W_RELU)),
                      ("reference_complex", ([[1.0]], [[1j]]))]:  # fmt: skip
        row(rid, fn, rid.split("_")[0], *args)
    row("tf_vs_lists", fn, WORKS, Lazy(lambda: [_tf().constant(np.float32(a)) for a in W_RELU]), W_RELU)
row("tol_negative", text.compare_weights, "tol", W_RELU, W_RELU, tol=-1)
row("tol_str", text.compare_weights, "tol", W_RELU, W_RELU, tol="1e-5")
for rid, kw, name in [("name_space", {"name": "my w"}, "name"), ("name_None", {"name": None}, "name"),
                      ("value_str", {"value": "0.15"}, "value"), ("value_None", {"value": None}, "value"),
                      ("value_nan", {"value": float("nan")}, "value"), ("value_array", {"value": np.array([0.1, 0.2])}, "value"),
                      ("value_complex", {"value": 1j}, "value"), ("value_tensor", {"value": Lazy(lambda: _tf().constant([1.0]))}, "value"),
                      ("value_bool", {"value": True}, "value"), ("value_inf", {"value": np.inf}, "value")]:  # fmt: skip
    row(rid, glue, name, **{"name": "w", "value": 0.15, **kw})
for rid, v in [("np_float32", np.float32(0.15)), ("int", 3), ("np_float64", np.float64(0.15))]:
    row(rid, glue, WORKS, "w", v)


# ---- running one row ----------------------------------------------------------------------------------


def _raised_in_package(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and f"{os.sep}stbda_utils{os.sep}" in frames[-1].filename


def _names(message: str, name: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None


def outcome(r) -> tuple[str, str]:
    """``(class, detail)``: clear / obscure / silent for a row to refuse, works / broken for a valid one."""
    import matplotlib

    matplotlib.use("Agg")
    rid, fn, expect, args, kwargs = r[:5]
    try:
        args, kwargs = tuple(_made(a) for a in args), _made(kwargs)
        result = fn(*args, **kwargs)
        if hasattr(result, "_repr_mimebundle_"):  # what Jupyter does with a Diagram
            result._repr_mimebundle_()
    except Exception as exc:
        what = f"{type(exc).__name__}: {str(exc)[:160]}".replace("\n", " ")
        if expect == WORKS:
            return "broken", what
        named = any(_names(str(exc), name) for name in expect.split("|"))
        clear = isinstance(exc, (TypeError, ValueError)) and named and _raised_in_package(exc)
        return ("clear" if clear else "obscure"), what
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
        text.use_language("en")
    found = ("works", "") if expect == WORKS else ("silent", f"returned {type(result).__name__}")
    del result, args, kwargs
    with warnings.catch_warnings():  # an Animation a row made and never drew warns when collected
        warnings.simplefilter("ignore")
        gc.collect()
    return found


def run_guarded(rid: str, timeout: float = HANG_S) -> tuple[str, str]:
    """The row in a child Python, killed with its process group (graphviz ``dot``, ffmpeg) after ``timeout`` s."""
    child = subprocess.Popen(
        [sys.executable, __file__, rid],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=os.environ.copy(),
    )
    try:
        out, _ = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        return "hang", f"still running after {timeout:.0f} s"
    lines = out.strip().splitlines()
    return tuple(json.loads(lines[-1])) if lines else ("obscure", f"child exited {child.returncode}")  # type: ignore[return-value]


def _param(r):
    marks = [pytest.mark.slow] if len(r) > 5 else []
    return pytest.param(r, id=r[0], marks=marks)


@pytest.mark.usefixtures("setup_english")
@pytest.mark.parametrize("r", [_param(r) for r in ROWS])
def test_student_input(r):
    cls, detail = run_guarded(r[0]) if len(r) > 5 else outcome(r)
    want = "works" if r[2] == WORKS else f"refused naming {r[2]!r}"
    assert cls in ("works", "clear"), f"{r[0]}: want {want}, got {cls}: {detail}"


def test_row_ids_are_unique():
    ids = [r[0] for r in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


if __name__ == "__main__":  # python tests/test_student_inputs.py ROW_ID: one row, its outcome as JSON
    setup(lang="en")
    print(json.dumps(outcome(next(r for r in ROWS if r[0] == sys.argv[1]))), flush=True)
