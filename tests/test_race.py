import numpy as np
import pytest

from stbda_utils import setup
from stbda_utils.animation import Panel
from stbda_utils.logistic import Race, race, sigmoid_bce, sigmoid_mse, summarize_path, weight_grid
from stbda_utils.training import fit_full_batch, flat_weights, record_trajectory, set_weights, sigmoid_unit


@pytest.fixture(autouse=True)
def book_language():
    """Every test here starts in English (a test may switch; the next one starts over)."""
    setup(lang="en")


import tensorflow as tf  # noqa: E402  (after setup, as in the notebooks)

GRID = weight_grid((-4, 2), (-2, 6), step=1.0)
FAST = {"grid": GRID, "steps": 2, "epochs_per_step": 3}


def sgd():
    return tf.keras.optimizers.SGD(0.1)


def adam():
    return tf.keras.optimizers.Adam(0.1)


@pytest.fixture(scope="module")
def data():
    rng = np.random.RandomState(0)
    x = np.linspace(-1, 1, 40).reshape(-1, 1)
    y = (rng.uniform(size=(40, 1)) < 1 / (1 + np.exp(-(-1 + 5 * x)))).astype(float)
    return x, y


def by_hand(x, y, keras_loss, start, warmup=None, steps=2, epochs_per_step=3):
    """The notebook's former loop, written out: the reference for race()."""
    X = np.hstack([np.ones_like(x), x])
    net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, use_bias=False, activation="sigmoid")])
    net.compile(optimizer=adam() if warmup is not None else sgd(), loss=keras_loss)
    first = None
    if warmup is not None:
        set_weights(net, [np.reshape(warmup, (2, 1))])
        first = fit_full_batch(net, X, y, epochs=1).history["loss"][0]
    set_weights(net, [np.reshape(start, (2, 1))])
    return first, record_trajectory(net, X, y, steps=steps, epochs_per_step=epochs_per_step)


def test_panels_and_lines_match_the_loop_written_out(data):
    x, y = data
    result = race(x, y, sgd, start=(-3, -1), **FAST)
    assert isinstance(result, Race)
    assert [p.name for p in result.panels] == ["MSE", "BCE"]
    for panel, keras_loss, loss_fn in zip(result.panels, ("mse", "binary_crossentropy"), (sigmoid_mse, sigmoid_bce)):
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


def test_summary_follows_the_language(data):
    x, y = data
    try:
        setup(lang="ko")
        result = race(x, y, adam, start=(-3, -1), warmup={"MSE": (1.3, 0.64), "BCE": (-1.04, -0.62)}, **FAST)
    finally:
        setup(lang="en")
    assert result.lines[0].startswith("MSE: 준비 에폭의 손실 ") and result.lines[1].startswith("  그 뒤 (w0, w1) = (")
    assert result.lines[2] == "MSE: 옵티마이저 갱신 7번" and result.lines[4].startswith("  손실: ")
    assert not any(word in result.summary for word in ("loss", "steps", "warm-up", "then"))


def test_describe_checks_its_input():
    with pytest.raises(TypeError, match="panel must be a logistic.Panel"):
        summarize_path("MSE", 10)
    grid = np.meshgrid([0.0, 1.0], [0.0, 1.0], indexing="ij")
    panel = Panel("MSE", *grid, grid[0], np.zeros((2, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="optimizer_steps must be a positive int"):
        summarize_path(panel, 0)


@pytest.mark.slow
def test_warmup_epoch_is_replayed_and_reported(data):
    x, y = data
    warm = {"MSE": (1.3, 0.64), "BCE": (-1.04, -0.62)}
    result = race(x, y, adam, start=(-3, -1), warmup=warm, **FAST)
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
    fresh = race(x, y, adam, start=(-3, -1), **FAST)
    assert not np.array_equal(fresh.panels[1].path[-1], result.panels[1].path[-1])


def test_one_loss_and_the_default_grid(data):
    x, y = data
    result = race(x, y, sgd, start=(-10, -1), losses=["BCE"], steps=1, epochs_per_step=1)
    assert [p.name for p in result.panels] == ["BCE"] and result.panels[0].frames == 2
    assert result.warmup_loss == {} and result.warmup_weights == {}  # no warm-up epoch
    assert result.panels[0].w0.shape == (65, 55)


@pytest.mark.parametrize(
    "kwargs,err,msg",
    [
        (
            {"start": (1, 2, 3)},
            ValueError,
            r"start must be a pair of finite numbers \(w0, w1\), e\.g\. start=\(-3, -1\)",
        ),
        ({"start": (np.nan, 1)}, ValueError, "start must be a pair of finite numbers"),
        ({"start": "(-3, -1)"}, TypeError, "start must be a pair"),
        ({"start": -3}, TypeError, "start must be a pair"),
        ({"start": ("a", 1)}, TypeError, "start must be a pair"),
        ({"start": (True, 1)}, TypeError, "start must be a pair"),
        ({"losses": ("MSE", "MAE")}, ValueError, r"unknown loss 'MAE'; use names from \['MSE', 'BCE'\]"),
        ({"losses": "MSE"}, TypeError, "list of loss names"),
        ({"losses": []}, TypeError, "list of loss names"),
        ({"losses": ["MSE", "MSE"]}, ValueError, "must not repeat"),
        ({"warmup": {"MSE": (1, 2)}}, ValueError, r"missing \['BCE'\]"),
        ({"warmup": {"MSE": (1, 2), "BCE": (1, 2), "MAE": (0, 0)}}, ValueError, r"unknown \['MAE'\]"),
        (
            {"warmup": {"MSE": (1, 2), "BCE": (1, 2, 3)}},
            ValueError,
            r"warmup\['BCE'\] must be a pair of finite numbers",
        ),
        ({"warmup": {"MSE": np.zeros((2, 1)), "BCE": (1, 2)}}, ValueError, r"warmup\['MSE'\] must be a pair"),
        ({"warmup": [(1, 2), (3, 4)]}, TypeError, "warmup must be None or a dict"),
        ({"make_optimizer": tf.keras.optimizers.SGD(0.1)}, TypeError, "function that returns a new optimizer"),
        ({"make_optimizer": lambda: "sgd"}, TypeError, "must return a Keras optimizer"),
        ({"grid": np.zeros((3, 3))}, TypeError, "grid must be the pair"),
        ({"grid": (np.zeros((3, 3)), np.zeros((3, 4)))}, ValueError, "grid must be the pair"),
        ({"steps": 0}, ValueError, "steps must be a positive int"),
        ({"epochs_per_step": 1.5}, TypeError, "epochs_per_step must be a positive int"),
    ],
)
def test_bad_input_says_what_to_pass(data, kwargs, err, msg):
    x, y = data
    args = {"make_optimizer": sgd, "start": (-3, -1), **FAST, **kwargs}
    with pytest.raises(err, match=msg):
        race(x, y, **args)


def test_bad_data_and_a_shared_optimizer(data):
    x, y = data
    with pytest.raises(ValueError, match="0/1 labels"):
        race(x, y + 0.5, sgd, start=(-3, -1), **FAST)
    with pytest.raises(ValueError, match="single columns"):
        race(np.hstack([x, x]), y, sgd, start=(-3, -1), **FAST)
    with pytest.raises(ValueError, match="same number of rows"):
        race(x, y[:5], sgd, start=(-3, -1), **FAST)
    shared = sgd()
    with pytest.raises(ValueError, match="new optimizer on every call"):
        race(x, y, lambda: shared, start=(-3, -1), **FAST)


def test_sigmoid_unit_matches_a_hand_built_unit(data):
    x, y = data
    net = sigmoid_unit("binary_crossentropy", kernel=-1.0035)
    hand = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, activation="sigmoid")])
    hand.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="binary_crossentropy")
    set_weights(hand, [[[-1.0035]], [0.0]])
    fit_full_batch(net, x, y, epochs=20)
    fit_full_batch(hand, x, y, epochs=20)
    np.testing.assert_array_equal(flat_weights(net), flat_weights(hand))
