"""Build small Keras models, give them explicit initial weights, train them fast.

:func:`dense_net` and :func:`sigmoid_unit` build the chapters' networks.
TensorFlow's random initializers changed between releases, so a seed alone
does not give the same starting point everywhere: the book builds each network
and then *sets* its initial weights from NumPy (:func:`set_weights`,
:func:`glorot_weights`).

Keras 3 rebuilds its input pipeline every epoch when ``fit`` gets NumPy
arrays; for a 100-point data set that overhead is most of the time. Feeding one
repeated batch as a ``tf.data.Dataset`` with ``steps_per_epoch=1``
(:func:`fit_full_batch`) runs the same optimizer steps on the same batch, so
the weights and the per-epoch ``History`` are the same, many times faster.
:func:`record_trajectory` trains the same way and records where the weights go
(:func:`flat_weights` reads them as one vector). :func:`dense_layers` lists a
model's Dense layers for the diagrams and for chapter 2's decomposition.

Importing this module does not import TensorFlow; the functions do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stbda_utils.checks import (
    MAX_STEPS,
    as_float_array,
    check_model,
    check_training_data,
    finite_vector,
    int_in_range,
    list_of_length,
    positive_int,
    positive_number,
    training_stretches,
)


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
    input_dim = positive_int(input_dim, "input_dim", 1)
    for name, value in (("activation", activation), ("output_activation", output_activation)):
        try:
            tf.keras.activations.get(value)
        except ValueError as exc:
            raise ValueError(f"{name} must be a Keras activation name such as 'relu', or None; got {value!r}") from exc
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
    check_model(model, compiled=False)
    current = model.get_weights()
    problem = (
        f"weights must be a list of {len(current)} arrays (kernel and bias per layer), "
        f"e.g. model.get_weights(); got {weights!r:.80}"
    )
    weights = list_of_length(weights, len(current), problem)
    arrays = []
    for i, (given, have) in enumerate(zip(weights, current)):
        a = as_float_array(given, f"weights[{i}]", f"an array of shape {have.shape}")
        if a.shape != have.shape:
            raise ValueError(f"weights[{i}] must have shape {have.shape}; got {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"weights[{i}] must hold finite numbers; got NaN or infinity")
        arrays.append(a.astype("float32"))
    model.set_weights(arrays)


def glorot_weights(model, seed: int) -> list[np.ndarray]:
    """Glorot-uniform kernels and zero biases for ``model``, drawn with NumPy.

    The same ``seed`` gives the same numbers on every TensorFlow version.

    >>> net = dense_net([3, 1])
    >>> [w.shape for w in glorot_weights(net, seed=1)]
    [(1, 3), (3,), (3, 1), (1,)]
    """
    check_model(model, compiled=False)
    seed = int_in_range(seed, "seed", 1, 0, 2**32 - 1)
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


def sigmoid_unit(loss: str, kernel: npt.ArrayLike, bias: float | None = 0.0, lr: float | None = None, optimizer=None):
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
    kernel_values = finite_vector(kernel, "kernel", "kernel=-1.0 or kernel=(-3, -1)")
    bias_values = [] if bias is None else [finite_vector(bias, "bias", "bias=0.0 (or None for no bias)")]
    if bias_values and bias_values[0].size != 1:
        raise ValueError(
            f"bias must be one number, e.g. bias=0.0 (or None for no bias); got {bias_values[0].size} numbers"
        )
    if optimizer is None:
        optimizer = tf.keras.optimizers.SGD(0.1 if lr is None else positive_number(lr, "lr", 0.1))
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
    return _sigmoid_unit(loss, kernel_values, bias_values[0] if bias_values else None, optimizer)


def _sigmoid_unit(loss: str, kernel: np.ndarray, bias: np.ndarray | None, optimizer):
    """:func:`sigmoid_unit` for checked arguments: a flat kernel, a one-number bias or None, a fresh optimizer."""
    import tensorflow as tf

    net = tf.keras.Sequential(
        [tf.keras.Input((kernel.size,)), tf.keras.layers.Dense(1, use_bias=bias is not None, activation="sigmoid")]
    )
    net.compile(optimizer=optimizer, loss=loss)
    net.set_weights([a.astype("float32") for a in (kernel.reshape(-1, 1), bias) if a is not None])
    return net


def fit_full_batch(model, x, y, epochs: int, per_epoch_loss: bool = True, callbacks: list | None = None):
    """Train ``model`` on all of (x, y) as one batch for ``epochs`` epochs.

    Same result as ``model.fit(x, y, epochs=epochs, batch_size=len(x))``,
    returned as the usual ``History`` (``history.history["loss"]`` has one
    value per epoch).

    With ``per_epoch_loss=False`` the same gradient steps run as one Keras
    epoch of ``epochs`` steps inside a single TensorFlow call
    (``steps_per_execution``), many times faster for long runs; the weights
    are the same, but the history then holds one value, the mean loss over
    all steps. The model is compiled again (same optimizer object and loss,
    so optimizer state carries over) for that run and restored afterwards.

    ``callbacks`` are Keras callbacks handed to ``fit`` (with per-epoch
    history, ``on_epoch_end`` runs after every gradient step).

    >>> import tensorflow as tf
    >>> net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
    >>> net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    >>> hist = fit_full_batch(net, [[0.0], [1.0]], [[1.0], [3.0]], epochs=5)
    >>> len(hist.history["loss"])
    5
    """
    import tensorflow as tf

    x, y = check_training_data(model, x, y)
    epochs = positive_int(epochs, "epochs", 1000, maximum=MAX_STEPS)
    if not isinstance(per_epoch_loss, bool):
        raise TypeError(f"per_epoch_loss must be True or False; got {per_epoch_loss!r}")
    if callbacks is not None and (
        not isinstance(callbacks, list) or not all(isinstance(c, tf.keras.callbacks.Callback) for c in callbacks)
    ):
        raise TypeError(
            f"callbacks must be a list of Keras callbacks, e.g. [tf.keras.callbacks.History()]; got {callbacks!r}"
        )
    return _fit(model, x, y, epochs, per_epoch_loss, callbacks)


def _fit(model, x: np.ndarray, y: np.ndarray, epochs: int, per_epoch_loss: bool = True, callbacks: list | None = None):
    """:func:`fit_full_batch` for checked arguments."""
    import tensorflow as tf

    batch = tf.data.Dataset.from_tensors((x, y)).repeat()
    if per_epoch_loss:
        return model.fit(batch, epochs=epochs, steps_per_epoch=1, verbose=0, shuffle=False, callbacks=callbacks)
    extras = {
        k: v
        for k, v in (model.get_compile_config() or {}).items()
        if k in ("metrics", "weighted_metrics", "loss_weights") and v
    }
    if extras:
        raise ValueError(
            f"per_epoch_loss=False needs a model compiled with only an optimizer and a loss; it also has {sorted(extras)}"
        )
    steps_before = model.steps_per_execution
    model.compile(optimizer=model.optimizer, loss=model.loss, steps_per_execution=epochs)
    try:
        return model.fit(batch, epochs=1, steps_per_epoch=epochs, verbose=0, shuffle=False, callbacks=callbacks)
    finally:
        model.compile(optimizer=model.optimizer, loss=model.loss, steps_per_execution=steps_before)


def flat_weights(model) -> np.ndarray:
    """All weights of ``model`` in one float64 vector, layer by layer, kernel before bias.

    >>> import tensorflow as tf
    >>> net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, use_bias=False)])
    >>> net.set_weights([np.array([[-3.0], [-1.0]], dtype="float32")])
    >>> flat_weights(net).tolist()
    [-3.0, -1.0]
    """
    check_model(model, compiled=False)
    return _flat(model)


def _flat(model) -> np.ndarray:
    """:func:`flat_weights` of a model known to be built."""
    return np.concatenate([np.asarray(w, dtype=float).reshape(-1) for w in model.get_weights()])


def record_trajectory(model, x, y, steps: int = 29, epochs_per_step: int = 15) -> np.ndarray:
    """Train ``steps`` times ``epochs_per_step`` epochs; return the weights before and after each stretch.

    Row 0 is the starting point, row ``k`` the weights after ``k * epochs_per_step``
    epochs: an array of shape ``(steps + 1, number of weights)``.

    >>> import tensorflow as tf
    >>> net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, use_bias=False)])
    >>> net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    >>> net.set_weights([np.zeros((1, 1), dtype="float32")])
    >>> path = record_trajectory(net, [[1.0]], [[2.0]], steps=3, epochs_per_step=2)
    >>> path.shape, path[0].tolist()
    ((4, 1), [0.0])
    >>> np.round(path[:, 0], 4).tolist()  # w moves toward 2: w <- w + 0.2 (2 - w)
    [0.0, 0.72, 1.1808, 1.4757]
    """
    x, y = check_training_data(model, x, y)
    steps, epochs_per_step = training_stretches(steps, epochs_per_step)
    return _trajectory(model, x, y, steps, epochs_per_step)


def _trajectory(model, x: np.ndarray, y: np.ndarray, steps: int, epochs_per_step: int) -> np.ndarray:
    """:func:`record_trajectory` for checked arguments."""
    import tensorflow as tf

    rows = [_flat(model)]
    recorder = tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs=None: rows.append(_flat(model)))
    # one Keras epoch per stretch: the same full-batch gradient steps in the same order as
    # ``steps`` fit calls of ``epochs_per_step`` epochs, with a fraction of Keras' per-epoch work
    batch = tf.data.Dataset.from_tensors((x, y)).repeat()
    model.fit(batch, epochs=steps, steps_per_epoch=epochs_per_step, verbose=0, shuffle=False, callbacks=[recorder])
    return np.stack(rows)


@dataclass(frozen=True)
class LayerInfo:
    """One Dense layer as the book describes it: units, activation (a following Activation layer folded in), parameters, name."""

    units: int
    activation: str
    params: int
    name: str


def _activation_name(fn: object) -> str:
    name = getattr(fn, "__name__", None) or type(fn).__name__
    return "linear" if name in ("linear", "identity") else name


def dense_layers(model) -> list[LayerInfo]:
    """The Dense layers of ``model`` with activations folded in.

    An ``Activation`` layer after a Dense layer is shown as that layer's
    activation; it has no parameters of its own.

    >>> [(i.units, i.activation, i.params) for i in dense_layers(dense_net([2, 1]))]
    [(2, 'relu', 4), (1, 'linear', 3)]
    """
    import tensorflow as tf

    if not isinstance(model, tf.keras.Sequential):
        raise TypeError(f"model must be a tf.keras.Sequential; got {type(model).__name__}")
    if not model.built:
        raise ValueError("model is not built; start it with tf.keras.Input((features,)) or call it on data once")
    infos: list[LayerInfo] = []
    for layer in model.layers:
        if isinstance(layer, tf.keras.layers.Dense):
            infos.append(LayerInfo(layer.units, _activation_name(layer.activation), layer.count_params(), layer.name))
        elif isinstance(layer, tf.keras.layers.Activation) and infos:
            last = infos[-1]
            infos[-1] = LayerInfo(last.units, _activation_name(layer.activation), last.params, last.name)
        else:
            raise ValueError(
                f"only Dense and Activation layers are supported (diagrams, decompose); got {type(layer).__name__}"
            )
    if not infos:
        raise ValueError("model has no Dense layer")
    return infos
