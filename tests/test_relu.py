"""Tests of stbda_utils/relu.py: a ReLU network split into its units, and its gradients."""

import numpy as np
import pytest
import tensorflow as tf
from project import LECTURE_FAILURE, random_relu_weights

from stbda_utils import data, relu, training
from stbda_utils.text import use_language

pytestmark = pytest.mark.usefixtures("english_labels")


# ----------------------------------------------------------------- decompose


@pytest.mark.parametrize("k", [1, 2, 7])
def test_parts_add_up_to_the_prediction(k):
    w1, b1, w2, b2 = random_relu_weights(k)
    x = np.linspace(-1, 1, 11)
    d = relu.decompose_weights([w1, b1, w2, b2], x)
    expected = np.maximum(x[:, None] @ w1 + b1, 0) @ w2 + b2
    np.testing.assert_allclose(d.yhat, expected[:, 0])
    np.testing.assert_allclose(d.weighted.sum(axis=1) + d.bias, d.yhat)
    np.testing.assert_allclose(d.relu, np.maximum(d.lines, 0))
    assert d.units == k and d.lines.shape == (11, k)


def test_decompose_matches_the_keras_model():
    net = training.dense_net([3, 1])
    training.set_weights(net, random_relu_weights(3, seed=1))
    x, _ = data.piecewise_data()
    d = relu.decompose(net, x)
    np.testing.assert_allclose(d.yhat, net.predict(x, verbose=0)[:, 0], atol=1e-5)


def test_decompose_accepts_a_separate_activation_layer():
    net = tf.keras.Sequential(
        [tf.keras.Input((1,)), tf.keras.layers.Dense(2), tf.keras.layers.Activation("relu"), tf.keras.layers.Dense(1)]
    )
    training.set_weights(net, LECTURE_FAILURE)
    x, _ = data.piecewise_data()
    assert relu.decompose(net, x).dead.tolist() == [False, True]


def test_lecture_failure_has_a_dead_second_unit():
    x, _ = data.piecewise_data()
    d = relu.decompose_weights(LECTURE_FAILURE, x)
    assert d.dead.tolist() == [False, True]
    assert np.all(d.relu[:, 1] == 0)
    np.testing.assert_allclose(d.kinks, [-0.34100613 / 1.9579618, 0.4658857 / 0.46560898])


def test_kink_of_a_flat_line_is_nan():
    d = relu.decompose_weights([[[0.0, 1.0]], [1.0, 0.0], [[1.0], [1.0]], [0.0]], [0.0, 1.0])
    assert np.isnan(d.kinks[0]) and d.kinks[1] == 0


@pytest.mark.parametrize("units,activation", [([2, 2, 1], "relu"), ([2, 1], "sigmoid"), ([2, 3], "relu")])
def test_decompose_rejects_other_architectures(units, activation):
    net = training.dense_net(units, activation=activation)
    with pytest.raises(ValueError, match=r"x -> Dense\(k, relu\) -> Dense\(1\)"):
        relu.decompose(net, [0.0])


def test_describe_has_one_row_per_unit():
    x, _ = data.piecewise_data()
    lines = relu.describe(relu.decompose_weights(LECTURE_FAILURE, x)).splitlines()
    assert lines[0].split() == ["unit", "W1", "b1", "kink", "W2", "W1*W2", "dead"]
    assert lines[1].split() == ["1", "1.9580", "0.3410", "-0.1742", "1.7770", "3.4793", "no"]
    assert lines[2].split()[-1] == "yes"
    use_language("ko")
    try:
        ko = relu.describe(relu.decompose_weights(LECTURE_FAILURE, x)).splitlines()
    finally:
        use_language("en")
    assert ko[0].split() == ["유닛", "W1", "b1", "꺾임점", "W2", "W1*W2", "죽은", "유닛"]
    assert ko[1].split()[:-1] == lines[1].split()[:-1] and ko[2].split()[-1] == "예"
    with pytest.raises(TypeError, match="Decomposition"):
        relu.describe(LECTURE_FAILURE)


# ----------------------------------------------------------------- tape_gradients

# What the lecture's tape printed at those weights (float64, summed per-sample MSE).
LECTURE_GRADIENTS = [[[-6.01630956e-05, 0.0]], [-1.22677221e-05, 0.0], [[-6.86439011e-05], [0.0]], [-3.2899797e-05]]


def test_reproduces_the_lecture_gradients():
    x, y = data.piecewise_data()
    got = relu.tape_gradients(LECTURE_FAILURE, x, y, reduction="sum")
    for g, expected in zip(got, LECTURE_GRADIENTS):
        assert g.dtype == np.float64
        np.testing.assert_allclose(g, expected, rtol=1e-6, atol=1e-14)


def test_dead_unit_gradients_are_exactly_zero():
    x, y = data.piecewise_data()
    w1, b1, w2, _ = relu.tape_gradients(LECTURE_FAILURE, x, y)
    assert w1[0, 1] == 0 and b1[1] == 0 and w2[1, 0] == 0


def test_gradient_mean_is_the_sum_divided_by_n():
    x, y = data.piecewise_data()
    total = relu.tape_gradients(LECTURE_FAILURE, x, y, reduction="sum")
    mean = relu.tape_gradients(LECTURE_FAILURE, x, y, reduction="mean")
    for s, m in zip(total, mean):
        np.testing.assert_allclose(m, s / len(x), rtol=1e-9, atol=1e-20)


def test_gradients_agree_with_finite_differences():
    x, y = data.piecewise_data()
    rng = np.random.RandomState(3)
    weights = [rng.normal(size=(1, 3)), rng.normal(size=3), rng.normal(size=(3, 1)), rng.normal(size=1)]

    def loss(ws):
        yhat = np.maximum(x @ ws[0] + ws[1], 0) @ ws[2] + ws[3]
        return float(np.sum((y - yhat) ** 2))

    grads = relu.tape_gradients(weights, x, y)
    h = 1e-6
    for i, w in enumerate(weights):
        for idx in np.ndindex(w.shape):
            up = [a.copy() for a in weights]
            down = [a.copy() for a in weights]
            up[i][idx] += h
            down[i][idx] -= h
            numeric = (loss(up) - loss(down)) / (2 * h)
            assert grads[i][idx] == pytest.approx(numeric, rel=1e-5, abs=1e-6)


def test_format_gradients_prints_zeros_plainly():
    text = relu.format_gradients(
        [np.array([[-0.0, 1e-5]]), np.array([0.0, -2.0]), np.array([[0.0], [0.0]]), np.array([3.0])]
    )
    assert text.splitlines() == [
        "dL/dW1 = [0, 1.0000e-05]",
        "dL/db1 = [0, -2.0000e+00]",
        "dL/dW2 = [0, 0]",
        "dL/db2 = [3.0000e+00]",
    ]
    with pytest.raises(ValueError, match="4 arrays"):
        relu.format_gradients([np.zeros(1)])
    with pytest.raises(ValueError, match="digits"):
        relu.format_gradients([np.zeros(1)] * 4, digits=-1)
