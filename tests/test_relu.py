import matplotlib
import numpy as np
import pytest
import tensorflow as tf

from stbda_utils import data, figures, relu, setup, training

matplotlib.use("Agg")

# The lecture's failed two-unit network: unit 2 is dead on [-1, 1].
LECTURE_FAILURE = [[[1.9579618, 0.46560898]], [0.34100613, -0.4658857], [[1.7770029], [-0.7268499]], [-0.60076195]]


@pytest.fixture(autouse=True)
def english():
    setup(lang="en")


def random_weights(k: int, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.RandomState(seed)
    return [rng.normal(size=(1, k)), rng.normal(size=k), rng.normal(size=(k, 1)), rng.normal(size=1)]


@pytest.mark.parametrize("k", [1, 2, 7])
def test_parts_add_up_to_the_prediction(k):
    w1, b1, w2, b2 = random_weights(k)
    x = np.linspace(-1, 1, 11)
    d = relu.decompose_weights([w1, b1, w2, b2], x)
    expected = np.maximum(x[:, None] @ w1 + b1, 0) @ w2 + b2
    np.testing.assert_allclose(d.yhat, expected[:, 0])
    np.testing.assert_allclose(d.weighted.sum(axis=1) + d.bias, d.yhat)
    np.testing.assert_allclose(d.relu, np.maximum(d.lines, 0))
    assert d.units == k and d.lines.shape == (11, k)


def test_decompose_matches_the_keras_model():
    net = training.dense_net([3, 1])
    training.set_weights(net, random_weights(3, seed=1))
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


def test_decompose_weights_checks_shapes_and_types():
    with pytest.raises(ValueError, match=r"b1 must have shape \(2,\)"):
        relu.decompose_weights([[[1.0, 2.0]], [0.0], [[1.0], [1.0]], [0.0]], [0.0])
    with pytest.raises(TypeError, match=r"\[W1, b1, W2, b2\]"):
        relu.decompose_weights("weights", [0.0])
    with pytest.raises(ValueError, match="1-D array or an \\(N, 1\\) column"):
        relu.decompose_weights(LECTURE_FAILURE, np.zeros((3, 2)))


def test_describe_has_one_row_per_unit():
    x, _ = data.piecewise_data()
    setup(lang="en")
    lines = relu.describe(relu.decompose_weights(LECTURE_FAILURE, x)).splitlines()
    assert lines[0].split() == ["unit", "W1", "b1", "kink", "W2", "W1*W2", "dead"]
    assert lines[1].split() == ["1", "1.9580", "0.3410", "-0.1742", "1.7770", "3.4793", "no"]
    assert lines[2].split()[-1] == "yes"
    setup(lang="ko")
    try:
        ko = relu.describe(relu.decompose_weights(LECTURE_FAILURE, x)).splitlines()
    finally:
        setup(lang="en")
    assert ko[0].split() == ["유닛", "W1", "b1", "꺾임점", "W2", "W1*W2", "죽은", "유닛"]
    assert ko[1].split()[:-1] == lines[1].split()[:-1] and ko[2].split()[-1] == "예"
    with pytest.raises(TypeError, match="Decomposition"):
        relu.describe(LECTURE_FAILURE)


def test_plot_marks_the_dead_unit_and_has_four_panels():
    x, y = data.piecewise_data()
    fig = figures.plot_decomposition(relu.decompose_weights(LECTURE_FAILURE, x), y)
    assert len(fig.axes) == 4
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["unit 1", "unit 2 (dead)"]
    assert fig.get_size_inches()[0] <= 7.5
    assert fig.axes[3].get_title() == "④ sum plus b2 = -0.6008"
    matplotlib.pyplot.close(fig)


def test_plot_in_korean():
    setup(lang="ko")
    x, _ = data.piecewise_data()
    fig = figures.plot_decomposition(relu.decompose_weights(LECTURE_FAILURE, x))
    assert fig.axes[0].get_title().startswith("① 유닛별 직선")
    assert "죽은 유닛" in fig.axes[0].get_legend().get_texts()[1].get_text()
    matplotlib.pyplot.close(fig)


def test_plot_of_many_units_has_no_unit_legend():
    d = relu.decompose_weights(random_weights(50), np.linspace(-1, 1, 20))
    fig = figures.plot_decomposition(d)
    assert fig.axes[0].get_legend() is None
    matplotlib.pyplot.close(fig)


def test_plot_checks_its_arguments():
    d = relu.decompose_weights(LECTURE_FAILURE, [0.0, 1.0])
    with pytest.raises(TypeError, match="Decomposition"):
        figures.plot_decomposition("d")
    with pytest.raises(ValueError, match="one value per x"):
        figures.plot_decomposition(d, y=[1.0, 2.0, 3.0])
    fig, axes = matplotlib.pyplot.subplots(1, 3)
    with pytest.raises(ValueError, match="4 matplotlib Axes"):
        figures.plot_decomposition(d, axes=axes)
    matplotlib.pyplot.close("all")
