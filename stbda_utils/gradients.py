"""Check a trained network's gradients by hand with ``tf.GradientTape``.

:func:`relu_net_gradients` recomputes the loss of ``x -> Dense(k) -> ReLU ->
Dense(1)`` from given weights in float64 and returns its gradient with respect
to ``[W1, b1, W2, b2]``. Near a minimum the gradient is close to zero; for a
dead unit it is exactly zero, because ReLU passes no gradient where its input
is negative.

Two loss forms are offered. ``"sum"`` is the lecture's: ``tf.losses.mse(y,
yhat)`` gives one squared error per data point, and ``tape.gradient`` of a
vector sums it, so the gradient is that of Σ_i (y_i - ŷ_i)². ``"mean"`` is the
loss Keras's ``fit`` minimises, the average; its gradient is N times smaller.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: The names of the four weight arrays, in ``model.get_weights()`` order.
WEIGHT_NAMES = ("W1", "b1", "W2", "b2")
REDUCTIONS = ("sum", "mean")


def relu_net_gradients(weights: Sequence[object], x: object, y: object, reduction: str = "sum") -> list[np.ndarray]:
    """Gradient of the squared-error loss at ``weights = [W1, b1, W2, b2]``, in float64.

    ``reduction="sum"`` differentiates Σ_i (y_i − ŷ_i)² (the lecture's
    per-sample ``tf.losses.mse`` under ``GradientTape``); ``"mean"`` the
    average, N times smaller.

    Unit 2 below is dead (its line -x - 5 is negative at x = 1 and 2), so
    every gradient of its weights is exactly zero:

    >>> weights = [[[1.0, -1.0]], [0.0, -5.0], [[1.0], [1.0]], [0.0]]
    >>> x, y = [[1.0], [2.0]], [[2.0], [2.0]]
    >>> print(format_gradients(relu_net_gradients(weights, x, y)))
    dL/dW1 = [-2.0000e+00, 0]
    dL/db1 = [-2.0000e+00, 0]
    dL/dW2 = [-2.0000e+00, 0]
    dL/db2 = [-2.0000e+00]
    >>> float(relu_net_gradients(weights, x, y, reduction="mean")[3][0])  # N = 2 times smaller
    -1.0
    """
    import tensorflow as tf

    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}; got {reduction!r}")
    if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence) or len(weights) != 4:
        raise TypeError("weights must be the list [W1, b1, W2, b2] of x -> Dense(k) -> ReLU -> Dense(1)")
    x = np.asarray(x, dtype="float64")
    y = np.asarray(y, dtype="float64")
    if x.ndim != 2 or y.ndim != 2 or x.shape[0] != y.shape[0] or y.shape[1] != 1:
        raise ValueError(
            f"x and y must be columns (N, 1) with the same N, e.g. x.reshape(-1, 1); got {x.shape} and {y.shape}"
        )
    variables = [tf.Variable(np.asarray(w, dtype="float64")) for w in weights]
    w1, b1, w2, b2 = variables
    with tf.GradientTape() as tape:
        yhat = tf.nn.relu(x @ w1 + b1) @ w2 + b2
        per_sample = tf.reduce_mean(tf.square(y - yhat), axis=-1)  # tf.losses.mse(y, yhat): shape (N,)
        loss = per_sample if reduction == "sum" else tf.reduce_mean(per_sample)
    return [g.numpy() for g in tape.gradient(loss, variables)]


def format_gradients(gradients: Sequence[np.ndarray], digits: int = 4) -> str:
    """One line per weight array, numbers in scientific notation with ``digits`` decimals.

    Zeros print as ``0`` (also a negative zero), so an exact zero stands out.

    >>> print(format_gradients([np.array([[-6.01630956e-05, -0.0]]), np.array([1e-3, 0.0]),
    ...                         np.array([[2.0], [0.0]]), np.array([-3.2899797e-05])]))
    dL/dW1 = [-6.0163e-05, 0]
    dL/db1 = [1.0000e-03, 0]
    dL/dW2 = [2.0000e+00, 0]
    dL/db2 = [-3.2900e-05]
    """
    if len(gradients) != len(WEIGHT_NAMES):
        raise ValueError(f"gradients must hold the 4 arrays for {WEIGHT_NAMES}; got {len(gradients)}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 12:
        raise ValueError(f"digits must be an int from 0 to 12, e.g. 4; got {digits!r}")
    lines = []
    for name, g in zip(WEIGHT_NAMES, gradients):
        values = ["0" if v == 0 else f"{v:.{digits}e}" for v in np.asarray(g, dtype=float).ravel()]
        lines.append(f"dL/d{name} = [{', '.join(values)}]")
    return "\n".join(lines)
