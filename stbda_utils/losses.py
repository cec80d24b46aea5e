"""Losses of the one-unit sigmoid model ŷ = sigmoid(w0 + w1·x), in NumPy.

The functions take whole arrays of weights, so a loss surface over a grid of
(w0, w1) is one call: every grid point and every data point are handled by
broadcasting, never by a Python loop over the grid.
"""

from __future__ import annotations

import numpy as np

#: Grid points handled per block when a loss is evaluated on a grid, so the
#: (grid points x data points) intermediate arrays stay near 8 MB.
_BLOCK_ELEMENTS = 1_000_000


def _as_target(y: object) -> np.ndarray:
    a = np.asarray(y, dtype=float)
    if a.size == 0:
        raise ValueError("y is empty; pass the 0/1 labels, e.g. y of shape (N, 1)")
    if a.ndim > 2 or (a.ndim == 2 and a.shape[1] != 1):
        raise ValueError(f"y must be a vector or one column (N, 1); got shape {a.shape}")
    if not np.all((a == 0) | (a == 1)):
        raise ValueError("y must hold 0/1 labels only; got other values")
    return a.reshape(-1)


def _as_input(x: object) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim > 2 or (a.ndim == 2 and a.shape[1] != 1):
        raise ValueError(f"x must be a vector or one column (N, 1); got shape {a.shape}")
    if a.size == 0 or not np.all(np.isfinite(a)):
        raise ValueError("x must be a non-empty array of finite numbers")
    return a.reshape(-1)


def _as_probability(yhat: object, n: int) -> np.ndarray:
    a = np.asarray(yhat, dtype=float).reshape(-1)
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
    try:
        a, b = np.broadcast_arrays(np.asarray(w0, dtype=float), np.asarray(w1, dtype=float))
    except ValueError as exc:
        raise ValueError("w0 and w1 must have the same shape, e.g. the two arrays of np.meshgrid") from exc
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("w0 and w1 must be finite numbers")
    return a, b


def _per_point_means(w0, w1, x, y, per_point, powers=(0,)) -> list:
    """mean over the data of ``per_point(u, y) * x**p`` for each p in ``powers``, u = w0 + w1·x.

    One pass over the data per block of (w0, w1) pairs, whatever the number of powers.
    """
    x, y = _as_input(x), _as_target(y)
    if x.size != y.size:
        raise ValueError(f"x and y need the same number of points; got {x.size} and {y.size}")
    a, b = _weights(w0, w1)
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
    return 0.5 * (1.0 + np.tanh(0.5 * u))  # no overflow for large |u|


def sigmoid_mse(w0, w1, x, y):
    """MSE of ŷ = sigmoid(w0 + w1·x) for each pair (w0, w1); arrays give a surface.

    >>> x, y = np.array([-1.0, 1.0]), np.array([0.0, 1.0])
    >>> round(sigmoid_mse(0.0, 0.0, x, y), 6)
    0.25
    >>> sigmoid_mse(np.zeros((2, 3)), np.ones((2, 3)), x, y).shape
    (2, 3)
    """
    return _per_point_mean(w0, w1, x, y, lambda u, t: (t - sigmoid(u)) ** 2)


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
    return _per_point_mean(w0, w1, x, y, lambda u, t: np.logaddexp(0.0, u) - t * u)


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
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not step > 0:
        raise ValueError(f"step must be a positive number, e.g. step=0.2; got {step!r}")
    axes = []
    for name, rng in (("w0_range", w0_range), ("w1_range", w1_range)):
        if not (isinstance(rng, (tuple, list)) and len(rng) == 2) or not rng[0] < rng[1]:
            raise ValueError(f"{name} must be a pair (start, stop) with start < stop, e.g. (-10, 3); got {rng!r}")
        axes.append(np.arange(rng[0], rng[1], step))
    return tuple(np.meshgrid(*axes, indexing="ij"))
