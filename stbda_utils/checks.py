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
