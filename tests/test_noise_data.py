import numpy as np
import pytest

from stbda_utils import data


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


@pytest.mark.parametrize("fn", [data.noise_data, data.noise_holdout])
@pytest.mark.parametrize(
    "kwargs,err,msg",
    [
        ({"n": 0}, ValueError, "positive int"),
        ({"n": 1.5}, TypeError, "positive int"),
        ({"scale": 0}, ValueError, "positive finite"),
        ({"scale": "0.001"}, TypeError, "positive finite number"),
        ({"scale": float("nan")}, ValueError, "positive finite"),
    ],
)
def test_noise_functions_reject_bad_arguments(fn, kwargs, err, msg):
    with pytest.raises(err, match=msg):
        fn(**kwargs)
