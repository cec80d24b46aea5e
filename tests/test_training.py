import numpy as np
import pytest
import tensorflow as tf

from stbda_utils import data, training


def linear_net():
    net = training.dense_net([1])
    training.set_weights(net, [[[0.0]], [0.0]])
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    return net


def two_unit_net():
    net = training.dense_net([2, 1])
    training.set_weights(net, [[[0.98630846, 0.59210145]], [0, 0], [[0.52757335], [0.33660662]], [0]])
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    return net


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
def test_bad_input_says_what_to_pass(x, y, epochs, err, msg):
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
