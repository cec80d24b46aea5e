"""The lecture's data sets, each from a fresh ``numpy.random.RandomState(43052)`` (the lecture's legacy
stream, so nothing depends on what ran before), as float64 columns ``(N, 1)``."""

from __future__ import annotations

import numpy as np

from stbda_utils import checks
from stbda_utils.config import LECTURE_SEED

#: The most points a data set may have (10 million float64 values, 80 MB per array).
MAX_POINTS = 10_000_000


def piecewise_truth(x: np.ndarray) -> np.ndarray:
    """The noiseless piecewise line: slope 1 left of 0, slope 3.5 right of it, in the shape of ``x``, (N,) or (N, 1)."""
    flat = checks.column(x, "x", "x=np.linspace(-1, 1, 100)")
    return np.where(flat < 0, 1.0 * flat, 3.5 * flat).reshape((-1, 1) if np.ndim(x) == 2 else -1)


def piecewise_data(n: int = 100, noise: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """x on [-1, 1] and y = piecewise_truth(x) + noise * N(0, 1): the lecture's draw, one normal per point.

    >>> x, y = piecewise_data()
    >>> round(float(y[0, 0]), 8), round(float(y[-1, 0]), 8)
    (-0.88497385, 3.85610433)
    """
    n = checks.integer(n, "n", 100, 1, MAX_POINTS)
    noise = checks.number(noise, "noise", 0.3, low=0, dtype=np.float32)
    rng = np.random.RandomState(LECTURE_SEED)
    x = np.linspace(-1, 1, n)
    y = piecewise_truth(x) + noise * rng.normal(size=n)
    return x.reshape(n, 1), y.reshape(n, 1)


def logistic_data(n: int = 2000, w0: float = -1.0, w1: float = 5.0) -> tuple[np.ndarray, np.ndarray]:
    """x on [-1, 1] and 0/1 labels y ~ Bernoulli(sigmoid(w0 + w1·x)): the lecture's draw, after the 100
    normal draws of its earlier example.

    >>> x, y = logistic_data()
    >>> x.shape, y.shape, int(y.sum())
    ((2000, 1), (2000, 1), 810)
    """
    n = checks.integer(n, "n", 2000, 1, MAX_POINTS)
    w0, w1 = checks.number(w0, "w0", -1.0, dtype=np.float32), checks.number(w1, "w1", 5.0, dtype=np.float32)
    rng = np.random.RandomState(LECTURE_SEED)
    rng.normal(loc=0, scale=0.001, size=(100, 1))  # the lecture's previous example used these draws
    x = np.linspace(-1, 1, n).reshape(n, 1)
    prob = 1 / (1 + np.exp(-(w0 + w1 * x)))
    y = rng.binomial(1, prob).astype(float)
    return x, y


def _noise(n: object, scale: object, seed: int) -> tuple[np.ndarray, np.ndarray]:
    n = checks.integer(n, "n", 100, 1, MAX_POINTS)
    scale = checks.number(scale, "scale", 0.001, low=0, strict=True, dtype=np.float32)
    return np.linspace(0, 1, n).reshape(n, 1), np.random.RandomState(seed).normal(loc=0, scale=scale, size=(n, 1))


def noise_data(n: int = 100, scale: float = 0.001) -> tuple[np.ndarray, np.ndarray]:
    """x on [0, 1] and y pure noise N(0, scale²): the true function is y = 0.

    Reproduces the lecture's overfitting example (seed 43052, one (n, 1) draw).
    """
    return _noise(n, scale, LECTURE_SEED)


#: Seed of the fresh draws :func:`noise_holdout` makes: a stream the lecture never used.
HOLDOUT_SEED = LECTURE_SEED + 1


def noise_holdout(n: int = 10_000, scale: float = 0.001) -> tuple[np.ndarray, np.ndarray]:
    """Fresh draws from the process of :func:`noise_data` (its own seed, ``HOLDOUT_SEED``), at n points
    spread over [0, 1]: a model's error on them measures how it does on data it has not seen.
    """
    return _noise(n, scale, HOLDOUT_SEED)
