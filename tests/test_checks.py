import numpy as np
import pytest

from stbda_utils.checks import finite_vector, positive_int


@pytest.mark.parametrize("value", [1, 15, np.int64(3)])
def test_positive_int_accepts_positive_ints(value):
    assert positive_int(value, "n", 100) == int(value)


@pytest.mark.parametrize(
    "value,err",
    [(0, ValueError), (-2, ValueError), (1.0, TypeError), (True, TypeError), ("3", TypeError), (None, TypeError)],
)
def test_positive_int_says_what_to_pass(value, err):
    with pytest.raises(err, match=r"steps must be a positive int, e\.g\. steps=29"):
        positive_int(value, "steps", 29)


def test_finite_vector_flattens():
    assert finite_vector(2.5, "w", "w=1.0").tolist() == [2.5]
    assert finite_vector(np.ones((2, 1)), "x", "x").shape == (2,)


@pytest.mark.parametrize(
    "value,err",
    [
        ("a", TypeError),
        (b"1", TypeError),
        (True, TypeError),
        (None, TypeError),
        ([[1], [2, 3]], TypeError),
        ([], ValueError),
        ([np.nan], ValueError),
        ([1, np.inf], ValueError),
    ],
)
def test_finite_vector_says_what_to_pass(value, err):
    with pytest.raises(err, match=r"kernel must .* e\.g\. kernel=-1\.0"):
        finite_vector(value, "kernel", "kernel=-1.0")
