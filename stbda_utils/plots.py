"""Figures the chapters share: data with fitted curves, probabilities, and loss curves.

Labels come from :mod:`stbda_utils.text`, so the same call draws a Korean or an
English figure depending on :func:`stbda_utils.setup`.
"""

from __future__ import annotations

import numpy as np

from stbda_utils.checks import finite_vector
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


#: Colours of the fitted curves of :func:`plot_probability`, in order (C3, red, is the truth's).
PROBABILITY_CURVE_COLORS = ("C0", "C1", "C2", "C4", "C5", "C6")


def plot_probability(
    x, y, prob, curves: dict[str, object] | None = None, ax=None, bins: int | None = None, title: str | None = None
):
    """0/1 data as '|' marks, the true probability ``prob`` dashed, and ``curves`` (legend text -> ŷ).

    With ``bins`` the share of ones in that many bins of neighbouring points
    (sorted by x, the same number in each) is drawn as dots. In a row of
    panels only the first one gets the y label and the legend.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> x = np.linspace(-1, 1, 6); y = [0, 0, 1, 0, 1, 1]; p = 1 / (1 + np.exp(-5 * x))
    >>> ax = plot_probability(x, y, p, {"fit": p}, bins=2)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('probability P(y = 1)', ['observations', 'share of ones per bin', 'true function', 'fit'])
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    x = finite_vector(x, "x", "x of shape (N, 1)")
    y = finite_vector(y, "y", "the 0/1 labels y of shape (N, 1)")
    prob = finite_vector(prob, "prob", "the true probability sigmoid(w0 + w1 x) at each x")
    if not x.size == y.size == prob.size:
        raise ValueError(f"x, y and prob must have the same length; got {x.size}, {y.size} and {prob.size}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold 0/1 labels only")
    if not np.all((prob >= 0) & (prob <= 1)):
        raise ValueError("prob must hold probabilities between 0 and 1")
    if curves is None:
        curves = {}
    if not isinstance(curves, dict) or not all(isinstance(k, str) for k in curves):
        raise TypeError(
            f"curves must be a dict {{legend text: predicted probabilities}}, e.g. {{label('fit'): yhat}}; got {type(curves).__name__}"
        )
    if len(curves) > len(PROBABILITY_CURVE_COLORS):
        raise ValueError(f"at most {len(PROBABILITY_CURVE_COLORS)} curves fit in one panel; got {len(curves)}")
    fitted = {}
    for name, yhat in curves.items():
        fitted[name] = finite_vector(yhat, f"curves[{name!r}]", "net.predict(x)")
        if fitted[name].size != x.size:
            raise ValueError(f"curves[{name!r}] must have one value per point ({x.size}); got {fitted[name].size}")
    if bins is not None and (isinstance(bins, bool) or not isinstance(bins, (int, np.integer))):
        raise TypeError(
            f"bins must be None or a positive int that divides the number of points, e.g. bins=40; got {bins!r}"
        )
    if bins is not None and not (0 < bins <= x.size and x.size % bins == 0):
        raise ValueError(
            f"bins must be a positive int that divides the number of points ({x.size}), e.g. bins=40; got {bins}"
        )
    if ax is None:
        _, ax = plt.subplots()
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be matplotlib Axes, e.g. from plt.subplots(); got {type(ax).__name__}")

    order = np.argsort(x, kind="stable")
    x, y, prob = x[order], y[order], prob[order]
    ax.plot(x, y, "|", color="0.6", alpha=0.15, label=label("data"))
    if bins is not None:
        ax.plot(
            x.reshape(bins, -1).mean(axis=1),
            y.reshape(bins, -1).mean(axis=1),
            "o",
            color="C0",
            markersize=4,
            label=label("binned_share"),
        )
    ax.plot(x, prob, "--", color="C3", label=label("truth"))
    for color, (name, yhat) in zip(PROBABILITY_CURVE_COLORS, fitted.items()):
        ax.plot(x, yhat[order], color=color, linewidth=2, label=name)
    ax.set_xlabel(label("x"))
    spec = ax.get_subplotspec()
    if spec is None or spec.is_first_col():
        ax.set_ylabel(label("probability"))
        ax.legend(loc="center left")
    if title is not None:
        ax.set_title(title)
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


def plot_loss_surfaces(w0, w1, surfaces: dict[str, object], truth: tuple[float, float] | None = None, fig=None):
    """Loss surfaces side by side in 3-D, one panel per entry of ``surfaces`` (name -> loss on the grid).

    Every grid cell is drawn (no down-sampling, so steep walls have no
    staircase edges), with a smooth colour map, the z axis labelled "loss"
    and the true weights ``truth`` as a red star on the surface. The order of
    ``surfaces`` is the order of the panels, left to right.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> w0, w1 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 5), indexing="ij")
    >>> fig = plot_loss_surfaces(w0, w1, {"MSE": w0**2, "BCE": w1**2}, truth=(0, 1))
    >>> [ax.get_title() for ax in fig.axes], fig.axes[0].get_zlabel()
    (['MSE loss surface', 'BCE loss surface'], 'loss')
    """
    import matplotlib.pyplot as plt

    w0, w1 = (np.asarray(a, dtype=float) for a in (w0, w1))
    if w0.ndim != 2 or w0.shape != w1.shape:
        raise ValueError(
            f"w0 and w1 must be 2-D arrays of one shape, e.g. from losses.weight_grid(); got {w0.shape} and {w1.shape}"
        )
    if not isinstance(surfaces, dict) or not surfaces or not all(isinstance(k, str) for k in surfaces):
        raise TypeError(
            "surfaces must be a non-empty dict {name: loss on the grid}, e.g. {'MSE': mse_surface, 'BCE': bce_surface}"
        )
    grids = {}
    for name, loss in surfaces.items():
        loss = np.asarray(loss, dtype=float)
        if loss.shape != w0.shape or not np.all(np.isfinite(loss)):
            raise ValueError(f"surfaces[{name!r}] must be finite with the grid's shape {w0.shape}; got {loss.shape}")
        grids[name] = loss
    if fig is None:
        fig = plt.figure(figsize=(3.75 * len(grids), 3.6))
    for i, (name, loss) in enumerate(grids.items()):
        ax = fig.add_subplot(1, len(grids), i + 1, projection="3d", computed_zorder=False)
        ax.view_init(elev=15, azim=75)  # the lecture's viewing angle
        ax.plot_surface(
            w0,
            w1,
            loss,
            rstride=1,
            cstride=1,
            cmap="viridis",
            linewidth=0,
            edgecolor="none",
            antialiased=False,
            shade=False,
            zorder=1,
        )
        if truth is not None:
            k = np.argmin(np.abs(w0 - truth[0]) + np.abs(w1 - truth[1]))
            ax.plot([truth[0]], [truth[1]], [loss.flat[k]], "*", color="#d62728", markersize=11, zorder=3)
        for pane in (ax.xaxis.pane, ax.yaxis.pane, ax.zaxis.pane):
            pane.set_facecolor("white")
        ax.set_xlabel("w0", labelpad=-4)
        ax.set_ylabel("w1", labelpad=-4)
        ax.set_zlabel(label("loss_value"), labelpad=-2)
        ax.tick_params(labelsize=7, pad=-2)
        ax.set_title(label("surface", name=name), fontsize=10)
    fig.subplots_adjust(left=0.02, right=0.96, bottom=0.02, top=0.9, wspace=0.12)
    return fig
