"""Chapter 4's tools: the sigmoid unit's losses in NumPy, and the race of losses.

The losses of the one-unit model ŷ = sigmoid(w0 + w1·x) take whole arrays of
weights, so a loss surface over a grid of (w0, w1) is one call: every grid
point and every data point are handled by broadcasting, never by a Python loop
over the grid.

:func:`race` is chapter 4's experiment. For each loss (MSE and BCE) a sigmoid
unit without bias is put on ``X = [1, x]``, so its two kernel entries are
exactly ``(w0, w1)``; it gets a fresh optimizer, optionally replays the
lecture's warm-up epoch, is moved to the start and trained in stretches with
:func:`stbda_utils.training.record_trajectory`: the loop chapter 4 first shows
in a cell. The result holds one :class:`Panel` per loss (the surface and the
path on it), ready for :func:`stbda_utils.animation.play`, and the lines to
print.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from stbda_utils.checks import (
    as_column,
    as_float_array,
    check_xy,
    finite_number,
    finite_pair,
    positive_int,
    positive_number,
    training_stretches,
    zero_one_labels,
)
from stbda_utils.text import label

# race checks its arguments once, then uses training's trusting internals
from stbda_utils.training import _fit, _flat, _sigmoid_unit, _trajectory

#: Grid points handled per block when a loss is evaluated on a grid, so the
#: (grid points x data points) intermediate arrays stay near 8 MB.
_BLOCK_ELEMENTS = 1_000_000


def _as_target(y: object) -> np.ndarray:
    return zero_one_labels(as_column(y, "y", "the 0/1 labels y of shape (N, 1)"))


def _as_input(x: object) -> np.ndarray:
    return as_column(x, "x", "x of shape (N, 1)")


def _as_probability(yhat: object, n: int) -> np.ndarray:
    a = as_column(yhat, "yhat", "sigmoid outputs")
    if a.shape != (n,):
        raise ValueError(f"yhat must have the {n} values of y; got {a.size}")
    if not np.all((a > 0) & (a < 1)):
        raise ValueError("yhat must hold probabilities strictly between 0 and 1, e.g. sigmoid outputs")
    return a


def bce(y, yhat) -> float:
    """Binary cross-entropy -mean(y·log ŷ + (1-y)·log(1-ŷ)) of predictions ``yhat``.

    >>> round(bce([1, 0], [0.9, 0.2]), 6)
    0.164252
    """
    y = _as_target(y)
    p = _as_probability(yhat, y.size)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def mse(y, yhat) -> float:
    """Mean squared error mean((y - ŷ)²) of predictions ``yhat``.

    >>> round(mse([1, 0], [0.9, 0.2]), 6)
    0.025
    """
    y = _as_target(y)
    p = _as_probability(yhat, y.size)
    return float(np.mean((y - p) ** 2))


def _weights(w0: object, w1: object) -> tuple[np.ndarray, np.ndarray]:
    example = "w0, w1 = logistic.weight_grid()"
    try:
        a, b = np.broadcast_arrays(as_float_array(w0, "w0", example), as_float_array(w1, "w1", example))
    except ValueError as exc:
        raise ValueError("w0 and w1 must have the same shape, e.g. the two arrays of np.meshgrid") from exc
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError(f"w0 and w1 must be finite numbers, e.g. {example}")
    return a, b


def _per_point_means(w0, w1, x, y, per_point, powers=(0,)) -> list:
    """mean over the data of ``per_point(u, y) * x**p`` for each p in ``powers``, u = w0 + w1·x.

    One pass over the data per block of (w0, w1) pairs, whatever the number of powers.
    """
    x, y = _as_input(x), _as_target(y)
    if x.size != y.size:
        raise ValueError(f"x and y need the same number of points; got {x.size} and {y.size}")
    a, b = _weights(w0, w1)
    return _checked_means(a, b, x, y, per_point, powers)


def _checked_means(a: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray, per_point, powers=(0,)) -> list:
    """:func:`_per_point_means` for checked float arrays: ``a``, ``b`` of one shape, ``x``, ``y`` flat, one length."""
    flat0, flat1 = a.reshape(-1), b.reshape(-1)
    outs = [np.empty(flat0.size) for _ in powers]
    weights = [x[None, :] ** p for p in powers]
    block = max(1, _BLOCK_ELEMENTS // x.size)
    for start in range(0, flat0.size, block):  # blocks of grid points, each fully vectorized
        stop = start + block
        u = flat0[start:stop, None] + flat1[start:stop, None] * x[None, :]
        values = per_point(u, y[None, :])
        for out, weight in zip(outs, weights):
            out[start:stop] = (values * weight).mean(axis=1)
    return [float(out[0]) if a.ndim == 0 else out.reshape(a.shape) for out in outs]


def _per_point_mean(w0, w1, x, y, per_point) -> np.ndarray | float:
    """mean over the data of ``per_point(u, y)`` with u = w0 + w1·x, for every (w0, w1)."""
    return _per_point_means(w0, w1, x, y, per_point)[0]


def sigmoid(u: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^-u), written so that no |u| overflows.

    >>> sigmoid(np.array([0.0, 1000.0, -1000.0])).tolist()
    [0.5, 1.0, 0.0]
    """
    u = as_float_array(u, "u", "u=np.linspace(-5, 5, 11)")
    return 0.5 * (1.0 + np.tanh(0.5 * u))  # no overflow for large |u|


def _squared_error(u: np.ndarray, t: np.ndarray) -> np.ndarray:
    """(y - sigmoid(u))², per point."""
    return (t - sigmoid(u)) ** 2


def _cross_entropy(u: np.ndarray, t: np.ndarray) -> np.ndarray:
    """-(y log p + (1 - y) log(1 - p)) with p = sigmoid(u), as log(1 + e^u) - y·u (stable for large |u|)."""
    return np.logaddexp(0.0, u) - t * u


def sigmoid_mse(w0, w1, x, y):
    """MSE of ŷ = sigmoid(w0 + w1·x) for each pair (w0, w1); arrays give a surface.

    >>> x, y = np.array([-1.0, 1.0]), np.array([0.0, 1.0])
    >>> round(sigmoid_mse(0.0, 0.0, x, y), 6)
    0.25
    >>> sigmoid_mse(np.zeros((2, 3)), np.ones((2, 3)), x, y).shape
    (2, 3)
    """
    return _per_point_mean(w0, w1, x, y, _squared_error)


def sigmoid_bce(w0, w1, x, y):
    """BCE of ŷ = sigmoid(w0 + w1·x) for each pair (w0, w1); arrays give a surface.

    Computed as mean(softplus(u) - y·u), the same number as :func:`bce` of the
    sigmoid, without overflow or log(0) far from the data.

    >>> x, y = np.array([-1.0, 1.0]), np.array([0.0, 1.0])
    >>> round(sigmoid_bce(0.0, 0.0, x, y), 6)  # log 2
    0.693147
    >>> p = 1 / (1 + np.exp(-(0.5 + 2.0 * x)))
    >>> bool(np.isclose(sigmoid_bce(0.5, 2.0, x, y), bce(y, p)))
    True
    """
    return _per_point_mean(w0, w1, x, y, _cross_entropy)


def _check_loss(loss: object) -> str:
    if loss not in ("mse", "bce"):
        raise ValueError(f"loss must be 'mse' or 'bce'; got {loss!r}")
    return loss


def _first_derivative(loss: str):
    """d/du of one point's loss as a function of u = w0 + w1·x."""
    if _check_loss(loss) == "mse":
        return lambda u, t: 2 * (sigmoid(u) - t) * sigmoid(u) * (1 - sigmoid(u))
    return lambda u, t: sigmoid(u) - t


def _second_derivative(loss: str):
    """d²/du² of one point's loss as a function of u = w0 + w1·x."""

    def mse_curve(u, t):
        p = sigmoid(u)
        slope = p * (1 - p)  # sigmoid'(u)
        return 2 * slope**2 + 2 * (p - t) * slope * (1 - 2 * p)

    def bce_curve(u, t):
        p = sigmoid(u)
        return p * (1 - p)

    return mse_curve if _check_loss(loss) == "mse" else bce_curve


def gradient(w0, w1, x, y, loss: str) -> np.ndarray:
    """Gradient (∂/∂w0, ∂/∂w1) of ``loss`` ("mse" or "bce") at each (w0, w1); last axis has the two.

    >>> x, y = np.array([-1.0, 1.0]), np.array([0.0, 1.0])
    >>> gradient(0.0, 0.0, x, y, "bce").round(6).tolist()  # mean((ŷ - y)·[1, x])
    [0.0, -0.5]
    >>> gradient(np.zeros(3), np.zeros(3), x, y, "mse").shape
    (3, 2)
    """
    slope = _first_derivative(loss)
    d0, d1 = _per_point_means(w0, w1, x, y, slope, powers=(0, 1))
    return np.stack([d0, d1], axis=-1)


def min_curvature(w0, w1, x, y, loss: str):
    """Smallest eigenvalue of the Hessian of ``loss`` ("mse" or "bce") at each (w0, w1).

    The Hessian is mean(l''(u)·[1, x][1, x]ᵀ) with u = w0 + w1·x. A negative
    value means the surface bends downward in some direction there: a convex
    surface has no such point. For BCE l''(u) = ŷ(1 - ŷ) > 0, so it never is.

    >>> x, y = np.array([-1.0, 1.0]), np.array([0.0, 1.0])
    >>> round(float(min_curvature(0.0, 0.0, x, y, "bce")), 6)
    0.25
    >>> bool(min_curvature(-4.0, 0.0, x, y, "mse") < 0)  # far out, MSE bends down
    True
    """
    curve = _second_derivative(loss)
    h00, h01, h11 = _per_point_means(w0, w1, x, y, curve, powers=(0, 1, 2))
    return (h00 + h11) / 2 - np.sqrt(((h00 - h11) / 2) ** 2 + h01**2)


def weight_grid(w0_range=(-10.0, 3.0), w1_range=(-1.0, 10.0), step: float = 0.2):
    """The (w0, w1) grid of the chapter: ``np.arange`` on each axis, ``indexing="ij"``.

    >>> w0, w1 = weight_grid()
    >>> w0.shape, w0.size
    ((65, 55), 3575)
    """
    step = positive_number(step, "step", 0.2)
    axes = []
    for name, rng in (("w0_range", w0_range), ("w1_range", w1_range)):
        problem = f"{name} must be a pair (start, stop) of finite numbers with start < stop, e.g. {name}=(-10, 3)"
        if not (isinstance(rng, (tuple, list)) and len(rng) == 2):
            raise TypeError(f"{problem}; got {rng!r}")
        try:
            start, stop = (finite_number(v, name, -10) for v in rng)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{problem}; got {rng!r}") from None
        if not start < stop:
            raise ValueError(f"{problem}; got {rng!r}")
        axes.append(np.arange(start, stop, step))
    return tuple(np.meshgrid(*axes, indexing="ij"))


@dataclass(frozen=True)
class Panel:
    """One loss in a race: its surface over a (w0, w1) grid and the recorded path.

    ``w0``, ``w1`` and ``loss`` are the grid and the loss on it, all of one
    2-D shape; ``path`` holds (w0, w1) per frame and ``path_loss`` the loss there.

    >>> w0, w1 = np.meshgrid([0.0, 1.0], [0.0, 1.0], indexing="ij")
    >>> p = Panel("MSE", w0, w1, w0 + w1, np.zeros((3, 2)), np.zeros(3))
    >>> p.frames
    3
    """

    name: str
    w0: np.ndarray
    w1: np.ndarray
    loss: np.ndarray
    path: np.ndarray
    path_loss: np.ndarray

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise TypeError(f"name must be a non-empty string such as 'MSE'; got {self.name!r}")
        fields = ("w0", "w1", "loss", "path", "path_loss")
        grid = [as_float_array(getattr(self, f), f, "from logistic.weight_grid()") for f in fields[:3]]
        if grid[0].ndim != 2 or any(a.shape != grid[0].shape for a in grid):
            shapes = [a.shape for a in grid]
            raise ValueError(f"w0, w1 and loss must be 2-D arrays of one shape, e.g. from np.meshgrid; got {shapes}")
        path = as_float_array(self.path, "path", "path=np.zeros((frames, 2))")
        if path.ndim != 2 or path.shape[1] != 2 or path.shape[0] < 1:
            raise ValueError(f"path must have shape (frames, 2): one (w0, w1) per frame; got {path.shape}")
        path_loss = as_float_array(self.path_loss, "path_loss", "one loss per frame").reshape(-1)
        if path_loss.shape != (path.shape[0],):
            raise ValueError(f"path_loss needs one value per frame ({path.shape[0]}); got shape {path_loss.shape}")
        for attribute, value in zip(fields, (*grid, path, path_loss)):
            if not np.all(np.isfinite(value)):
                raise ValueError(f"{attribute} must hold finite numbers; got NaN or infinity")
            object.__setattr__(self, attribute, value)

    @property
    def frames(self) -> int:
        """Number of recorded points, one animation frame each."""
        return self.path.shape[0]


#: The losses a race can use: name -> (Keras loss, the same loss per data point in NumPy).
LOSSES = {"MSE": ("mse", _squared_error), "BCE": ("binary_crossentropy", _cross_entropy)}


@dataclass(frozen=True)
class Race:
    """What :func:`race` returns: one panel per loss, and the lines that summarize the runs.

    The lines (see :func:`summarize_path`) are short enough for a phone and worded
    in the language of :func:`stbda_utils.setup`. With a warm-up epoch, its
    printed numbers are also kept as numbers, per loss name: ``warmup_loss``
    (the epoch's loss) and ``warmup_weights`` ((w0, w1) after it); the book's
    reproducibility page quotes them (myst-nb glue)."""

    panels: list[Panel]
    lines: list[str]
    warmup_loss: dict[str, float] = field(default_factory=dict)
    warmup_weights: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The lines as one text, to print in one go."""
        return "\n".join(self.lines)


def summarize_path(panel: Panel, optimizer_steps: int) -> list[str]:
    """Three short lines on a recorded path: optimizer steps, start -> end, loss before -> after.

    The words follow the language of :func:`stbda_utils.setup`.

    >>> from stbda_utils.text import use_language
    >>> use_language("en")
    >>> w0, w1 = np.meshgrid([0.0, 1.0], [0.0, 1.0], indexing="ij")
    >>> p = Panel("BCE", w0, w1, w0 + w1, np.array([[-3.0, -1.0], [-2.5, 0.25]]), np.array([1.5, 0.75]))
    >>> for line in summarize_path(p, 15): print(line)
    BCE: 15 optimizer steps
      (w0, w1): (-3.00, -1.00) -> (-2.500, 0.250)
      loss: 1.5000 -> 0.7500
    """
    if not isinstance(panel, Panel):
        raise TypeError(f"panel must be a logistic.Panel; got {type(panel).__name__}")
    return _summarize_path(panel, positive_int(optimizer_steps, "optimizer_steps", 435))


def _summarize_path(panel: Panel, steps: int) -> list[str]:
    """:func:`summarize_path` for checked arguments."""
    (a, b), (c, d) = panel.path[0], panel.path[-1]
    return [
        label("ch4_steps", name=panel.name, steps=steps),
        f"  (w0, w1): ({a:.2f}, {b:.2f}) -> ({c:.3f}, {d:.3f})",
        label("ch4_path_loss", first=panel.path_loss[0], last=panel.path_loss[-1]),
    ]


def _check_losses(names: object) -> list[str]:
    problem = f"losses must be a non-empty list of loss names, e.g. ('MSE', 'BCE'); got {names!r}"
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(problem)
    if not names:
        raise ValueError(problem)
    for name in names:
        if name not in LOSSES:
            raise ValueError(f"unknown loss {name!r}; use names from {list(LOSSES)}, e.g. losses=('MSE', 'BCE')")
    if len(set(names)) != len(names):
        raise ValueError(f"losses must not repeat a name; got {list(names)}")
    return list(names)


def _check_warmup(warmup: object, names: list[str]) -> dict[str, np.ndarray] | None:
    if warmup is None:
        return None
    example = "{'MSE': (1.3, 0.64), 'BCE': (-1.04, -0.62)}"
    if not isinstance(warmup, Mapping):
        raise TypeError(
            f"warmup must be None or a dict {{loss name: (w0, w1)}}, e.g. {example}; got {type(warmup).__name__}"
        )
    unknown = [k for k in warmup if k not in names]
    missing = [k for k in names if k not in warmup]
    if unknown or missing:
        raise ValueError(
            f"warmup needs starting weights for exactly the losses {names}; "
            f"unknown {unknown}, missing {missing}; e.g. {example}"
        )
    return {k: finite_pair(warmup[k], f"warmup[{k!r}]", "(1.3, 0.64)") for k in names}


def _check_grid(grid: object) -> tuple[np.ndarray, np.ndarray]:
    if grid is None:
        return weight_grid()
    message = "grid must be the pair (w0, w1) of 2-D arrays of one shape, e.g. logistic.weight_grid()"
    if not isinstance(grid, (tuple, list)) or len(grid) != 2:
        raise TypeError(f"{message}; got {type(grid).__name__}")
    w0, w1 = (as_float_array(a, "grid", "logistic.weight_grid()") for a in grid)
    if w0.ndim != 2 or w0.shape != w1.shape or not (np.all(np.isfinite(w0)) and np.all(np.isfinite(w1))):
        raise ValueError(f"{message}; got shapes {w0.shape} and {w1.shape}")
    return w0, w1


def race(
    x,
    y,
    make_optimizer: Callable[[], object],
    start: tuple[float, float],
    warmup: Mapping[str, tuple[float, float]] | None = None,
    losses: Sequence[str] = ("MSE", "BCE"),
    grid: tuple[np.ndarray, np.ndarray] | None = None,
    steps: int = 29,
    epochs_per_step: int = 15,
) -> Race:
    """Train a no-bias sigmoid unit on ``X = [1, x]`` once per loss from ``start``; record (w0, w1).

    For each name in ``losses`` (``"MSE"``, ``"BCE"``) the unit is compiled with
    a new optimizer from ``make_optimizer()``. With ``warmup`` (loss name ->
    (w0, w1)) it first trains one epoch from those weights, as the lecture did
    before moving to the start, so a stateful optimizer such as Adam remembers
    that epoch. Then the weights are set to ``start`` and trained ``steps``
    times ``epochs_per_step`` epochs. Each panel's surface is the loss over
    ``grid`` (default: the chapter's grid, ``logistic.weight_grid()``).

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> import tensorflow as tf
    >>> from stbda_utils.logistic import weight_grid
    >>> x = np.linspace(-1, 1, 8).reshape(-1, 1); y = (x > 0).astype(float)
    >>> result = race(x, y, lambda: tf.keras.optimizers.SGD(0.1), start=(-3, -1),
    ...               grid=weight_grid((-4, 2), (-2, 6), step=1.0), steps=2, epochs_per_step=2)
    >>> print(result.summary)
    MSE: 4 optimizer steps
      (w0, w1): (-3.00, -1.00) -> (-2.992, -0.993)
      loss: 0.4756 -> 0.4754
    BCE: 4 optimizer steps
      (w0, w1): (-3.00, -1.00) -> (-2.824, -0.877)
      loss: 1.8444 -> 1.7292
    >>> [p.name for p in result.panels], result.panels[0].frames
    (['MSE', 'BCE'], 3)
    """
    import tensorflow as tf

    if not callable(make_optimizer) or isinstance(make_optimizer, tf.keras.optimizers.Optimizer):
        raise TypeError(
            "make_optimizer must be a function that returns a new optimizer, "
            f"e.g. lambda: tf.keras.optimizers.SGD(0.1); got {type(make_optimizer).__name__}"
        )
    x, y = check_xy(x, y)
    if x.shape[1] != 1 or y.shape[1] != 1:
        raise ValueError(f"x and y must be single columns (N, 1); got shapes {x.shape} and {y.shape}")
    zero_one_labels(y)
    start_w = finite_pair(start, "start", "start=(-3, -1)")
    names = _check_losses(losses)
    warmup_w = _check_warmup(warmup, names)
    w0, w1 = _check_grid(grid)
    steps, epochs_per_step = training_stretches(steps, epochs_per_step)

    X = np.hstack([np.ones_like(x), x])  # a column of ones first: the kernel is (w0, w1)
    flat_x, flat_y = x.reshape(-1), y.reshape(-1)
    panels: list[Panel] = []
    lines: list[str] = []
    optimizers: list[object] = []
    warmup_loss: dict[str, float] = {}
    warmup_weights: dict[str, tuple[float, float]] = {}
    for name in names:
        keras_loss, per_point = LOSSES[name]
        optimizer = make_optimizer()
        if not isinstance(optimizer, tf.keras.optimizers.Optimizer):
            raise TypeError(
                "make_optimizer must return a Keras optimizer, e.g. lambda: tf.keras.optimizers.SGD(0.1); "
                f"it returned {type(optimizer).__name__}"
            )
        if any(optimizer is seen for seen in optimizers) or getattr(optimizer, "built", False):
            raise ValueError(
                "make_optimizer must return a new optimizer on every call, "
                "e.g. lambda: tf.keras.optimizers.SGD(0.1), not one shared optimizer"
            )
        optimizers.append(optimizer)
        net = _sigmoid_unit(keras_loss, start_w if warmup_w is None else warmup_w[name], None, optimizer)
        if warmup_w is not None:  # one epoch from the warm-up weights, then move to the start
            first = _fit(net, X, y, epochs=1).history["loss"][0]
            w = _flat(net)
            lines += [label("ch4_warmup_loss", name=name, loss=first), label("ch4_warmup_then", w0=w[0], w1=w[1])]
            warmup_loss[name], warmup_weights[name] = float(first), (float(w[0]), float(w[1]))
            net.set_weights([start_w.reshape(2, 1).astype("float32")])
        path = _trajectory(net, X, y, steps, epochs_per_step)
        surface = _checked_means(w0, w1, flat_x, flat_y, per_point)[0]
        path_loss = _checked_means(path[:, 0], path[:, 1], flat_x, flat_y, per_point)[0]
        panel = Panel(name, w0, w1, surface, path, path_loss)
        lines += _summarize_path(panel, int(net.optimizer.iterations))
        panels.append(panel)
    return Race(panels, lines, warmup_loss, warmup_weights)
