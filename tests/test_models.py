import numpy as np
import pytest

from stbda_utils import training


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
    import tensorflow as tf

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
    import tensorflow as tf

    with pytest.raises(ValueError, match="either lr .* or optimizer, not both"):
        training.sigmoid_unit("mse", 1.0, lr=0.1, optimizer=tf.keras.optimizers.SGD(0.1))
    used = tf.keras.optimizers.SGD(0.1)
    net = training.sigmoid_unit("mse", 1.0, optimizer=used)
    net.fit(np.ones((2, 1)), np.ones((2, 1)), verbose=0)
    with pytest.raises(ValueError, match="already trains another model"):
        training.sigmoid_unit("mse", 1.0, optimizer=used)


def test_glorot_weights_refuses_models_it_cannot_draw_for():
    """An unbuilt model used to get [] and a 4-D kernel zeros."""
    import tensorflow as tf

    unbuilt = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="model is not built"):
        training.glorot_weights(unbuilt, seed=1)
    conv = tf.keras.Sequential([tf.keras.Input((4, 4, 1)), tf.keras.layers.Conv2D(2, 3)])
    with pytest.raises(ValueError, match="Dense kernels"):
        training.glorot_weights(conv, seed=1)
