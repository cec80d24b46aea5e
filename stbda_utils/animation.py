"""Animated loss races as a video: chapter 4's :func:`play`.

For each loss it draws the 3-D loss surface (:func:`stbda_utils.figures._draw_surface`) with the
moving weights and, underneath, the fitted curve against the data and the true curve; matplotlib's
``FFMpegWriter`` encodes the frames as an H.264 MP4, shown as a :class:`Video`.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stbda_utils import checks
from stbda_utils.config import PAGE_WIDTH_IN
from stbda_utils.figures import _draw_surface, label
from stbda_utils.logistic import Panel, sigmoid
from stbda_utils.text import say, words

WORDS = words("animation")

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
    """An animation as a notebook shows it: ``text/html``, a ``<video>`` of the MP4 with its last frame as
    poster (Jupyter, Colab, the site); ``image/png``, that frame (the PDF, by myst-nb's mime priority);
    ``text/plain``, the alt text."""

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
            f"{escape(say(WORDS, 'video_fallback'))}</video>"
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
    from matplotlib.animation import FFMpegWriter

    panels = _checked_panels(panels)
    xs = checks.column(x, "x", "x of shape (N, 1)")
    ys = checks.labels(y, "y", xs.size)
    star = checks.array(truth, "truth", "truth=(-1, 5)", shape=(2,))
    if not isinstance(title, str) or not title.strip():
        raise TypeError(f"title must be a non-empty string, e.g. title='SGD(0.1), start (-3, -1)'; got {title!r:.40}")
    name = checks.name(name, "name", "sgd_1", ascii_only=True)
    if not FFMpegWriter.isAvailable():
        raise RuntimeError("animation.play makes a video with ffmpeg: install ffmpeg (apt-get install ffmpeg)")
    fig, draw = _race_figure(panels, xs, ys, star, title)
    return _encode(fig, draw, panels[0].frames, f"{title}. {say(WORDS, 'race_alt')}", name)


def _race_figure(panels: list[Panel], xs: np.ndarray, ys: np.ndarray, star: np.ndarray, title: str):
    """The race's figure (not registered with pyplot, so never shown) and the function drawing frame k."""
    from matplotlib.animation import adjusted_figsize
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=adjusted_figsize(*SIZE_IN, DPI, 2), dpi=DPI)  # H.264 needs even pixel sizes
    grid = fig.add_gridspec(
        2, len(panels), height_ratios=[1.45, 1], left=0.08, right=0.98, bottom=0.09, top=0.89, wspace=0.25, hspace=0.16
    )
    order = np.argsort(xs, kind="stable")
    xs, ys = xs[order], ys[order]
    moving = []
    for col, panel in enumerate(panels):
        ax3 = fig.add_subplot(grid[0, col], projection="3d", computed_zorder=False)
        _draw_surface(ax3, panel.w0, panel.w1, panel.loss, panel.name, star, cells=SURFACE_CELLS)
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
