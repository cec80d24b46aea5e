"""Train one sigmoid unit with several losses from the same start and record the paths.

This is chapter 4's experiment. For each loss (MSE and BCE) a sigmoid unit
without bias is put on ``X = [1, x]``, so its two kernel entries are exactly
``(w0, w1)``; it gets a fresh optimizer, optionally replays the lecture's
warm-up epoch, is moved to the start and trained in stretches with
:func:`stbda_utils.trajectory.record_trajectory`: the loop chapter 4 first
shows in a cell. The result holds one
:class:`stbda_utils.animation.Panel` per loss, ready for
:func:`stbda_utils.animation.play`, and the lines to print.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from stbda_utils.animation import Panel
from stbda_utils.checks import positive_int
from stbda_utils.losses import sigmoid_bce, sigmoid_mse, weight_grid
from stbda_utils.models import set_weights, sigmoid_unit
from stbda_utils.text import label
from stbda_utils.training import check_xy, fit_full_batch
from stbda_utils.trajectory import flat_weights, record_trajectory

#: The losses a race can use: name -> (Keras loss, the same loss in NumPy over a grid).
LOSSES = {"MSE": ("mse", sigmoid_mse), "BCE": ("binary_crossentropy", sigmoid_bce)}


@dataclass(frozen=True)
class Race:
    """What :func:`race` returns: one panel per loss, and the lines that summarize the runs.

    The lines (see :func:`describe`) are short enough for a phone and worded
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


def describe(panel: Panel, optimizer_steps: int) -> list[str]:
    """Three short lines on a recorded path: optimizer steps, start -> end, loss before -> after.

    The words follow the language of :func:`stbda_utils.setup`.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> w0, w1 = np.meshgrid([0.0, 1.0], [0.0, 1.0], indexing="ij")
    >>> p = Panel("BCE", w0, w1, w0 + w1, np.array([[-3.0, -1.0], [-2.5, 0.25]]), np.array([1.5, 0.75]))
    >>> for line in describe(p, 15): print(line)
    BCE: 15 optimizer steps
      (w0, w1): (-3.00, -1.00) -> (-2.500, 0.250)
      loss: 1.5000 -> 0.7500
    """
    if not isinstance(panel, Panel):
        raise TypeError(f"panel must be an animation.Panel; got {type(panel).__name__}")
    steps = positive_int(optimizer_steps, "optimizer_steps", 435)
    (a, b), (c, d) = panel.path[0], panel.path[-1]
    return [
        label("ch4_steps", name=panel.name, steps=steps),
        f"  (w0, w1): ({a:.2f}, {b:.2f}) -> ({c:.3f}, {d:.3f})",
        label("ch4_path_loss", first=panel.path_loss[0], last=panel.path_loss[-1]),
    ]


def _pair(value: object, name: str, example: str) -> np.ndarray:
    message = f"{name} must be a pair of finite numbers (w0, w1), e.g. {example}; got {value!r}"
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(message)
    if any(isinstance(v, (bool, np.bool_)) for v in np.ravel(np.asarray(value, dtype=object))):
        raise TypeError(message)
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(message) from exc
    if a.shape != (2,) or not np.all(np.isfinite(a)):
        raise ValueError(message)
    return a


def _check_losses(names: object) -> list[str]:
    if isinstance(names, str) or not isinstance(names, Sequence) or not names:
        raise TypeError(f"losses must be a non-empty list of loss names, e.g. ('MSE', 'BCE'); got {names!r}")
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
    return {k: _pair(warmup[k], f"warmup[{k!r}]", "(1.3, 0.64)") for k in names}


def _check_grid(grid: object) -> tuple[np.ndarray, np.ndarray]:
    if grid is None:
        return weight_grid()
    message = "grid must be the pair (w0, w1) of 2-D arrays of one shape, e.g. losses.weight_grid()"
    if not isinstance(grid, (tuple, list)) or len(grid) != 2:
        raise TypeError(f"{message}; got {type(grid).__name__}")
    w0, w1 = (np.asarray(a, dtype=float) for a in grid)
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
    ``grid`` (default: the chapter's grid, ``losses.weight_grid()``).

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> import tensorflow as tf
    >>> from stbda_utils.losses import weight_grid
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
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold 0/1 labels only")
    start = _pair(start, "start", "start=(-3, -1)")
    names = _check_losses(losses)
    warmup = _check_warmup(warmup, names)
    w0, w1 = _check_grid(grid)
    steps = positive_int(steps, "steps", 29)
    epochs_per_step = positive_int(epochs_per_step, "epochs_per_step", 15)

    X = np.hstack([np.ones_like(x), x])  # a column of ones first: the kernel is (w0, w1)
    panels, lines, optimizers = [], [], []
    warmup_loss: dict[str, float] = {}
    warmup_weights: dict[str, tuple[float, float]] = {}
    for name in names:
        keras_loss, loss_fn = LOSSES[name]
        optimizer = make_optimizer()
        if not isinstance(optimizer, tf.keras.optimizers.Optimizer):
            raise TypeError(
                "make_optimizer must return a Keras optimizer, e.g. lambda: tf.keras.optimizers.SGD(0.1); "
                f"it returned {type(optimizer).__name__}"
            )
        if any(optimizer is seen for seen in optimizers):
            raise ValueError(
                "make_optimizer must return a new optimizer on every call, "
                "e.g. lambda: tf.keras.optimizers.SGD(0.1), not one shared optimizer"
            )
        optimizers.append(optimizer)
        net = sigmoid_unit(keras_loss, kernel=start if warmup is None else warmup[name], bias=None, optimizer=optimizer)
        if warmup is not None:  # one epoch from the warm-up weights, then move to the start
            first = fit_full_batch(net, X, y, epochs=1).history["loss"][0]
            w = flat_weights(net)
            lines += [label("ch4_warmup_loss", name=name, loss=first), label("ch4_warmup_then", w0=w[0], w1=w[1])]
            warmup_loss[name], warmup_weights[name] = float(first), (float(w[0]), float(w[1]))
            set_weights(net, [start.reshape(2, 1)])
        path = record_trajectory(net, X, y, steps=steps, epochs_per_step=epochs_per_step)
        panel = Panel(name, w0, w1, loss_fn(w0, w1, x, y), path, loss_fn(path[:, 0], path[:, 1], x, y))
        lines += describe(panel, int(net.optimizer.iterations))
        panels.append(panel)
    return Race(panels, lines, warmup_loss, warmup_weights)
