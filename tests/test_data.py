import numpy as np
import pytest

from stbda_utils import data

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


@pytest.mark.parametrize(
    "n,err", [(0, ValueError), (-3, ValueError), (2.5, TypeError), ("100", TypeError), (True, TypeError)]
)
def test_piecewise_data_rejects_bad_sizes(n, err):
    with pytest.raises(err, match="positive int"):
        data.piecewise_data(n)


@pytest.mark.parametrize(
    "noise, error", [(float("nan"), ValueError), (-0.3, ValueError), ([0.1, 0.2], TypeError), ("0.3", TypeError)]
)
def test_piecewise_data_refuses_noise_that_is_not_one_finite_sd(noise, error):
    """noise=nan used to return NaN data."""
    with pytest.raises(error, match="noise"):
        data.piecewise_data(noise=noise)


def test_piecewise_data_takes_numpy_scalars():
    x, y = data.piecewise_data(n=np.int64(100), noise=np.float32(0.3))
    assert np.allclose(y, data.piecewise_data()[1])
