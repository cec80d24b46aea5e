"""Print a network's weights readably, and compare them with reference values.

A notebook must not print raw arrays or tensors: their repr changes with the
library version and shows more digits than are stable. These functions round
to a fixed number of decimals and keep Keras's nesting (``W1`` of shape (1, 2)
prints as ``[[a, b]]``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from stbda_utils.text import label

#: Names of the weight arrays of a two-layer network, in ``get_weights()`` order.
DEFAULT_NAMES = ("W1", "b1", "W2", "b2")


def _check_digits(digits: object) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 10:
        raise ValueError(f"digits must be an int from 0 to 10, e.g. 4; got {digits!r}")
    return digits


def _nested(a: np.ndarray, fmt) -> str:
    if a.ndim == 0:
        return fmt(float(a))
    return "[" + ", ".join(_nested(row, fmt) for row in a) + "]"


def rounded(v: float, digits: int) -> str:
    """``v`` with ``digits`` decimals, never as a negative zero.

    >>> rounded(-0.00001, 4), rounded(1.23456, 2)
    ('0.0000', '1.23')
    """
    text = f"{v:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0.0000"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: Hangul and other wide characters take two.

    >>> display_width("dead"), display_width("죽음")
    (4, 4)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``).

    >>> pad("유닛", 6) + "|", pad("ab", 4, right=True)
    ('유닛  |', '  ab')
    """
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _names_for(arrays: Sequence[object], names: Sequence[str] | None) -> list[str]:
    if isinstance(arrays, (str, bytes)) or not isinstance(arrays, Sequence):
        raise TypeError(f"weights must be a list of arrays such as model.get_weights(); got {type(arrays).__name__}")
    if names is None:
        names = DEFAULT_NAMES if len(arrays) == len(DEFAULT_NAMES) else [f"w{i}" for i in range(len(arrays))]
    if len(names) != len(arrays):
        raise ValueError(f"names must give one name per weight array ({len(arrays)}); got {len(names)}")
    return list(names)


def format_weights(weights: Sequence[object], digits: int | None = 4, names: Sequence[str] | None = None) -> str:
    """One line per weight array, rounded to ``digits`` decimals (``None``: every digit, as Python prints a float).

    >>> print(format_weights([[[1.71255684, 0.96457565]], [-0.10849824, 0.0], [[1.5], [-0.0]], [-0.91163856]]))
    W1 = [[1.7126, 0.9646]]
    b1 = [-0.1085, 0.0000]
    W2 = [[1.5000], [0.0000]]
    b2 = [-0.9116]
    >>> print(format_weights([[[1.9579618]], [0.34100613]], digits=None, names=["W", "b"]))
    W = [[1.9579618]]
    b = [0.34100613]
    """
    digits = None if digits is None else _check_digits(digits)
    fmt = repr if digits is None else (lambda v: rounded(v, digits))
    names = _names_for(weights, names)
    return "\n".join(f"{n} = {_nested(np.asarray(w, dtype=float), fmt)}" for n, w in zip(names, weights))


def max_difference(ours: Sequence[object], reference: Sequence[object]) -> float:
    """The largest absolute difference between two lists of weight arrays of equal shapes.

    A NaN anywhere makes it NaN, so no comparison with a tolerance passes.

    >>> max_difference([[1.0, 2.0], [3.0]], [[1.0, 2.5], [3.0]])
    0.5
    >>> max_difference([[float("nan")]], [[1.0]])
    nan
    """
    if len(ours) != len(reference):
        raise ValueError(
            f"ours and reference must hold the same number of arrays; got {len(ours)} and {len(reference)}"
        )
    worst = 0.0
    for i, (a, b) in enumerate(zip(ours, reference)):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        if a.shape != b.shape:
            raise ValueError(f"array {i} has shape {a.shape} in ours but {b.shape} in reference")
        difference = float(np.max(np.abs(a - b))) if a.size else 0.0
        if np.isnan(difference):
            return float("nan")
        worst = max(worst, difference)
    return worst


def compare_weights(
    ours: Sequence[object],
    reference: Sequence[object],
    digits: int = 4,
    tol: float = 1e-5,
    labels: tuple[str, str] | None = None,
    names: Sequence[str] | None = None,
) -> str:
    """A side-by-side table of ``ours`` (rounded) and ``reference`` (as given), and whether all are within ``tol``.

    The column titles and the last line are in the language chosen by
    :func:`stbda_utils.setup` (``labels`` overrides the two titles).

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> print(compare_weights([[[1.7125568]], [-0.9116386]], [[[1.7125574]], [-0.9116387]], names=["W", "b"]))
       ours          lecture
    W  [[1.7126]]    [[1.7125574]]
    b  [-0.9116]     [-0.9116387]
    every weight within 1e-05 of the lecture's: yes
    """
    if labels is None:
        labels = (label("ours"), label("lecture"))
    digits = _check_digits(digits)
    names = _names_for(ours, names)
    if not (isinstance(tol, (int, float)) and not isinstance(tol, bool) and tol > 0):
        raise ValueError(f"tol must be a positive number, e.g. 1e-5; got {tol!r}")
    close = max_difference(ours, reference) < tol
    left = [_nested(np.asarray(w, dtype=float), lambda v: rounded(v, digits)) for w in ours]
    right = [_nested(np.asarray(w, dtype=float), repr) for w in reference]
    name_w = max(len(n) for n in names)
    left_w = max(display_width(s) for s in left + [labels[0]]) + 4
    rows = [f"{'':{name_w}}  {pad(labels[0], left_w)}{labels[1]}"]
    rows += [f"{n:{name_w}}  {pad(a, left_w)}{b}" for n, a, b in zip(names, left, right)]
    rows.append(label("all_within", tol=tol, ref=labels[1], ok=label("yes" if close else "no")))
    return "\n".join(rows)
