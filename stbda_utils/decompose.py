"""Take a one-hidden-layer ReLU network apart, unit by unit.

A network ``x -> Dense(k) -> ReLU -> Dense(1)`` computes

    ŷ = b2 + Σ_j  W2[j] · relu(W1[j] · x + b1[j])

so its prediction is a sum of ``k`` bent lines. :func:`decompose` returns every
stage of that sum for each unit (the unit's line, the line after ReLU, the
weighted piece) and :func:`plot_decomposition` draws the four stages side by
side. A unit whose line is below zero at every input is *dead*: after ReLU it
is 0 everywhere and adds nothing to ŷ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stbda_utils.text import label
from stbda_utils.weights import pad, rounded


@dataclass(frozen=True)
class Decomposition:
    """Every stage of ``ŷ = b2 + Σ_j W2[j] · relu(W1[j] · x + b1[j])``.

    ``lines``, ``relu`` and ``weighted`` have one column per hidden unit;
    ``x`` and ``yhat`` are flat arrays of the same length; ``w1``, ``b1`` and
    ``w2`` hold each unit's input weight, bias and output weight.
    """

    x: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    lines: np.ndarray
    relu: np.ndarray
    weighted: np.ndarray
    bias: float
    yhat: np.ndarray

    @property
    def units(self) -> int:
        """Number of hidden units."""
        return self.lines.shape[1]

    @property
    def dead(self) -> np.ndarray:
        """One bool per unit: True when its line is ≤ 0 at every x (ReLU output 0 everywhere)."""
        return np.all(self.lines <= 0, axis=0)

    @property
    def kinks(self) -> np.ndarray:
        """Where each unit's line crosses zero, -b1 / W1 (NaN for a flat line)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.w1 != 0, -self.b1 / np.where(self.w1 != 0, self.w1, 1.0), np.nan)


def _as_column(name: str, a: object) -> np.ndarray:
    try:
        a = np.asarray(a, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers, e.g. np.linspace(-1, 1, 100)") from exc
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array or an (N, 1) column; got shape {a.shape}")
    return a


def decompose_weights(weights: Sequence[object], x: object) -> Decomposition:
    """Decompose the network with weights ``[W1, b1, W2, b2]`` at inputs ``x``.

    Shapes are Keras's: ``W1`` (1, k), ``b1`` (k,), ``W2`` (k, 1), ``b2`` (1,).

    >>> d = decompose_weights([[[1.0, -1.0]], [0.0, 0.0], [[2.0], [3.0]], [0.5]], [-1.0, 1.0])
    >>> d.relu.tolist(), d.yhat.tolist()
    ([[0.0, 1.0], [1.0, 0.0]], [3.5, 2.5])
    """
    if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence) or len(weights) != 4:
        raise TypeError(
            "weights must be the list [W1, b1, W2, b2], e.g. model.get_weights() of x -> Dense(k) -> ReLU -> Dense(1)"
        )
    w1, b1, w2, b2 = (np.asarray(w, dtype=float) for w in weights)
    k = w1.shape[-1] if w1.ndim == 2 else -1
    expected = {"W1": (1, k), "b1": (k,), "W2": (k, 1), "b2": (1,)}
    for name, a in zip(expected, (w1, b1, w2, b2)):
        if k < 1 or a.shape != expected[name]:
            raise ValueError(
                f"{name} must have shape {expected[name] if k >= 1 else '(1, k)'} for one input, k hidden units and one output; got {a.shape}"
            )
    x = _as_column("x", x)
    lines = x[:, None] * w1[0] + b1
    relu = np.maximum(lines, 0.0)
    weighted = relu * w2[:, 0]
    yhat = weighted.sum(axis=1) + b2[0]
    return Decomposition(
        x=x, w1=w1[0], b1=b1, w2=w2[:, 0], lines=lines, relu=relu, weighted=weighted, bias=float(b2[0]), yhat=yhat
    )


def decompose(model, x: object) -> Decomposition:
    """Decompose a built Keras ``x -> Dense(k) -> ReLU -> Dense(1)`` network at inputs ``x``.

    The ReLU may be the first Dense layer's activation or a separate
    ``Activation("relu")`` layer.

    >>> from stbda_utils.models import dense_net, set_weights
    >>> net = dense_net([2, 1])
    >>> set_weights(net, [[[1.0, 0.5]], [0.0, -1.0], [[1.0], [1.0]], [0.0]])
    >>> decompose(net, [0.0, 1.0]).dead.tolist()
    [False, True]
    """
    from stbda_utils.diagrams import dense_layers

    layers = dense_layers(model)
    shape = [(info.units, info.activation) for info in layers]
    if len(layers) != 2 or layers[0].activation != "relu" or layers[1].units != 1 or layers[1].activation != "linear":
        raise ValueError(f"model must be x -> Dense(k, relu) -> Dense(1) (one hidden ReLU layer); got layers {shape}")
    if model.inputs[0].shape[-1] != 1:
        raise ValueError(f"model must take one input feature; got {model.inputs[0].shape[-1]}")
    return decompose_weights(model.get_weights(), x)


def describe(d: Decomposition, digits: int = 4) -> str:
    """A table with one row per unit: its weights, where it bends, its slope in ŷ, and whether it is dead.

    ``W1*W2`` is the slope the unit adds to ŷ on the side where it is active.
    Column titles and yes/no follow the language chosen by :func:`stbda_utils.setup`.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> print(describe(decompose_weights([[[2.0, 1.0]], [1.0, -3.0], [[1.5], [-1.0]], [0.5]], [-1.0, 1.0])))
    unit        W1        b1      kink        W2     W1*W2  dead
       1    2.0000    1.0000   -0.5000    1.5000    3.0000  no
       2    1.0000   -3.0000    3.0000   -1.0000   -1.0000  yes
    """
    if not isinstance(d, Decomposition):
        raise TypeError(f"d must be a Decomposition from decompose(model, x); got {type(d).__name__}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 8:
        raise ValueError(f"digits must be an int from 0 to 8, e.g. 4; got {digits!r}")
    width = digits + 4

    def num(v: float) -> str:
        return f"{rounded(v, digits):>{width}}"

    head = ["W1", "b1", label("kink"), "W2", "W1*W2"]
    rows = [pad(label("unit"), 4) + "".join(pad(h, width + 2, right=True) for h in head) + "  " + label("dead_col")]
    for j in range(d.units):
        values = (d.w1[j], d.b1[j], d.kinks[j], d.w2[j], d.w1[j] * d.w2[j])
        rows.append(f"{j + 1:4d}" + "".join(f"  {num(v)}" for v in values) + "  " + label("yes" if d.dead[j] else "no"))
    return "\n".join(rows)


#: Colours of the hidden units in the panels (unit 1 red, unit 2 blue, ...).
UNIT_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _unit_name(j: int, dead: bool) -> str:
    name = f"{label('unit')} {j + 1}"
    return f"{name} ({label('dead')})" if dead else name


def plot_decomposition(d: Decomposition, y: object | None = None, axes=None):
    """Four panels: each unit's line, after ReLU, times its output weight, and the sum ŷ.

    ``y`` (optional) is drawn as grey dots in every panel. With more than six
    units the units are drawn as thin grey lines without a legend. Returns the
    figure.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> d = decompose_weights([[[1.0, -1.0]], [0.0, 0.0], [[2.0], [3.0]], [0.5]], [-1.0, 0.0, 1.0])
    >>> fig = plot_decomposition(d)
    >>> [ax.get_title() for ax in fig.axes][0]
    '① line of each unit: W1·x + b1'
    """
    import matplotlib.pyplot as plt

    if not isinstance(d, Decomposition):
        raise TypeError(f"d must be a Decomposition from decompose(model, x); got {type(d).__name__}")
    if axes is None:
        fig, axes = plt.subplots(2, 2, figsize=(7.5, 5.6), sharex=True)
    axes = np.asarray(axes).ravel()
    if axes.size != 4:
        raise ValueError(f"axes must hold 4 matplotlib Axes (e.g. from plt.subplots(2, 2)); got {axes.size}")
    fig = axes[0].figure
    if y is not None:
        y = _as_column("y", y)
        if y.size != d.x.size:
            raise ValueError(f"y must have one value per x ({d.x.size}); got {y.size}")
    few = d.units <= len(UNIT_COLORS)
    stages = ((d.lines, "stage_lines"), (d.relu, "stage_relu"), (d.weighted, "stage_weighted"))
    for ax, (values, key) in zip(axes, stages):
        if y is not None:
            ax.plot(d.x, y, ".", color="#b0b0b0", markersize=3)
        for j in range(d.units):
            if few:
                ax.plot(
                    d.x, values[:, j], "--", color=UNIT_COLORS[j], linewidth=2, label=_unit_name(j, bool(d.dead[j]))
                )
            else:
                ax.plot(d.x, values[:, j], "-", color="#4c72b0", linewidth=0.6, alpha=0.4)
        ax.set_title(label(key), fontsize=10)
    ax = axes[3]
    if y is not None:
        ax.plot(d.x, y, ".", color="#b0b0b0", markersize=3, label=label("data"))
    ax.plot(d.x, d.yhat, "-", color="black", linewidth=2, label="ŷ")
    ax.set_title(label("stage_sum", b2=f"{d.bias:.4f}"), fontsize=10)
    for ax, ylabel in zip(axes, ("u", "relu(u)", "W2·relu(u)", label("y"))):
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_ylabel(ylabel)
    for ax in axes[-2:]:
        ax.set_xlabel(label("x"))
    for ax in (axes[0], axes[3]):
        if few or ax is axes[3]:
            ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig
