"""Tests of stbda_utils/training.py: the models, full-batch training and the recorded paths.
Every test starts from setup in English, as a notebook does."""

import numpy as np
import pytest
import tensorflow as tf  # its log settings come from tests/conftest.py, set before any import
from project import LECTURE_INIT, logistic_points

from stbda_utils import data, training

pytestmark = pytest.mark.usefixtures("setup_english")


# ----------------------------------------------------------------- fit_full_batch


def linear_net():
    net = training.dense_net([1])
    training.set_weights(net, [[[0.0]], [0.0]])
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    return net


def two_unit_net():
    net = training.dense_net([2, 1])
    training.set_weights(net, LECTURE_INIT)
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    return net


@pytest.mark.slow
@pytest.mark.parametrize("make", [linear_net, two_unit_net])
def test_fast_fit_matches_naive_fit(make):
    x, y = data.piecewise_data()
    fast, naive = make(), make()
    h_fast = training.fit_full_batch(fast, x, y, epochs=60)
    h_naive = naive.fit(x, y, epochs=60, batch_size=len(x), verbose=0, shuffle=False)
    for a, b in zip(fast.get_weights(), naive.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-6)
    np.testing.assert_allclose(h_fast.history["loss"], h_naive.history["loss"], rtol=1e-6)
    assert len(h_fast.history["loss"]) == 60


def test_linear_fit_reproduces_the_lecture():
    x, y = data.piecewise_data()
    net = linear_net()
    training.fit_full_batch(net, x, y, epochs=1000)
    w, b = net.get_weights()
    assert abs(w[0, 0] - 2.2616348) < 1e-5
    assert abs(b[0] - 0.6069048) < 1e-5


def test_fit_continues_from_where_it_stopped():
    x, y = data.piecewise_data()
    once, twice = linear_net(), linear_net()
    training.fit_full_batch(once, x, y, epochs=20)
    training.fit_full_batch(twice, x, y, epochs=10)
    training.fit_full_batch(twice, x, y, epochs=10)
    for a, b in zip(once.get_weights(), twice.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-7)


@pytest.mark.parametrize(
    "x,y,epochs,err,msg",
    [
        (np.zeros(5), np.zeros((5, 1)), 1, ValueError, "2-D"),
        (np.zeros((5, 1)), np.zeros((4, 1)), 1, ValueError, "same number of rows"),
        (np.array([[np.nan]] * 3), np.zeros((3, 1)), 1, ValueError, "NaN"),
        (np.array([["a"]] * 3), np.zeros((3, 1)), 1, TypeError, "real numbers"),
        (np.zeros((0, 1)), np.zeros((0, 1)), 1, ValueError, "empty"),
        (np.zeros((3, 1)), np.zeros((3, 1)), 0, ValueError, "epochs must be a positive int"),
        (np.zeros((3, 1)), np.zeros((3, 1)), -5, ValueError, "epochs must be a positive int"),
        (np.zeros((3, 1)), np.zeros((3, 1)), 2.0, TypeError, "epochs must be a positive int"),
    ],
)
def test_fit_bad_input_says_what_to_pass(x, y, epochs, err, msg):
    with pytest.raises(err, match=msg):
        training.fit_full_batch(linear_net(), x, y, epochs)


def test_rejects_unbuilt_and_uncompiled_models():
    x, y = np.zeros((3, 1)), np.zeros((3, 1))
    unbuilt = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    unbuilt.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="not built"):
        training.fit_full_batch(unbuilt, x, y, 1)
    with pytest.raises(ValueError, match="not compiled"):
        training.fit_full_batch(training.dense_net([1]), x, y, 1)
    with pytest.raises(TypeError, match="tf.keras.Model"):
        training.fit_full_batch("net", x, y, 1)


def test_one_execution_gives_the_same_weights_and_restores_the_model():
    x, y = data.piecewise_data()
    per_epoch, at_once = two_unit_net(), two_unit_net()
    training.fit_full_batch(per_epoch, x, y, epochs=300)
    hist = training.fit_full_batch(at_once, x, y, epochs=300, per_epoch_loss=False)
    for a, b in zip(per_epoch.get_weights(), at_once.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-6)
    assert len(hist.history["loss"]) == 1
    assert at_once.steps_per_execution == 1
    # training goes on from where it stopped, with per-epoch history again
    assert len(training.fit_full_batch(at_once, x, y, epochs=3).history["loss"]) == 3


@pytest.mark.slow
def test_one_execution_keeps_adam_state():
    x, y = data.piecewise_data()

    def adam_net():
        net = training.dense_net([1])
        training.set_weights(net, [[[0.0]], [0.0]])
        net.compile(optimizer=tf.keras.optimizers.Adam(0.1), loss="mse")
        return net

    a, b = adam_net(), adam_net()
    training.fit_full_batch(a, x, y, epochs=40)
    training.fit_full_batch(b, x, y, epochs=20, per_epoch_loss=False)
    training.fit_full_batch(b, x, y, epochs=20, per_epoch_loss=False)
    assert int(b.optimizer.iterations) == 40
    for u, v in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(u, v, atol=1e-6)


def test_one_execution_rejects_extra_metrics_and_bad_flag():
    x, y = data.piecewise_data()
    net = training.dense_net([1])
    net.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    with pytest.raises(ValueError, match="only an optimizer and a loss"):
        training.fit_full_batch(net, x, y, epochs=2, per_epoch_loss=False)
    with pytest.raises(TypeError, match="True or False"):
        training.fit_full_batch(linear_net(), x, y, epochs=2, per_epoch_loss="no")


def test_more_steps_than_tensorflow_counts_are_refused():
    """TensorFlow counts steps in int32: 2**32 + 3 epochs used to run 3 steps, 2**31 none."""
    x, y = data.piecewise_data()
    for epochs in (2**31, 2**32 + 3):
        with pytest.raises(ValueError, match="at most 2,147,483,647"):
            training.fit_full_batch(linear_net(), x, y, epochs=epochs, per_epoch_loss=False)


def test_numpy_integer_epochs_are_accepted():
    x, y = data.piecewise_data()
    history = training.fit_full_batch(linear_net(), x, y, epochs=np.int64(3))
    assert len(history.history["loss"]) == 3


def test_y_with_other_columns_than_the_outputs_is_refused():
    """A 3-output model used to train against a 1-column y by broadcasting."""
    x, y = data.piecewise_data()
    net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(3)])
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    with pytest.raises(ValueError, match=r"y has 1 column\(s\) but the model has 3 output\(s\)"):
        training.fit_full_batch(net, x, y, epochs=1)
    with pytest.raises(ValueError, match=r"x has 2 column\(s\) but the model takes 1"):
        training.fit_full_batch(linear_net(), np.hstack([x, x]), y, epochs=1)


# ----------------------------------------------------------------- dense_net, set_weights, glorot_weights, sigmoid_unit


def test_dense_net_layers_and_params():
    net = training.dense_net([2, 1])
    assert [layer.units for layer in net.layers] == [2, 1]
    assert [layer.count_params() for layer in net.layers] == [4, 3]
    assert net.layers[0].activation.__name__ == "relu"
    assert net.layers[-1].activation.__name__ == "linear"


@pytest.mark.parametrize(
    "units,err", [([], ValueError), ([0], ValueError), (["2"], TypeError), ("21", TypeError), ([True], TypeError)]
)
def test_dense_net_bad_units(units, err):
    with pytest.raises(err, match=r"e\.g\. \[2, 1\]|at least one"):
        training.dense_net(units)


def test_set_weights_checks_shapes_and_values():
    net = training.dense_net([2, 1])
    with pytest.raises(ValueError, match="weights must be a list of 4 arrays"):
        training.set_weights(net, [[[1.0, 2.0]]])
    with pytest.raises(ValueError, match=r"shape \(1, 2\)"):
        training.set_weights(net, [[[1.0]], [0, 0], [[1], [1]], [0]])
    with pytest.raises(ValueError, match="NaN"):
        training.set_weights(net, [[[np.nan, 1.0]], [0, 0], [[1], [1]], [0]])


def test_glorot_weights_are_reproducible_and_bounded():
    net = training.dense_net([512, 1])
    a, b = training.glorot_weights(net, seed=3), training.glorot_weights(net, seed=3)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert np.abs(a[0]).max() <= np.sqrt(6 / 513)
    assert not a[1].any() and not a[3].any()


def test_sigmoid_unit_weights_optimizer_and_bias():
    net = training.sigmoid_unit("mse", kernel=0.5, bias=-1.0, lr=0.05)
    assert [w.tolist() for w in net.get_weights()] == [[[0.5]], [-1.0]]
    assert net.layers[-1].activation.__name__ == "sigmoid"
    assert type(net.optimizer).__name__ == "SGD"
    assert float(net.optimizer.learning_rate) == pytest.approx(0.05)
    two = training.sigmoid_unit(
        "binary_crossentropy", kernel=[-3, -1], bias=None, optimizer=tf.keras.optimizers.Adam(0.1)
    )
    assert two.input_shape == (None, 2) and len(two.get_weights()) == 1
    assert type(two.optimizer).__name__ == "Adam"


@pytest.mark.parametrize(
    "kwargs,err,msg",
    [
        ({"loss": "no_such_loss"}, ValueError, "unknown loss 'no_such_loss'"),
        ({"loss": None}, TypeError, "Keras loss name"),
        ({"kernel": "1"}, TypeError, "kernel must be a number or an array of numbers"),
        ({"kernel": [np.inf]}, ValueError, "kernel must hold finite numbers"),
        ({"kernel": []}, ValueError, "kernel must hold finite numbers"),
        ({"bias": [0.0, 1.0]}, ValueError, "bias must be one number"),
        ({"lr": 0}, ValueError, r"lr must be a positive finite number, e\.g\. lr=0\.1"),
        ({"lr": True}, TypeError, "lr must be a positive finite number"),
        ({"optimizer": "adam"}, TypeError, "optimizer must be a Keras optimizer"),
    ],
)
def test_sigmoid_unit_bad_input(kwargs, err, msg):
    args = {"loss": "mse", "kernel": 1.0} | kwargs
    with pytest.raises(err, match=msg):
        training.sigmoid_unit(**args)


def test_sigmoid_unit_wants_a_fresh_optimizer_and_not_both():
    with pytest.raises(ValueError, match="either lr .* or optimizer, not both"):
        training.sigmoid_unit("mse", 1.0, lr=0.1, optimizer=tf.keras.optimizers.SGD(0.1))
    used = tf.keras.optimizers.SGD(0.1)
    net = training.sigmoid_unit("mse", 1.0, optimizer=used)
    net.fit(np.ones((2, 1)), np.ones((2, 1)), verbose=0)
    with pytest.raises(ValueError, match="already trains another model"):
        training.sigmoid_unit("mse", 1.0, optimizer=used)


def test_glorot_weights_refuses_models_it_cannot_draw_for():
    """An unbuilt model used to get [] and a 4-D kernel zeros."""
    unbuilt = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="model is not built"):
        training.glorot_weights(unbuilt, seed=1)
    conv = tf.keras.Sequential([tf.keras.Input((4, 4, 1)), tf.keras.layers.Conv2D(2, 3)])
    with pytest.raises(ValueError, match="Dense kernels"):
        training.glorot_weights(conv, seed=1)


def test_sigmoid_unit_matches_a_hand_built_unit():
    x, y = logistic_points(40)
    net = training.sigmoid_unit("binary_crossentropy", kernel=-1.0035)
    hand = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, activation="sigmoid")])
    hand.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="binary_crossentropy")
    training.set_weights(hand, [[[-1.0035]], [0.0]])
    training.fit_full_batch(net, x, y, epochs=20)
    training.fit_full_batch(hand, x, y, epochs=20)
    np.testing.assert_array_equal(training.flat_weights(net), training.flat_weights(hand))


# ----------------------------------------------------------------- record_trajectory and flat_weights


def unit(optimizer, start=(-3.0, -1.0)):
    net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, use_bias=False, activation="sigmoid")])
    net.compile(optimizer=optimizer, loss="mse")
    net.set_weights([np.array(start, dtype="float32").reshape(2, 1)])
    return net


@pytest.fixture(scope="module")
def trajectory_xy():
    """50 points with a column of ones for the bias: X = [1, x]."""
    x, y = logistic_points(50)
    return np.hstack([np.ones_like(x), x]), y


def test_trajectory_shape_and_start_row(trajectory_xy):
    X, y = trajectory_xy
    path = training.record_trajectory(unit(tf.keras.optimizers.SGD(0.1)), X, y, steps=4, epochs_per_step=3)
    assert path.shape == (5, 2)
    assert path[0].tolist() == [-3.0, -1.0]
    assert not np.allclose(path[1], path[0])


def test_adam_state_carries_over_between_stretches(trajectory_xy):
    """Stretches of 5 epochs end exactly where one 15-epoch fit ends: Adam's moments are kept."""
    X, y = trajectory_xy
    path = training.record_trajectory(unit(tf.keras.optimizers.Adam(0.1)), X, y, steps=3, epochs_per_step=5)
    one_go = unit(tf.keras.optimizers.Adam(0.1))
    training.fit_full_batch(one_go, X, y, 15)
    np.testing.assert_array_equal(path[-1], training.flat_weights(one_go))
    # a fresh optimizer for every stretch would restart Adam's bias correction and land elsewhere
    restarted = unit(tf.keras.optimizers.Adam(0.1))
    for _ in range(3):
        restarted.compile(optimizer=tf.keras.optimizers.Adam(0.1), loss="mse")
        training.fit_full_batch(restarted, X, y, 5)
    assert not np.allclose(training.flat_weights(restarted), path[-1])


def test_optimizer_counts_every_epoch(trajectory_xy):
    X, y = trajectory_xy
    net = unit(tf.keras.optimizers.Adam(0.1))
    training.record_trajectory(net, X, y, steps=3, epochs_per_step=4)
    assert int(net.optimizer.iterations.numpy()) == 12


def test_flat_weights_orders_kernel_then_bias():
    net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
    net.set_weights([np.array([[2.0]], "float32"), np.array([-1.0], "float32")])
    assert training.flat_weights(net).tolist() == [2.0, -1.0]


@pytest.mark.parametrize(
    "kwargs,err,msg",
    [
        ({"steps": 0}, ValueError, "positive int"),
        ({"steps": 2.0}, TypeError, "positive int"),
        ({"epochs_per_step": -1}, ValueError, "positive int"),
        ({"epochs_per_step": True}, TypeError, "positive int"),
    ],
)
def test_trajectory_rejects_bad_counts(trajectory_xy, kwargs, err, msg):
    X, y = trajectory_xy
    with pytest.raises(err, match=msg):
        training.record_trajectory(unit(tf.keras.optimizers.SGD(0.1)), X, y, **kwargs)


def test_trajectory_rejects_bad_model_and_data(trajectory_xy):
    X, y = trajectory_xy
    with pytest.raises(TypeError, match="tf.keras.Model"):
        training.record_trajectory("net", X, y)
    uncompiled = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="compile"):
        training.record_trajectory(uncompiled, X, y)
    with pytest.raises(ValueError, match="same number of rows"):
        training.record_trajectory(unit(tf.keras.optimizers.SGD(0.1)), X, y[:10])
    with pytest.raises(TypeError, match="tf.keras.Model"):
        training.flat_weights(None)


def test_same_path_as_the_chapter_loop_of_short_fits(trajectory_xy):
    """Chapter 4 first shows the lecture's loop: short fit calls, get_weights after each.
    record_trajectory (one fit, a callback) must give exactly that path, with Adam too."""
    X, y = trajectory_xy
    path = training.record_trajectory(unit(tf.keras.optimizers.Adam(0.1)), X, y, steps=4, epochs_per_step=3)
    net = unit(tf.keras.optimizers.Adam(0.1))
    batch = tf.data.Dataset.from_tensors((X, y)).repeat()
    loop = [net.get_weights()[0].ravel()]
    for _ in range(4):
        net.fit(batch, epochs=3, steps_per_epoch=1, shuffle=False, verbose=0)
        loop.append(net.get_weights()[0].ravel())
    np.testing.assert_array_equal(path, np.array(loop))
