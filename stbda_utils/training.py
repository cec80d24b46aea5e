"""Fast full-batch training through ``model.fit``.

Keras 3 rebuilds its input pipeline every epoch when ``fit`` gets NumPy
arrays; for a 100-point data set that overhead is most of the time. Feeding one
repeated batch as a ``tf.data.Dataset`` with ``steps_per_epoch=1`` runs the
same optimizer steps on the same batch, so the weights and the per-epoch
``History`` are the same, many times faster.
"""

from __future__ import annotations

import numpy as np

from stbda_utils.checks import positive_int


def _as_2d_float(name: str, a: object) -> np.ndarray:
    if not isinstance(a, np.ndarray):
        try:
            a = np.asarray(a)
        except Exception as exc:
            raise TypeError(f"{name} must be a NumPy array of shape (N, features); got {type(a).__name__}") from exc
    if a.dtype == object or not np.issubdtype(a.dtype, np.number) or np.issubdtype(a.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers (float32 or float64); got dtype {a.dtype}")
    if a.ndim != 2:
        raise ValueError(f"{name} must be 2-D (N, features), e.g. x.reshape(-1, 1); got shape {a.shape}")
    if a.shape[0] == 0:
        raise ValueError(f"{name} is empty; pass at least one row")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or infinity; clean the data before training")
    return a


def check_xy(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate a full-batch data set: 2-D, real, finite, same number of rows.

    >>> x, y = check_xy([[0.0], [1.0]], [[1.0], [3.0]])
    >>> x.shape, y.shape
    ((2, 1), (2, 1))
    """
    x = _as_2d_float("x", x)
    y = _as_2d_float("y", y)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y need the same number of rows; got {x.shape[0]} and {y.shape[0]}")
    return x, y


def check_model(model: object, compiled: bool = True) -> None:
    """Raise unless ``model`` is a built (and, if ``compiled``, compiled) Keras model.

    >>> check_model("net")
    Traceback (most recent call last):
    ...
    TypeError: model must be a tf.keras.Model such as tf.keras.Sequential; got str
    """
    import tensorflow as tf

    if not isinstance(model, tf.keras.Model):
        raise TypeError(f"model must be a tf.keras.Model such as tf.keras.Sequential; got {type(model).__name__}")
    if not model.built:
        raise ValueError("model is not built; give it an input, e.g. Sequential([tf.keras.Input((1,)), ...])")
    if compiled and not getattr(model, "compiled", False) and getattr(model, "optimizer", None) is None:
        raise ValueError("model is not compiled; call model.compile(optimizer=..., loss=...) first")


#: TensorFlow counts training steps in int32: more would wrap around (2**32 + 3 epochs ran 3).
MAX_STEPS = 2**31 - 1


def check_columns(model, x: np.ndarray, y: np.ndarray) -> None:
    """x must have the model's input columns and y its output columns (no silent broadcasting).

    >>> import tensorflow as tf
    >>> net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(3)])
    >>> check_columns(net, np.zeros((2, 1)), np.zeros((2, 1)))
    Traceback (most recent call last):
    ...
    ValueError: y has 1 column(s) but the model has 3 output(s); pass y of shape (N, 3)
    """
    inputs, outputs = model.inputs[0].shape[-1], model.outputs[0].shape[-1]
    if inputs is not None and x.shape[1] != inputs:
        raise ValueError(f"x has {x.shape[1]} column(s) but the model takes {inputs}; pass x of shape (N, {inputs})")
    if outputs is not None and y.shape[1] != outputs:
        raise ValueError(
            f"y has {y.shape[1]} column(s) but the model has {outputs} output(s); pass y of shape (N, {outputs})"
        )


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

    check_model(model)
    x, y = check_xy(x, y)
    check_columns(model, x, y)
    epochs = positive_int(epochs, "epochs", 1000, maximum=MAX_STEPS)
    if not isinstance(per_epoch_loss, bool):
        raise TypeError(f"per_epoch_loss must be True or False; got {per_epoch_loss!r}")
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
