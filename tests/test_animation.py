import base64
import io
import re
import subprocess

import numpy as np
import pytest

from stbda_utils import animation, logistic
from stbda_utils.text import say

pytestmark = pytest.mark.usefixtures("setup_korean")  # Korean labels and the font that draws them

X = np.linspace(-1, 1, 40)
Y = (X > 0.2).astype(float)


def panels(frames=3):
    w0, w1 = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-1, 6, 8), indexing="ij")
    path = np.column_stack([np.linspace(-3, -1, frames), np.linspace(-1, 5, frames)])
    return [
        logistic.Panel(name, w0, w1, (w0 + 1) ** 2 + (w1 - 5) ** 2 * k, path, np.arange(frames) * k)
        for k, name in ((1.0, "MSE"), (2.0, "BCE"))
    ]


@pytest.fixture(scope="module")
def video():
    from stbda_utils import setup

    setup(lang="ko")
    return animation.play(panels(), X, Y, truth=(-1, 5), title='SGD "0.1" & co', name="sgd_start")


def test_the_bundle_is_a_video_its_last_frame_and_its_alt_text(video):
    bundle = video._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    alt = f'SGD "0.1" & co. {say(animation.WORDS, "race_alt")}'
    assert bundle["text/plain"] == alt
    html = bundle["text/html"]
    poster = base64.b64encode(video.png).decode()
    assert bundle["image/png"] == poster and f'poster="data:image/png;base64,{poster}"' in html
    assert html.startswith('<video id="sgd_start" controls loop muted playsinline preload="none" ')
    assert 'aria-label="SGD &quot;0.1&quot; &amp; co. ' in html and html.endswith("</video>")
    assert f'width="{video.width}" height="{video.height}"' in html and video.width % 2 == video.height % 2 == 0
    (mp4,) = re.findall(r'<source type="video/mp4" src="data:video/mp4;base64,([A-Za-z0-9+/=]+)">', html)
    assert base64.b64decode(mp4) == video.mp4


def test_the_video_is_h264_with_every_frame_at_the_poster_size(video, tmp_path):
    path = tmp_path / "v.mp4"
    path.write_bytes(video.mp4)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name,pix_fmt,width,height,nb_read_frames", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert probe.stdout.strip() == f"h264,{video.width},{video.height},yuv420p,3"
    assert video.mp4[4:8] == b"ftyp" and video.mp4.index(b"moov") < video.mp4.index(b"mdat")  # +faststart


def test_the_poster_is_the_last_frame_and_runs_repeat_byte_for_byte(video):
    from PIL import Image

    assert Image.open(io.BytesIO(video.png)).size == (video.width, video.height)
    assert b"matplotlib" not in video.png  # no version stamp in the still
    again = animation.play(panels(), X, Y, truth=(-1, 5), title='SGD "0.1" & co', name="sgd_start")
    assert (again.mp4, again.png) == (video.mp4, video.png)
    first = animation.play(panels(1), X, Y, truth=(-1, 5), title='SGD "0.1" & co', name="sgd_start")
    assert first.png != video.png  # a one-frame race ends elsewhere


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"panels": "MSE"}, TypeError, "panels must be a list"),
        ({"panels": [panels(3)[0], panels(4)[1]]}, ValueError, "equal frames"),
        ({"panels": panels(animation.MAX_FRAMES + 1)}, ValueError, "at most 400 frames"),
        ({"y": Y[:3]}, ValueError, "one 0/1 label per x"),
        ({"y": Y * 2}, ValueError, "one 0/1 label per x"),
        ({"truth": 5}, ValueError, r"truth must have shape \(2,\)"),
        ({"title": " "}, TypeError, "title must be a non-empty string"),
        ({"name": "has space"}, ValueError, "name must be ASCII letters, digits and _"),
        ({"name": 3}, TypeError, "name must be ASCII letters, digits and _"),
    ],
)
def test_play_refuses_bad_input_before_drawing(change, error, match):
    args = {"panels": panels(), "x": X, "y": Y, "truth": (-1, 5), "title": "t", "name": "ok"} | change
    with pytest.raises(error, match=match):
        animation.play(**args)


def test_without_ffmpeg_play_says_to_install_it(monkeypatch):
    from matplotlib.animation import FFMpegWriter

    monkeypatch.setattr(FFMpegWriter, "isAvailable", classmethod(lambda cls: False))
    with pytest.raises(RuntimeError, match="install ffmpeg"):
        animation.play(panels(), X, Y, truth=(-1, 5), title="t", name="ok")


def test_nbval_masks_the_two_payloads_and_compares_the_markup(video):
    from pathlib import Path

    from nbval.plugin import get_sanitize_patterns

    cfg = Path(__file__).with_name("nbval_sanitize.cfg").read_text(encoding="utf-8")
    html = video._repr_mimebundle_()["text/html"]
    for regex, replace in get_sanitize_patterns(cfg):
        html = re.sub(regex, replace, html)
    assert html.count("base64,...") == 2 and "AAAA" not in html
    assert html.startswith('<video id="sgd_start" controls') and 'aria-label="SGD' in html
