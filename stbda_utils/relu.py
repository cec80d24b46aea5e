"""Chapter 2's tools: take a one-hidden-layer ReLU network apart, and check its gradients.

A network ``x -> Dense(k) -> ReLU -> Dense(1)`` computes ŷ = b2 + Σ_j W2[j] · relu(W1[j] · x + b1[j]),
a sum of ``k`` bent lines. :func:`decompose` returns every stage of that sum per unit (its line, the
line after ReLU, the weighted piece); :func:`stbda_utils.figures.plot_decomposition` draws them. A
unit whose line is below zero at every input is *dead*: it adds nothing to ŷ, and every gradient of
its weights is exactly zero. :func:`tape_gradients` shows that with ``tf.GradientTape`` in float64,
for the lecture's loss (``"sum"``: ``tape.gradient`` of the per-point ``tf.losses.mse`` sums it) or
for the mean that Keras' ``fit`` minimises (N times smaller).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stbda_utils import checks, text
from stbda_utils.text import DEFAULT_NAMES, _pad, _rounded, say
from stbda_utils.training import _dense_layers

WORDS = {**text.WORDS, **text.words("relu")}  # yes, no: the text module's
RELU_EXAMPLE = "model.get_weights() of x -> Dense(k, relu) -> Dense(1)"


@dataclass(frozen=True)
class Decomposition:
    """Every stage of ŷ: ``lines``, ``relu`` and ``weighted`` have one column per unit; ``x`` and ``yhat``
    are flat; ``w1``, ``b1`` and ``w2`` hold each unit's input weight, bias and output weight."""

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


def _relu_weights(weights: object) -> list[np.ndarray]:
    """``weights`` as ``[W1, b1, W2, b2]`` of x -> Dense(k) -> ReLU -> Dense(1), shapes (1, k), (k,), (k, 1), (1,)."""
    w1, b1, w2, b2 = checks.arrays(weights, "weights", RELU_EXAMPLE, count=4)
    k = w1.shape[-1] if w1.ndim else 0
    for i, (a, shape) in enumerate(zip((w1, b1, w2, b2), ((1, k), (k,), (k, 1), (1,)))):
        if a.shape != shape:
            raise ValueError(
                f"weights[{i}] ({DEFAULT_NAMES[i]}) must have shape {shape}, e.g. {RELU_EXAMPLE}; got {a.shape}"
            )
    return [w1, b1, w2, b2]


def decompose_weights(weights: Sequence[object], x: object) -> Decomposition:
    """Decompose the network with weights ``[W1, b1, W2, b2]`` (Keras' shapes) at inputs ``x``."""
    w1, b1, w2, b2 = _relu_weights(weights)
    x = checks.column(x, "x", "x of shape (N, 1)")
    lines = x[:, None] * w1[0] + b1
    relu = np.maximum(lines, 0.0)
    weighted = relu * w2[:, 0]
    return Decomposition(x, w1[0], b1, w2[:, 0], lines, relu, weighted, float(b2[0]), weighted.sum(axis=1) + b2[0])


def decompose(model, x: object) -> Decomposition:
    """Decompose a built Keras ``x -> Dense(k, relu) -> Dense(1)`` network (the ReLU may be a separate
    ``Activation`` layer) at inputs ``x``, which must be finite in float32, as the model reads them."""
    shape = [(i.units, i.activation) for i in _dense_layers(checks.model(model))]
    if model.inputs[0].shape[-1] != 1 or len(shape) != 2 or shape[0][1] != "relu" or shape[1] != (1, "linear"):
        raise ValueError(f"model must be x -> Dense(k, relu) -> Dense(1) with one input; got layers {shape}")
    return decompose_weights(model.get_weights(), checks.column(x, "x", "x of shape (N, 1)", dtype=np.float32))


def describe(d: Decomposition, digits: int = 4) -> str:
    """A table with one row per unit: its weights, where it bends, ``W1*W2`` (the slope it adds to ŷ where
    it is active), and whether it is dead.

    >>> from stbda_utils.text import use_language
    >>> use_language("en")
    >>> print(describe(decompose_weights([[[2.0, 1.0]], [1.0, -3.0], [[1.5], [-1.0]], [0.5]], [-1.0, 1.0])))
    unit        W1        b1      kink        W2     W1*W2  dead
       1    2.0000    1.0000   -0.5000    1.5000    3.0000  no
       2    1.0000   -3.0000    3.0000   -1.0000   -1.0000  yes
    """
    if not isinstance(d, Decomposition):
        raise TypeError(f"d must be a Decomposition from decompose(model, x); got {type(d).__name__}")
    digits = checks.integer(digits, "digits", 4, 0, 8)
    width = digits + 4

    def num(v: float) -> str:
        return f"{_rounded(v, digits):>{width}}"

    head = ["W1", "b1", say(WORDS, "kink"), "W2", "W1*W2"]
    rows = [
        _pad(say(WORDS, "unit"), 4) + "".join(_pad(h, width + 2, right=True) for h in head) + "  " + say(WORDS, "dead")
    ]
    for j in range(d.units):
        values = (d.w1[j], d.b1[j], d.kinks[j], d.w2[j], d.w1[j] * d.w2[j])
        rows.append(
            f"{j + 1:4d}" + "".join(f"  {num(v)}" for v in values) + "  " + say(WORDS, "yes" if d.dead[j] else "no")
        )
    return "\n".join(rows)


REDUCTIONS = ("sum", "mean")


def tape_gradients(weights: Sequence[object], x: object, y: object, reduction: str = "sum") -> list[np.ndarray]:
    """Gradient of the squared-error loss at ``weights = [W1, b1, W2, b2]`` in float64: ``"sum"`` is that of
    Σ_i (y_i − ŷ_i)² (the lecture's per-point ``tf.losses.mse`` under ``GradientTape``), ``"mean"`` N times
    smaller. Unit 2 below is dead (its line -x - 5 is negative at x = 1 and 2), so
    every gradient of its weights is exactly zero:

    >>> weights = [[[1.0, -1.0]], [0.0, -5.0], [[1.0], [1.0]], [0.0]]
    >>> x, y = [[1.0], [2.0]], [[2.0], [2.0]]
    >>> print(format_gradients(tape_gradients(weights, x, y)))
    dL/dW1 = [-2.0000e+00, 0]
    dL/db1 = [-2.0000e+00, 0]
    dL/dW2 = [-2.0000e+00, 0]
    dL/db2 = [-2.0000e+00]
    """
    import tensorflow as tf

    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}; got {reduction!r:.40}")
    variables = [tf.Variable(w) for w in _relu_weights(weights)]
    x = checks.array(x, "x", "x of shape (N, 1)", shape=(None, 1))
    y = checks.array(y, "y", f"y of shape ({len(x)}, 1)", shape=x.shape)
    w1, b1, w2, b2 = variables
    with tf.GradientTape() as tape:
        yhat = tf.nn.relu(x @ w1 + b1) @ w2 + b2
        per_sample = tf.reduce_mean(tf.square(y - yhat), axis=-1)  # tf.losses.mse(y, yhat): shape (N,)
        loss = per_sample if reduction == "sum" else tf.reduce_mean(per_sample)
    return [g.numpy() for g in tape.gradient(loss, variables)]


def format_gradients(gradients: Sequence[object], digits: int = 4) -> str:
    """One line per weight array in scientific notation with ``digits`` decimals; a zero (even -0.0) prints
    as ``0``, so an exact zero stands out."""
    gradients = checks.arrays(gradients, "gradients", "tape_gradients(weights, x, y)", count=4)
    digits = checks.integer(digits, "digits", 4, 0, 12)
    lines = []
    for name, g in zip(DEFAULT_NAMES, gradients):
        lines.append(f"dL/d{name} = [{', '.join('0' if v == 0 else f'{v:.{digits}e}' for v in g.ravel())}]")
    return "\n".join(lines)
