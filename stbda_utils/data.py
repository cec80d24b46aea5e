"""The lecture's data sets, drawn from its NumPy legacy random stream.

Every function starts a fresh ``numpy.random.RandomState(43052)``, so results
never depend on what ran before, and returns float64 column arrays ``(N, 1)``.
"""

from __future__ import annotations

import numpy as np

from stbda_utils.checks import finite_number, finite_vector, positive_int, positive_number
from stbda_utils.config import LECTURE_SEED


def piecewise_truth(x: np.ndarray) -> np.ndarray:
    """The noiseless piecewise line: slope 1 left of 0, slope 3.5 right of it.

    >>> piecewise_truth(np.array([-1.0, 0.0, 1.0]))
    array([-1. ,  0. ,  3.5])
    """
    finite_vector(x, "x", "x=np.linspace(-1, 1, 100)")
    x = np.asarray(x, dtype=float)
    return np.where(x < 0, 1.0 * x, 3.5 * x)


def piecewise_data(n: int = 100, noise: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """x on [-1, 1] and y = piecewise_truth(x) + noise * N(0, 1).

    Reproduces the lecture's draw exactly (seed 43052, one normal draw per point).

    >>> x, y = piecewise_data()
    >>> x.shape, y.shape
    ((100, 1), (100, 1))
    >>> round(float(y[0, 0]), 8), round(float(y[-1, 0]), 8)
    (-0.88497385, 3.85610433)
    """
    n = positive_int(n, "n", 100)
    noise = finite_number(noise, "noise", 0.3)
    if noise < 0:
        raise ValueError(f"noise must be a number >= 0 (a standard deviation), e.g. noise=0.3; got {noise}")
    rng = np.random.RandomState(LECTURE_SEED)
    x = np.linspace(-1, 1, n)
    y = piecewise_truth(x) + noise * rng.normal(size=n)
    return x.reshape(n, 1), y.reshape(n, 1)


def logistic_data(n: int = 2000, w0: float = -1.0, w1: float = 5.0) -> tuple[np.ndarray, np.ndarray]:
    """x on [-1, 1] and 0/1 labels y ~ Bernoulli(sigmoid(w0 + w1·x)).

    Reproduces the lecture's draw: its stream is re-seeded with 43052, gives
    100 normal draws to an earlier example, then draws the labels.

    >>> x, y = logistic_data()
    >>> x.shape, y.shape, int(y.sum())
    ((2000, 1), (2000, 1), 810)
    """
    n = positive_int(n, "n", 100)
    w0, w1 = finite_number(w0, "w0", -1.0), finite_number(w1, "w1", 5.0)
    rng = np.random.RandomState(LECTURE_SEED)
    rng.normal(loc=0, scale=0.001, size=(100, 1))  # the lecture's previous example used these draws
    x = np.linspace(-1, 1, n).reshape(n, 1)
    prob = 1 / (1 + np.exp(-(w0 + w1 * x)))
    y = rng.binomial(1, prob).astype(float)
    return x, y


def noise_data(n: int = 100, scale: float = 0.001) -> tuple[np.ndarray, np.ndarray]:
    """x on [0, 1] and y pure noise N(0, scale²): the true function is y = 0.

    Reproduces the lecture's overfitting example (seed 43052, one (n, 1) draw).

    >>> x, y = noise_data()
    >>> x.shape, y.shape, float(x[0, 0]), float(x[-1, 0])
    ((100, 1), (100, 1), 0.0, 1.0)
    """
    n = positive_int(n, "n", 100)
    scale = positive_number(scale, "scale", 0.001)
    x = np.linspace(0, 1, n).reshape(n, 1)
    y = np.random.RandomState(LECTURE_SEED).normal(loc=0, scale=scale, size=(n, 1))
    return x, y


#: Seed of the fresh draws :func:`noise_holdout` makes: a stream the lecture never used.
HOLDOUT_SEED = LECTURE_SEED + 1


def noise_holdout(n: int = 10_000, scale: float = 0.001) -> tuple[np.ndarray, np.ndarray]:
    """Fresh draws from the process of :func:`noise_data`, at n points spread over [0, 1].

    Independent of the training noise (its own seed, ``HOLDOUT_SEED``), so a
    model's error on them measures how it does on data it has not seen.

    >>> x, y = noise_holdout(n=5)
    >>> x[:, 0].tolist(), y.shape
    ([0.0, 0.25, 0.5, 0.75, 1.0], (5, 1))
    """
    n = positive_int(n, "n", 100)
    scale = positive_number(scale, "scale", 0.001)
    x = np.linspace(0, 1, n).reshape(n, 1)
    y = np.random.RandomState(HOLDOUT_SEED).normal(loc=0, scale=scale, size=(n, 1))
    return x, y
