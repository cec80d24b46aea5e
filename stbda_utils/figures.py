"""The book's figures: data with fitted curves, probabilities, loss curves, loss surfaces, a ReLU net taken apart.

Labels come from :mod:`stbda_utils.text`, so the same call draws a Korean or an
English figure depending on :func:`stbda_utils.setup`.
"""

from __future__ import annotations

import numpy as np

from stbda_utils.checks import (
    as_column,
    as_float_array,
    finite_pair,
    finite_vector,
    int_in_range,
    probabilities,
    zero_one_labels,
)
from stbda_utils.config import PAGE_WIDTH_IN
from stbda_utils.relu import Decomposition
from stbda_utils.text import label


def _axes(ax: object):
    """``ax`` if it is matplotlib Axes, new Axes for None."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    if ax is None:
        return plt.subplots()[1]
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be matplotlib Axes, e.g. from plt.subplots(), or None; got {type(ax).__name__}")
    return ax


def _curves(curves: object, n: int) -> dict[str, np.ndarray]:
    """``curves`` (a dict {legend text: n predicted values}, or None) as flat arrays."""
    if curves is None:
        return {}
    if not isinstance(curves, dict) or not all(isinstance(k, str) for k in curves):
        raise TypeError(
            f"curves must be a dict {{legend text: predicted values}}, e.g. {{label('fit'): yhat}}; got {type(curves).__name__}"
        )
    fitted = {}
    for name, yhat in curves.items():
        fitted[name] = finite_vector(yhat, f"curves[{name!r}]", "net.predict(x)")
        if fitted[name].size != n:
            raise ValueError(f"curves[{name!r}] must have one value per point ({n}); got {fitted[name].size}")
    return fitted


def _truth(truth: object) -> np.ndarray | None:
    return None if truth is None else finite_pair(truth, "truth", "truth=(-1, 5)")


def plot_fit(x, y, curves: dict[str, object] | None = None, ax=None, truth=None):
    """Scatter (x, y) and draw each of ``curves`` (legend text -> ŷ values) as a line.

    ``truth`` is an optional function drawn dashed as the true curve.

    >>> from stbda_utils.text import use_language
    >>> use_language("en")
    >>> ax = plot_fit([0, 1, 2], [0, 1, 4], {"fit": [0, 2, 4]})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['observations', 'fit']
    """
    x, y = finite_vector(x, "x", "x of shape (N, 1)"), finite_vector(y, "y", "y of shape (N, 1)")
    if x.size != y.size:
        raise ValueError(f"x and y must have the same length, one value per point; got {x.size} and {y.size}")
    fitted = _curves(curves, x.size)
    if truth is not None and not callable(truth):
        raise TypeError(f"truth must be a function of x, e.g. truth=data.piecewise_truth; got {type(truth).__name__}")
    ax = _axes(ax)
    ax.plot(x, y, ".", color="#7f7f7f", label=label("data"))
    if truth is not None:
        grid = np.linspace(x.min(), x.max(), 200)
        ax.plot(grid, truth(grid), ":", color="#d62728", label=label("truth"))
    for name, yhat in fitted.items():
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

    >>> from stbda_utils.text import use_language
    >>> use_language("en")
    >>> x = np.linspace(-1, 1, 6); y = [0, 0, 1, 0, 1, 1]; p = 1 / (1 + np.exp(-5 * x))
    >>> ax = plot_probability(x, y, p, {"fit": p}, bins=2)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('probability P(y = 1)', ['observations', 'share of ones per bin', 'true function', 'fit'])
    """
    x = finite_vector(x, "x", "x of shape (N, 1)")
    y = finite_vector(y, "y", "the 0/1 labels y of shape (N, 1)")
    prob = finite_vector(prob, "prob", "the true probability sigmoid(w0 + w1 x) at each x")
    if not x.size == y.size == prob.size:
        raise ValueError(f"x, y and prob must have the same length; got {x.size}, {y.size} and {prob.size}")
    zero_one_labels(y)
    probabilities(prob, "prob", "the true probability sigmoid(w0 + w1 x) at each x")
    fitted = _curves(curves, x.size)
    if len(fitted) > len(PROBABILITY_CURVE_COLORS):
        raise ValueError(f"at most {len(PROBABILITY_CURVE_COLORS)} curves fit in one panel; got {len(fitted)}")
    if bins is not None:
        bins = int_in_range(bins, "bins", 40, 1)
        if x.size % bins:
            raise ValueError(f"bins must be a positive int that divides the number of points ({x.size}); got {bins}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, e.g. title='SGD'; got {type(title).__name__}")
    ax = _axes(ax)

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

    >>> from stbda_utils.text import use_language
    >>> use_language("en")
    >>> class H: history = {"loss": [1.0, 0.5, 0.25]}
    >>> plot_loss(H()).get_xlabel()
    'epoch'
    """
    losses = getattr(history, "history", {}).get("loss") if hasattr(history, "history") else None
    if not losses:
        raise TypeError("history must be the History returned by model.fit or training.fit_full_batch")
    if not isinstance(log, bool):
        raise TypeError(f"log must be True or False; got {log!r}")
    ax = _axes(ax)
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

    >>> from stbda_utils.text import use_language
    >>> use_language("en")
    >>> w0, w1 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 5), indexing="ij")
    >>> fig = plot_loss_surfaces(w0, w1, {"MSE": w0**2, "BCE": w1**2}, truth=(0, 1))
    >>> [ax.get_title() for ax in fig.axes], fig.axes[0].get_zlabel()
    (['MSE loss surface', 'BCE loss surface'], 'loss')
    """
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    w0, w1 = (as_float_array(a, name, "from logistic.weight_grid()") for name, a in (("w0", w0), ("w1", w1)))
    if w0.ndim != 2 or w0.shape != w1.shape:
        raise ValueError(
            f"w0 and w1 must be 2-D arrays of one shape, e.g. from logistic.weight_grid(); got {w0.shape} and {w1.shape}"
        )
    if not isinstance(surfaces, dict) or not surfaces or not all(isinstance(k, str) for k in surfaces):
        raise TypeError(
            "surfaces must be a non-empty dict {name: loss on the grid}, e.g. {'MSE': mse_surface, 'BCE': bce_surface}"
        )
    star = _truth(truth)
    if fig is not None and not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, e.g. plt.figure(), or None; got {type(fig).__name__}")
    grids = {}
    for name, loss in surfaces.items():
        loss = as_float_array(loss, f"surfaces[{name!r}]", "logistic.sigmoid_mse(w0, w1, x, y)")
        if loss.shape != w0.shape or not np.all(np.isfinite(loss)):
            raise ValueError(f"surfaces[{name!r}] must be finite with the grid's shape {w0.shape}; got {loss.shape}")
        grids[name] = loss
    if fig is None:
        fig = plt.figure(figsize=(3.75 * len(grids), 3.6))
    for i, (name, loss) in enumerate(grids.items()):
        ax = fig.add_subplot(1, len(grids), i + 1, projection="3d", computed_zorder=False)
        draw_surface(ax, w0, w1, loss, name, star)
    fig.subplots_adjust(left=0.02, right=0.96, bottom=0.02, top=0.9, wspace=0.12)
    return fig


def draw_surface(ax, w0, w1, loss, name: str, star=None, cells: int | None = None):
    """The book's 3-D loss surface on ``ax``: the lecture's viewing angle, viridis, the true weights ``star``
    as a red star, titled "<name> loss surface". ``cells`` caps the mesh per axis (``None``: every grid cell,
    so steep walls have no staircase edges); the animation passes a few, so its frames draw fast.
    Arguments are trusted: :func:`plot_loss_surfaces` and :func:`stbda_utils.animation.play` check them."""
    from matplotlib.ticker import MaxNLocator

    rows, cols = w0.shape if cells is None else (min(cells, w0.shape[0]), min(cells, w0.shape[1]))
    ax.view_init(elev=15, azim=75)
    ax.plot_surface(
        w0, w1, loss, rcount=rows, ccount=cols, cmap="viridis", linewidth=0, antialiased=False, shade=False, zorder=1
    )
    if star is not None:
        k = np.argmin(np.abs(w0 - star[0]) + np.abs(w1 - star[1]))
        ax.plot([star[0]], [star[1]], [loss.flat[k]], "*", color="#d62728", markersize=11, zorder=3)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.pane.set_facecolor("white")
        axis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("w0", labelpad=-4)
    ax.set_ylabel("w1", labelpad=-4)
    ax.set_zlabel(label("loss_value"), labelpad=-2)
    ax.tick_params(labelsize=7, pad=-2)
    ax.set_title(label("surface", name=name), fontsize=10)
    return ax


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

    >>> from stbda_utils.text import use_language
    >>> use_language("en")
    >>> from stbda_utils.relu import decompose_weights
    >>> d = decompose_weights([[[1.0, -1.0]], [0.0, 0.0], [[2.0], [3.0]], [0.5]], [-1.0, 0.0, 1.0])
    >>> fig = plot_decomposition(d)
    >>> [ax.get_title() for ax in fig.axes][0]
    '① line of each unit: W1·x + b1'
    """
    import matplotlib.pyplot as plt

    if not isinstance(d, Decomposition):
        raise TypeError(f"d must be a Decomposition from decompose(model, x); got {type(d).__name__}")
    if axes is None:
        fig, axes = plt.subplots(2, 2, figsize=(PAGE_WIDTH_IN, 5.6), sharex=True)
    axes = np.asarray(axes).ravel()
    if axes.size != 4:
        raise ValueError(f"axes must hold 4 matplotlib Axes (e.g. from plt.subplots(2, 2)); got {axes.size}")
    fig = axes[0].figure
    if y is not None:
        y = as_column(y, "y")
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
