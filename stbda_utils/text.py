"""Words and numbers in the reader's language, and the weight tables every chapter prints.

Each module reads the words it shows from its section of ``words.toml`` (:func:`words`), and asks
:func:`say` for them in the language :func:`use_language` chose (:func:`stbda_utils.setup` calls it).
Weight lists print as Keras nests them, rounded, never as "-0.0000"; columns are padded by their
width on screen, Hangul counting twice (:func:`_pad`). Nothing here needs TensorFlow.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from stbda_utils.checks import arrays, integer, number
from stbda_utils.config import LANGUAGES

_state: dict[str, str | None] = {"lang": None}

#: A table of words: key -> {language: wording, with str.format fields}.
Words = dict[str, dict[str, str]]


def check_lang(lang: object) -> str:
    """``lang`` if it is one of the book's languages."""
    if lang not in LANGUAGES or not isinstance(lang, str):
        raise ValueError(f"lang must be one of {LANGUAGES}, e.g. lang='ko'; got {lang!r}")
    return lang


def use_language(lang: str) -> None:
    """Make ``lang`` ("ko" or "en") the language of every word from now on (:func:`stbda_utils.setup` calls it)."""
    _state["lang"] = check_lang(lang)


def current_lang() -> str:
    """The language chosen by :func:`use_language`."""
    if _state["lang"] is None:
        raise RuntimeError('call stbda_utils.setup(lang="ko") (or text.use_language("ko") without TensorFlow) first')
    return _state["lang"]


def words(module: str) -> Words:
    """The table of words of ``module`` in ``words.toml``, the one file that holds every word the helpers show."""
    import tomllib
    from importlib import resources

    return tomllib.loads(resources.files("stbda_utils").joinpath("words.toml").read_text("utf-8"))[module]


def say(words: Words, key: str, **fields: object) -> str:
    """``words[key]`` in the current language, its fields filled in; a count ``n`` of 1 picks ``<key>_one``.

    >>> use_language("en")
    >>> UNITS = {"units": {"ko": "유닛 {n:,}개", "en": "{n:,} units"}, "units_one": {"ko": "유닛 1개", "en": "1 unit"}}
    >>> say(UNITS, "units", n=1), say(UNITS, "units", n=1024)
    ('1 unit', '1,024 units')
    """
    if fields.get("n") == 1 and f"{key}_one" in words:
        key = f"{key}_one"
    return words[key][current_lang()].format(**fields)


WORDS = words("text")

#: Names of the weight arrays of a two-layer network, in ``get_weights()`` order.
DEFAULT_NAMES = ("W1", "b1", "W2", "b2")
EXAMPLE = "model.get_weights()"


def _rounded(v: float, digits: int) -> str:
    """``v`` with ``digits`` decimals, never as a negative zero (trusting: callers check ``digits``)."""
    text = f"{v:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _nested(a: np.ndarray, fmt) -> str:
    if a.ndim == 0:
        return fmt(float(a))
    return "[" + ", ".join(_nested(row, fmt) for row in a) + "]"


def _names_for(weights: list[np.ndarray], names: object) -> list[str]:
    if names is None:
        return list(DEFAULT_NAMES) if len(weights) == 4 else [f"w{i}" for i in range(len(weights))]
    problem = f"names must give one name per weight array ({len(weights)}), e.g. ['W', 'b']; got {names!r}"
    if isinstance(names, str) or not isinstance(names, Sequence) or not all(isinstance(n, str) for n in names):
        raise TypeError(problem)
    if len(names) != len(weights):
        raise ValueError(problem)
    return list(names)


def format_weights(weights: Sequence[object], digits: int | None = 4, names: Sequence[str] | None = None) -> str:
    """One line per weight array, rounded to ``digits`` decimals (``None``: every digit, as Python prints a float).

    >>> print(format_weights([[[1.71255684, 0.96457565]], [-0.10849824, 0.0], [[1.5], [-0.0]], [-0.91163856]]))
    W1 = [[1.7126, 0.9646]]
    b1 = [-0.1085, 0.0000]
    W2 = [[1.5000], [0.0000]]
    b2 = [-0.9116]
    """
    places = None if digits is None else integer(digits, "digits", 4, 0, 10)
    fmt = repr if places is None else (lambda v: _rounded(v, places))
    weights = arrays(weights, "weights", EXAMPLE)
    return "\n".join(f"{n} = {_nested(w, fmt)}" for n, w in zip(_names_for(weights, names), weights))


def max_difference(ours: Sequence[object], reference: Sequence[object]) -> float:
    """The largest absolute difference between two lists of weight arrays of equal shapes."""
    mine, theirs = arrays(ours, "ours", EXAMPLE), arrays(reference, "reference", EXAMPLE)
    if len(mine) != len(theirs) or any(a.shape != b.shape for a, b in zip(mine, theirs)):
        shapes = [a.shape for a in mine], [b.shape for b in theirs]
        raise ValueError(f"ours and reference must hold arrays of the same shapes; got {shapes[0]} and {shapes[1]}")
    return max(float(np.max(np.abs(a - b))) for a, b in zip(mine, theirs))


def compare_weights(ours: Sequence[object], reference: Sequence[object], digits: int = 4, tol: float = 1e-5) -> str:
    """A side-by-side table of ``ours`` (rounded) and ``reference`` (as given), and whether all are within ``tol``.

    The column titles and the last line are in the current language.

    >>> use_language("en")
    >>> print(compare_weights([[[1.7125568]], [-0.9116386]], [[[1.7125574]], [-0.9116387]]))
        ours          lecture
    w0  [[1.7126]]    [[1.7125574]]
    w1  [-0.9116]     [-0.9116387]
    every weight within 1e-05 of the lecture's: yes
    """
    labels = (say(WORDS, "ours"), say(WORDS, "lecture"))
    digits = integer(digits, "digits", 4, 0, 10)
    tol = number(tol, "tol", 1e-5, low=0, strict=True)
    mine, theirs = arrays(ours, "ours", EXAMPLE), arrays(reference, "reference", EXAMPLE)
    close = max_difference(mine, theirs) < tol
    names = _names_for(mine, None)
    left = [_nested(w, lambda v: _rounded(v, digits)) for w in mine]
    right = [_nested(w, repr) for w in theirs]
    name_w = max(len(n) for n in names)
    left_w = max(display_width(s) for s in left + [labels[0]]) + 4
    rows = [f"{'':{name_w}}  {_pad(labels[0], left_w)}{labels[1]}"]
    rows += [f"{n:{name_w}}  {_pad(a, left_w)}{b}" for n, a, b in zip(names, left, right)]
    rows.append(say(WORDS, "all_within", tol=tol, ref=labels[1], ok=say(WORDS, "yes" if close else "no")))
    return "\n".join(rows)
