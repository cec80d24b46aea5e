"""Every function a notebook calls, fed each class of bad input a student can make: it fails at once,
with the error class and a message that starts with the argument's name (test_checks.py tests the
converters themselves; test_student_inputs.py holds the single cases students hit, so they are not
repeated here)."""

import numpy as np
import pytest

from stbda_utils import animation, data, diagrams, figures, logistic, relu, text, training

pytestmark = pytest.mark.usefixtures("setup_english")

X = np.linspace(-1, 1, 4).reshape(-1, 1)
LABELS = np.array([[0.0], [0.0], [1.0], [1.0]])
RELU_WEIGHTS = [[[1.0, -1.0]], [0.0, -5.0], [[1.0], [1.0]], [0.0]]


def net(loss="mse", units=(2, 1)):
    import tensorflow as tf

    model = training.dense_net(list(units))
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss=loss)
    return model


def panel(frames=2):
    w0, w1 = np.meshgrid([0.0, 1.0], [0.0, 1.0], indexing="ij")
    return logistic.Panel("MSE", w0, w1, w0 + w1, np.zeros((frames, 2)), np.zeros(frames))


def sgd(lr=0.1):
    import tensorflow as tf

    return tf.keras.optimizers.SGD(lr)


#: (the call with one bad argument, its name as the message starts with it)
CALLS = {
    "piecewise_data noise": (lambda v: data.piecewise_data(noise=v), "noise"),
    "logistic_data w1": (lambda v: data.logistic_data(n=10, w1=v), "w1"),
    "noise_data scale": (lambda v: data.noise_data(scale=v), "scale"),
    "piecewise_truth x": (lambda v: data.piecewise_truth(v), "x"),
    "fit x": (lambda v: training.fit_full_batch(net(), v, LABELS, epochs=1), "x"),
    "fit y": (lambda v: training.fit_full_batch(net(), X, v, epochs=1), "y"),
    "plot_fit x": (lambda v: figures.plot_fit(v, LABELS), "x"),
    "plot_probability prob": (lambda v: figures.plot_probability(X, LABELS, v), "prob"),
    "surfaces grid": (lambda v: figures.plot_loss_surfaces(v, np.ones((2, 2)), {"MSE": np.ones((2, 2))}), "w0"),
    "sigmoid_mse w0": (lambda v: logistic.sigmoid_mse(v, 0.0, X, LABELS), "w0"),
    "gradient x": (lambda v: logistic.gradient(0.0, 0.0, v, LABELS, "mse"), "x"),
    "race start": (lambda v: logistic.race(X, LABELS, sgd, start=v, steps=1, epochs_per_step=1), "start"),
    "decompose_weights x": (lambda v: relu.decompose_weights(RELU_WEIGHTS, v), "x"),
    "tape_gradients y": (lambda v: relu.tape_gradients(RELU_WEIGHTS, X, v), "y"),
    "format_weights": (lambda v: text.format_weights([v]), r"weights\[0\]"),
    "compare_weights": (lambda v: text.compare_weights([[1.0]], [v]), r"reference\[0\]"),
    "max_difference": (lambda v: text.max_difference([v], [[1.0]]), r"ours\[0\]"),
    "play truth": (lambda v: animation.play([panel()], X, LABELS, truth=v, title="t", name="t"), "truth"),
}

#: classes of bad values: (value, error); arrays where the call takes arrays, numbers where it takes one
BAD = {
    "numeric string": ("0.9", TypeError),
    "strings in a list": (["0.9", "1.0"], TypeError),
    "complex": (np.array([1 + 1j, 2, 3, 4]), TypeError),
    "bools": ([True, False, True, False], TypeError),
    "objects": (np.array([None] * 4, dtype=object), TypeError),
    "NaN": (np.full((4, 1), np.nan), ValueError),
}
#: the arguments that reach Keras, where float32 is the dtype used: 1e39 is infinite there
FLOAT32 = ("piecewise_data noise", "logistic_data w1", "noise_data scale", "fit x", "fit y", "race start")


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("call,name", CALLS.values(), ids=CALLS.keys())
def test_every_class_of_bad_value_is_refused_naming_the_argument(call, name, bad):
    value, error = bad
    with pytest.raises(error, match=rf"^{name} must"):
        call(value)


@pytest.mark.parametrize("call,name", [CALLS[k] for k in FLOAT32], ids=FLOAT32)
def test_float32_overflow_is_refused_where_keras_computes(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must .*finite float32"):
        call({"x": np.full((4, 1), 1e39), "y": np.full((4, 1), 1e39), "start": (1e39, 0.0)}.get(name, 1e39))


WRONG_SHAPE = {
    "2-D x to plot_probability": lambda: figures.plot_probability(np.ones((4, 2)), LABELS, LABELS),
    "flat y to fit": lambda: training.fit_full_batch(net(), X, LABELS.ravel(), epochs=1),
    "wrong W1 shape": lambda: relu.decompose_weights([[1.0, -1.0], [0.0, 0.0], [[1.0], [1.0]], [0.0]], X),
}


@pytest.mark.parametrize("call", WRONG_SHAPE.values(), ids=WRONG_SHAPE.keys())
def test_wrong_shapes_are_refused_never_flattened(call):
    with pytest.raises((TypeError, ValueError), match=r"must (have shape|hold|be)"):
        call()


def nan_net():
    model = net()
    model.set_weights([np.full(w.shape, np.nan, dtype="float32") for w in model.get_weights()])
    return model


MODEL_CALLS = {
    "fit_full_batch": lambda m: training.fit_full_batch(m, X, LABELS, epochs=1),
    "glorot_weights": lambda m: training.glorot_weights(m, seed=1),
    "model_diagram": lambda m: diagrams.model_diagram(m),
    "decompose": lambda m: relu.decompose(m, X),
}


@pytest.mark.parametrize("call", MODEL_CALLS.values(), ids=MODEL_CALLS.keys())
def test_every_model_path_refuses_nan_weights_and_other_kinds(call):
    import tensorflow as tf

    with pytest.raises(ValueError, match="weights hold NaN"):
        call(nan_net())
    no_bias = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, use_bias=False)])
    no_bias.compile(optimizer="sgd", loss="mse")
    with pytest.raises(
        TypeError, match=r"^model must be a built tf\.keras\.Sequential.*got Sequential of Dense\(use_bias=False\)"
    ):
        call(no_bias)


RUNAWAY = {
    "a 1000x1000 diagram": (lambda: diagrams.model_diagram(training.dense_net([1000] * 4), max_units=32), "edges"),
    "2**31 epochs": (lambda: training.fit_full_batch(net(), X, LABELS, epochs=2**31), "epochs"),
    "a race of 2**31 steps": (
        lambda: logistic.race(X, LABELS, sgd, (0, 0), steps=2, epochs_per_step=2**30),
        "epochs_per_step",
    ),
}


@pytest.mark.parametrize("call,name", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_work_is_refused_up_front(call, name):
    with pytest.raises(ValueError, match=rf"{name}"):
        call()


def test_a_runaway_dot_is_killed_with_its_caller(monkeypatch):
    import subprocess

    monkeypatch.setattr(diagrams, "DOT_SECONDS", 0.001)
    with pytest.raises(subprocess.TimeoutExpired):
        diagrams.model_diagram(net()).svg()


OTHER_BAD = {
    "lr 1e39 (inf in float32)": (lambda: logistic.race(X, LABELS, lambda: sgd(1e39), (0, 0), steps=1), ValueError),
    "an empty weight list": (lambda: text.compare_weights([], []), ValueError),
    "bce fit, y = 2": (
        lambda: training.fit_full_batch(net("binary_crossentropy", (1,)), X, 2 * LABELS, epochs=1),
        ValueError,
    ),
}


@pytest.mark.parametrize("call,error", OTHER_BAD.values(), ids=OTHER_BAD.keys())
def test_other_mistakes_are_refused(call, error):
    with pytest.raises(error, match="must"):
        call()


VALID_UNUSUAL = {
    "transposed x": lambda: figures.plot_fit(X.ravel()[None, :].T, LABELS),
    "strided x": lambda: relu.decompose_weights(RELU_WEIGHTS, np.linspace(-1, 1, 8)[::2]),
    "digits as np.int64": lambda: text.compare_weights([[1.0]], [[1.0]], digits=np.int32(2), tol=np.float32(1e-3)),
}


@pytest.mark.parametrize("call", VALID_UNUSUAL.values(), ids=VALID_UNUSUAL.keys())
def test_valid_unusual_input_keeps_working(call):
    call()
