import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from stbda_utils import plots, setup


@pytest.fixture(autouse=True)
def korean():
    setup(lang="ko")
    yield
    plt.close("all")


def test_plot_fit_labels_axes_in_korean():
    ax = plots.plot_fit([0, 1], [1, 2], {"fit": [1, 2]})
    assert ax.get_xlabel() == "입력 x"
    assert len(ax.lines) == 2


def test_plot_fit_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        plots.plot_fit([0, 1], [1, 2, 3])
    with pytest.raises(ValueError, match="same length"):
        plots.plot_fit([0, 1], [1, 2], {"fit": [1]})


def test_log_loss_plot_has_no_missing_glyphs():
    class History:
        history = {"loss": list(np.geomspace(3, 0.01, 50))}

    ax = plots.plot_loss(History())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()


def test_plot_loss_needs_a_history():
    with pytest.raises(TypeError, match="History"):
        plots.plot_loss([1, 2, 3])
