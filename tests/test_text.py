"""Tests of stbda_utils/text.py: the labels in both languages and the printed weights."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from project import LECTURE_FINAL

from stbda_utils import setup, text
from stbda_utils.text import LABELS, current_lang, label

# ----------------------------------------------------------------- labels


def test_every_label_exists_in_both_languages():
    for key, texts in LABELS.items():
        assert set(texts) == {"ko", "en"}, key


def test_label_follows_setup():
    setup(lang="ko")
    assert current_lang() == "ko" and label("epoch") == "에폭"
    setup(lang="en")
    assert label("epoch") == "epoch"
    with pytest.raises(ValueError, match="unknown label"):
        label("nope")


def test_korean_figure_text_has_every_glyph():
    setup(lang="ko")
    fig, ax = plt.subplots()
    ax.plot([-2, -1, 0], [-1, 0, 1])
    ax.set_xlabel("입력 x"), ax.set_ylabel("잔차 y − ŷ"), ax.set_title(" ".join(v["ko"] for v in LABELS.values()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning
        fig.canvas.draw()
    plt.close(fig)


# ----------------------------------------------------------------- weights


def test_format_keeps_keras_nesting_and_rounds():
    printed = text.format_weights([np.array(w, dtype="float32") for w in LECTURE_FINAL])
    assert printed.splitlines() == [
        "W1 = [[1.7126, 0.9646]]",
        "b1 = [-0.1085, 0.8089]",
        "W2 = [[1.5033], [1.1612]]",
        "b2 = [-0.9116]",
    ]


def test_format_never_prints_negative_zero():
    assert text.format_weights([[-0.00001]], names=["w"]) == "w = [0.0000]"


def test_format_every_digit_prints_floats_as_given():
    printed = text.format_weights(LECTURE_FINAL, digits=None)
    assert "[[1.7125574, 0.96457523]]" in printed and "[-0.9116387]" in printed


def test_default_names_for_other_lengths():
    assert text.format_weights([[1.0], [2.0]], digits=1) == "w0 = [1.0]\nw1 = [2.0]"


def test_compare_reports_agreement():
    setup(lang="en")
    close = [np.array(w) + 5e-7 for w in LECTURE_FINAL]
    printed = text.compare_weights(close, LECTURE_FINAL)
    assert printed.splitlines()[-1] == "every weight within 1e-05 of the lecture's: yes"
    assert "[[1.7125574, 0.96457523]]" in printed
    far = [np.array(w) + 1e-3 for w in LECTURE_FINAL]
    assert text.compare_weights(far, LECTURE_FINAL).endswith(": no")


def test_compare_speaks_korean_and_keeps_columns_aligned():
    setup(lang="ko")
    try:
        lines = text.compare_weights(LECTURE_FINAL, LECTURE_FINAL).splitlines()
    finally:
        setup(lang="en")
    assert lines[0].split() == ["이", "책", "강의"]
    assert lines[-1] == "모든 가중치가 강의 값과 1e-05 이내: 예"
    # the reference column starts at the same screen column in the title and in every row
    starts = [
        text.display_width(line[: line.index(mark)])
        for line, mark in zip(lines[:5], ["강의", "[[1.7125574", "[-0.10849824", "[[1.5033181", "[-0.9116387"])
    ]
    assert len(set(starts)) == 1, starts


def test_display_width_counts_hangul_twice():
    assert text.display_width("W1 유닛") == 7
    assert text.pad("예", 4) == "예  " and text.pad("예", 4, right=True) == "  예"


def test_max_difference():
    assert text.max_difference(LECTURE_FINAL, LECTURE_FINAL) == 0.0
    with pytest.raises(ValueError, match="shape"):
        text.max_difference([[1.0, 2.0]], [[1.0]])
    with pytest.raises(ValueError, match="same number of arrays"):
        text.max_difference([[1.0]], [[1.0], [2.0]])


@pytest.mark.parametrize(
    "kwargs,err,msg",
    [
        ({"digits": -1}, ValueError, "digits"),
        ({"digits": 2.5}, TypeError, "digits"),
        ({"names": ["a"]}, ValueError, "one name per weight array"),
    ],
)
def test_format_rejects_bad_arguments(kwargs, err, msg):
    with pytest.raises(err, match=msg):
        text.format_weights(LECTURE_FINAL, **kwargs)


def test_rejects_non_lists():
    with pytest.raises(TypeError, match="list of arrays"):
        text.format_weights("W1")
    with pytest.raises(ValueError, match="tol"):
        text.compare_weights(LECTURE_FINAL, LECTURE_FINAL, tol=0)


def test_nan_weights_are_never_within_tolerance():
    """NaN compares equal to nothing: max_difference is NaN and the comparison says no."""
    assert np.isnan(text.max_difference([[np.nan]], [[1.0]]))
    assert np.isnan(text.max_difference([[1.0], [np.nan]], [[1.0], [0.0]]))
    setup(lang="en")
    last = text.compare_weights([[[np.nan]]], [[[1.0]]]).splitlines()[-1]
    assert last.endswith("no"), last
