"""Chapter 4's tools: the losses of ŷ = sigmoid(w0 + w1·x) in NumPy, and the race of losses.

The loss functions take whole arrays of weights, so a loss surface over a grid of (w0, w1) is one
call (broadcast in blocks, no Python loop over the grid). :func:`race` packs the loop chapter 4
writes out in a cell: per loss, a no-bias sigmoid unit on ``X = [1, x]`` (its kernel is (w0, w1))
trained in stretches, its path recorded as a :class:`Panel` for :func:`stbda_utils.animation.play`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from stbda_utils import checks
from stbda_utils.text import say, words

WORDS = words("logistic")

#: Grid points handled per block, so the (grid points x data points) arrays stay near 8 MB.
BLOCK_ELEMENTS = 1_000_000
GRID_EXAMPLE = "w0, w1 = np.meshgrid(np.arange(-10, 3, 0.2), np.arange(-1, 10, 0.2), indexing='ij')"


def sigmoid(u: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^-u) of a float array, written so that no |u| overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * u))


def _squared_error(u, t):
    return (t - sigmoid(u)) ** 2


def _cross_entropy(u, t):  # -(t log p + (1 - t) log(1 - p)), p = sigmoid(u), stable for large |u|
    return np.logaddexp(0.0, u) - t * u


def _squared_error_slope(u, t):
    return 2 * (sigmoid(u) - t) * sigmoid(u) * (1 - sigmoid(u))


def _cross_entropy_slope(u, t):
    return sigmoid(u) - t


def _squared_error_curve(u, t):
    p = sigmoid(u)
    return 2 * (p * (1 - p)) ** 2 + 2 * (p - t) * p * (1 - p) * (1 - 2 * p)


def _cross_entropy_curve(u, t):
    return sigmoid(u) * (1 - sigmoid(u))


#: Per loss: (Keras loss, the loss of one point as a function of u = w0 + w1·x and the label, its
#: first and its second derivative in u).
LOSSES = {
    "MSE": ("mse", _squared_error, _squared_error_slope, _squared_error_curve),
    "BCE": ("binary_crossentropy", _cross_entropy, _cross_entropy_slope, _cross_entropy_curve),
}


def _means(w0: np.ndarray, w1: np.ndarray, x: np.ndarray, y: np.ndarray, per_point, powers=(0,)) -> list:
    """mean over the data of ``per_point(u, y) * x**p`` for each p in ``powers``, u = w0 + w1·x (trusting)."""
    flat0, flat1 = w0.reshape(-1), w1.reshape(-1)
    outs = [np.empty(flat0.size) for _ in powers]
    block = max(1, BLOCK_ELEMENTS // x.size)
    for start in range(0, flat0.size, block):
        u = flat0[start : start + block, None] + flat1[start : start + block, None] * x[None, :]
        values = per_point(u, y[None, :])
        for out, p in zip(outs, powers):
            out[start : start + block] = (values * x[None, :] ** p).mean(axis=1)
    return [float(out[0]) if w0.ndim == 0 else out.reshape(w0.shape) for out in outs]


def _inputs(w0, w1, x, y, loss: object = "mse"):
    """The arguments every surface function takes, converted: weights broadcast, data flat, labels 0/1."""
    w0, w1 = (checks.array(w, n, GRID_EXAMPLE) for n, w in (("w0", w0), ("w1", w1)))
    if w0.shape != w1.shape:
        raise ValueError(f"w0 and w1 must have one shape, e.g. {GRID_EXAMPLE}; got {w0.shape} and {w1.shape}")
    x = checks.column(x, "x", "x of shape (N, 1)")
    y = checks.labels(y, "y", x.size)
    if loss not in ("mse", "bce"):
        raise ValueError(f"loss must be 'mse' or 'bce'; got {loss!r:.40}")
    return w0, w1, x, y, LOSSES[loss.upper()]


def sigmoid_mse(w0, w1, x, y):
    """MSE of ŷ = sigmoid(w0 + w1·x) for each pair (w0, w1); arrays give a surface.

    >>> sigmoid_mse(np.zeros((2, 3)), np.ones((2, 3)), [-1.0, 1.0], [0.0, 1.0]).shape
    (2, 3)
    """
    w0, w1, x, y, (_, per_point, _, _) = _inputs(w0, w1, x, y, "mse")
    return _means(w0, w1, x, y, per_point)[0]


def sigmoid_bce(w0, w1, x, y):
    """BCE of ŷ = sigmoid(w0 + w1·x) for each pair (w0, w1), as mean(softplus(u) - y·u): no overflow or log(0)."""
    w0, w1, x, y, (_, per_point, _, _) = _inputs(w0, w1, x, y, "bce")
    return _means(w0, w1, x, y, per_point)[0]


def gradient(w0, w1, x, y, loss: str) -> np.ndarray:
    """Gradient (∂/∂w0, ∂/∂w1) of ``loss`` ("mse" or "bce") at each (w0, w1); last axis has the two.

    >>> gradient(0.0, 0.0, [-1.0, 1.0], [0.0, 1.0], "bce").round(6).tolist()  # mean((ŷ - y)·[1, x])
    [0.0, -0.5]
    """
    w0, w1, x, y, (_, _, slope, _) = _inputs(w0, w1, x, y, loss)
    return np.stack(_means(w0, w1, x, y, slope, powers=(0, 1)), axis=-1)


def min_curvature(w0, w1, x, y, loss: str):
    """Smallest eigenvalue of the Hessian of ``loss`` ("mse" or "bce") at each (w0, w1).

    The Hessian is mean(l''(u)·[1, x][1, x]ᵀ) with u = w0 + w1·x. A negative value means the
    surface bends downward in some direction there: a convex surface has no such point. For BCE
    l''(u) = ŷ(1 - ŷ) > 0, so it never is.
    """
    w0, w1, x, y, (_, _, _, curve) = _inputs(w0, w1, x, y, loss)
    h00, h01, h11 = _means(w0, w1, x, y, curve, powers=(0, 1, 2))
    return (h00 + h11) / 2 - np.sqrt(((h00 - h11) / 2) ** 2 + h01**2)


@dataclass(frozen=True)
class Panel:
    """One loss in a race: its surface over a (w0, w1) grid and the recorded path.

    ``w0``, ``w1`` and ``loss`` are the grid and the loss on it, all of one 2-D shape; ``path``
    holds (w0, w1) per frame and ``path_loss`` the loss there. All are converted on creation.
    """

    name: str
    w0: np.ndarray
    w1: np.ndarray
    loss: np.ndarray
    path: np.ndarray
    path_loss: np.ndarray

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise TypeError(f"name must be a loss's name, e.g. 'MSE'; got {self.name!r:.40}")
        grid = checks.array(self.w0, "w0", GRID_EXAMPLE, shape=(None, None)).shape
        path = checks.array(self.path, "path", "path=np.zeros((frames, 2))", shape=(None, 2))
        shapes = {"w0": grid, "w1": grid, "loss": grid, "path": path.shape, "path_loss": path.shape[:1]}
        for name, shape in shapes.items():
            value = checks.array(getattr(self, name), name, f"an array of shape {shape}", shape=shape)
            object.__setattr__(self, name, value)

    @property
    def frames(self) -> int:
        """Number of recorded points, one animation frame each."""
        return self.path.shape[0]


@dataclass(frozen=True)
class Race:
    """What :func:`race` returns: one panel per loss, and the lines that summarize the runs.

    With a warm-up epoch, its printed numbers are also kept per loss name: ``warmup_loss`` (the
    epoch's loss) and ``warmup_weights`` ((w0, w1) after it); the reproducibility page quotes them."""

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
    (a, b), (c, d) = panel.path[0], panel.path[-1]
    return [
        say(WORDS, "ch4_steps", name=panel.name, steps=checks.integer(optimizer_steps, "optimizer_steps", 435)),
        f"  (w0, w1): ({a:.2f}, {b:.2f}) -> ({c:.3f}, {d:.3f})",
        say(WORDS, "ch4_path_loss", first=panel.path_loss[0], last=panel.path_loss[-1]),
    ]


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

    For each name in ``losses`` the unit is compiled with a new optimizer from ``make_optimizer()``.
    With ``warmup`` (loss name -> (w0, w1)) it first trains one epoch from those weights, as the
    lecture did before moving to the start, so a stateful optimizer such as Adam remembers that
    epoch. Then it is trained from ``start`` ``steps`` times ``epochs_per_step`` epochs (one Keras
    epoch per stretch: the same full-batch steps in the same order). Each panel's surface is the
    loss over ``grid`` (default: the chapter's).

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> import tensorflow as tf
    >>> x = np.linspace(-1, 1, 8).reshape(-1, 1); y = (x > 0).astype(float)
    >>> grid = np.meshgrid(np.arange(-4.0, 2.0), np.arange(-2.0, 6.0), indexing="ij")
    >>> result = race(x, y, lambda: tf.keras.optimizers.SGD(0.1), (-3, -1), grid=grid, steps=2, epochs_per_step=2)
    >>> print(result.summary)
    MSE: 4 optimizer steps
      (w0, w1): (-3.00, -1.00) -> (-2.992, -0.993)
      loss: 0.4756 -> 0.4754
    BCE: 4 optimizer steps
      (w0, w1): (-3.00, -1.00) -> (-2.824, -0.877)
      loss: 1.8444 -> 1.7292
    """
    import tensorflow as tf

    if not callable(make_optimizer) or isinstance(make_optimizer, tf.keras.optimizers.Optimizer):
        raise TypeError(f"make_optimizer must be a function returning a new optimizer, {OPTIMIZER_EXAMPLE}")
    x = checks.array(x, "x", "x of shape (N, 1)", shape=(None, 1))
    y = checks.labels(y, "y", len(x)).reshape(x.shape)
    start_w = checks.array(start, "start", "start=(-3, -1)", shape=(2,), dtype=np.float32)
    names = list(losses) if isinstance(losses, (list, tuple)) else []
    if not names or len(set(names)) != len(names) or not set(names) <= set(LOSSES):
        raise ValueError(
            f"losses must name each loss once, from {list(LOSSES)}, e.g. ('MSE', 'BCE'); got {losses!r:.60}"
        )
    if warmup is not None and (not isinstance(warmup, Mapping) or set(warmup) != set(names)):
        raise ValueError(f"warmup must be None or give (w0, w1) for each of {names}, e.g. {{'MSE': (1.3, 0.64), ...}}")
    given = {} if warmup is None else dict(warmup)
    warm = {k: checks.array(v, f"warmup[{k!r}]", "(1.3, 0.64)", shape=(2,), dtype=np.float32) for k, v in given.items()}
    if grid is None:
        grid = np.meshgrid(np.arange(-10.0, 3.0, 0.2), np.arange(-1.0, 10.0, 0.2), indexing="ij")
    example = "grid=np.meshgrid(np.arange(-10, 3, 0.2), np.arange(-1, 10, 0.2), indexing='ij')"
    w0, w1 = checks.array(grid, "grid", example, shape=(2, None, None))
    steps = checks.integer(steps, "steps", 29, 1, checks.MAX_STEPS)
    epochs_per_step = checks.integer(epochs_per_step, "epochs_per_step", 15, 1, checks.MAX_STEPS // steps)

    batch = tf.data.Dataset.from_tensors((np.hstack([np.ones_like(x), x]), y)).repeat()  # kernel = (w0, w1)
    result = Race([], [])
    for name in names:
        net = _unit(LOSSES[name][0], make_optimizer())
        if name in warm:  # one epoch from the warm-up weights, then move to the start
            net.set_weights([warm[name].reshape(2, 1)])
            first = net.fit(batch, epochs=1, steps_per_epoch=1, verbose=0, shuffle=False).history["loss"][0]
            w = net.get_weights()[0].ravel()
            result.lines.append(say(WORDS, "ch4_warmup_loss", name=name, loss=first))
            result.lines.append(say(WORDS, "ch4_warmup_then", w0=w[0], w1=w[1]))
            result.warmup_loss[name], result.warmup_weights[name] = float(first), (float(w[0]), float(w[1]))
        net.set_weights([start_w.reshape(2, 1)])
        rows = [net.get_weights()[0].ravel()]
        record = tf.keras.callbacks.LambdaCallback(
            on_epoch_end=lambda *_, n=net, r=rows: r.append(n.get_weights()[0].ravel())
        )
        net.fit(batch, epochs=steps, steps_per_epoch=epochs_per_step, verbose=0, shuffle=False, callbacks=[record])
        path = np.stack(rows).astype(float)
        per_point = LOSSES[name][1]
        surface, path_loss = (_means(a, b, x[:, 0], y[:, 0], per_point)[0] for a, b in ((w0, w1), path.T))
        result.panels.append(Panel(name, w0, w1, surface, path, path_loss))
        result.lines.extend(summarize_path(result.panels[-1], int(net.optimizer.iterations)))
    return result


OPTIMIZER_EXAMPLE = "e.g. lambda: tf.keras.optimizers.SGD(0.1)"


def _unit(loss: str, optimizer):
    """A compiled sigmoid unit without bias on two inputs, trained by ``optimizer`` (a new one is required)."""
    import tensorflow as tf

    if not isinstance(optimizer, tf.keras.optimizers.Optimizer) or optimizer.built:
        raise TypeError(f"make_optimizer must return a new Keras optimizer on every call, {OPTIMIZER_EXAMPLE}")
    checks.learning_rate(optimizer)
    net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, use_bias=False, activation="sigmoid")])
    net.compile(optimizer=optimizer, loss=loss)
    return net
