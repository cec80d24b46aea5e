"""Argument checks shared by the package: bad input fails early, saying what to pass.

Each check returns the cleaned value, so a caller writes
``epochs = positive_int(epochs, "epochs", 1000)``.
"""

from __future__ import annotations

import numpy as np


def positive_int(value: object, name: str, example: int, maximum: int | None = None) -> int:
    """``value`` as an int > 0 (and ≤ ``maximum``); TypeError for a non-int (bools included).

    >>> positive_int(15, "epochs_per_step", 15)
    15
    >>> positive_int(0, "epochs", 1000)
    Traceback (most recent call last):
    ...
    ValueError: epochs must be a positive int, e.g. epochs=1000; got 0
    >>> positive_int(2**32 + 3, "epochs", 1000, maximum=2**31 - 1)
    Traceback (most recent call last):
    ...
    ValueError: epochs must be at most 2,147,483,647; got 4,294,967,299
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive int, e.g. {name}={example}; got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive int, e.g. {name}={example}; got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}; got {int(value):,}")
    return int(value)


def finite_vector(value: object, name: str, example: str) -> np.ndarray:
    """``value`` (a number, list or array) as a non-empty float64 vector of finite numbers.

    >>> finite_vector([[1], [2]], "x", "x of shape (N, 1)").tolist()
    [1.0, 2.0]
    >>> finite_vector("1", "kernel", "kernel=-1.0")
    Traceback (most recent call last):
    ...
    TypeError: kernel must be a number or an array of numbers, e.g. kernel=-1.0; got '1'
    """
    problem = f"{name} must be a number or an array of numbers, e.g. {example}; got {value!r}"
    if isinstance(value, (str, bytes, bool)) or value is None:
        raise TypeError(problem)
    try:
        out = np.asarray(value, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise TypeError(problem) from exc
    if out.size == 0 or not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must hold finite numbers (at least one), e.g. {example}")
    return out


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


def as_column(name: str, a: object) -> np.ndarray:
    try:
        a = np.asarray(a, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers, e.g. np.linspace(-1, 1, 100)") from exc
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array or an (N, 1) column; got shape {a.shape}")
    return a
