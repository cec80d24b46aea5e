"""The converters at the package's boundary: every function a notebook calls passes its arguments
through them, and the code behind trusts what they return. Each takes the argument, its name and an
example; it returns the value as the code uses it, or raises a TypeError (wrong kind) or ValueError
(wrong value) naming the argument and showing the example. Arrays must hold ints or floats (checked
before any cast: no text, not even '0.9', no complex, bools or objects), have exactly the shape asked
for (nothing is flattened), hide nothing behind a mask, and be finite after the cast to the dtype used
(1e39 is inf in float32). A 0-d array is the scalar it holds.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

#: Array kinds that hold numbers: signed and unsigned integers, floats.
NUMBER_KINDS = "iuf"

#: The most units a Dense layer may have: 4,096 x 4,096 weights are 64 MB in float32.
MAX_UNITS = 4096

#: TensorFlow counts training steps in int32: more would wrap around (2**32 + 3 epochs ran 3).
MAX_STEPS = 2**31 - 1


def array(value: object, name: str, example: str, shape: tuple | None = None, dtype=np.float64) -> np.ndarray:
    """``value`` as a finite ``dtype`` array of ``shape`` (``None`` in it: any length ≥ 1; ``shape=None``: any).

    >>> array([[1], [2]], "x", "x=np.ones((3, 1))", shape=(None, 1)).dtype
    dtype('float64')
    >>> array(["0.9"], "x", "x=np.ones((3, 1))")
    Traceback (most recent call last):
    ...
    TypeError: x must be an array of numbers (ints or floats), e.g. x=np.ones((3, 1)); got dtype <U3
    >>> array(1e39, "kernel", "kernel=-1.0", dtype=np.float32)
    Traceback (most recent call last):
    ...
    ValueError: kernel must hold finite float32 numbers (|v| < 3.4e+38), e.g. kernel=-1.0; got inf or NaN
    """
    problem = f"{name} must be an array of numbers (ints or floats), e.g. {example}; got"
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{problem} {type(value).__name__}")
    if isinstance(value, (list, tuple)) and any(
        isinstance(v, (bool, np.bool_)) for v in np.asarray(value, dtype=object).ravel()
    ):
        raise TypeError(f"{problem} a bool among the numbers")
    if np.ma.is_masked(value):  # np.asarray would silently use the hidden values
        raise ValueError(f"{name} must have no masked values, e.g. {example}; got {np.ma.count_masked(value)}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged lists
        raise TypeError(f"{problem} {type(value).__name__} of uneven lengths") from exc
    if raw.dtype.kind not in NUMBER_KINDS:
        raise TypeError(f"{problem} dtype {raw.dtype}")
    if shape is not None and (
        raw.ndim != len(shape) or any(d < 1 if want is None else d != want for d, want in zip(raw.shape, shape))
    ):
        wanted = str(tuple("N" if d is None else d for d in shape)).replace("'", "")
        raise ValueError(f"{name} must have shape {wanted}, e.g. {example}; got shape {raw.shape}")
    if raw.size == 0:
        raise ValueError(f"{name} must hold at least one number, e.g. {example}; got shape {raw.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        out = raw.astype(dtype)
    if not np.all(np.isfinite(out)):
        limit = f" (|v| < {np.finfo(dtype).max:.2g})" if np.dtype(dtype) != np.float64 else ""
        raise ValueError(f"{name} must hold finite {np.dtype(dtype)} numbers{limit}, e.g. {example}; got inf or NaN")
    return out


def column(value: object, name: str, example: str, dtype=np.float64) -> np.ndarray:
    """``value`` of shape (N,) or exactly (N, 1) as a flat ``dtype`` array."""
    a = array(value, name, example, dtype=dtype)
    if a.ndim not in (1, 2) or a.shape[1:] not in ((), (1,)):
        raise ValueError(f"{name} must have shape (N,) or (N, 1), e.g. {example}; got shape {a.shape}")
    return a.reshape(-1)


def arrays(value: object, name: str, example: str, count: int | None = None) -> list[np.ndarray]:
    """``value`` (a non-empty list of ``count`` arrays, such as ``model.get_weights()``) as float64 arrays."""
    if isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list of arrays, e.g. {example}; got {type(value).__name__}")
    if not value or (count is not None and len(value) != count):
        wanted = "a non-empty list of arrays" if count is None else f"a list of {count} arrays"
        raise ValueError(f"{name} must be {wanted}, e.g. {example}; got {len(value)} arrays")
    return [array(a, f"{name}[{i}]", example) for i, a in enumerate(value)]


def labels(value: object, name: str, count: int) -> np.ndarray:
    """``value``: one 0/1 label per x (``count`` of them), of shape (N,) or (N, 1), as a flat float64 array.

    >>> labels([[0], [1], [2]], "y", 3)
    Traceback (most recent call last):
    ...
    ValueError: y must hold one 0/1 label per x (3), e.g. y from data.logistic_data()
    """
    y = column(value, name, f"the 0/1 labels {name} of shape (N, 1)")
    if y.size != count or not np.all((y == 0) | (y == 1)):
        raise ValueError(f"{name} must hold one 0/1 label per x ({count}), e.g. {name} from data.logistic_data()")
    return y


def integer(value: object, name: str, example: int, low: int = 1, high: int | None = None) -> int:
    """``value`` (a Python or NumPy int or a 0-d int array, not a bool) as an int from ``low`` to ``high``.

    >>> integer(11, "digits", 4, 0, 10)
    Traceback (most recent call last):
    ...
    ValueError: digits must be an int from 0 to 10, e.g. digits=4; got 11
    """
    span = f"an int of at least {low:,}" if high is None else f"an int from {low:,} to {high:,}"
    problem = f"{name} must be {span}, e.g. {name}={example}; got"
    if getattr(value, "ndim", None) == 0:  # a 0-d array or tensor: the scalar it holds
        value = np.asarray(value)[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{problem} {type(value).__name__}")
    if not low <= int(value) <= (int(value) if high is None else high):
        raise ValueError(f"{problem} {int(value):,}")
    return int(value)


def integers(value: object, name: str, example: list[int], low: int = 1, high: int | None = None) -> list[int]:
    """``value`` (a non-empty list, tuple or 1-D array of ints) as a list of ints from ``low`` to ``high``.

    >>> integers(np.array([2, 1]), "units", [2, 1])
    [2, 1]
    """
    items = list(value) if isinstance(value, np.ndarray) and value.ndim == 1 else value
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
        raise TypeError(f"{name} must be a non-empty list of ints, e.g. {name}={example}; got {value!r:.40}")
    return [integer(v, f"{name}[{i}]", example[0], low, high) for i, v in enumerate(items)]


def number(
    value: object, name: str, example: float, low: float = -np.inf, strict: bool = False, dtype=np.float64
) -> float:
    """``value`` (an int or float, NumPy's too, or a 0-d array or tensor; not a bool) as a Python float,
    finite also as ``dtype`` (the dtype it ends up in), and ≥ ``low`` (> ``low`` if ``strict``).
    """
    problem = f"{name} must be a number, e.g. {name}={example}; got"
    raw = None if value is None or isinstance(value, (str, bytes)) else np.asarray(value)
    if raw is None or raw.dtype.kind not in NUMBER_KINDS:
        raise TypeError(f"{problem} {type(value).__name__}")
    if raw.shape != ():
        raise ValueError(f"{problem} an array of shape {raw.shape}")
    v = float(raw)
    with np.errstate(over="ignore", invalid="ignore"):
        finite = np.isfinite(raw.astype(dtype))  # as the code will use it (a Python float is float64)
    if not finite:
        raise ValueError(f"{name} must be a finite {np.dtype(dtype)} number, e.g. {name}={example}; got {value!r:.40}")
    if v < low or (strict and v == low):
        side = "above" if strict else "of at least"
        raise ValueError(f"{name} must be a number {side} {low:g}, e.g. {name}={example}; got {v}")
    return v


def learning_rate(optimizer) -> float:
    """The learning rate of a Keras ``optimizer``, refused unless positive and finite in float32 (1e39 is not)."""
    rate = np.asarray(optimizer.learning_rate)
    return number(float(rate), "learning_rate", 0.1, low=0, strict=True, dtype=np.float32)


def flag(value: object, name: str) -> bool:
    """``value`` if it is True or False (NumPy's ``np.True_`` too), as a bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r:.40}")
    return bool(value)


def name(value: object, arg: str, example: str, ascii_only: bool = False) -> str:
    """``value`` if it is a name of letters, digits and _, not starting with a digit (a Python identifier;
    ASCII only if ``ascii_only``).

    >>> name("W1[0]", "name", "W1_00")
    Traceback (most recent call last):
    ...
    ValueError: name must be letters, digits and _ (not a digit first), e.g. name='W1_00'; got 'W1[0]'
    """
    letters = "ASCII letters" if ascii_only else "letters"
    problem = f"{arg} must be {letters}, digits and _ (not a digit first), e.g. {arg}={example!r}; got {value!r:.40}"
    if not isinstance(value, str):
        raise TypeError(problem)
    if not value.isidentifier() or (ascii_only and not value.isascii()):
        raise ValueError(problem)
    return value


SUPPORTED_MODEL = (
    "a built tf.keras.Sequential of Dense layers (with bias) and Activation layers, e.g. "
    "tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(2, activation='relu'), tf.keras.layers.Dense(1)])"
)


def model(value: Any, compiled: bool = False):
    """``value`` if it is the kind of model the book handles (:data:`SUPPORTED_MODEL`), with finite weights;
    compiled, with a finite learning rate, if ``compiled``."""
    import tensorflow as tf

    dense, activation = tf.keras.layers.Dense, tf.keras.layers.Activation
    layers = value.layers if type(value) is tf.keras.Sequential else []
    if not (
        layers
        and value.built
        and len(value.inputs[0].shape) == 2
        and isinstance(layers[0], dense)
        and all((isinstance(k, dense) and k.use_bias) or type(k) is activation for k in layers)
    ):
        parts = [f"{type(k).__name__}{'' if getattr(k, 'use_bias', True) else '(use_bias=False)'}" for k in layers]
        got = type(value).__name__ + (f" of {', '.join(parts)}" if parts else "")
        raise TypeError(
            f"model must be {SUPPORTED_MODEL}; got {got}{'' if getattr(value, 'built', True) else ', not built'}"
        )
    if not all(np.all(np.isfinite(w)) for w in value.get_weights()):
        raise ValueError("model's weights hold NaN or infinity (did training diverge?); set finite weights first")
    if compiled and not value.compiled:
        raise ValueError("model is not compiled; call model.compile(optimizer=..., loss=...) first")
    if compiled:
        learning_rate(value.optimizer)
    return value
