"""Tests of stbda_utils/logistic.py: the loss surfaces of one sigmoid unit, and the race of
MSE against BCE on them (trained by Keras, so every test starts from setup in English)."""

import numpy as np
import pytest
import tensorflow as tf  # its log settings come from tests/conftest.py, set before any import
from project import logistic_points

from stbda_utils import data, logistic, setup

pytestmark = pytest.mark.usefixtures("setup_english")

#: the chapter's grid, as chapter 4 builds it
CHAPTER_GRID = np.meshgrid(np.arange(-10, 3, 0.2), np.arange(-1, 10, 0.2), indexing="ij")


@pytest.fixture(scope="module")
def xy():
    return data.logistic_data()


def naive_losses(w0, w1, x, y):
    p = 1 / (1 + np.exp(-(w0 + w1 * x)))
    return np.mean((y - p) ** 2), -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_surfaces_match_a_pointwise_loop_on_a_sample(xy):
    x, y = xy
    w0, w1 = CHAPTER_GRID
    mse, bce = logistic.sigmoid_mse(w0, w1, x, y), logistic.sigmoid_bce(w0, w1, x, y)
    assert mse.shape == bce.shape == w0.shape
    for i, j in [(0, 0), (10, 20), (45, 30), (64, 54)]:
        want_mse, want_bce = naive_losses(w0[i, j], w1[i, j], x, y)
        assert mse[i, j] == pytest.approx(want_mse, rel=1e-10)
        assert bce[i, j] == pytest.approx(want_bce, rel=1e-10)


def test_surfaces_have_their_minimum_near_the_true_weights(xy):
    x, y = xy
    w0, w1 = CHAPTER_GRID
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
    w0, w1 = CHAPTER_GRID
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


# ----------------------------------------------------------------- race and summarize_path

GRID = np.meshgrid(np.arange(-4.0, 2.0), np.arange(-2.0, 6.0), indexing="ij")
FAST = {"grid": GRID, "steps": 2, "epochs_per_step": 3}


def sgd():
    return tf.keras.optimizers.SGD(0.1)


def adam():
    return tf.keras.optimizers.Adam(0.1)


@pytest.fixture(scope="module")
def race_xy():
    return logistic_points(40)


def by_hand(x, y, keras_loss, start, warmup=None, steps=2, epochs_per_step=3):
    """The lecture's loop in plain Keras (``fit`` on arrays, ``get_weights``): the reference for logistic.race(),
    sharing none of stbda_utils' training code."""
    X = np.hstack([np.ones_like(x), x])
    net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, use_bias=False, activation="sigmoid")])
    net.compile(optimizer=adam() if warmup is not None else sgd(), loss=keras_loss)

    def fit(epochs):
        return net.fit(X, y, epochs=epochs, batch_size=len(X), shuffle=False, verbose=0)

    first = None
    if warmup is not None:
        net.set_weights([np.reshape(warmup, (2, 1)).astype("float32")])
        first = fit(1).history["loss"][0]
    net.set_weights([np.reshape(start, (2, 1)).astype("float32")])
    path = [net.get_weights()[0].ravel()]
    for _ in range(steps):
        fit(epochs_per_step)
        path.append(net.get_weights()[0].ravel())
    return first, np.array(path, dtype=float)


def test_panels_and_lines_match_the_loop_written_out(race_xy):
    x, y = race_xy
    result = logistic.race(x, y, sgd, start=(-3, -1), **FAST)
    assert isinstance(result, logistic.Race)
    assert [p.name for p in result.panels] == ["MSE", "BCE"]
    for panel, keras_loss, loss_fn in zip(
        result.panels, ("mse", "binary_crossentropy"), (logistic.sigmoid_mse, logistic.sigmoid_bce)
    ):
        _, path = by_hand(x, y, keras_loss, (-3, -1))
        np.testing.assert_array_equal(panel.path, path)
        np.testing.assert_array_equal(panel.loss, loss_fn(*GRID, x, y))
        np.testing.assert_array_equal(panel.path_loss, loss_fn(path[:, 0], path[:, 1], x, y))
    assert len(result.lines) == 6
    assert result.lines[:2] == [
        "MSE: 6 optimizer steps",
        "  (w0, w1): (-3.00, -1.00) -> (" + ", ".join(f"{v:.3f}" for v in result.panels[0].path[-1]) + ")",
    ]
    assert result.lines[2] == f"  loss: {result.panels[0].path_loss[0]:.4f} -> {result.panels[0].path_loss[-1]:.4f}"
    assert result.lines[3] == "BCE: 6 optimizer steps"
    assert result.summary == "\n".join(result.lines)
    assert max(len(line) for line in result.lines) <= 50  # short enough for a phone


def test_summary_follows_the_language(race_xy):
    x, y = race_xy
    try:
        setup(lang="ko")
        result = logistic.race(x, y, adam, start=(-3, -1), warmup={"MSE": (1.3, 0.64), "BCE": (-1.04, -0.62)}, **FAST)
    finally:
        setup(lang="en")
    assert result.lines[0].startswith("MSE: 준비 에폭의 손실 ") and result.lines[1].startswith("  그 뒤 (w0, w1) = (")
    assert result.lines[2] == "MSE: 옵티마이저 갱신 7번" and result.lines[4].startswith("  손실: ")
    assert not any(word in result.summary for word in ("loss", "steps", "warm-up", "then"))


@pytest.mark.slow
def test_warmup_epoch_is_replayed_and_reported(race_xy):
    x, y = race_xy
    warm = {"MSE": (1.3, 0.64), "BCE": (-1.04, -0.62)}
    result = logistic.race(x, y, adam, start=(-3, -1), warmup=warm, **FAST)
    assert len(result.lines) == 10
    assert result.lines[0].startswith("MSE: warm-up epoch loss ") and result.lines[5].startswith(
        "BCE: warm-up epoch loss "
    )
    assert result.lines[1].startswith("  then (w0, w1) = (")
    assert result.lines[2] == "MSE: 7 optimizer steps"  # 1 warm-up + 2 x 3
    assert result.lines[3].startswith("  (w0, w1): (-3.00, -1.00) -> (")
    first, path = by_hand(x, y, "binary_crossentropy", (-3, -1), warmup=warm["BCE"])
    assert result.lines[5] == f"BCE: warm-up epoch loss {first:.4f}"
    assert result.warmup_loss["BCE"] == first and set(result.warmup_loss) == {"MSE", "BCE"}
    w0, w1 = result.warmup_weights["MSE"]
    assert result.lines[1] == f"  then (w0, w1) = ({w0:.4f}, {w1:.4f})"
    np.testing.assert_array_equal(result.panels[1].path, path)
    # Adam remembers the warm-up epoch: the path differs from a fresh Adam's
    fresh = logistic.race(x, y, adam, start=(-3, -1), **FAST)
    assert not np.array_equal(fresh.panels[1].path[-1], result.panels[1].path[-1])


def test_one_loss_and_the_default_grid(race_xy):
    x, y = race_xy
    result = logistic.race(x, y, sgd, start=(-10, -1), losses=["BCE"], steps=1, epochs_per_step=1)
    assert [p.name for p in result.panels] == ["BCE"] and result.panels[0].frames == 2
    assert result.warmup_loss == {} and result.warmup_weights == {}  # no warm-up epoch
    assert result.panels[0].w0.shape == (65, 55)


def test_race_refuses_a_shared_optimizer_or_an_optimizer_for_a_function(race_xy):
    x, y = race_xy
    shared = sgd()
    with pytest.raises(TypeError, match="a new Keras optimizer on every call"):
        logistic.race(x, y, lambda: shared, start=(-3, -1), **FAST)
    with pytest.raises(TypeError, match="function returning a new optimizer"):
        logistic.race(x, y, sgd(), start=(-3, -1), **FAST)
