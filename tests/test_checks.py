"""The converters of stbda_utils.checks, by class of input: what they refuse and what they keep working."""

import numpy as np
import pytest

from stbda_utils import checks

EXAMPLE = "x=np.ones((3, 1))"


@pytest.mark.parametrize(
    "value",
    [
        "0.9",
        b"1",
        None,
        ["0.9", "1.0"],
        [1.0, "2"],
        np.array(["1", "2"]),
        [1 + 2j],
        np.ones(2, dtype=complex),
        [True, 1.0],
        [[1.0], [np.True_]],
        np.array([True, False]),
        np.array([1.0, None], dtype=object),
        [[1.0], [2.0, 3.0]],
        {"a": 1},
    ],
    ids=repr,
)
def test_array_refuses_every_kind_but_ints_and_floats_before_any_cast(value):
    with pytest.raises(TypeError, match=r"^x must be an array of numbers \(ints or floats\), e\.g\. x=np\.ones"):
        checks.array(value, "x", EXAMPLE)


@pytest.mark.parametrize(
    "value,dtype",
    [
        ([1.0, np.nan], np.float64),
        ([np.inf], np.float64),
        (1e39, np.float32),
        ([1e308], np.float32),
        (np.float64(-3.5e38), np.float32),
        (np.array([7e4]), np.float16),
    ],
)
def test_array_is_finite_after_the_cast_to_the_dtype_used(value, dtype):
    with pytest.raises(ValueError, match=rf"^x must hold finite {np.dtype(dtype)} numbers.*e\.g\. x=np\.ones"):
        checks.array(value, "x", EXAMPLE, dtype=dtype)


@pytest.mark.parametrize(
    "value,shape",
    [
        (np.ones((2, 2)), (None, 1)),
        (np.ones(3), (None, 1)),
        (np.ones((3, 1, 1)), (None, 1)),
        (np.ones((0, 1)), (None, 1)),
        (np.ones((2, 2)), (2,)),
        (np.ones(2), ()),
        ([], None),
    ],
)
def test_array_wants_exactly_its_shape(value, shape):
    with pytest.raises(ValueError, match=r"^x must (have shape|hold at least one number)"):
        checks.array(value, "x", EXAMPLE, shape=shape)


def _tensor():
    import tensorflow as tf

    return tf.constant([[1.0], [2.0]])


@pytest.mark.parametrize(
    "make",
    [
        lambda: np.array([[1.0], [2.0]], dtype=np.float16),
        lambda: np.array([[1.0, 9.0], [2.0, 9.0]])[:, :1],  # a strided view
        lambda: np.array([[1.0, 2.0]]).T,  # a transposed view
        lambda: np.array([[1], [2]], dtype=np.uint8),
        lambda: [[np.float32(1)], [np.int64(2)]],
        lambda: ((1,), (2,)),
        _tensor,
    ],
    ids=["float16", "strided", "transposed", "uint8", "numpy scalars", "tuples", "tf tensor"],
)
def test_valid_unusual_arrays_keep_working(make):
    out = checks.array(make(), "x", EXAMPLE, shape=(None, 1), dtype=np.float32)
    assert out.dtype == np.float32 and out.tolist() == [[1.0], [2.0]]


def test_column_takes_a_vector_or_one_column_and_nothing_wider():
    assert checks.column(np.ones((3, 1)), "x", EXAMPLE).shape == (3,)
    assert checks.column([1, 2], "x", EXAMPLE).shape == (2,)
    for wrong in (np.ones((3, 2)), np.ones((1, 3)), 2.0, np.ones((2, 1, 1))):
        with pytest.raises(ValueError, match=r"^x must have shape \(N,\) or \(N, 1\)"):
            checks.column(wrong, "x", EXAMPLE)


@pytest.mark.parametrize(
    "value,error",
    [
        ("3", TypeError),
        (3.0, TypeError),
        (True, TypeError),
        (np.True_, TypeError),
        (None, TypeError),
        (0, ValueError),
        (2**40, ValueError),
    ],
)
def test_integer_refuses_other_kinds_and_out_of_range(value, error):
    with pytest.raises(error, match=r"^epochs must be an int from 1 to 2,147,483,647, e\.g\. epochs=1000; got"):
        checks.integer(value, "epochs", 1000, 1, checks.MAX_STEPS)


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3), np.int32(3), np.array(3)])
def test_integer_takes_numpy_ints_and_0d_int_arrays(value):
    assert type(checks.integer(value, "n", 3)) is int


@pytest.mark.parametrize(
    "value,error", [(np.array(3.0), TypeError), (np.array(True), TypeError), (np.array([3]), TypeError)]
)
def test_integer_refuses_0d_arrays_of_other_kinds_and_1d_arrays(value, error):
    with pytest.raises(error, match=r"^n must be an int"):
        checks.integer(value, "n", 3)


def test_integers_takes_lists_tuples_and_1d_int_arrays_within_bounds():
    for value in ([2, 1], (2, 1), np.array([2, 1]), [np.int64(2), np.array(1)]):
        assert checks.integers(value, "units", [2, 1], 1, 4) == [2, 1]
    for value, error, match in [
        ([], TypeError, r"^units must be a non-empty list of ints"),
        (np.array([[2, 1]]), TypeError, r"^units must be a non-empty list of ints"),
        ([2, 5], ValueError, r"^units\[1\] must be an int from 1 to 4"),
        (np.array([2.0, 1.0]), TypeError, r"^units\[0\] must be an int"),
    ]:
        with pytest.raises(error, match=match):
            checks.integers(value, "units", [2, 1], 1, 4)


def test_array_refuses_masked_values_but_takes_a_mask_that_hides_nothing():
    x = np.linspace(-1, 1, 4).reshape(-1, 1)
    with pytest.raises(ValueError, match=r"^x must have no masked values, e\.g\. .*; got 2$"):
        checks.array(np.ma.masked_greater(x, 0), "x", EXAMPLE)
    np.testing.assert_array_equal(checks.array(np.ma.masked_array(x, mask=False), "x", EXAMPLE), x)


@pytest.mark.parametrize(
    "value,error",
    [
        ("0.9", TypeError),
        (True, TypeError),
        (np.False_, TypeError),
        (1j, TypeError),
        ([0.1], ValueError),
        (float("nan"), ValueError),
        (1e39, ValueError),  # inf as float32
        (0.0, ValueError),
        (-0.1, ValueError),
    ],
)
def test_number_refuses_kinds_shapes_non_finite_and_out_of_range(value, error):
    with pytest.raises(error, match=r"^lr must "):
        checks.number(value, "lr", 0.1, low=0, strict=True, dtype=np.float32)


@pytest.mark.parametrize("value", [0.5, np.float16(0.5), np.float32(0.5), np.int64(2), np.array(0.5), 1])
def test_number_takes_numpy_scalars_and_0d_arrays(value):
    assert type(checks.number(value, "lr", 0.1)) is float


def test_number_takes_a_tf_scalar():
    import tensorflow as tf

    assert checks.number(tf.constant(0.25), "lr", 0.1) == 0.25


@pytest.mark.parametrize("value,expected", [(True, True), (np.True_, True), (np.False_, False)])
def test_flag_takes_python_and_numpy_bools(value, expected):
    assert checks.flag(value, "per_epoch_loss") is expected


@pytest.mark.parametrize("value", [1, 0, "True", None, np.array([True])])
def test_flag_refuses_everything_else(value):
    with pytest.raises(TypeError, match=r"^per_epoch_loss must be True or False; got"):
        checks.flag(value, "per_epoch_loss")


@pytest.mark.parametrize(
    "value,error,match",
    [
        ([], ValueError, "a non-empty list of arrays"),
        ("W", TypeError, "a list of arrays"),
        (np.ones(2), TypeError, "a list of arrays"),
        ([[1.0], ["a"]], TypeError, r"weights\[1\] must be an array of numbers"),
        ([[1.0], [np.nan]], ValueError, r"weights\[1\] must hold finite"),
    ],
)
def test_arrays_refuses_empty_lists_text_and_bad_members(value, error, match):
    with pytest.raises(error, match=match):
        checks.arrays(value, "weights", "model.get_weights()")


def _models():
    import tensorflow as tf

    class Subclassed(tf.keras.Model):
        def call(self, x):
            return x

    dense = tf.keras.layers.Dense
    two_in = [tf.keras.Input((1,)), tf.keras.Input((1,))]
    return {
        "text": "net",
        "unbuilt": tf.keras.Sequential([dense(1)]),
        "conv": tf.keras.Sequential([tf.keras.Input((4, 4, 1)), tf.keras.layers.Conv2D(1, 2)]),
        "no bias": tf.keras.Sequential([tf.keras.Input((1,)), dense(1, use_bias=False)]),
        "subclassed": Subclassed(),
        "two inputs": tf.keras.Model(two_in, dense(1)(tf.keras.layers.Concatenate()(two_in))),
        "3-d input": tf.keras.Sequential([tf.keras.Input((2, 3)), dense(1)]),
    }


@pytest.mark.parametrize("kind", ["text", "unbuilt", "conv", "no bias", "subclassed", "two inputs", "3-d input"])
def test_model_refuses_every_other_kind_with_one_message(kind):
    with pytest.raises(TypeError, match=r"^model must be a built tf\.keras\.Sequential of Dense layers \(with bias\)"):
        checks.model(_models()[kind])


def test_model_refuses_nan_weights_and_wants_compile_when_asked():
    import tensorflow as tf

    net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(2), tf.keras.layers.Activation("relu")])
    assert checks.model(net) is net
    with pytest.raises(ValueError, match="is not compiled"):
        checks.model(net, compiled=True)
    net.set_weights([np.full((1, 2), np.nan, dtype="float32"), np.zeros(2, dtype="float32")])
    with pytest.raises(ValueError, match="weights hold NaN or infinity"):
        checks.model(net)


def test_labels_keeps_0_1_columns_flat_and_refuses_other_values_or_counts():
    assert checks.labels(np.array([[0], [1], [1]]), "y", 3).tolist() == [0.0, 1.0, 1.0]
    for value, count in [([0, 1, 2], 3), ([0, 0.5], 2), ([0, 1], 3), ([[0, 1]], 2)]:
        with pytest.raises(ValueError, match=r"^y must "):
            checks.labels(value, "y", count)


@pytest.mark.parametrize(
    ("value", "ascii_only", "error"),
    [
        (1, False, TypeError),
        (None, False, TypeError),
        ("", False, ValueError),
        ("my w", False, ValueError),
        ("1w", False, ValueError),
        ("입력", True, ValueError),
    ],  # fmt: skip
)
def test_name_refuses_non_identifiers(value, ascii_only, error):
    with pytest.raises(error, match=r"^name must be "):
        checks.name(value, "name", "w", ascii_only=ascii_only)
    assert checks.name("입력", "name", "w") == "입력" and checks.name("sgd_1", "name", "w", ascii_only=True) == "sgd_1"
