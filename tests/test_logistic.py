import numpy as np
import pytest

from stbda_utils import data, logistic


@pytest.fixture(scope="module")
def xy():
    return data.logistic_data()


def naive_losses(w0, w1, x, y):
    p = 1 / (1 + np.exp(-(w0 + w1 * x)))
    return np.mean((y - p) ** 2), -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_grid_is_the_lectures(xy):
    w0, w1 = logistic.weight_grid()
    assert w0.shape == w1.shape == (65, 55) and w0.size == 3575
    np.testing.assert_allclose(w0[:, 0], np.arange(-10, 3, 0.2))
    np.testing.assert_allclose(w1[0], np.arange(-1, 10, 0.2))


def test_surfaces_match_a_pointwise_loop_on_a_sample(xy):
    x, y = xy
    w0, w1 = logistic.weight_grid()
    mse, bce = logistic.sigmoid_mse(w0, w1, x, y), logistic.sigmoid_bce(w0, w1, x, y)
    assert mse.shape == bce.shape == w0.shape
    for i, j in [(0, 0), (10, 20), (45, 30), (64, 54)]:
        want_mse, want_bce = naive_losses(w0[i, j], w1[i, j], x, y)
        assert mse[i, j] == pytest.approx(want_mse, rel=1e-10)
        assert bce[i, j] == pytest.approx(want_bce, rel=1e-10)


def test_surfaces_have_their_minimum_near_the_true_weights(xy):
    x, y = xy
    w0, w1 = logistic.weight_grid()
    for surface in (logistic.sigmoid_mse(w0, w1, x, y), logistic.sigmoid_bce(w0, w1, x, y)):
        k = np.argmin(surface)
        assert abs(w0.flat[k] - -1) < 0.5 and abs(w1.flat[k] - 5) < 0.5


def test_bce_is_finite_where_the_naive_formula_overflows():
    x, y = np.array([-1.0, 1.0]), np.array([1.0, 0.0])
    value = logistic.sigmoid_bce(-800.0, 0.0, x, y)  # log(sigmoid(-800)) underflows to -inf naively
    assert np.isfinite(value) and value == pytest.approx(400.0)


def test_mse_plateau_equals_the_share_of_ones(xy):
    x, y = xy
    assert logistic.sigmoid_mse(-30.0, 0.0, x, y) == pytest.approx(810 / 2000, abs=1e-9)


def test_bce_and_mse_of_predictions():
    assert logistic.bce([1, 0, 1], [0.5, 0.5, 0.5]) == pytest.approx(np.log(2))
    assert logistic.mse([[1], [0]], [[0.75], [0.25]]) == pytest.approx(0.0625)


def test_gradient_matches_finite_differences(xy):
    x, y = xy
    h = 1e-6
    for loss, fn in (("mse", logistic.sigmoid_mse), ("bce", logistic.sigmoid_bce)):
        for w in [(-3.0, -1.0), (-10.0, -1.0), (0.5, 2.0)]:
            g = logistic.gradient(*w, x, y, loss)
            fd = [
                (fn(w[0] + h, w[1], x, y) - fn(w[0] - h, w[1], x, y)) / (2 * h),
                (fn(w[0], w[1] + h, x, y) - fn(w[0], w[1] - h, x, y)) / (2 * h),
            ]
            np.testing.assert_allclose(g, fd, rtol=1e-4, atol=1e-9)


def test_curvature_bce_is_convex_mse_is_not(xy):
    x, y = xy
    w0, w1 = logistic.weight_grid()
    assert (logistic.min_curvature(w0, w1, x, y, "bce") > 0).all()
    share = (logistic.min_curvature(w0, w1, x, y, "mse") < 0).mean()
    assert 0.5 < share < 1


def test_curvature_matches_finite_differences(xy):
    x, y = xy
    h = 1e-4
    for loss, fn in (("mse", logistic.sigmoid_mse), ("bce", logistic.sigmoid_bce)):
        w0, w1 = -2.0, 1.0
        f = lambda a, b, fn=fn: fn(a, b, x, y)  # noqa: E731
        h00 = (f(w0 + h, w1) - 2 * f(w0, w1) + f(w0 - h, w1)) / h**2
        h11 = (f(w0, w1 + h) - 2 * f(w0, w1) + f(w0, w1 - h)) / h**2
        h01 = (f(w0 + h, w1 + h) - f(w0 + h, w1 - h) - f(w0 - h, w1 + h) + f(w0 - h, w1 - h)) / (4 * h**2)
        want = np.linalg.eigvalsh([[h00, h01], [h01, h11]])[0]
        assert logistic.min_curvature(w0, w1, x, y, loss) == pytest.approx(want, rel=1e-3, abs=1e-7)


@pytest.mark.parametrize(
    "kwargs,err,msg",
    [
        ({"y": [0.0, 0.5]}, ValueError, "0/1 labels"),
        ({"y": np.zeros((2, 2))}, ValueError, "one column"),
        ({"x": [0.0, np.nan]}, ValueError, "finite"),
        ({"x": [0.0, 1.0, 2.0]}, ValueError, "same number of points"),
        ({"w0": np.zeros(3), "w1": np.zeros(2)}, ValueError, "same shape"),
        ({"w0": np.inf}, ValueError, "finite"),
    ],
)
def test_surface_functions_reject_bad_input(kwargs, err, msg):
    args = {"w0": 0.0, "w1": 0.0, "x": [0.0, 1.0], "y": [0.0, 1.0]} | kwargs
    for fn in (logistic.sigmoid_mse, logistic.sigmoid_bce):
        with pytest.raises(err, match=msg):
            fn(**args)


def test_prediction_losses_reject_bad_input():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        logistic.bce([1, 0], [1.0, 0.0])
    with pytest.raises(ValueError, match="the 2 values of y"):
        logistic.mse([1, 0], [0.5])
    with pytest.raises(ValueError, match="y must be a non-empty vector"):
        logistic.bce([], [])


def test_loss_name_and_grid_are_checked():
    with pytest.raises(ValueError, match="'mse' or 'bce'"):
        logistic.gradient(0.0, 0.0, [0.0], [1.0], "cross_entropy")
    with pytest.raises(ValueError, match="'mse' or 'bce'"):
        logistic.min_curvature(0.0, 0.0, [0.0], [1.0], "MSE")
    with pytest.raises(ValueError, match="positive finite number"):
        logistic.weight_grid(step=0)
    with pytest.raises(ValueError, match="start < stop"):
        logistic.weight_grid(w0_range=(3, -10))
