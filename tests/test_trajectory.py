import numpy as np
import pytest
import tensorflow as tf  # its log settings come from tests/conftest.py, set before any import

from stbda_utils import setup
from stbda_utils.training import fit_full_batch, flat_weights, record_trajectory


@pytest.fixture(autouse=True)
def book_language():
    """Every test here starts in English (a test may switch; the next one starts over)."""
    setup(lang="en")


def unit(optimizer, start=(-3.0, -1.0)):
    net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, use_bias=False, activation="sigmoid")])
    net.compile(optimizer=optimizer, loss="mse")
    net.set_weights([np.array(start, dtype="float32").reshape(2, 1)])
    return net


@pytest.fixture(scope="module")
def data():
    rng = np.random.RandomState(0)
    x = np.linspace(-1, 1, 50).reshape(-1, 1)
    X = np.hstack([np.ones_like(x), x])
    y = (rng.uniform(size=(50, 1)) < 1 / (1 + np.exp(-(-1 + 5 * x)))).astype(float)
    return X, y


def test_shape_and_start_row(data):
    X, y = data
    path = record_trajectory(unit(tf.keras.optimizers.SGD(0.1)), X, y, steps=4, epochs_per_step=3)
    assert path.shape == (5, 2)
    assert path[0].tolist() == [-3.0, -1.0]
    assert not np.allclose(path[1], path[0])


def test_adam_state_carries_over_between_stretches(data):
    """Stretches of 5 epochs end exactly where one 15-epoch fit ends: Adam's moments are kept."""
    X, y = data
    path = record_trajectory(unit(tf.keras.optimizers.Adam(0.1)), X, y, steps=3, epochs_per_step=5)
    one_go = unit(tf.keras.optimizers.Adam(0.1))
    fit_full_batch(one_go, X, y, 15)
    np.testing.assert_array_equal(path[-1], flat_weights(one_go))
    # a fresh optimizer for every stretch would restart Adam's bias correction and land elsewhere
    restarted = unit(tf.keras.optimizers.Adam(0.1))
    for _ in range(3):
        restarted.compile(optimizer=tf.keras.optimizers.Adam(0.1), loss="mse")
        fit_full_batch(restarted, X, y, 5)
    assert not np.allclose(flat_weights(restarted), path[-1])


def test_optimizer_counts_every_epoch(data):
    X, y = data
    net = unit(tf.keras.optimizers.Adam(0.1))
    record_trajectory(net, X, y, steps=3, epochs_per_step=4)
    assert int(net.optimizer.iterations.numpy()) == 12


def test_flat_weights_orders_kernel_then_bias():
    net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
    net.set_weights([np.array([[2.0]], "float32"), np.array([-1.0], "float32")])
    assert flat_weights(net).tolist() == [2.0, -1.0]


@pytest.mark.parametrize(
    "kwargs,err,msg",
    [
        ({"steps": 0}, ValueError, "positive int"),
        ({"steps": 2.0}, TypeError, "positive int"),
        ({"epochs_per_step": -1}, ValueError, "positive int"),
        ({"epochs_per_step": True}, TypeError, "positive int"),
    ],
)
def test_rejects_bad_counts(data, kwargs, err, msg):
    X, y = data
    with pytest.raises(err, match=msg):
        record_trajectory(unit(tf.keras.optimizers.SGD(0.1)), X, y, **kwargs)


def test_rejects_bad_model_and_data(data):
    X, y = data
    with pytest.raises(TypeError, match="tf.keras.Model"):
        record_trajectory("net", X, y)
    uncompiled = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="compile"):
        record_trajectory(uncompiled, X, y)
    with pytest.raises(ValueError, match="same number of rows"):
        record_trajectory(unit(tf.keras.optimizers.SGD(0.1)), X, y[:10])
    with pytest.raises(TypeError, match="tf.keras.Model"):
        flat_weights(None)


def test_same_path_as_the_chapter_loop_of_short_fits(data):
    """Chapter 4 first shows the lecture's loop: short fit calls, get_weights after each.
    record_trajectory (one fit, a callback) must give exactly that path, with Adam too."""
    X, y = data
    path = record_trajectory(unit(tf.keras.optimizers.Adam(0.1)), X, y, steps=4, epochs_per_step=3)
    net = unit(tf.keras.optimizers.Adam(0.1))
    batch = tf.data.Dataset.from_tensors((X, y)).repeat()
    loop = [net.get_weights()[0].ravel()]
    for _ in range(4):
        net.fit(batch, epochs=3, steps_per_epoch=1, shuffle=False, verbose=0)
        loop.append(net.get_weights()[0].ravel())
    np.testing.assert_array_equal(path, np.array(loop))
