import numpy as np
import pytest

from stbda_utils import data


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


@pytest.mark.parametrize(
    "kwargs,err",
    [
        ({"n": 0}, ValueError),
        ({"n": 2.5}, TypeError),
        ({"w0": "1"}, TypeError),
        ({"w1": np.nan}, ValueError),
        ({"w0": True}, TypeError),
    ],
)
def test_logistic_data_rejects_bad_input(kwargs, err):
    with pytest.raises(err):
        data.logistic_data(**kwargs)
