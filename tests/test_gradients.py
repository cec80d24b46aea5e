import numpy as np
import pytest

from stbda_utils import data, relu

LECTURE_FAILURE = [[[1.9579618, 0.46560898]], [0.34100613, -0.4658857], [[1.7770029], [-0.7268499]], [-0.60076195]]
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


def test_mean_is_the_sum_divided_by_n():
    x, y = data.piecewise_data()
    total = relu.tape_gradients(LECTURE_FAILURE, x, y, reduction="sum")
    mean = relu.tape_gradients(LECTURE_FAILURE, x, y, reduction="mean")
    for s, m in zip(total, mean):
        np.testing.assert_allclose(m, s / len(x), rtol=1e-9, atol=1e-20)


def test_agrees_with_finite_differences():
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


def test_rejects_bad_arguments():
    x, y = data.piecewise_data()
    with pytest.raises(ValueError, match="reduction must be one of"):
        relu.tape_gradients(LECTURE_FAILURE, x, y, reduction="max")
    with pytest.raises(TypeError, match=r"\[W1, b1, W2, b2\]"):
        relu.tape_gradients(LECTURE_FAILURE[:3], x, y)
    with pytest.raises(ValueError, match=r"x must be 2-D \(N, features\)"):
        relu.tape_gradients(LECTURE_FAILURE, x[:, 0], y)
    with pytest.raises(ValueError, match=r"columns \(N, 1\)"):
        relu.tape_gradients(LECTURE_FAILURE, np.hstack([x, x]), y)
    with pytest.raises(ValueError, match="same number of rows"):
        relu.tape_gradients(LECTURE_FAILURE, x[:50], y)


def test_format_prints_zeros_plainly():
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
