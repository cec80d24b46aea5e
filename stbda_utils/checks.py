"""Argument checks shared by the package: bad input fails early, saying what to pass.

Each check returns the cleaned value, so a caller writes
``epochs = positive_int(epochs, "epochs", 1000)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def int_in_range(value: object, name: str, example: int, low: int, high: int | None = None) -> int:
    """``value`` as a Python int from ``low`` to ``high`` (no upper bound for ``None``).

    NumPy ints pass; bools, floats and text are a TypeError.

    >>> int_in_range(np.int64(4), "digits", 4, 0, 10)
    4
    >>> int_in_range(11, "digits", 4, 0, 10)
    Traceback (most recent call last):
    ...
    ValueError: digits must be an int from 0 to 10, e.g. digits=4; got 11
    """
    if low == 1:
        wanted = "a positive int" if high is None else f"a positive int of at most {high:,}"
    else:
        wanted = f"an int of at least {low:,}" if high is None else f"an int from {low:,} to {high:,}"
    problem = f"{name} must be {wanted}, e.g. {name}={example}; got"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{problem} {type(value).__name__}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{problem} {int(value):,}")
    return int(value)


#: TensorFlow counts training steps in int32: more would wrap around (2**32 + 3 epochs ran 3).
MAX_STEPS = 2**31 - 1


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
    ValueError: epochs must be a positive int of at most 2,147,483,647, e.g. epochs=1000; got 4,294,967,299
    """
    return int_in_range(value, name, example, 1, maximum)


def _real(value: object) -> float | None:
    """``value`` as a float if it is a Python or NumPy int or float (not a bool), else None."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    return None


def finite_number(value: object, name: str, example: float) -> float:
    """``value`` (a Python or NumPy int or float, not a bool) as a finite Python float.

    >>> finite_number(np.float32(0.5), "w0", -1.0)
    0.5
    >>> finite_number(float("nan"), "w0", -1.0)
    Traceback (most recent call last):
    ...
    ValueError: w0 must be a finite number, e.g. w0=-1.0; got nan
    """
    problem = f"{name} must be a finite number, e.g. {name}={example}; got"
    number = _real(value)
    if number is None:
        raise TypeError(f"{problem} {type(value).__name__}")
    if not np.isfinite(number):
        raise ValueError(f"{problem} {value}")
    return number


def positive_number(value: object, name: str, example: float) -> float:
    """``value`` as a finite Python float > 0 (learning rates, tolerances, scales, sizes).

    >>> positive_number(np.float32(0.25), "lr", 0.1)
    0.25
    >>> positive_number(0, "lr", 0.1)
    Traceback (most recent call last):
    ...
    ValueError: lr must be a positive finite number, e.g. lr=0.1; got 0
    """
    problem = f"{name} must be a positive finite number, e.g. {name}={example}; got"
    number = _real(value)
    if number is None:
        raise TypeError(f"{problem} {type(value).__name__}")
    if not 0 < number < float("inf"):  # False for NaN too
        raise ValueError(f"{problem} {value}")
    return number


def zero_one_labels(y: np.ndarray, name: str = "y") -> np.ndarray:
    """Raise unless every value of ``y`` is 0 or 1; return ``y``.

    >>> zero_one_labels(np.array([0.0, 2.0]))
    Traceback (most recent call last):
    ...
    ValueError: y must hold 0/1 labels only, e.g. y from data.logistic_data(); got 2
    """
    wrong = y[(y != 0) & (y != 1)]
    if wrong.size:
        raise ValueError(
            f"{name} must hold 0/1 labels only, e.g. {name} from data.logistic_data(); got {wrong.flat[0]:g}"
        )
    return y


def probabilities(p: np.ndarray, name: str, example: str) -> np.ndarray:
    """Raise unless every value of ``p`` is between 0 and 1; return ``p``.

    >>> probabilities(np.array([0.5, -1.0]), "y", "0/1 labels")
    Traceback (most recent call last):
    ...
    ValueError: y must hold values from 0 to 1, e.g. 0/1 labels; got -1
    """
    wrong = p[~((p >= 0) & (p <= 1))]
    if wrong.size:
        raise ValueError(f"{name} must hold values from 0 to 1, e.g. {example}; got {wrong.flat[0]:g}")
    return p


def list_of_length(value: object, length: int, problem: str) -> list:
    """``value`` as a list of ``length`` items: TypeError(``problem``) for a non-list (text included),
    ValueError(``problem``) for another length.

    >>> list_of_length((1, 2), 2, "weights must be [W, b]")
    [1, 2]
    >>> list_of_length([1], 2, "weights must be [W, b]")
    Traceback (most recent call last):
    ...
    ValueError: weights must be [W, b]
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(problem)
    if len(value) != length:
        raise ValueError(problem)
    return list(value)


def as_float_array(value: object, name: str, example: str) -> np.ndarray:
    """``value`` (a number or a nested list or array of numbers) as a float64 array of the same shape.

    Text, bytes, None, bools and ragged lists are a TypeError.

    >>> as_float_array([[1], [2]], "x", "x=[0.5, 1.0]").shape
    (2, 1)
    >>> as_float_array(None, "x", "x=[0.5, 1.0]")
    Traceback (most recent call last):
    ...
    TypeError: x must be a number or an array of numbers, e.g. x=[0.5, 1.0]; got None
    """
    problem = f"{name} must be a number or an array of numbers, e.g. {example}; got {value!r:.80}"
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        raise TypeError(problem)
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(problem) from exc
    return out


def finite_vector(value: object, name: str, example: str) -> np.ndarray:
    """``value`` (a number, list or array) as a non-empty float64 vector of finite numbers.

    >>> finite_vector([[1], [2]], "x", "x of shape (N, 1)").tolist()
    [1.0, 2.0]
    >>> finite_vector("1", "kernel", "kernel=-1.0")
    Traceback (most recent call last):
    ...
    TypeError: kernel must be a number or an array of numbers, e.g. kernel=-1.0; got '1'
    """
    out = as_float_array(value, name, example).reshape(-1)
    if out.size == 0 or not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must hold finite numbers (at least one), e.g. {example}")
    return out


def finite_pair(value: object, name: str, example: str) -> np.ndarray:
    """``value`` as two finite floats, such as a point (w0, w1).

    >>> finite_pair((-3, np.int64(-1)), "start", "start=(-3, -1)").tolist()
    [-3.0, -1.0]
    >>> finite_pair((1,), "truth", "truth=(-1, 5)")
    Traceback (most recent call last):
    ...
    ValueError: truth must be a pair of finite numbers (w0, w1), e.g. truth=(-1, 5); got (1,)
    """
    problem = f"{name} must be a pair of finite numbers (w0, w1), e.g. {example}; got {value!r}"
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(problem)
    if any(isinstance(v, (bool, np.bool_)) for v in np.ravel(np.asarray(value, dtype=object))):
        raise TypeError(problem)
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(problem) from exc
    if a.shape != (2,) or not np.all(np.isfinite(a)):
        raise ValueError(problem)
    return a


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


#: Keras losses that read their targets as probabilities: targets outside [0, 1]
#: train without an error to a meaningless loss (a negative one, even).
PROBABILITY_LOSSES = ("binary_crossentropy", "binary_focal_crossentropy")


def _loss_name(loss: object) -> str:
    """The Keras name of a compiled loss (a name, a loss function or a loss object)."""
    import tensorflow as tf

    if isinstance(loss, str):
        try:
            loss = tf.keras.losses.get(loss)
        except ValueError:
            return str(loss)
    return str(getattr(loss, "name", None) or getattr(loss, "__name__", None) or "")


def check_training_data(model: object, x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Everything training checks: the model (built, compiled), the data (:func:`check_xy`), the
    model's columns (:func:`check_columns`), and targets from 0 to 1 for a binary cross-entropy.

    >>> import tensorflow as tf
    >>> net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, activation="sigmoid")])
    >>> net.compile(optimizer="sgd", loss="binary_crossentropy")
    >>> check_training_data(net, [[0.0], [1.0]], [[0.0], [2.0]])
    Traceback (most recent call last):
    ...
    ValueError: y must hold values from 0 to 1, e.g. 0/1 labels for binary_crossentropy; got 2
    """
    check_model(model)
    x, y = check_xy(x, y)
    check_columns(model, x, y)
    loss = _loss_name(getattr(model, "loss", None))
    if loss in PROBABILITY_LOSSES:
        probabilities(y, "y", f"0/1 labels for {loss}")
    return x, y


def as_column(value: object, name: str, example: str = "np.linspace(-1, 1, 100)") -> np.ndarray:
    """``value`` (a non-empty vector or one (N, 1) column of finite numbers) as a flat float64 array.

    >>> as_column([[1.0], [2.0]], "x").tolist()
    [1.0, 2.0]
    """
    a = as_float_array(value, name, example)
    if a.ndim not in (1, 2) or (a.ndim == 2 and a.shape[1] != 1) or a.size == 0:
        raise ValueError(
            f"{name} must be a non-empty vector, a 1-D array or an (N, 1) column (one column), e.g. {example}; "
            f"got shape {a.shape}"
        )
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must hold finite numbers, e.g. {example}; got NaN or infinity")
    return a.reshape(-1)


def training_stretches(steps: object, epochs_per_step: object) -> tuple[int, int]:
    """``steps`` stretches of ``epochs_per_step`` epochs: two positive ints whose product fits in MAX_STEPS.

    >>> training_stretches(29, 15)
    (29, 15)
    >>> training_stretches(2, 2**31)
    Traceback (most recent call last):
    ...
    ValueError: epochs_per_step must be a positive int of at most 1,073,741,823, e.g. epochs_per_step=15; got 2,147,483,648
    """
    steps = positive_int(steps, "steps", 29, maximum=MAX_STEPS)
    return steps, positive_int(epochs_per_step, "epochs_per_step", 15, maximum=MAX_STEPS // steps)
