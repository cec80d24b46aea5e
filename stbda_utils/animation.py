"""Animated loss races as a video: the paths of several losses drawn side by side.

:func:`play` is what chapter 4 calls. It draws, for each loss, its 3-D loss
surface (:func:`stbda_utils.figures.draw_surface`) with the moving weights on
top and, underneath, the fitted curve against the data and the true curve,
then encodes the frames with ffmpeg as an H.264 MP4 (matplotlib's
``FFMpegWriter``). The result, a :class:`Video`, shows as an HTML ``<video>``
in Jupyter, Colab and on the site, and as its last frame (PNG) in the PDF.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stbda_utils.checks import finite_pair, finite_vector, zero_one_labels
from stbda_utils.config import PAGE_WIDTH_IN
from stbda_utils.figures import draw_surface
from stbda_utils.logistic import Panel, sigmoid
from stbda_utils.text import label

#: Frames per second, resolution, and figure size (inches) of a race video.
FPS = 4
DPI = 90
SIZE_IN = (PAGE_WIDTH_IN, 5.6)
#: The most frames and panels a race may have: more would be minutes of encoding, not a lesson.
MAX_FRAMES = 400
MAX_PANELS = 4
#: Mesh cells per axis of the surfaces in a frame (every frame redraws them).
SURFACE_CELLS = 24

#: ffmpeg's options after matplotlib's ``-vcodec h264 -pix_fmt yuv420p``: the index at the file's
#: start (playback starts before the download ends), one thread and no metadata, so the same
#: frames give the same bytes on every run.
FFMPEG_ARGS = (
    "-crf", "28", "-preset", "veryslow", "-movflags", "+faststart", "-threads", "1",
    "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
)  # fmt: skip


@dataclass(frozen=True)
class Video:
    """An animation as a notebook shows it: an H.264 MP4, its last frame as PNG, and a text alternative.

    Jupyter, Colab and the web build show ``text/html`` (a ``<video>`` whose poster is the last
    frame); the PDF build takes ``image/png`` (myst-nb's mime priority); ``text/plain`` is the alt text.
    """

    mp4: bytes
    png: bytes
    width: int
    height: int
    alt: str
    name: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        from html import escape

        poster = base64.b64encode(self.png).decode("ascii")
        mp4 = base64.b64encode(self.mp4).decode("ascii")
        html = (
            f'<video id="{self.name}" controls loop muted playsinline preload="none" '
            f'poster="data:image/png;base64,{poster}" width="{self.width}" height="{self.height}" '
            f'aria-label="{escape(self.alt)}" style="max-width:100%;height:auto">'
            f'<source type="video/mp4" src="data:video/mp4;base64,{mp4}">'
            f"{escape(label('video_fallback'))}</video>"
        )
        return {"text/html": html, "image/png": poster, "text/plain": self.alt}


def _checked_panels(panels: object) -> list[Panel]:
    problem = f"panels must be a list of 1 to {MAX_PANELS} Panel objects with equal frames, e.g. race.panels"
    if isinstance(panels, Panel) or not isinstance(panels, Sequence) or not all(isinstance(p, Panel) for p in panels):
        raise TypeError(f"{problem}; got {type(panels).__name__}")
    if not 1 <= len(panels) <= MAX_PANELS or len({p.frames for p in panels}) != 1:
        raise ValueError(f"{problem}; got {len(panels)} panel(s) with frames {[p.frames for p in panels]}")
    if panels[0].frames > MAX_FRAMES:
        raise ValueError(
            f"panels may have at most {MAX_FRAMES} frames (record every few epochs); got {panels[0].frames}"
        )
    return list(panels)


def _text(value: object, name: str, example: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, e.g. {name}={example!r}; got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string, e.g. {name}={example!r}")
    return value


def play(panels: Sequence[Panel], x, y, truth: tuple[float, float], title: str, name: str) -> Video:
    """The race of ``panels`` (one column each) as a :class:`Video` to show in a notebook.

    ``name`` (letters, digits, _; unique on the page) is the ``<video>``'s id; the alt text is
    "``title``. " followed by the race's description (MSE on the left, BCE on the right).
    Needs ffmpeg (Colab has it).

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> w0, w1 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-2, 2, 5), indexing="ij")
    >>> p = Panel("MSE", w0, w1, w0**2 + w1**2, np.zeros((2, 2)), np.zeros(2))
    >>> video = play([p], [-1.0, 1.0], [0.0, 1.0], truth=(0.0, 1.0), title="demo", name="demo")
    >>> video._repr_mimebundle_()["text/plain"][:40], (video.width, video.height)
    ('demo. Animation of the weights moving ov', (674, 502))
    """
    panels = _checked_panels(panels)
    xs = finite_vector(x, "x", "x of shape (N, 1)")
    ys = zero_one_labels(finite_vector(y, "y", "the 0/1 labels y of shape (N, 1)"))
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same number of points; got {xs.size} and {ys.size}")
    star = finite_pair(truth, "truth", "truth=(-1, 5)")
    title = _text(title, "title", "SGD(0.1), start (-3, -1)")
    if not _text(name, "name", "sgd_from_3_1").isidentifier() or not name.isascii():
        raise ValueError(
            f"name must be letters, digits and _ (unique on the page), e.g. name='sgd_from_3_1'; got {name!r}"
        )
    fig, draw = _race_figure(panels, xs, ys, star, title)
    return _encode(fig, draw, panels[0].frames, f"{title}. {label('race_alt')}", name)


def _race_figure(panels: list[Panel], xs: np.ndarray, ys: np.ndarray, star: np.ndarray, title: str):
    """The race's figure (not registered with pyplot, so never shown) and the function drawing frame k."""
    from matplotlib.animation import adjusted_figsize
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=adjusted_figsize(*SIZE_IN, DPI, 2), dpi=DPI)  # H.264 needs even pixel sizes
    grid = fig.add_gridspec(
        2, len(panels), height_ratios=[1.45, 1], left=0.08, right=0.98, bottom=0.09, top=0.93, wspace=0.25, hspace=0.12
    )
    order = np.argsort(xs, kind="stable")
    xs, ys = xs[order], ys[order]
    moving = []
    for col, panel in enumerate(panels):
        ax3 = fig.add_subplot(grid[0, col], projection="3d", computed_zorder=False)
        draw_surface(ax3, panel.w0, panel.w1, panel.loss, panel.name, star, cells=SURFACE_CELLS)
        ax3.set_box_aspect(None, zoom=1.15)
        ax3.set_zlabel("")
        (trail,) = ax3.plot([], [], [], "-", color="black", linewidth=1.2, zorder=4)
        (point,) = ax3.plot([], [], [], "o", color="black", markersize=5, zorder=5)

        ax = fig.add_subplot(grid[1, col])
        ax.plot(xs, ys, "|", color="#c8c8c8", markersize=6, label=label("data"))
        ax.plot(xs, sigmoid(star[0] + star[1] * xs), "--", color="#d62728", linewidth=1.5, label=label("truth"))
        (fit,) = ax.plot(xs, xs, "-", color="#1f77b4", linewidth=2, label=label("fit"))
        ax.set_ylim(-0.08, 1.08)
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.set_yticks([0, 0.5, 1])
        ax.tick_params(labelsize=8)
        ax.set_xlabel(label("x"), fontsize=9, labelpad=1)
        ax.set_ylabel("ŷ", fontsize=9)
        if col == 0:
            ax.legend(loc="center left", fontsize=7.5)
        moving.append((panel, trail, point, fit, ax.set_title("", fontsize=8.5)))
    heading = fig.suptitle("", fontsize=11, y=0.99)
    epochs_per_frame = 15

    def draw(k: int) -> None:
        for panel, trail, point, fit, caption in moving:
            w0s, w1s, losses = panel.path[: k + 1, 0], panel.path[: k + 1, 1], panel.path_loss[: k + 1]
            trail.set_data_3d(w0s, w1s, losses)
            point.set_data_3d(w0s[-1:], w1s[-1:], losses[-1:])
            fit.set_ydata(sigmoid(w0s[-1] + w1s[-1] * xs))
            caption.set_text(f"(w0, w1) = ({w0s[-1]:.2f}, {w1s[-1]:.2f}), {label('loss_value')} {losses[-1]:.4f}")
        heading.set_text(f"{title} · {label('epoch')} {k * epochs_per_frame}")

    return fig, draw


def _encode(fig, draw, frames: int, alt: str, name: str) -> Video:
    """Frames 0 .. frames-1 of ``draw`` on ``fig`` as an MP4 (ffmpeg), and the last one as PNG."""
    import io
    import tempfile
    from pathlib import Path

    from matplotlib.animation import FFMpegWriter, FuncAnimation

    if not FFMpegWriter.isAvailable():
        raise RuntimeError("animation.play makes a video with ffmpeg: install ffmpeg (apt-get install ffmpeg)")
    writer = FFMpegWriter(fps=FPS, codec="h264", extra_args=list(FFMPEG_ARGS))
    ani = FuncAnimation(fig, draw, frames=frames, repeat=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.mp4"
        ani.save(str(path), writer=writer, dpi=DPI)
        mp4 = path.read_bytes()
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None})
    width, height = (int(v * DPI) for v in fig.get_size_inches())  # as matplotlib counts
    return Video(mp4, png.getvalue(), width, height, alt, name)
