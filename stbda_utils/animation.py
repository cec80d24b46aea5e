"""Animated loss races: the paths of several losses drawn side by side, as JavaScript HTML.

:func:`play` is what chapter 4 calls: it draws the panels of a race (from
:func:`stbda_utils.logistic.race` or the loop written out in a cell) with
:func:`loss_race` and returns the player. :func:`loss_race` draws, for each
loss, its 3-D loss surface (:func:`draw_loss_surface`) with the moving
weights on top and, underneath, the fitted curve against the data and the
true curve. :func:`animation_html` turns any animation into the ``jshtml``
player that runs on the static site and in Colab, byte for byte the same on
every run (stable element ids, no software version inside the PNG frames).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from stbda_utils.checks import (
    as_float_array,
    finite_pair,
    finite_vector,
    int_in_range,
    positive_int,
    positive_number,
    zero_one_labels,
)
from stbda_utils.config import PAGE_WIDTH_IN
from stbda_utils.logistic import Panel, sigmoid
from stbda_utils.text import label

#: PNG text chunks written into every frame; ``None`` drops matplotlib's
#: default "Software: matplotlib version ..." so frames do not change with it.
FRAME_METADATA = {"Software": None}


def _check_panels(panels: object) -> list[Panel]:
    if isinstance(panels, Panel) or not isinstance(panels, Sequence) or not panels:
        raise TypeError("panels must be a non-empty list of Panel, e.g. [Panel('MSE', ...), Panel('BCE', ...)]")
    if not all(isinstance(p, Panel) for p in panels):
        raise TypeError(f"panels must hold Panel objects; got {[type(p).__name__ for p in panels]}")
    if len({p.frames for p in panels}) != 1:
        raise ValueError(f"every panel needs the same number of frames; got {[p.frames for p in panels]}")
    return list(panels)


#: The surfaces' colour map in a race: 10 flat levels of viridis, so a frame
#: has few colours and shrinks well to a small palette.
SURFACE_CMAP = "viridis"
SURFACE_LEVELS = 10


def _surface_cmap():
    from matplotlib import colormaps

    return colormaps[SURFACE_CMAP].resampled(SURFACE_LEVELS)


def draw_loss_surface(ax, w0, w1, loss, name: str, truth: tuple[float, float] | None = None):
    """Draw ``loss`` over the (w0, w1) grid on the 3-D axes ``ax``, the book's way.

    Flat colour levels, the lecture's viewing angle, four ticks per axis, the
    title "<name> loss surface" and, if given, the true weights as a red star.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> from matplotlib.figure import Figure
    >>> w0, w1 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 5), indexing="ij")
    >>> ax = Figure().add_subplot(projection="3d")
    >>> draw_loss_surface(ax, w0, w1, w0**2 + w1**2, "MSE", truth=(0, 1)).texts[0].get_text()
    'MSE loss surface'
    """
    if getattr(ax, "name", None) != "3d":
        raise TypeError("ax must be 3-D axes, e.g. fig.add_subplot(projection='3d')")
    grid = [as_float_array(a, n, "from np.meshgrid") for n, a in (("w0", w0), ("w1", w1), ("loss", loss))]
    if (
        grid[0].ndim != 2
        or any(a.shape != grid[0].shape for a in grid)
        or not all(np.all(np.isfinite(a)) for a in grid)
    ):
        raise ValueError(
            f"w0, w1 and loss must be finite 2-D arrays of one shape, e.g. from np.meshgrid; got {[a.shape for a in grid]}"
        )
    if not isinstance(name, str):
        raise TypeError(f"name must be the loss's name, e.g. name='MSE'; got {type(name).__name__}")
    star = None if truth is None else finite_pair(truth, "truth", "truth=(-1, 5)")
    w0_grid, w1_grid, loss_grid = grid
    return _draw_loss_surface(ax, w0_grid, w1_grid, loss_grid, name, star)


def _draw_loss_surface(ax, w0: np.ndarray, w1: np.ndarray, loss: np.ndarray, name: str, star: np.ndarray | None):
    """:func:`draw_loss_surface` for checked arrays (a Panel's) and a checked star."""
    from matplotlib.ticker import MaxNLocator

    ax.view_init(elev=15, azim=75)
    ax.set_box_aspect(None, zoom=1.15)
    ax.plot_surface(
        w0, w1, loss, rcount=24, ccount=22, cmap=_surface_cmap(), shade=False, linewidth=0, antialiased=False, zorder=1
    )
    for pane in (ax.xaxis.pane, ax.yaxis.pane, ax.zaxis.pane):
        pane.set_facecolor("white")
    if star is not None:
        i, j = np.unravel_index(np.argmin(np.abs(w0 - star[0]) + np.abs(w1 - star[1])), w0.shape)
        ax.plot([star[0]], [star[1]], [loss[i, j]], "*", color="#d62728", markersize=11, zorder=3)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("w0", labelpad=-6)
    ax.set_ylabel("w1", labelpad=-6)
    ax.tick_params(labelsize=7, pad=-3)
    ax.text2D(0.0, 0.97, label("surface", name=name), transform=ax.transAxes, fontsize=10)
    return ax


def loss_race(
    panels: Sequence[Panel],
    x,
    y,
    truth: tuple[float, float],
    title: str,
    epochs_per_frame: int = 15,
    width: float = PAGE_WIDTH_IN,
    height: float = 5.6,
):
    """A ``FuncAnimation``: one column per panel, 3-D surface on top, fitted curve below.

    The top row shows the loss surface, the path so far and the current point
    (the true weights ``truth`` as a red star); the bottom row the data, the
    true curve sigmoid(w0 + w1·x) and the curve of the current weights. The
    figure is not registered with pyplot, so no static copy is ever displayed.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> w0, w1 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-2, 2, 5), indexing="ij")
    >>> p = Panel("MSE", w0, w1, w0**2 + w1**2, np.zeros((4, 2)), np.zeros(4))
    >>> ani = loss_race([p], [-1.0, 1.0], [0.0, 1.0], truth=(0.0, 1.0), title="demo")
    >>> animation_html(ani, "demo", dpi=20).count("data:image/png;base64")
    4
    """
    from matplotlib.animation import FuncAnimation
    from matplotlib.figure import Figure

    panels = _check_panels(panels)
    xs = finite_vector(x, "x", "x of shape (N, 1)")
    ys = zero_one_labels(finite_vector(y, "y", "the 0/1 labels y of shape (N, 1)"))
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same number of points; got {xs.size} and {ys.size}")
    true_w = finite_pair(truth, "truth", "truth=(-1, 5)")
    _check_title(title)
    epochs_per_frame = positive_int(epochs_per_frame, "epochs_per_frame", 15)
    width = positive_number(width, "width", PAGE_WIDTH_IN)
    if width > PAGE_WIDTH_IN:
        raise ValueError(f"width must be at most the page width, e.g. width={PAGE_WIDTH_IN}; got {width}")
    height = positive_number(height, "height", 5.6)

    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(width, height))
    grid = fig.add_gridspec(
        2, len(panels), height_ratios=[1.45, 1], left=0.08, right=0.98, bottom=0.09, top=0.93, wspace=0.25, hspace=0.12
    )
    order = np.argsort(xs)
    xs, ys = xs[order], ys[order]
    true_curve = sigmoid(true_w[0] + true_w[1] * xs)
    moving = []
    for col, panel in enumerate(panels):
        ax3 = fig.add_subplot(grid[0, col], projection="3d", computed_zorder=False)
        _draw_loss_surface(ax3, panel.w0, panel.w1, panel.loss, panel.name, true_w)
        (trail,) = ax3.plot([], [], [], "-", color="black", linewidth=1.2, zorder=4)
        (point,) = ax3.plot([], [], [], "o", color="black", markersize=5, zorder=5)

        ax = fig.add_subplot(grid[1, col])
        ax.plot(xs, ys, "|", color="#c8c8c8", markersize=6, label=label("data"))
        ax.plot(xs, true_curve, "--", color="#d62728", linewidth=1.5, label=label("truth"), zorder=4)
        (fit,) = ax.plot(
            xs, sigmoid(panel.path[0, 0] + panel.path[0, 1] * xs), "-", color="#1f77b4", linewidth=2, label=label("fit")
        )
        ax.set_ylim(-0.08, 1.08)
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.set_yticks([0, 0.5, 1])
        ax.tick_params(labelsize=8)
        ax.set_xlabel(label("x"), fontsize=9, labelpad=1)
        ax.set_ylabel("ŷ", fontsize=9)
        caption = ax.set_title("", fontsize=8.5)
        if col == 0:
            ax.legend(loc="center left", fontsize=7.5)
        moving.append((panel, trail, point, fit, caption))
    heading = fig.suptitle("", fontsize=11, y=0.99)

    def draw(k: int):
        changed = []
        for panel, trail, point, fit, caption in moving:
            w0s, w1s, ls = panel.path[: k + 1, 0], panel.path[: k + 1, 1], panel.path_loss[: k + 1]
            trail.set_data_3d(w0s, w1s, ls)
            point.set_data_3d(w0s[-1:], w1s[-1:], ls[-1:])
            fit.set_ydata(sigmoid(w0s[-1] + w1s[-1] * xs))
            caption.set_text(f"(w0, w1) = ({w0s[-1]:.2f}, {w1s[-1]:.2f}), {label('loss_value')} {ls[-1]:.4f}")
            changed += [trail, point, fit, caption]
        heading.set_text(f"{title} · {label('epoch')} {k * epochs_per_frame}")
        return changed + [heading]

    draw(0)
    return FuncAnimation(fig, draw, frames=panels[0].frames, interval=250, repeat=False)


def _check_title(title: object) -> str:
    problem = f"title must be a non-empty string, e.g. 'SGD(0.1), start (-3, -1)'; got {title!r}"
    if not isinstance(title, str):
        raise TypeError(problem)
    if not title.strip():
        raise ValueError(problem)
    return title


def _stable_id(name: object) -> str:
    problem = f"name must be letters, digits and _ (starting with a letter), unique on the page, e.g. 'sgd_start_3_1'; got {name!r}"
    if not isinstance(name, str):
        raise TypeError(problem)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
        raise ValueError(problem)
    return name


_FRAME = re.compile(r'(frames\[\d+\] = "data:image/png;base64,)((?:[A-Za-z0-9+/=]|\\\n)+)(")')


def palette_png(png: bytes, colors: int = 64) -> bytes:
    """``png`` re-encoded with at most ``colors`` colours (an indexed PNG, no dithering).

    Figures are mostly flat colour, so this keeps them sharp at a third of the size.

    >>> import io
    >>> from PIL import Image
    >>> buf = io.BytesIO(); Image.new("RGB", (4, 4), "red").save(buf, format="png")
    >>> Image.open(io.BytesIO(palette_png(buf.getvalue()))).mode
    'P'
    """
    if not isinstance(png, (bytes, bytearray)) or not bytes(png[:8]) == b"\x89PNG\r\n\x1a\n":
        raise TypeError("png must be the bytes of a PNG file, e.g. from fig.savefig(buffer, format='png')")
    return _palette(bytes(png), int_in_range(colors, "colors", 64, 2, 256))


def _palette(png: bytes, colors: int) -> bytes:
    """:func:`palette_png` for checked arguments."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=colors, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="png", optimize=True)
    return out.getvalue()


def _shrink_frames(html: str, colors: int) -> str:
    """Every embedded PNG frame of a jshtml player passed through :func:`palette_png`."""
    import base64

    def shrink(match: re.Match) -> str:
        png = base64.b64decode(match.group(2).replace("\\\n", ""))
        data = base64.encodebytes(_palette(png, colors)).decode("ascii").replace("\n", "\\\n")
        return match.group(1) + data + match.group(3)

    out, count = _FRAME.subn(shrink, html)
    if count == 0:
        raise RuntimeError("matplotlib's jshtml template changed: no embedded PNG frame found")
    return out


#: matplotlib's player styles, written as ``style`` attributes instead of its
#: ``<style>`` block: HTML allows a ``<style>`` in the body only as the first
#: child of its parent, with selectors reaching nothing before it, which the
#: block (printed before the player, in a page's middle) breaks. Each entry is
#: (the start tags it styles, how many the template has, the style); the style
#: goes last in each tag, so the tags still begin as matplotlib writes them.
_PLAYER_STYLES = (
    (r'<div class="animation"', 1, "display: inline-block; text-align: center; max-width: 100%;"),
    (r'<input id="_anim_slider[^>]*', 1, "width: 374px; max-width: 100%; margin-left: auto; margin-right: auto;"),
    (r'<div class="anim-buttons"', 1, "margin: 8px 0px;"),
    (r"<button [^>]*", 9, "padding: 0; width: 36px;"),
    (r'<input type="radio"[^>]*', 3, "margin: 0; vertical-align: middle;"),
    (r'<label for="_anim_radio[^>]*', 3, "margin-right: 8px;"),
)


def _valid_player(html: str, uid: str) -> str:
    """matplotlib's jshtml player as valid HTML that plays the same.

    The ``<style>`` block becomes ``style`` attributes (:data:`_PLAYER_STYLES`),
    and the ``<img>`` starts with the first frame as its ``src`` (HTML requires
    one); the script then takes frame 0 from that ``src`` instead of holding a
    second copy.
    """
    from matplotlib._animation_data import STYLE_INCLUDE

    if html.count(STYLE_INCLUDE) != 1:
        raise RuntimeError("matplotlib's jshtml template changed: its <style> block was not found once")
    html = html.replace(STYLE_INCLUDE, "")
    for start_tag, count, style in _PLAYER_STYLES:
        html, found = re.subn(f"({start_tag})>", rf'\g<1> style="{style}">', html)  # the styles hold no backslash
        if found != count:
            raise RuntimeError(f"matplotlib's jshtml template changed: {start_tag!r} found {found} times, not {count}")
    first = re.search(r'frames\[0\] = "(data:image/png;base64,(?:[A-Za-z0-9+/=]|\\\n)+)"\n', html)
    if first is None:
        raise RuntimeError("matplotlib's jshtml template changed: no embedded first frame found")
    src = first.group(1).replace("\\\n", "")
    html = html[: first.start()] + "frames[0] = document.getElementById(img_id).src;\n" + html[first.end() :]
    return html.replace(f'<img id="_anim_img{uid}"', f'<img id="_anim_img{uid}" src="{src}"', 1)


def animation_html(
    ani,
    name: str,
    dpi: int = 90,
    fps: int = 4,
    default_mode: str = "once",
    colors: int | None = 64,
    alt: str | None = None,
) -> str:
    """The ``jshtml`` player of ``ani``, identical on every run.

    matplotlib names the player's elements with a random ``uuid4``; here they
    are named after ``name`` (unique per page), and the PNG frames carry no
    matplotlib version. The markup is valid HTML (:func:`_valid_player`): its
    styles are attributes and the image starts on the first frame. With ``colors`` each frame is reduced to a palette of
    that many colours (:func:`palette_png`); ``None`` keeps full colour. The
    image scales down with a narrow page and carries ``alt`` as its text
    alternative. Show it with ``IPython.display.HTML``.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.animation import FuncAnimation
    >>> fig = Figure(figsize=(1, 1)); line, = fig.add_subplot().plot([0, 1], [0, 1])
    >>> ani = FuncAnimation(fig, lambda k: [line.set_ydata([0, k])], frames=2)
    >>> html = animation_html(ani, "demo", dpi=20)
    >>> html == animation_html(FuncAnimation(fig, lambda k: [line.set_ydata([0, k])], frames=2), "demo", dpi=20)
    True
    >>> "_anim_imgdemo" in html, html.count("data:image/png;base64"), "<style" in html
    (True, 2, False)
    """
    from matplotlib.animation import Animation

    if not isinstance(ani, Animation):
        raise TypeError(f"ani must be a matplotlib Animation such as FuncAnimation; got {type(ani).__name__}")
    stable = _stable_id(name)
    if alt is not None and not isinstance(alt, str):
        raise TypeError(f"alt must be a description of the animation (a string), or None; got {type(alt).__name__}")
    if alt is not None and not alt.strip():
        raise ValueError(f"alt must be a non-empty description of the animation, or None; got {alt!r}")
    dpi = int_in_range(dpi, "dpi", 90, 10, 300)
    fps = positive_int(fps, "fps", 4, maximum=60)
    if default_mode not in PLAYER_MODES:
        raise ValueError(f"default_mode must be one of {PLAYER_MODES}, e.g. default_mode='once'; got {default_mode!r}")
    if colors is not None:
        colors = int_in_range(colors, "colors", 64, 2, 256)
    return _player(ani, stable, dpi, fps, default_mode, colors, alt)


#: The ways matplotlib's player can start: play once, loop, or back and forth.
PLAYER_MODES = ("once", "loop", "reflect")


def _player(ani, name: str, dpi: int, fps: int, default_mode: str, colors: int | None, alt: str | None) -> str:
    """:func:`animation_html` for checked arguments."""
    import tempfile
    from html import escape
    from pathlib import Path

    from matplotlib.animation import HTMLWriter

    writer = HTMLWriter(fps=fps, embed_frames=True, default_mode=default_mode)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "animation.html"
        ani.save(str(path), writer=writer, dpi=dpi, savefig_kwargs={"metadata": FRAME_METADATA})
        html = path.read_text()
    found = set(re.findall(r'<img id="_anim_img([0-9a-f]{32})">', html))
    if len(found) != 1:
        raise RuntimeError("matplotlib's jshtml template changed: could not find its element id")
    uid = found.pop()
    described = "" if alt is None else f' alt="{escape(alt, quote=True)}"'
    html = html.replace(
        f'<img id="_anim_img{uid}">', f'<img id="_anim_img{uid}" style="max-width: 100%; height: auto;"{described}>'
    )
    if colors is not None:
        html = _shrink_frames(html, colors)
    return _valid_player(html, uid).replace(uid, name)


def play(panels: Sequence[Panel], x, y, truth: tuple[float, float], title: str, name: str):
    """:func:`loss_race` of ``panels`` as an HTML player, ready to show in a notebook.

    The player is :func:`animation_html` with the element ids from ``name``
    (unique on the page) and the alt text "``title``. " followed by the race
    description of :mod:`stbda_utils.text` (MSE on the left, BCE on the right).
    The figure itself is never shown. Returns an ``IPython.display.HTML``.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> w0, w1 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-2, 2, 5), indexing="ij")
    >>> p = Panel("MSE", w0, w1, w0**2 + w1**2, np.zeros((2, 2)), np.zeros(2))
    >>> player = play([p], [-1.0, 1.0], [0.0, 1.0], truth=(0.0, 1.0), title="demo", name="demo")
    >>> 'alt="demo. Animation of the weights' in player.data, player.data.count("data:image/png;base64")
    (True, 2)
    """
    from IPython.display import HTML

    name = _stable_id(name)  # a bad name fails before any drawing (loss_race checks the rest first)
    ani = loss_race(panels, x, y, truth=truth, title=title)
    return HTML(_player(ani, name, dpi=90, fps=4, default_mode="once", colors=64, alt=f"{title}. {label('race_alt')}"))
