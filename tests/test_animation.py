import base64
import io
import re

import numpy as np
import pytest

from stbda_utils import animation, logistic, setup

pytestmark = pytest.mark.usefixtures("setup_korean")  # Korean labels and the font that draws them


def panels(frames=3):
    w0, w1 = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-1, 6, 8), indexing="ij")
    path = np.column_stack([np.linspace(-3, -1, frames), np.linspace(-1, 5, frames)])
    return [
        logistic.Panel(name, w0, w1, (w0 + 1) ** 2 + (w1 - 5) ** 2 * k, path, np.arange(frames) * k)
        for k, name in ((1.0, "MSE"), (2.0, "BCE"))
    ]


def race(frames=3):
    x = np.linspace(-1, 1, 40)
    y = (x > 0.2).astype(float)
    return animation.loss_race(panels(frames), x, y, truth=(-1, 5), title="SGD, (w0, w1) = (-3, -1)")


def frames_of(html):
    """The PNG frames of a player: the image's first ``src``, then the script's frames 1, 2, ..."""
    first = re.findall(r'<img id="_anim_img\w+" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    found = re.findall(r'frames\[\d+\] = "data:image/png;base64,((?:[A-Za-z0-9+/=]|\\\n)+)"', html)
    return [base64.b64decode(f.replace("\\\n", "")) for f in first + found]


def test_html_is_byte_identical_between_runs():
    a = animation.animation_html(race(), "race_a", dpi=30)
    b = animation.animation_html(race(), "race_a", dpi=30)
    assert a == b
    assert len(frames_of(a)) == 3


def test_ids_come_from_the_name_and_no_uuid_is_left():
    html = animation.animation_html(race(), "sgd_start", dpi=30)
    assert 'id="_anim_imgsgd_start"' in html and "animsgd_start" in html
    assert not re.search(r"[0-9a-f]{32}", html)


def test_frames_carry_no_software_version():
    html = animation.animation_html(race(), "meta", dpi=30, colors=None)
    for png in frames_of(html):
        assert b"matplotlib" not in png and b"Software" not in png


def test_frames_are_palette_pngs_and_smaller():
    from PIL import Image

    full = animation.animation_html(race(), "full", dpi=40, colors=None)
    small = animation.animation_html(race(), "small", dpi=40, colors=64)
    assert len(small) < len(full)
    for png in frames_of(small):
        image = Image.open(io.BytesIO(png))
        assert image.mode == "P" and len(image.getcolors()) <= 64


def test_player_fits_the_page_and_plays_once():
    html = animation.animation_html(race(), "fit", dpi=30, alt='paths "MSE" & BCE')
    assert 'style="max-width: 100%; height: auto; alt="' not in html
    assert 'style="max-width: 100%; height: auto;" alt="paths &quot;MSE&quot; &amp; BCE">' in html
    assert re.search(r'value="once" id="_anim_radio1_fit"\s+checked[ >]', html)


def test_figure_is_page_wide_and_not_shown_by_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    ani = race()
    assert plt.get_fignums() == before  # no pyplot figure, so no stray static copy
    assert ani._fig.get_size_inches()[0] == pytest.approx(7.5)
    animation.animation_html(ani, "w", dpi=20)


def test_no_missing_glyph_warnings_with_korean_labels(recwarn):
    animation.animation_html(race(), "glyphs", dpi=30)
    assert not [w for w in recwarn if "Glyph" in str(w.message)]


@pytest.mark.parametrize(
    "kwargs,err,msg",
    [
        ({"path": np.zeros((3, 3))}, ValueError, "shape \\(frames, 2\\)"),
        ({"path_loss": np.zeros(2)}, ValueError, "one value per frame"),
        ({"loss": np.zeros((2, 2))}, ValueError, "one shape"),
        ({"name": ""}, TypeError, "non-empty string"),
        ({"path": np.full((3, 2), np.nan)}, ValueError, "finite"),
    ],
)
def test_panel_rejects_bad_input(kwargs, err, msg):
    w0, w1 = np.meshgrid(np.arange(3.0), np.arange(4.0), indexing="ij")
    args = {
        "name": "MSE",
        "w0": w0,
        "w1": w1,
        "loss": w0 + w1,
        "path": np.zeros((3, 2)),
        "path_loss": np.zeros(3),
    } | kwargs
    with pytest.raises(err, match=msg):
        logistic.Panel(**args)


def test_loss_race_rejects_bad_input():
    x, y = np.linspace(-1, 1, 5), np.zeros(5)
    with pytest.raises(TypeError, match="list of Panel"):
        animation.loss_race(panels()[0], x, y, truth=(-1, 5), title="t")
    with pytest.raises(ValueError, match="same number of frames"):
        animation.loss_race([panels(3)[0], panels(4)[1]], x, y, truth=(-1, 5), title="t")
    with pytest.raises(ValueError, match="same number of points"):
        animation.loss_race(panels(), x, y[:3], truth=(-1, 5), title="t")
    with pytest.raises(TypeError, match=r"truth must be a pair of finite numbers \(w0, w1\)"):
        animation.loss_race(panels(), x, y, truth=5, title="t")
    with pytest.raises(ValueError, match="page width"):
        animation.loss_race(panels(), x, y, truth=(-1, 5), title="t", width=12)


def test_animation_html_rejects_bad_input():
    ani = race()
    with pytest.raises(TypeError, match="matplotlib Animation"):
        animation.animation_html("ani", "x")
    with pytest.raises(ValueError, match="letters, digits"):
        animation.animation_html(ani, "has space")
    with pytest.raises(ValueError, match="dpi"):
        animation.animation_html(ani, "ok", dpi=1000)
    with pytest.raises(ValueError, match="fps"):
        animation.animation_html(ani, "ok", fps=0)
    with pytest.raises(ValueError, match="alt must be"):
        animation.animation_html(ani, "ok", alt=" ")
    animation.animation_html(ani, "ok", dpi=20)  # render once so matplotlib does not warn


def test_palette_png_rejects_bad_input():
    with pytest.raises(TypeError, match="bytes of a PNG"):
        animation.palette_png(b"GIF89a")
    buf = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (2, 2)).save(buf, format="png")
    with pytest.raises(ValueError, match="from 2 to 256"):
        animation.palette_png(buf.getvalue(), colors=1)


def test_draw_loss_surface_rejects_bad_input():
    from matplotlib.figure import Figure

    w0, w1 = np.meshgrid(np.arange(3.0), np.arange(4.0), indexing="ij")
    with pytest.raises(TypeError, match="3-D axes"):
        animation.draw_loss_surface(Figure().add_subplot(), w0, w1, w0 + w1, "MSE")
    with pytest.raises(ValueError, match="one shape"):
        animation.draw_loss_surface(Figure().add_subplot(projection="3d"), w0, w1, np.zeros(3), "MSE")


def test_play_is_the_player_of_loss_race_with_the_race_alt_text():
    from IPython.display import HTML

    from stbda_utils.text import label

    setup(lang="ko")
    x = np.linspace(-1, 1, 40)
    y = (x > 0.2).astype(float)
    title = "SGD, (w0, w1) = (-3, -1)"
    player = animation.play(panels(), x, y, truth=(-1, 5), title=title, name="played")
    assert isinstance(player, HTML)
    assert player.data == animation.animation_html(race(), "played", alt=f"{title}. {label('race_alt')}")
    assert f'alt="{title}. MSE(왼쪽)와 BCE(오른쪽)' in player.data


def test_play_rejects_bad_input():
    x, y = np.linspace(-1, 1, 5), np.zeros(5)
    with pytest.raises(ValueError, match="title must be a non-empty string"):
        animation.play(panels(), x, y, truth=(-1, 5), title="", name="ok")
    with pytest.raises(ValueError, match="letters, digits"):
        animation.play(panels(), x, y, truth=(-1, 5), title="t", name="has space")
    with pytest.raises(TypeError, match="list of Panel"):
        animation.play(panels()[0], x, y, truth=(-1, 5), title="t", name="ok")


def test_player_markup_is_valid_html():
    html = animation.animation_html(race(), "valid", dpi=30)
    assert "<style" not in html, "a <style> element in the body after content is invalid HTML"
    img = re.search(r"<img [^>]*>", html).group(0)
    assert ' src="data:image/png;base64,' in img
    assert "frames[0] = document.getElementById(img_id).src;" in html  # frame 0 is not stored twice
    assert len(re.findall(r'<button [^>]*style="padding: 0; width: 36px;">', html)) == 9
    assert len(re.findall(r'<input id="_anim_slider\w+"[^>]*style="width: 374px; max-width: 100%;', html)) == 1
    assert len(re.findall(r'<label for="_anim_radio\d_valid" style="margin-right: 8px;">', html)) == 3


def test_a_changed_template_is_reported(monkeypatch):
    import matplotlib._animation_data as template

    monkeypatch.setattr(template, "STYLE_INCLUDE", "<style>.other {}</style>")
    with pytest.raises(RuntimeError, match="template changed"):
        animation.animation_html(race(), "changed", dpi=30)
