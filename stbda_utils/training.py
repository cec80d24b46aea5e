"""Small Keras models with explicit initial weights, trained fast on one full batch.

TensorFlow's initializers changed between releases, so the book sets initial weights from NumPy
(:func:`glorot_weights`). Keras 3 rebuilds its input pipeline every epoch when ``fit`` gets NumPy
arrays, most of the time for 100 points; :func:`fit_full_batch` feeds one repeated batch as a
``tf.data.Dataset`` instead: the same steps, weights and ``History``, many times faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stbda_utils import checks


def dense_net(units: Sequence[int], activation: str = "relu", input_dim: int = 1):
    """A built ``Sequential`` of Dense layers; hidden layers use ``activation``, the last none."""
    import tensorflow as tf

    sizes = checks.integers(units, "units", [2, 1], 1, checks.MAX_UNITS)
    try:
        tf.keras.activations.get(activation)
    except ValueError as exc:
        raise ValueError(f"activation must be a Keras activation, e.g. 'relu'; got {activation!r:.40}") from exc
    layers = [tf.keras.Input((checks.integer(input_dim, "input_dim", 1),))]
    layers += [
        tf.keras.layers.Dense(n, activation=activation if i < len(sizes) - 1 else None) for i, n in enumerate(sizes)
    ]
    return tf.keras.Sequential(layers)


def set_weights(model, weights: Sequence[object]) -> None:
    """Set every weight of ``model`` (float32, as Keras keeps them), shape for shape."""
    current = checks.model(model).get_weights()
    given = checks.arrays(weights, "weights", "model.get_weights()", count=len(current))
    model.set_weights(
        [
            checks.array(w, f"weights[{i}]", f"shape {c.shape}", shape=c.shape, dtype=np.float32)
            for i, (w, c) in enumerate(zip(given, current))
        ]
    )


def glorot_weights(model, seed: int) -> list[np.ndarray]:
    """Glorot-uniform kernels and zero biases for ``model``, drawn with NumPy: the same ``seed`` gives the
    same numbers on every TensorFlow version."""
    current = checks.model(model).get_weights()
    rng = np.random.RandomState(checks.integer(seed, "seed", 1, 0, 2**32 - 1))
    out = []
    for w in current:
        if w.ndim == 2:
            limit = np.sqrt(6.0 / (w.shape[0] + w.shape[1]))
            out.append(rng.uniform(-limit, limit, size=w.shape).astype("float32"))
        else:
            out.append(np.zeros(w.shape, dtype="float32"))
    return out


#: Keras losses that read targets as probabilities: others train without error to a meaningless loss.
PROBABILITY_LOSSES = ("binary_crossentropy", "binary_focal_crossentropy")


def fit_full_batch(model, x, y, epochs: int, per_epoch_loss: bool = True):
    """Train ``model`` on all of (x, y) as one batch for ``epochs`` epochs.

    Same result as ``model.fit(x, y, epochs=epochs, batch_size=len(x))``, returned as the usual
    ``History`` (``history.history["loss"]`` has one value per epoch).

    With ``per_epoch_loss=False`` the same gradient steps run as one Keras epoch of ``epochs``
    steps inside a single TensorFlow call (``steps_per_execution``), many times faster for long
    runs; the weights are the same, but the history then holds one value, the mean loss over all
    steps. The model is compiled again (same optimizer object and loss, so optimizer state
    carries over) for that run and restored afterwards.
    """
    import tensorflow as tf

    checks.model(model, compiled=True)
    inputs, outputs = model.inputs[0].shape[-1], model.outputs[0].shape[-1]
    x = checks.array(x, "x", f"x of shape (N, {inputs})", shape=(None, inputs), dtype=np.float32)
    y = checks.array(y, "y", f"y of shape ({len(x)}, {outputs})", shape=(len(x), outputs), dtype=np.float32)
    epochs = checks.integer(epochs, "epochs", 1000, 1, checks.MAX_STEPS)
    per_epoch_loss = checks.flag(per_epoch_loss, "per_epoch_loss")
    loss = (
        model.loss if isinstance(model.loss, str) else getattr(model.loss, "name", getattr(model.loss, "__name__", ""))
    )
    if loss in PROBABILITY_LOSSES and not np.all((y >= 0) & (y <= 1)):
        raise ValueError(f"y must hold values from 0 to 1 for {loss}, e.g. 0/1 labels; got {y.min():g} to {y.max():g}")
    batch = tf.data.Dataset.from_tensors((x, y)).repeat()
    if per_epoch_loss:
        return model.fit(batch, epochs=epochs, steps_per_epoch=1, verbose=0, shuffle=False)
    config = model.get_compile_config() or {}
    extras = sorted(k for k in ("metrics", "weighted_metrics", "loss_weights") if config.get(k))
    if extras:
        raise ValueError(
            f"per_epoch_loss=False needs a model compiled with only an optimizer and a loss; it also has {extras}"
        )
    steps_before = model.steps_per_execution
    model.compile(optimizer=model.optimizer, loss=model.loss, steps_per_execution=epochs)
    try:
        return model.fit(batch, epochs=1, steps_per_epoch=epochs, verbose=0, shuffle=False)
    finally:
        model.compile(optimizer=model.optimizer, loss=model.loss, steps_per_execution=steps_before)


@dataclass(frozen=True)
class LayerInfo:
    """One Dense layer as the book describes it: units, activation (a following Activation layer folded in), parameters."""

    units: int
    activation: str
    params: int


def _activation_name(fn: object) -> str:
    name = getattr(fn, "__name__", None) or type(fn).__name__
    return "linear" if name in ("linear", "identity") else name


def _dense_layers(model) -> list[LayerInfo]:
    """The Dense layers of a model :func:`stbda_utils.checks.model` accepted, Activation layers folded in.

    >>> [(i.units, i.activation, i.params) for i in _dense_layers(dense_net([2, 1]))]
    [(2, 'relu', 4), (1, 'linear', 3)]
    """
    import tensorflow as tf

    infos: list[LayerInfo] = []
    for layer in model.layers:
        if isinstance(layer, tf.keras.layers.Dense):
            infos.append(LayerInfo(layer.units, _activation_name(layer.activation), layer.count_params()))
        else:  # an Activation layer
            infos[-1] = LayerInfo(infos[-1].units, _activation_name(layer.activation), infos[-1].params)
    return infos
