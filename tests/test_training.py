"""Tests of stbda_utils/training.py: the models and full-batch training (bad input: test_bad_inputs.py).
Every test starts from setup in English, as a notebook does."""

import numpy as np
import pytest
import tensorflow as tf  # its log settings come from tests/conftest.py, set before any import
from project import LECTURE_INIT

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


def test_numpy_integer_epochs_are_accepted():
    x, y = data.piecewise_data()
    history = training.fit_full_batch(linear_net(), x, y, epochs=np.int64(3))
    assert len(history.history["loss"]) == 3


def test_y_with_other_columns_than_the_outputs_is_refused():
    """A 3-output model used to train against a 1-column y by broadcasting."""
    x, y = data.piecewise_data()
    net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(3)])
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    with pytest.raises(ValueError, match=r"y must have shape \(100, 3\)"):
        training.fit_full_batch(net, x, y, epochs=1)
    with pytest.raises(ValueError, match=r"x must have shape \(N, 1\)"):
        training.fit_full_batch(linear_net(), np.hstack([x, x]), y, epochs=1)


# ----------------------------------------------------------------- dense_net, set_weights, glorot_weights


def test_dense_net_layers_and_params():
    net = training.dense_net([2, 1])
    assert [layer.units for layer in net.layers] == [2, 1]
    assert [layer.count_params() for layer in net.layers] == [4, 3]
    assert net.layers[0].activation.__name__ == "relu"
    assert net.layers[-1].activation.__name__ == "linear"


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
