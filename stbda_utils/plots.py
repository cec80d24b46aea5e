"""Figures the chapters share: data with fitted curves, and loss curves.

Labels come from :mod:`stbda_utils.text`, so the same call draws a Korean or an
English figure depending on :func:`stbda_utils.setup`.
"""
from __future__ import annotations

import numpy as np

from stbda_utils.text import label


def _check_same_length(**arrays: object) -> list[np.ndarray]:
    out = [np.asarray(a, dtype=float).reshape(-1) for a in arrays.values()]
    lengths = {name: len(a) for name, a in zip(arrays, out)}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"arrays must have the same length; got {lengths}")
    return out


def plot_fit(x, y, curves: dict[str, object] | None = None, ax=None, truth=None):
    """Scatter (x, y) and draw each of ``curves`` (legend text -> ŷ values) as a line.

    ``truth`` is an optional function drawn dashed as the true curve.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> ax = plot_fit([0, 1, 2], [0, 1, 4], {"fit": [0, 2, 4]})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['observations', 'fit']
    """
    import matplotlib.pyplot as plt

    x, y = _check_same_length(x=x, y=y)
    if ax is None:
        _, ax = plt.subplots()
    ax.plot(x, y, ".", color="#7f7f7f", label=label("data"))
    if truth is not None:
        grid = np.linspace(x.min(), x.max(), 200)
        ax.plot(grid, truth(grid), ":", color="#d62728", label=label("truth"))
    for name, yhat in (curves or {}).items():
        (yhat,) = _check_same_length(x=x, **{name: yhat})[1:]
        ax.plot(x, yhat, "-", linewidth=2, label=name)
    ax.set_xlabel(label("x"))
    ax.set_ylabel(label("y"))
    ax.legend()
    return ax


def plot_loss(history, ax=None, log: bool = True):
    """The per-epoch training loss stored in a Keras ``History``.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> class H: history = {"loss": [1.0, 0.5, 0.25]}
    >>> plot_loss(H()).get_xlabel()
    'epoch'
    """
    import matplotlib.pyplot as plt

    losses = getattr(history, "history", {}).get("loss") if hasattr(history, "history") else None
    if not losses:
        raise TypeError("history must be the History returned by model.fit or training.fit_full_batch")
    if ax is None:
        _, ax = plt.subplots()
    epochs = np.arange(1, len(losses) + 1)
    ax.plot(epochs, losses, "-", linewidth=1.5)
    if log:
        from matplotlib.ticker import FormatStrFormatter, NullFormatter

        ax.set_yscale("log")
        # plain tick labels: the default log labels are mathtext, which cannot
        # fall back to another font for glyphs the Korean font lacks
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(label("epoch"))
    ax.set_ylabel(label("loss"))
    return ax
