"""Bad input to a public function fails at once, naming the argument and saying what to pass.

Every case here was accepted silently or failed deep inside TensorFlow, NumPy or
matplotlib before the shared checks of ``stbda_utils.checks`` (found by the
code-health issue's throwaway probe). NumPy scalars, which used to be
refused in many places, now pass wherever Python numbers do. (Each case fails on
the code before the shared checks; "trajectory, int32 overflow" did so by training
for 2**31 steps.)
"""

import gc

import numpy as np
import pytest

from stbda_utils import animation, data, diagrams, figures, logistic, relu, runtime, text, training

pytestmark = pytest.mark.usefixtures("setup_english")


NAN = float("nan")
X = np.linspace(-1, 1, 4).reshape(-1, 1)
LABELS = np.array([[0.0], [0.0], [1.0], [1.0]])
RELU_WEIGHTS = [[[1.0, -1.0]], [0.0, -5.0], [[1.0], [1.0]], [0.0]]
GRADIENTS = [np.zeros((1, 2)), np.zeros(2), np.zeros((2, 1)), np.zeros(1)]


def unit(loss: str = "binary_crossentropy"):
    return training.sigmoid_unit(loss, kernel=-1.0)


def sgd():
    import tensorflow as tf

    return tf.keras.optimizers.SGD(0.1)


def panel():
    w0, w1 = np.meshgrid([0.0, 1.0], [0.0, 1.0], indexing="ij")
    return logistic.Panel("MSE", w0, w1, w0 + w1, np.zeros((2, 2)), np.zeros(2))


def decomposition():
    return relu.decompose_weights(RELU_WEIGHTS, [-1.0, 1.0])


CASES = {
    # the issue: binary cross-entropy with targets outside [0, 1] trained to a loss of -10.55
    "bce fit, y = 2": (
        lambda: training.fit_full_batch(unit(), X, 2 * LABELS, epochs=2),
        ValueError,
        "y must hold values from 0 to 1",
    ),
    "bce fit, y = -1": (
        lambda: training.fit_full_batch(unit(), X, LABELS - 1, epochs=2),
        ValueError,
        "e.g. 0/1 labels for binary_crossentropy",
    ),
    "bce trajectory, y = 2": (
        lambda: training.record_trajectory(unit(), X, 2 * LABELS, steps=1),
        ValueError,
        "y must hold values from 0 to 1",
    ),
    "trajectory, y of 2 columns": (
        lambda: training.record_trajectory(unit("mse"), X, np.zeros((4, 2)), steps=1),
        ValueError,
        r"pass y of shape \(N, 1\)",
    ),
    "trajectory, int32 overflow": (
        lambda: training.record_trajectory(unit("mse"), X, LABELS, steps=2, epochs_per_step=2**31),
        ValueError,
        "epochs_per_step must be a positive int of at most",
    ),
    "race, int32 overflow": (
        lambda: logistic.race(X, LABELS, sgd, start=(-3, -1), steps=1, epochs_per_step=2**32 + 3),
        ValueError,
        "epochs_per_step must be a positive int of at most",
    ),
    "numpy bce, y = 2": (lambda: logistic.bce([2.0, 0.0], [0.9, 0.2]), ValueError, "y must hold 0/1 labels only, e.g."),
    "surface, y = -1": (
        lambda: logistic.sigmoid_bce(0.0, 0.0, [-1.0, 1.0], [-1.0, 1.0]),
        ValueError,
        r"y must hold 0/1 labels only, e\.g\. y from data\.logistic_data\(\); got -1",
    ),
    "numpy bce, y text": (
        lambda: logistic.bce("ab", [0.9, 0.2]),
        TypeError,
        "y must be a number or an array of numbers",
    ),
    "surface, ragged x": (
        lambda: logistic.sigmoid_mse(0.0, 0.0, [[1.0], [2.0, 3.0]], [0.0, 1.0]),
        TypeError,
        "x must be a number or an array",
    ),
    "sigmoid of None": (lambda: logistic.sigmoid(None), TypeError, "u must be a number or an array"),
    "grid step inf": (
        lambda: logistic.weight_grid(step=float("inf")),
        ValueError,
        "step must be a positive finite number",
    ),
    "grid range to inf": (
        lambda: logistic.weight_grid(w0_range=(0, float("inf"))),
        ValueError,
        r"w0_range must be a pair \(start, stop\) of finite numbers with start < stop, e\.g\. w0_range=\(-10, 3\); got \(0, inf\)",
    ),
    "grid range of text": (
        lambda: logistic.weight_grid(w0_range=("a", "b")),
        TypeError,
        r"w0_range must be a pair \(start, stop\) of finite numbers.*; got \(.a., .b.\)",
    ),
    "panel path NaN": (
        lambda: logistic.Panel(
            "MSE", np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2)), np.full((2, 2), NAN), np.zeros(2)
        ),
        ValueError,
        "path must hold finite numbers",
    ),
    # text
    "rounded digits text": (lambda: text.rounded(1.5, "4"), TypeError, "digits must be an int from 0 to 10"),
    "rounded digits 99": (
        lambda: text.rounded(1.5, 99),
        ValueError,
        "digits must be an int from 0 to 10, e.g. digits=4; got 99",
    ),
    "rounded of text": (lambda: text.rounded("x", 2), TypeError, "v must be a number"),
    "pad width text": (lambda: text.pad("ab", "4"), TypeError, "width must be an int of at least 0"),
    "display_width of None": (lambda: text.display_width(None), TypeError, "text must be a string"),
    "weights names text": (
        lambda: text.format_weights([[1.0], [2.0]], names="ab"),
        TypeError,
        "names must give one name per weight array",
    ),
    "weights holding text": (
        lambda: text.format_weights([[1.0], "x"]),
        TypeError,
        r"weights\[1\] must be a number or an array",
    ),
    "max_difference of None": (lambda: text.max_difference(None, [[1.0]]), TypeError, "ours must be a list of arrays"),
    "max_difference shapes": (
        lambda: text.max_difference([[1.0, 2.0]], [[1.0]]),
        ValueError,
        r"ours\[0\] must have the shape of reference\[0\]",
    ),
    "compare tol inf": (
        lambda: text.compare_weights([[1.0]], [[1.0]], tol=float("inf")),
        ValueError,
        "tol must be a positive finite number",
    ),
    "compare labels one": (
        lambda: text.compare_weights([[1.0]], [[1.0]], labels=("a",)),
        TypeError,
        "labels must be two column titles",
    ),
    # data
    "truth of None": (lambda: data.piecewise_truth(None), TypeError, "x must be a number or an array"),
    "truth of NaN": (lambda: data.piecewise_truth([NAN]), ValueError, "x must hold finite numbers"),
    # training
    "dense_net input_dim 0": (
        lambda: training.dense_net([1], input_dim=0),
        ValueError,
        "input_dim must be a positive int",
    ),
    "dense_net input_dim True": (
        lambda: training.dense_net([1], input_dim=True),
        TypeError,
        "input_dim must be a positive int",
    ),
    "dense_net activation": (
        lambda: training.dense_net([1], activation="no_such"),
        ValueError,
        "activation must be a Keras activation name",
    ),
    "set_weights on text": (
        lambda: training.set_weights("net", [[[0.5]], [0.0]]),
        TypeError,
        "model must be a tf.keras.Model",
    ),
    "set_weights of text": (
        lambda: training.set_weights(training.dense_net([1]), [[["a"]], [0.0]]),
        TypeError,
        r"weights\[0\] must be a number or an array",
    ),
    "glorot seed True": (
        lambda: training.glorot_weights(training.dense_net([1]), seed=True),
        TypeError,
        "seed must be an int from 0 to 4,294,967,295",
    ),
    "glorot seed None": (
        lambda: training.glorot_weights(training.dense_net([1]), seed=None),
        TypeError,
        "seed must be an int",
    ),
    "glorot seed -1": (
        lambda: training.glorot_weights(training.dense_net([1]), seed=-1),
        ValueError,
        "seed must be an int from 0",
    ),
    "glorot on text": (lambda: training.glorot_weights("net", seed=1), TypeError, "model must be a tf.keras.Model"),
    "fit callbacks text": (
        lambda: training.fit_full_batch(unit("mse"), X, LABELS, epochs=1, callbacks="cb"),
        TypeError,
        "callbacks must be a list of Keras callbacks",
    ),
    # relu
    "decompose NaN weights": (
        lambda: relu.decompose_weights([[[NAN, 1.0]], [0.0, 0.0], [[1.0], [1.0]], [0.0]], [0.0]),
        ValueError,
        "weights: W1 must hold finite numbers",
    ),
    "decompose NaN x": (lambda: relu.decompose_weights(RELU_WEIGHTS, [NAN]), ValueError, "x must hold finite numbers"),
    "gradients NaN x": (
        lambda: relu.tape_gradients(RELU_WEIGHTS, [[NAN], [1.0]], [[2.0], [2.0]]),
        ValueError,
        "x contains NaN",
    ),
    "gradients two-column x": (
        lambda: relu.tape_gradients(RELU_WEIGHTS, [[1.0, 2.0], [1.0, 2.0]], [[2.0], [2.0]]),
        ValueError,
        r"x and y must be columns \(N, 1\)",
    ),
    "gradients k mismatch": (
        lambda: relu.tape_gradients([[[1.0]], [0.0], [[1.0], [1.0]], [0.0]], [[1.0]], [[2.0]]),
        ValueError,
        r"weights: W2 must have shape \(1, 1\)",
    ),
    "format_gradients None": (lambda: relu.format_gradients(None), TypeError, "gradients must hold the 4 arrays"),
    # figures
    "plot_fit x text": (lambda: figures.plot_fit("abc", [0, 1, 4]), TypeError, "x must be a number or an array"),
    "plot_fit curves text": (lambda: figures.plot_fit([0, 1], [0, 1], curves="c"), TypeError, "curves must be a dict"),
    "plot_fit curve length": (
        lambda: figures.plot_fit([0, 1, 2], [0, 1, 4], curves={"fit": [0, 1]}),
        ValueError,
        r"curves\['fit'\] must have one value per point \(3\)",
    ),
    "plot_fit truth text": (
        lambda: figures.plot_fit([0, 1], [0, 1], truth="f"),
        TypeError,
        "truth must be a function of x",
    ),
    "plot_loss log text": (
        lambda: figures.plot_loss(type("H", (), {"history": {"loss": [1.0]}})(), log="yes"),
        TypeError,
        "log must be True or False",
    ),
    "plot_loss ax text": (
        lambda: figures.plot_loss(type("H", (), {"history": {"loss": [1.0]}})(), ax="ax"),
        TypeError,
        "ax must be matplotlib Axes",
    ),
    "surfaces truth NaN": (
        lambda: figures.plot_loss_surfaces(
            np.zeros((2, 2)), np.zeros((2, 2)), {"MSE": np.zeros((2, 2))}, truth=(NAN, 1)
        ),
        ValueError,
        "truth must be a pair of finite numbers",
    ),
    "draw surface NaN loss": (
        lambda: animation.draw_loss_surface(_axes3d(), np.zeros((2, 2)), np.zeros((2, 2)), np.full((2, 2), NAN), "MSE"),
        ValueError,
        "w0, w1 and loss must be finite 2-D arrays",
    ),
    "decomposition y NaN": (
        lambda: figures.plot_decomposition(decomposition(), y=[NAN, 1.0]),
        ValueError,
        "y must hold finite numbers",
    ),
    "probability title 3": (
        lambda: figures.plot_probability([0, 1], [0, 1], [0.5, 0.5], title=3),
        TypeError,
        "title must be a string or None",
    ),
    # diagrams
    "svg of None": (lambda: diagrams.prefix_svg_ids(None, "d1-"), TypeError, "svg must be the SVG text"),
    "diagram width 0": (
        lambda: diagrams.model_diagram(training.dense_net([1]), width=0),
        ValueError,
        "width must be a positive finite number",
    ),
    "diagram name empty": (
        lambda: diagrams.model_diagram(training.dense_net([1]), name=""),
        TypeError,
        "name must be the input's name",
    ),
    # animation
    "race x NaN": (
        lambda: animation.loss_race([panel()], [NAN, 1.0], [0.0, 1.0], truth=(0, 1), title="t"),
        ValueError,
        "x must hold finite numbers",
    ),
    "race y = 2": (
        lambda: animation.loss_race([panel()], [0.0, 1.0], [0.0, 2.0], truth=(0, 1), title="t"),
        ValueError,
        "y must hold 0/1 labels only",
    ),
    "race title None": (
        lambda: animation.loss_race([panel()], [0.0, 1.0], [0.0, 1.0], truth=(0, 1), title=None),
        TypeError,
        "title must be a non-empty string",
    ),
    "race height 0": (
        lambda: animation.loss_race([panel()], [0.0, 1.0], [0.0, 1.0], truth=(0, 1), title="t", height=0),
        ValueError,
        "height must be a positive finite number",
    ),
    "race width True": (
        lambda: animation.loss_race([panel()], [0.0, 1.0], [0.0, 1.0], truth=(0, 1), title="t", width=True),
        TypeError,
        "width must be a positive finite number",
    ),
    # runtime
    "versions lang fr": (
        lambda: runtime.check_versions("2.20.0", "3.10.0", lang="fr"),
        ValueError,
        "lang must be one of",
    ),
    "versions of None": (
        lambda: runtime.check_versions(None, "3.10.0"),
        TypeError,
        "tf_version must be a version string",
    ),
}


def _axes3d():
    from matplotlib.figure import Figure

    return Figure().add_subplot(projection="3d")


@pytest.mark.parametrize("call,error,message", CASES.values(), ids=CASES.keys())
def test_bad_input_fails_saying_what_to_pass(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.filterwarnings("ignore:Animation was deleted")
def test_player_mode_is_checked():
    """default_mode='sometimes' failed inside matplotlib's writer after the frames were drawn."""
    from matplotlib.animation import FuncAnimation
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    (line,) = fig.add_subplot().plot([0, 1], [0, 1])
    ani = FuncAnimation(fig, lambda k: [line.set_ydata([0, k])], frames=2)
    with pytest.raises(ValueError, match=r"default_mode must be one of \('once', 'loop', 'reflect'\)"):
        animation.animation_html(ani, "demo", default_mode="sometimes")
    del ani
    gc.collect()  # its "deleted without rendering" warning, here where it is expected


NUMPY_SCALARS = {
    "counted n": lambda: text.counted("diagram_units", np.int64(3)),
    "format digits": lambda: text.format_weights([[1.0]], digits=np.int64(2)),
    "compare tol": lambda: text.compare_weights([[1.0]], [[1.0]], digits=np.int32(2), tol=np.float32(1e-3)),
    "sigmoid_unit lr": lambda: training.sigmoid_unit("mse", kernel=np.float32(-1.0), lr=np.float32(0.1)),
    "describe digits": lambda: relu.describe(decomposition(), digits=np.int64(2)),
    "gradients digits": lambda: relu.format_gradients(GRADIENTS, digits=np.int64(2)),
    "grid step": lambda: logistic.weight_grid((-1, 1), (np.float64(-1), np.int64(1)), step=np.float32(0.5)),
    "diagram max_units, width": lambda: diagrams.model_diagram(
        training.dense_net([1]), max_units=np.int64(4), width=np.float32(5)
    ),
    "palette colors": lambda: animation.palette_png(_png(), colors=np.int64(16)),
}


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, format="png")
    return buf.getvalue()


@pytest.mark.parametrize("call", NUMPY_SCALARS.values(), ids=NUMPY_SCALARS.keys())
def test_numpy_scalars_pass_where_python_numbers_do(call):
    call()


def test_checks_return_python_values():
    from stbda_utils.checks import finite_number, int_in_range, positive_number

    assert type(int_in_range(np.int64(3), "n", 3, 0)) is int
    assert type(finite_number(np.float32(0.5), "w0", -1.0)) is float
    assert type(positive_number(np.int64(2), "lr", 0.1)) is float
