"""Small Keras models with explicit, version-independent initial weights.

TensorFlow's random initializers changed between releases, so a seed alone
does not give the same starting point everywhere. The book therefore builds
each network and then *sets* its initial weights from NumPy.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _check_units(units: object) -> list[int]:
    if isinstance(units, (int, np.integer)) and not isinstance(units, bool):
        units = [units]
    if not isinstance(units, Sequence) or isinstance(units, str):
        raise TypeError(f"units must be a list of positive ints, e.g. [2, 1]; got {type(units).__name__}")
    out = []
    for u in units:
        if isinstance(u, bool) or not isinstance(u, (int, np.integer)):
            raise TypeError(f"units must hold ints, e.g. [2, 1]; got {u!r}")
        if u <= 0:
            raise ValueError(f"units must be positive, e.g. [2, 1]; got {u}")
        out.append(int(u))
    if not out:
        raise ValueError("units is empty; pass at least one layer size, e.g. [1]")
    return out


def dense_net(units: Sequence[int] | int, activation: str | None = "relu", input_dim: int = 1, output_activation: str | None = None):
    """A built ``Sequential`` of Dense layers: hidden layers use ``activation``.

    ``dense_net([2, 1])`` is input -> Dense(2, relu) -> Dense(1).

    >>> net = dense_net([2, 1])
    >>> [layer.units for layer in net.layers], net.count_params()
    ([2, 1], 7)
    """
    import tensorflow as tf

    sizes = _check_units(units)
    layers = [tf.keras.Input((input_dim,))]
    for i, size in enumerate(sizes):
        last = i == len(sizes) - 1
        layers.append(tf.keras.layers.Dense(size, activation=output_activation if last else activation))
    return tf.keras.Sequential(layers)


def set_weights(model, weights: Sequence[object]) -> None:
    """Set every weight of ``model`` from nested lists or arrays, checking shapes.

    >>> net = dense_net([1])
    >>> set_weights(net, [[[0.5]], [0.0]])
    >>> [w.tolist() for w in net.get_weights()]
    [[[0.5]], [0.0]]
    """
    current = model.get_weights()
    if len(weights) != len(current):
        raise ValueError(f"model has {len(current)} weight arrays (kernel and bias per layer); got {len(weights)}")
    arrays = []
    for i, (given, have) in enumerate(zip(weights, current)):
        a = np.asarray(given, dtype="float32")
        if a.shape != have.shape:
            raise ValueError(f"weight {i} must have shape {have.shape}; got {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"weight {i} contains NaN or infinity")
        arrays.append(a)
    model.set_weights(arrays)


def glorot_weights(model, seed: int) -> list[np.ndarray]:
    """Glorot-uniform kernels and zero biases for ``model``, drawn with NumPy.

    The same ``seed`` gives the same numbers on every TensorFlow version.

    >>> net = dense_net([3, 1])
    >>> [w.shape for w in glorot_weights(net, seed=1)]
    [(1, 3), (3,), (3, 1), (1,)]
    """
    rng = np.random.RandomState(seed)
    out = []
    for w in model.get_weights():
        if w.ndim == 2:
            limit = np.sqrt(6.0 / (w.shape[0] + w.shape[1]))
            out.append(rng.uniform(-limit, limit, size=w.shape).astype("float32"))
        else:
            out.append(np.zeros(w.shape, dtype="float32"))
    return out
