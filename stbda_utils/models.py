"""Small Keras models with explicit, version-independent initial weights.

TensorFlow's random initializers changed between releases, so a seed alone
does not give the same starting point everywhere. The book therefore builds
each network and then *sets* its initial weights from NumPy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from stbda_utils.checks import finite_vector


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


def dense_net(
    units: Sequence[int] | int,
    activation: str | None = "relu",
    input_dim: int = 1,
    output_activation: str | None = None,
):
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
    current = model.get_weights()
    if not current:
        raise ValueError("model has no weights yet; build it first, e.g. Sequential([tf.keras.Input((1,)), ...])")
    if any(w.ndim not in (1, 2) for w in current):
        raise ValueError("glorot_weights draws Dense kernels (2-D) and biases (1-D) only; this model has other weights")
    rng = np.random.RandomState(seed)
    out = []
    for w in current:
        if w.ndim == 2:
            limit = np.sqrt(6.0 / (w.shape[0] + w.shape[1]))
            out.append(rng.uniform(-limit, limit, size=w.shape).astype("float32"))
        else:
            out.append(np.zeros(w.shape, dtype="float32"))
    return out


def sigmoid_unit(
    loss: str, kernel: float | Sequence[float], bias: float | None = 0.0, lr: float | None = None, optimizer=None
):
    """One compiled sigmoid unit ŷ = sigmoid(x·kernel + bias) with the given starting weights.

    ``kernel`` is one number per input column (a single number: one input).
    ``bias=None`` builds the unit without a bias, ``Dense(1, use_bias=False)``.
    The optimizer is ``SGD(lr)`` (``lr`` 0.1 by default) unless a fresh Keras
    ``optimizer`` is given instead; ``loss`` is a Keras loss name.

    >>> net = sigmoid_unit("binary_crossentropy", kernel=-1.0035)
    >>> [w.tolist() for w in net.get_weights()], type(net.optimizer).__name__
    ([[[-1.003499984741211]], [0.0]], 'SGD')
    >>> net = sigmoid_unit("mse", kernel=(-3, -1), bias=None)  # X = [1, x]: the kernel is (w0, w1)
    >>> net.get_weights()[0].ravel().tolist(), net.count_params()
    ([-3.0, -1.0], 2)
    """
    import tensorflow as tf

    if not isinstance(loss, str) or not loss:
        raise TypeError(f"loss must be a Keras loss name such as 'binary_crossentropy' or 'mse'; got {loss!r}")
    try:
        tf.keras.losses.get(loss)
    except ValueError as exc:
        raise ValueError(
            f"unknown loss {loss!r}; pass a Keras loss name such as 'binary_crossentropy' or 'mse'"
        ) from exc
    kernel = finite_vector(kernel, "kernel", "kernel=-1.0 or kernel=(-3, -1)")
    if bias is not None:
        bias = finite_vector(bias, "bias", "bias=0.0 (or None for no bias)")
        if bias.size != 1:
            raise ValueError(f"bias must be one number, e.g. bias=0.0 (or None for no bias); got {bias.size} numbers")
    if optimizer is None:
        lr = 0.1 if lr is None else lr
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 < lr < float("inf"):
            raise ValueError(f"lr must be a positive learning rate, e.g. lr=0.1; got {lr!r}")
        optimizer = tf.keras.optimizers.SGD(lr)
    elif lr is not None:
        raise ValueError(
            "pass either lr (for SGD) or optimizer, not both, e.g. optimizer=tf.keras.optimizers.Adam(0.1)"
        )
    elif not isinstance(optimizer, tf.keras.optimizers.Optimizer):
        raise TypeError(
            f"optimizer must be a Keras optimizer such as tf.keras.optimizers.Adam(0.1); got {type(optimizer).__name__}"
        )
    elif getattr(optimizer, "built", False):
        raise ValueError("optimizer already trains another model; pass a fresh one, e.g. tf.keras.optimizers.Adam(0.1)")
    net = tf.keras.Sequential(
        [tf.keras.Input((kernel.size,)), tf.keras.layers.Dense(1, use_bias=bias is not None, activation="sigmoid")]
    )
    net.compile(optimizer=optimizer, loss=loss)
    set_weights(net, [kernel.reshape(-1, 1)] + ([] if bias is None else [bias]))
    return net
