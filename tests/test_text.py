"""Tests of stbda_utils/text.py: the labels in both languages and the printed weights."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from project import LECTURE_FINAL

from stbda_utils import animation, diagrams, figures, logistic, relu, setup, text
from stbda_utils.text import current_lang, say

#: every module's table of words
TABLES = [text.WORDS, relu.WORDS, figures.WORDS, diagrams.WORDS, logistic.WORDS, animation.WORDS]


def test_every_word_exists_in_both_languages_with_the_same_fields():
    import string

    for table in TABLES:
        for key, texts in table.items():
            assert set(texts) == {"ko", "en"}, key
            fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()]
            assert fields[0] == fields[1], key


def test_words_follow_setup():
    setup(lang="ko")
    assert current_lang() == "ko" and say(figures.WORDS, "epoch") == "에폭"
    assert say(diagrams.WORDS, "units", n=1) == "유닛 1개" and say(diagrams.WORDS, "units", n=2) == "유닛 2개"
    setup(lang="en")
    assert say(figures.WORDS, "epoch") == "epoch"


def test_korean_figure_text_has_every_glyph():
    setup(lang="ko")
    fig, ax = plt.subplots()
    ax.plot([-2, -1, 0], [-1, 0, 1])
    every = " ".join(v["ko"] for table in TABLES for v in table.values())
    ax.set_xlabel("입력 x"), ax.set_ylabel("잔차 y − ŷ"), ax.set_title(every)
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
    assert text._pad("예", 4) == "예  " and text._pad("예", 4, right=True) == "  예"


def test_max_difference():
    assert text.max_difference(LECTURE_FINAL, LECTURE_FINAL) == 0.0
    with pytest.raises(ValueError, match="same shapes"):
        text.max_difference([[1.0, 2.0]], [[1.0]])
    with pytest.raises(ValueError, match="same shapes"):
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


def test_rejects_non_lists_and_nan_weights():
    with pytest.raises(TypeError, match="list of arrays"):
        text.format_weights("W1")
    with pytest.raises(ValueError, match="tol"):
        text.compare_weights(LECTURE_FINAL, LECTURE_FINAL, tol=0)
    with pytest.raises(ValueError, match=r"ours\[0\] must hold finite"):
        text.compare_weights([[[np.nan]]], [[[1.0]]])
