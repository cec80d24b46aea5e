"""Tests of stbda_utils/figures.py: the book's figures, labelled in Korean unless a test switches."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from project import LECTURE_FAILURE, random_relu_weights

from stbda_utils import data, figures, relu, setup

pytestmark = pytest.mark.usefixtures("setup_korean")


def test_plot_fit_labels_axes_in_korean():
    ax = figures.plot_fit([0, 1], [1, 2], {"fit": [1, 2]})
    assert ax.get_xlabel() == "입력 x"
    assert len(ax.lines) == 2


def test_plot_fit_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        figures.plot_fit([0, 1], [1, 2, 3])
    with pytest.raises(ValueError, match="one value per point"):
        figures.plot_fit([0, 1], [1, 2], {"fit": [1]})


def probability_data(n=40):
    x = np.linspace(-1, 1, n).reshape(-1, 1)
    prob = 1 / (1 + np.exp(-(-1 + 5 * x)))
    y = (np.random.RandomState(0).uniform(size=(n, 1)) < prob).astype(float)
    return x, y, prob


@pytest.mark.parametrize(
    "lang,xlabel,ylabel,legend",
    [
        ("ko", "입력 x", "확률 P(y = 1)", ["관측값", "구간별 1의 비율", "참 함수", "적합된 모형"]),
        (
            "en",
            "input x",
            "probability P(y = 1)",
            ["observations", "share of ones per bin", "true function", "fitted model"],
        ),
    ],
)
def test_plot_probability_labels_in_both_languages_without_missing_glyphs(lang, xlabel, ylabel, legend):
    from stbda_utils.figures import label

    setup(lang=lang)
    x, y, prob = probability_data()
    ax = figures.plot_probability(x, y, prob, {label("fit"): prob * 0.9}, bins=8, title="BCE")
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == (xlabel, ylabel, "BCE")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == legend
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()


def test_plot_probability_draws_the_lines_in_order():
    x, y, prob = probability_data()
    ax = figures.plot_probability(x, y, prob, {"a": prob, "b": prob / 2}, bins=4)
    points, shares, truth, a, b = ax.lines
    assert (points.get_marker(), shares.get_marker(), truth.get_linestyle()) == ("|", "o", "--")
    np.testing.assert_allclose(shares.get_ydata(), y.reshape(4, 10).mean(axis=1))
    np.testing.assert_allclose(b.get_ydata(), prob.ravel() / 2)
    assert (a.get_color(), b.get_color(), truth.get_color()) == ("C0", "C1", "C3")


def test_plot_probability_sorts_by_x():
    x, y, prob = probability_data()
    order = np.random.RandomState(1).permutation(len(x))
    ax = figures.plot_probability(x[order], y[order], prob[order], {"fit": prob[order]})
    np.testing.assert_array_equal(ax.lines[-1].get_xdata(), x.ravel())
    np.testing.assert_array_equal(ax.lines[-1].get_ydata(), prob.ravel())


def test_plot_probability_labels_only_the_first_of_a_row():
    x, y, prob = probability_data()
    _, axes = plt.subplots(1, 2, sharey=True)
    for ax in axes:
        figures.plot_probability(x, y, prob, {"fit": prob}, ax=ax)
    assert axes[0].get_ylabel() and axes[0].get_legend() is not None
    assert axes[1].get_ylabel() == "" and axes[1].get_legend() is None
    assert axes[1].get_xlabel() == "입력 x"


def test_loss_surfaces_full_resolution_labelled_in_korean():
    from stbda_utils.figures import plot_loss_surfaces

    w0, w1 = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-1, 3, 6), indexing="ij")
    try:
        setup(lang="ko")
        fig = plot_loss_surfaces(w0, w1, {"MSE": w0**2, "BCE": w1**2}, truth=(0, 1))
    finally:
        setup(lang="en")
    assert [ax.get_title() for ax in fig.axes] == ["MSE 손실 곡면", "BCE 손실 곡면"]
    assert all(ax.get_zlabel() == "손실" for ax in fig.axes)
    # every grid cell is a polygon: no down-sampling, so no staircase edges
    fig.canvas.draw()
    assert len(fig.axes[0].collections[0].get_paths()) == (7 - 1) * (6 - 1)


# ----------------------------------------------------------------- plot_decomposition


def test_plot_marks_the_dead_unit_and_has_four_panels():
    setup(lang="en")
    x, y = data.piecewise_data()
    fig = figures.plot_decomposition(relu.decompose_weights(LECTURE_FAILURE, x), y)
    assert len(fig.axes) == 4
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["unit 1", "unit 2 (dead)"]
    assert fig.get_size_inches()[0] <= 7.5
    assert fig.axes[3].get_title() == "④ sum plus b2 = -0.6008"
    plt.close(fig)


def test_plot_in_korean():
    setup(lang="ko")
    x, _ = data.piecewise_data()
    fig = figures.plot_decomposition(relu.decompose_weights(LECTURE_FAILURE, x))
    assert fig.axes[0].get_title().startswith("① 유닛별 직선")
    assert "죽은 유닛" in fig.axes[0].get_legend().get_texts()[1].get_text()
    plt.close(fig)


def test_plot_of_many_units_has_no_unit_legend():
    d = relu.decompose_weights(random_relu_weights(50), np.linspace(-1, 1, 20))
    fig = figures.plot_decomposition(d)
    assert fig.axes[0].get_legend() is None
    plt.close(fig)
