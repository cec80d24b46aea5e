"""The book's figures: data with fitted curves, probabilities, 3-D loss surfaces, a ReLU net taken apart.

Words come from :data:`WORDS` in the language of :func:`stbda_utils.setup`."""

from __future__ import annotations

import numpy as np

from stbda_utils import checks, relu
from stbda_utils.config import PAGE_WIDTH_IN
from stbda_utils.relu import Decomposition
from stbda_utils.text import say, words

WORDS = {**relu.WORDS, **words("figures")}  # unit, dead: the relu module's


def label(key: str, **fields: object) -> str:
    """A word of :data:`WORDS` in the current language (the animation uses them too)."""
    return say(WORDS, key, **fields)


def _axes(ax: object):
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    if ax is None:
        return plt.subplots()[1]
    if not isinstance(ax, Axes) or ax.name != "rectilinear":  # not a 3-D or polar one
        got = type(ax).__name__ + (f" ({ax.name})" if isinstance(ax, Axes) else "")
        raise TypeError(f"ax must be 2-D matplotlib Axes, e.g. from plt.subplots(), or None; got {got}")
    return ax


def _curves(curves: object, n: int) -> dict[str, np.ndarray]:
    if curves is None:
        return {}
    if not isinstance(curves, dict) or not all(isinstance(k, str) for k in curves):
        raise TypeError(f"curves must be a dict {{legend: predicted values}}, e.g. {{'fit': yhat}}; got {curves!r:.40}")
    fitted = {}
    for name, yhat in curves.items():
        fitted[name] = checks.column(yhat, f"curves[{name!r}]", "net.predict(x)")
        if fitted[name].size != n:
            raise ValueError(f"curves[{name!r}] must have one value per point ({n}); got {fitted[name].size}")
    return fitted


def plot_fit(x, y, curves: dict[str, object] | None = None, ax=None, truth=None):
    """Scatter (x, y) and draw each of ``curves`` (legend text -> ŷ values) as a line; ``truth``, a
    function of x, is drawn dotted as the true curve. Returns the Axes."""
    x, y = checks.column(x, "x", "x of shape (N, 1)"), checks.column(y, "y", "y of shape (N, 1)")
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
    """0/1 data as '|' marks, the true probability ``prob`` dashed, and ``curves`` (legend text -> ŷ); with
    ``bins``, the share of ones in that many equal bins of neighbouring points as dots. In a row of panels
    only the first gets the y label and the legend."""
    x = checks.column(x, "x", "x of shape (N, 1)")
    y = checks.labels(y, "y", x.size)
    prob = checks.column(prob, "prob", "the true probability sigmoid(w0 + w1 x) at each x")
    if prob.size != x.size or not np.all((prob >= 0) & (prob <= 1)):
        raise ValueError(f"prob must hold one value from 0 to 1 per x ({x.size}), e.g. prob from data.logistic_data()")
    fitted = _curves(curves, x.size)
    if len(fitted) > len(PROBABILITY_CURVE_COLORS):
        raise ValueError(f"at most {len(PROBABILITY_CURVE_COLORS)} curves fit in one panel; got {len(fitted)}")
    if bins is not None:
        bins = checks.integer(bins, "bins", 40)
        if x.size % bins:
            raise ValueError(f"bins must be a positive int that divides the number of points ({x.size}); got {bins}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, e.g. title='SGD'; got {type(title).__name__}")
    ax = _axes(ax)

    order = np.argsort(x, kind="stable")
    x, y, prob = x[order], y[order], prob[order]
    ax.plot(x, y, "|", color="0.6", alpha=0.15, label=label("data"))
    if bins is not None:
        shares = x.reshape(bins, -1).mean(axis=1), y.reshape(bins, -1).mean(axis=1)
        ax.plot(*shares, "o", color="C0", markersize=4, label=label("binned_share"))
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


def plot_loss_surfaces(w0, w1, surfaces: dict[str, object], truth: tuple[float, float] | None = None, fig=None):
    """Loss surfaces side by side in 3-D, one panel per entry of ``surfaces`` (name -> loss on the grid, left
    to right), every grid cell drawn (:func:`_draw_surface`), the true weights ``truth`` as a red star."""
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    grid = "w0, w1 = np.meshgrid(np.arange(-10, 3, 0.2), np.arange(-1, 10, 0.2), indexing='ij')"
    w0 = checks.array(w0, "w0", grid, shape=(None, None))
    w1 = checks.array(w1, "w1", grid, shape=w0.shape)
    if not isinstance(surfaces, dict) or not surfaces or not all(isinstance(k, str) for k in surfaces):
        raise TypeError(
            "surfaces must be a non-empty dict {name: loss on the grid}, e.g. {'MSE': mse_surface, 'BCE': bce_surface}"
        )
    star = None if truth is None else checks.array(truth, "truth", "truth=(-1, 5)", shape=(2,))
    if fig is not None and not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, e.g. plt.figure(), or None; got {type(fig).__name__}")
    grids = {}
    for name, loss in surfaces.items():
        grids[name] = checks.array(loss, f"surfaces[{name!r}]", "logistic.sigmoid_mse(w0, w1, x, y)", shape=w0.shape)
    if fig is None:
        fig = plt.figure(figsize=(3.75 * len(grids), 3.6))
    for i, (name, loss) in enumerate(grids.items()):
        ax = fig.add_subplot(1, len(grids), i + 1, projection="3d", computed_zorder=False)
        _draw_surface(ax, w0, w1, loss, name, star)
    fig.subplots_adjust(left=0.02, right=0.96, bottom=0.02, top=0.9, wspace=0.12)
    return fig


def _draw_surface(ax, w0, w1, loss, name: str, star=None, cells: int | None = None):
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


def plot_decomposition(d: Decomposition, y: object | None = None, axes=None):
    """Four panels: each unit's line, after ReLU, times its output weight, and the sum ŷ; ``y`` (optional)
    as grey dots in every panel. More than six units are thin grey lines without a legend. Returns the figure."""
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
        y = checks.column(y, "y", "y of shape (N, 1)")
        if y.size != d.x.size:
            raise ValueError(f"y must have one value per x ({d.x.size}); got {y.size}")
    few = d.units <= len(UNIT_COLORS)
    stages = ((d.lines, "stage_lines"), (d.relu, "stage_relu"), (d.weighted, "stage_weighted"))
    for ax, (values, key) in zip(axes, stages):
        if y is not None:
            ax.plot(d.x, y, ".", color="#b0b0b0", markersize=3)
        for j in range(d.units):
            if few:
                name = f"{label('unit')} {j + 1}" + (f" ({label('dead')})" if d.dead[j] else "")
                ax.plot(d.x, values[:, j], "--", color=UNIT_COLORS[j], linewidth=2, label=name)
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
