"""Chapter 2's tools: take a one-hidden-layer ReLU network apart, and check its gradients.

A network ``x -> Dense(k) -> ReLU -> Dense(1)`` computes

    ŷ = b2 + Σ_j  W2[j] · relu(W1[j] · x + b1[j])

so its prediction is a sum of ``k`` bent lines. :func:`decompose` returns every
stage of that sum for each unit (the unit's line, the line after ReLU, the
weighted piece); :func:`stbda_utils.figures.plot_decomposition` draws them. A
unit whose line is below zero at every input is *dead*: after ReLU it is 0
everywhere and adds nothing to ŷ.

:func:`tape_gradients` recomputes the loss of that network from given
weights in float64 with ``tf.GradientTape`` and returns its gradient with
respect to ``[W1, b1, W2, b2]``. Near a minimum the gradient is close to zero;
for a dead unit it is exactly zero: its output is 0 at every x, so the
gradient of its output weight W2[j] (a sum of 2(ŷ - y)·output) is 0, and its
input is negative at every x, so ReLU's derivative there is 0 and so are the
gradients of W1[j] and b1[j]. Two loss forms are offered. ``"sum"`` is the lecture's:
``tf.losses.mse(y, yhat)`` gives one squared error per data point, and
``tape.gradient`` of a vector sums it, so the gradient is that of
Σ_i (y_i - ŷ_i)². ``"mean"`` is the loss Keras's ``fit`` minimises, the
average; its gradient is N times smaller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stbda_utils.checks import as_column, as_float_array, check_xy, int_in_range, list_of_length
from stbda_utils.text import DEFAULT_NAMES, label, pad, rounded
from stbda_utils.training import dense_layers


@dataclass(frozen=True)
class Decomposition:
    """Every stage of ``ŷ = b2 + Σ_j W2[j] · relu(W1[j] · x + b1[j])``.

    ``lines``, ``relu`` and ``weighted`` have one column per hidden unit;
    ``x`` and ``yhat`` are flat arrays of the same length; ``w1``, ``b1`` and
    ``w2`` hold each unit's input weight, bias and output weight.
    """

    x: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    lines: np.ndarray
    relu: np.ndarray
    weighted: np.ndarray
    bias: float
    yhat: np.ndarray

    @property
    def units(self) -> int:
        """Number of hidden units."""
        return self.lines.shape[1]

    @property
    def dead(self) -> np.ndarray:
        """One bool per unit: True when its line is ≤ 0 at every x (ReLU output 0 everywhere)."""
        return np.all(self.lines <= 0, axis=0)

    @property
    def kinks(self) -> np.ndarray:
        """Where each unit's line crosses zero, -b1 / W1 (NaN for a flat line)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.w1 != 0, -self.b1 / np.where(self.w1 != 0, self.w1, 1.0), np.nan)


def decompose_weights(weights: Sequence[object], x: object) -> Decomposition:
    """Decompose the network with weights ``[W1, b1, W2, b2]`` at inputs ``x``.

    Shapes are Keras's: ``W1`` (1, k), ``b1`` (k,), ``W2`` (k, 1), ``b2`` (1,).

    >>> d = decompose_weights([[[1.0, -1.0]], [0.0, 0.0], [[2.0], [3.0]], [0.5]], [-1.0, 1.0])
    >>> d.relu.tolist(), d.yhat.tolist()
    ([[0.0, 1.0], [1.0, 0.0]], [3.5, 2.5])
    """
    return _decomposition(*_relu_weights(weights), as_column(x, "x"))


def _relu_weights(weights: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``weights`` checked as ``[W1, b1, W2, b2]`` of x -> Dense(k) -> ReLU -> Dense(1): float arrays."""
    example = "model.get_weights() of x -> Dense(k) -> ReLU -> Dense(1)"
    weights = list_of_length(
        weights, 4, f"weights must be the list [W1, b1, W2, b2], e.g. {example}; got {weights!r:.80}"
    )
    arrays = [as_float_array(w, f"weights[{i}]", example) for i, w in enumerate(weights)]
    w1 = arrays[0]
    k = w1.shape[-1] if w1.ndim == 2 else -1
    expected = {"W1": (1, k), "b1": (k,), "W2": (k, 1), "b2": (1,)}
    for name, a in zip(expected, arrays):
        if k < 1 or a.shape != expected[name]:
            raise ValueError(
                f"weights: {name} must have shape {expected[name] if k >= 1 else '(1, k)'} for one input, k hidden units and one output; got {a.shape}"
            )
        if not np.all(np.isfinite(a)):
            raise ValueError(f"weights: {name} must hold finite numbers; got NaN or infinity")
    w1, b1, w2, b2 = arrays
    return w1, b1, w2, b2


def _decomposition(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray, x: np.ndarray) -> Decomposition:
    """:func:`decompose_weights` of checked weights at the flat inputs ``x``."""
    lines = x[:, None] * w1[0] + b1
    relu = np.maximum(lines, 0.0)
    weighted = relu * w2[:, 0]
    yhat = weighted.sum(axis=1) + b2[0]
    return Decomposition(
        x=x, w1=w1[0], b1=b1, w2=w2[:, 0], lines=lines, relu=relu, weighted=weighted, bias=float(b2[0]), yhat=yhat
    )


def decompose(model, x: object) -> Decomposition:
    """Decompose a built Keras ``x -> Dense(k) -> ReLU -> Dense(1)`` network at inputs ``x``.

    The ReLU may be the first Dense layer's activation or a separate
    ``Activation("relu")`` layer.

    >>> from stbda_utils.training import dense_net, set_weights
    >>> net = dense_net([2, 1])
    >>> set_weights(net, [[[1.0, 0.5]], [0.0, -1.0], [[1.0], [1.0]], [0.0]])
    >>> decompose(net, [0.0, 1.0]).dead.tolist()
    [False, True]
    """
    layers = dense_layers(model)
    shape = [(info.units, info.activation) for info in layers]
    if len(layers) != 2 or layers[0].activation != "relu" or layers[1].units != 1 or layers[1].activation != "linear":
        raise ValueError(f"model must be x -> Dense(k, relu) -> Dense(1) (one hidden ReLU layer); got layers {shape}")
    if model.inputs[0].shape[-1] != 1:
        raise ValueError(f"model must take one input feature; got {model.inputs[0].shape[-1]}")
    w1, b1, w2, b2 = [np.asarray(w, dtype=float) for w in model.get_weights()]
    return _decomposition(w1, b1, w2, b2, as_column(x, "x"))


def describe(d: Decomposition, digits: int = 4) -> str:
    """A table with one row per unit: its weights, where it bends, its slope in ŷ, and whether it is dead.

    ``W1*W2`` is the slope the unit adds to ŷ on the side where it is active.
    Column titles and yes/no follow the language chosen by :func:`stbda_utils.setup`.

    >>> from stbda_utils.text import use_language
    >>> use_language("en")
    >>> print(describe(decompose_weights([[[2.0, 1.0]], [1.0, -3.0], [[1.5], [-1.0]], [0.5]], [-1.0, 1.0])))
    unit        W1        b1      kink        W2     W1*W2  dead
       1    2.0000    1.0000   -0.5000    1.5000    3.0000  no
       2    1.0000   -3.0000    3.0000   -1.0000   -1.0000  yes
    """
    if not isinstance(d, Decomposition):
        raise TypeError(f"d must be a Decomposition from decompose(model, x); got {type(d).__name__}")
    digits = int_in_range(digits, "digits", 4, 0, 8)
    width = digits + 4

    def num(v: float) -> str:
        return f"{rounded(v, digits):>{width}}"

    head = ["W1", "b1", label("kink"), "W2", "W1*W2"]
    rows = [pad(label("unit"), 4) + "".join(pad(h, width + 2, right=True) for h in head) + "  " + label("dead")]
    for j in range(d.units):
        values = (d.w1[j], d.b1[j], d.kinks[j], d.w2[j], d.w1[j] * d.w2[j])
        rows.append(f"{j + 1:4d}" + "".join(f"  {num(v)}" for v in values) + "  " + label("yes" if d.dead[j] else "no"))
    return "\n".join(rows)


REDUCTIONS = ("sum", "mean")


def tape_gradients(weights: Sequence[object], x: object, y: object, reduction: str = "sum") -> list[np.ndarray]:
    """Gradient of the squared-error loss at ``weights = [W1, b1, W2, b2]``, in float64.

    ``reduction="sum"`` differentiates Σ_i (y_i − ŷ_i)² (the lecture's
    per-sample ``tf.losses.mse`` under ``GradientTape``); ``"mean"`` the
    average, N times smaller.

    Unit 2 below is dead (its line -x - 5 is negative at x = 1 and 2), so
    every gradient of its weights is exactly zero:

    >>> weights = [[[1.0, -1.0]], [0.0, -5.0], [[1.0], [1.0]], [0.0]]
    >>> x, y = [[1.0], [2.0]], [[2.0], [2.0]]
    >>> print(format_gradients(tape_gradients(weights, x, y)))
    dL/dW1 = [-2.0000e+00, 0]
    dL/db1 = [-2.0000e+00, 0]
    dL/dW2 = [-2.0000e+00, 0]
    dL/db2 = [-2.0000e+00]
    >>> float(tape_gradients(weights, x, y, reduction="mean")[3][0])  # N = 2 times smaller
    -1.0
    """
    import tensorflow as tf

    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}; got {reduction!r}")
    arrays = _relu_weights(weights)
    x, y = check_xy(x, y)
    if x.shape[1] != 1 or y.shape[1] != 1:
        raise ValueError(f"x and y must be columns (N, 1), e.g. x.reshape(-1, 1); got {x.shape} and {y.shape}")
    x, y = x.astype("float64"), y.astype("float64")
    variables = [tf.Variable(w) for w in arrays]
    w1, b1, w2, b2 = variables
    with tf.GradientTape() as tape:
        yhat = tf.nn.relu(x @ w1 + b1) @ w2 + b2
        per_sample = tf.reduce_mean(tf.square(y - yhat), axis=-1)  # tf.losses.mse(y, yhat): shape (N,)
        loss = per_sample if reduction == "sum" else tf.reduce_mean(per_sample)
    return [g.numpy() for g in tape.gradient(loss, variables)]


def format_gradients(gradients: Sequence[object], digits: int = 4) -> str:
    """One line per weight array, numbers in scientific notation with ``digits`` decimals.

    Zeros print as ``0`` (also a negative zero), so an exact zero stands out.

    >>> print(format_gradients([np.array([[-6.01630956e-05, -0.0]]), np.array([1e-3, 0.0]),
    ...                         np.array([[2.0], [0.0]]), np.array([-3.2899797e-05])]))
    dL/dW1 = [-6.0163e-05, 0]
    dL/db1 = [1.0000e-03, 0]
    dL/dW2 = [2.0000e+00, 0]
    dL/db2 = [-3.2900e-05]
    """
    example = "tape_gradients(weights, x, y)"
    problem = f"gradients must hold the 4 arrays for {DEFAULT_NAMES}, e.g. {example}; got {gradients!r:.80}"
    gradients = list_of_length(gradients, 4, problem)
    digits = int_in_range(digits, "digits", 4, 0, 12)
    lines = []
    for i, (name, g) in enumerate(zip(DEFAULT_NAMES, gradients)):
        values = ["0" if v == 0 else f"{v:.{digits}e}" for v in as_float_array(g, f"gradients[{i}]", example).ravel()]
        lines.append(f"dL/d{name} = [{', '.join(values)}]")
    return "\n".join(lines)
