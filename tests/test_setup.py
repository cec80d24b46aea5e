import subprocess
import sys
import warnings

import matplotlib.pyplot as plt
import pytest

from stbda_utils import current_lang, setup
from stbda_utils.text import LABELS, label


def test_import_has_no_side_effects():
    code = "import sys, stbda_utils, stbda_utils.data, stbda_utils.training, stbda_utils.diagrams; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("lang,err", [("fr", ValueError), ("KO", ValueError), (None, TypeError), (1, TypeError)])
def test_setup_rejects_unknown_languages(lang, err):
    with pytest.raises(err, match="ko"):
        setup(lang=lang)


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
