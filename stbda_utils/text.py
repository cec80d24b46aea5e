"""Every word and number a notebook shows, in the reader's language.

Notebooks never spell labels themselves: they ask for them by key
(:func:`label`), and the language chosen by :func:`use_language` (which
:func:`stbda_utils.setup` calls) decides which wording appears. Numbers are
printed rounded (:func:`rounded`), weights as Keras nests them
(:func:`format_weights`, :func:`compare_weights`), and columns are padded by
their width on screen, Hangul counting twice (:func:`pad`). Nothing here needs
TensorFlow.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from stbda_utils.checks import as_float_array, int_in_range, positive_number
from stbda_utils.config import LANGUAGES

_state: dict[str, str | None] = {"lang": None}


def check_lang(lang: object) -> str:
    """``lang`` if it is one of the book's languages, else a TypeError or ValueError saying which.

    >>> check_lang("ko")
    'ko'
    """
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a string, one of {LANGUAGES}; got {type(lang).__name__}")
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}; got {lang!r}")
    return lang


def use_language(lang: str) -> None:
    """Make ``lang`` ("ko" or "en") the language of every label from now on.

    :func:`stbda_utils.setup` calls it; call it directly to draw a labelled
    figure without TensorFlow.

    >>> use_language("en"); label("epoch")
    'epoch'
    """
    _state["lang"] = check_lang(lang)


def current_lang() -> str:
    """The language chosen by :func:`use_language` (through :func:`stbda_utils.setup`).

    >>> use_language("ko"); current_lang()
    'ko'
    """
    lang = _state["lang"]
    if lang is None:
        raise RuntimeError('call stbda_utils.setup(lang="ko") (or text.use_language("ko") without TensorFlow) first')
    return lang


LABELS: dict[str, dict[str, str]] = {
    "x": {"ko": "입력 x", "en": "input x"},
    "y": {"ko": "출력 y", "en": "output y"},
    "data": {"ko": "관측값", "en": "observations"},
    "truth": {"ko": "참 함수", "en": "true function"},
    "fit": {"ko": "적합된 모형", "en": "fitted model"},
    "epoch": {"ko": "에폭", "en": "epoch"},
    "loss": {"ko": "손실 (MSE)", "en": "loss (MSE)"},
    "output": {"ko": "출력", "en": "output"},
    "unit": {"ko": "유닛", "en": "unit"},
    # diagrams (stbda_utils.diagrams): counts go through counted(), which picks "<key>_one" for 1
    "diagram_input": {"ko": "입력 {n:,}개", "en": "{n:,} inputs"},
    "diagram_input_one": {"ko": "입력 1개", "en": "1 input"},
    "diagram_hidden": {"ko": "은닉층 {i}", "en": "hidden layer {i}"},
    "diagram_output": {"ko": "출력층", "en": "output layer"},
    "diagram_units": {"ko": "유닛 {n:,}개", "en": "{n:,} units"},
    "diagram_units_one": {"ko": "유닛 1개", "en": "1 unit"},
    "diagram_params": {"ko": "파라미터 {n:,}개", "en": "{n:,} parameters"},
    "diagram_params_one": {"ko": "파라미터 1개", "en": "1 parameter"},
    "more_units": {"ko": "유닛 {n:,}개 생략", "en": "{n:,} more units"},
    "linear": {"ko": "항등", "en": "identity"},
    "relu": {"ko": "ReLU", "en": "ReLU"},
    "sigmoid": {"ko": "시그모이드", "en": "sigmoid"},
    # printed words of the helpers (relu.describe, weight tables, logistic.race)
    "yes": {"ko": "예", "en": "yes"},
    "no": {"ko": "아니요", "en": "no"},
    "starts": {"ko": "초깃값 수", "en": "starts"},
    "ours": {"ko": "이 책", "en": "ours"},
    "lecture": {"ko": "강의", "en": "lecture"},
    "all_within": {
        "ko": "모든 가중치가 {ref} 값과 {tol:g} 이내: {ok}",
        "en": "every weight within {tol:g} of the {ref}'s: {ok}",
    },
    "kink": {"ko": "꺾임점", "en": "kink"},
    # chapters 02-03, ReLU networks and overfitting
    "dead": {"ko": "죽은 유닛", "en": "dead"},
    "stage_lines": {"ko": "① 유닛별 직선: W1·x + b1", "en": "① line of each unit: W1·x + b1"},
    "stage_relu": {"ko": "② ReLU를 통과한 뒤", "en": "② after ReLU"},
    "stage_weighted": {"ko": "③ 출력 가중치 W2를 곱한 뒤", "en": "③ times the output weight W2"},
    "stage_sum": {"ko": "④ 모두 더하고 b2 = {b2}", "en": "④ sum plus b2 = {b2}"},
    # chapter 04, logistic regression
    "loss_value": {"ko": "손실", "en": "loss"},
    "probability": {"ko": "확률 P(y = 1)", "en": "probability P(y = 1)"},
    "surface": {"ko": "{name} 손실 곡면", "en": "{name} loss surface"},
    "binned_share": {"ko": "구간별 1의 비율", "en": "share of ones per bin"},
    "start": {"ko": "시작점", "en": "start"},
    "race_alt": {
        "ko": "MSE(왼쪽)와 BCE(오른쪽)의 손실 곡면 위에서 가중치가 움직이는 경로와, 그 가중치의 곡선을 데이터·참 곡선과 비교하는 애니메이션",
        "en": "Animation of the weights moving over the MSE (left) and BCE (right) loss surfaces, with the curve of the current weights against the data and the true curve",
    },
    "video_fallback": {"ko": "이 브라우저는 동영상을 재생하지 못합니다.", "en": "Your browser cannot play this video."},
    # chapter 04, printed words
    "ch4_warmup_loss": {"ko": "{name}: 준비 에폭의 손실 {loss:.4f}", "en": "{name}: warm-up epoch loss {loss:.4f}"},
    "ch4_warmup_then": {
        "ko": "  그 뒤 (w0, w1) = ({w0:.4f}, {w1:.4f})",
        "en": "  then (w0, w1) = ({w0:.4f}, {w1:.4f})",
    },
    "ch4_steps": {"ko": "{name}: 옵티마이저 갱신 {steps}번", "en": "{name}: {steps} optimizer steps"},
    "ch4_path_loss": {"ko": "  손실: {first:.4f} -> {last:.4f}", "en": "  loss: {first:.4f} -> {last:.4f}"},
}


def label(key: str, **fields: object) -> str:
    """The wording of ``key`` in the current language.

    >>> use_language("ko"); label("epoch")
    '에폭'
    >>> use_language("en"); label("more_units", n=509)
    '509 more units'
    """
    if key not in LABELS:
        raise ValueError(f"unknown label key {key!r}; use one of {sorted(LABELS)} or add it to stbda_utils/text.py")
    return LABELS[key][current_lang()].format(**fields)


def counted(key: str, n: int) -> str:
    """``label(key, n=n)``, or the singular ``<key>_one`` wording when ``n`` is 1.

    >>> use_language("en"); counted("diagram_units", 1), counted("diagram_units", 1024)
    ('1 unit', '1,024 units')
    >>> use_language("ko"); counted("diagram_units", 2), counted("diagram_params", 4)
    ('유닛 2개', '파라미터 4개')
    """
    n = int_in_range(n, "n", 2, 0)
    if n == 1 and f"{key}_one" in LABELS:
        return label(f"{key}_one")
    return label(key, n=n)


#: Names of the weight arrays of a two-layer network, in ``get_weights()`` order.
DEFAULT_NAMES = ("W1", "b1", "W2", "b2")


def _check_digits(digits: object) -> int:
    return int_in_range(digits, "digits", 4, 0, 10)


def _nested(a: np.ndarray, fmt) -> str:
    if a.ndim == 0:
        return fmt(float(a))
    return "[" + ", ".join(_nested(row, fmt) for row in a) + "]"


def rounded(v: float, digits: int) -> str:
    """``v`` with ``digits`` decimals, never as a negative zero.

    >>> rounded(-0.00001, 4), rounded(1.23456, 2)
    ('0.0000', '1.23')
    """
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"v must be a number, e.g. v=1.2345; got {type(v).__name__}")
    text = f"{v:.{_check_digits(digits)}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0.0000"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: Hangul and other wide characters take two.

    >>> display_width("dead"), display_width("죽음")
    (4, 4)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, e.g. text='unit'; got {type(text).__name__}")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``).

    >>> pad("유닛", 6) + "|", pad("ab", 4, right=True)
    ('유닛  |', '  ab')
    """
    width = int_in_range(width, "width", 8, 0)
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _weight_arrays(arrays: object, name: str) -> list[np.ndarray]:
    """``arrays`` (a list of weight arrays such as ``model.get_weights()``) as float arrays."""
    if isinstance(arrays, (str, bytes)) or not isinstance(arrays, Sequence):
        raise TypeError(f"{name} must be a list of arrays such as model.get_weights(); got {type(arrays).__name__}")
    return [as_float_array(a, f"{name}[{i}]", "model.get_weights()[0]") for i, a in enumerate(arrays)]


def _names_for(arrays: list[np.ndarray], names: object) -> list[str]:
    if names is None:
        return list(DEFAULT_NAMES) if len(arrays) == len(DEFAULT_NAMES) else [f"w{i}" for i in range(len(arrays))]
    problem = f"names must give one name per weight array ({len(arrays)}), e.g. ['W', 'b']; got {names!r}"
    if isinstance(names, str) or not isinstance(names, Sequence) or not all(isinstance(n, str) for n in names):
        raise TypeError(problem)
    if len(names) != len(arrays):
        raise ValueError(problem)
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
    arrays = _weight_arrays(weights, "weights")
    names = _names_for(arrays, names)
    return "\n".join(f"{n} = {_nested(w, fmt)}" for n, w in zip(names, arrays))


def max_difference(ours: Sequence[object], reference: Sequence[object]) -> float:
    """The largest absolute difference between two lists of weight arrays of equal shapes.

    A NaN anywhere makes it NaN, so no comparison with a tolerance passes.

    >>> max_difference([[1.0, 2.0], [3.0]], [[1.0, 2.5], [3.0]])
    0.5
    >>> max_difference([[float("nan")]], [[1.0]])
    nan
    """
    return _max_difference(_weight_arrays(ours, "ours"), _weight_arrays(reference, "reference"))


def _max_difference(ours: list[np.ndarray], reference: list[np.ndarray]) -> float:
    """:func:`max_difference` of lists of float arrays."""
    if len(ours) != len(reference):
        raise ValueError(
            f"ours and reference must hold the same number of arrays; got {len(ours)} and {len(reference)}"
        )
    worst = 0.0
    for i, (a, b) in enumerate(zip(ours, reference)):
        if a.shape != b.shape:
            raise ValueError(f"ours[{i}] must have the shape of reference[{i}], {b.shape}; got {a.shape}")
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

    >>> use_language("en")
    >>> print(compare_weights([[[1.7125568]], [-0.9116386]], [[[1.7125574]], [-0.9116387]], names=["W", "b"]))
       ours          lecture
    W  [[1.7126]]    [[1.7125574]]
    b  [-0.9116]     [-0.9116387]
    every weight within 1e-05 of the lecture's: yes
    """
    if labels is None:
        labels = (label("ours"), label("lecture"))
    elif not (isinstance(labels, (tuple, list)) and len(labels) == 2 and all(isinstance(t, str) for t in labels)):
        raise TypeError(f"labels must be two column titles, e.g. labels=('ours', 'Keras'); got {labels!r}")
    digits = _check_digits(digits)
    tol = positive_number(tol, "tol", 1e-5)
    ours_arrays, reference_arrays = _weight_arrays(ours, "ours"), _weight_arrays(reference, "reference")
    names = _names_for(ours_arrays, names)
    close = _max_difference(ours_arrays, reference_arrays) < tol
    left = [_nested(w, lambda v: rounded(v, digits)) for w in ours_arrays]
    right = [_nested(w, repr) for w in reference_arrays]
    name_w = max(len(n) for n in names)
    left_w = max(display_width(s) for s in left + [labels[0]]) + 4
    rows = [f"{'':{name_w}}  {pad(labels[0], left_w)}{labels[1]}"]
    rows += [f"{n:{name_w}}  {pad(a, left_w)}{b}" for n, a, b in zip(names, left, right)]
    rows.append(label("all_within", tol=tol, ref=labels[1], ok=label("yes" if close else "no")))
    return "\n".join(rows)
