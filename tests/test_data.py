"""Tests of stbda_utils/data.py: the lecture's data sets, drawn without touching the global random state."""

import numpy as np
import pytest

from stbda_utils import data

# ----------------------------------------------------------------- piecewise_data

# The lecture's printed y, every 10th value (8 decimals as printed).
LECTURE_Y_EVERY_10TH = [
    -0.88497385,
    -0.79590224,
    -0.69867774,
    -0.529586,
    -0.26711438,
    0.14478908,
    1.14196717,
    1.12940772,
    1.49033473,
    2.56568465,
]


def test_piecewise_data_reproduces_the_lecture():
    x, y = data.piecewise_data()
    assert x.shape == y.shape == (100, 1)
    assert x.dtype == y.dtype == np.float64
    np.testing.assert_allclose(y[::10, 0], LECTURE_Y_EVERY_10TH, atol=5e-9)
    np.testing.assert_allclose(y[-1, 0], 3.85610433, atol=5e-9)


@pytest.mark.parametrize(
    "draw",
    [data.piecewise_data, data.logistic_data, data.noise_data, lambda: data.noise_holdout(n=10)],
    ids=["piecewise", "logistic", "noise", "noise_holdout"],
)
def test_data_functions_do_not_touch_global_rng(draw):
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    draw()
    assert (np.random.get_state()[1] == before).all()


def test_piecewise_truth_bends_at_zero():
    np.testing.assert_allclose(data.piecewise_truth([-2, 0, 2]), [-2, 0, 7])


def test_piecewise_data_takes_numpy_scalars():
    x, y = data.piecewise_data(n=np.int64(100), noise=np.float32(0.3))
    assert np.allclose(y, data.piecewise_data()[1])


# ----------------------------------------------------------------- noise_data and noise_holdout


def test_noise_data_reproduces_the_lecture_draw():
    np.random.seed(43052)  # the lecture's own code
    expected = np.random.normal(loc=0, scale=0.001, size=(100, 1))
    x, y = data.noise_data()
    np.testing.assert_array_equal(y, expected)
    np.testing.assert_array_equal(x[:, 0], np.linspace(0, 1, 100))


def test_holdout_is_a_fresh_draw_of_the_same_process():
    _, y = data.noise_data()
    x_new, y_new = data.noise_holdout()
    assert x_new.shape == y_new.shape == (10_000, 1)
    assert x_new.min() == 0 and x_new.max() == 1
    assert not np.isin(y_new, y).any()
    assert abs(y_new.mean()) < 3e-5 and abs(y_new.std() - 0.001) < 3e-5
    np.testing.assert_array_equal(data.noise_holdout()[1], y_new)


# ----------------------------------------------------------------- logistic_data


def lecture_stream():
    """The lecture's own steps: re-seed, 100 normals for the overfitting noise, then the labels."""
    np.random.seed(43052)
    np.random.normal(loc=0, scale=0.001, size=(100, 1))
    x = np.linspace(-1, 1, 2000).reshape(2000, 1)
    v = 1 / (1 + np.exp(-(-1 + 5 * x)))
    return np.random.binomial(1, v)


def test_logistic_data_reproduces_the_lecture():
    x, y = data.logistic_data()
    assert x.shape == y.shape == (2000, 1)
    assert x.dtype == y.dtype == np.float64
    assert int(y.sum()) == 810
    np.testing.assert_array_equal(y, lecture_stream())
    np.testing.assert_allclose(x[[0, -1], 0], [-1, 1])


def test_logistic_data_follows_its_weights():
    x, y = data.logistic_data(n=20000, w0=0.0, w1=0.0)
    assert abs(y.mean() - 0.5) < 0.02
