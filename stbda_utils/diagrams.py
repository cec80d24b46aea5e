"""Architecture diagrams drawn from a built Keras ``Sequential`` model.

One node per unit, one edge per kernel weight, the activation written on each
layer, and the parameter count of every layer (the numbers of
``model.summary()``). A layer wider than ``max_units`` shows its first and
last units and one node standing for the ones left out; the edge count is
then written on the layer instead of drawn.

Every id in a diagram's SVG carries the diagram's own prefix
(``stbda-diagram-<n>-``, numbered in the order diagrams are made in the
kernel), so a page with several diagrams has no duplicate ids and a notebook
run top to bottom gives the same bytes every time.
"""

from __future__ import annotations

import itertools
import re
from html import escape

from stbda_utils.checks import int_in_range, positive_number
from stbda_utils.config import PAGE_WIDTH_IN
from stbda_utils.text import counted, label
from stbda_utils.training import dense_layers

#: Numbers the diagrams of one kernel session: 1, 2, 3, ... in the order they
#: are made, so a notebook run top to bottom (nbval, refresh) numbers them alike.
_diagram_numbers = itertools.count(1)

_SVG_ID = re.compile(r'(\bid=")([^"]+")')

_SVG_HREF = re.compile(r'(href="#)([^"]+")')

_SVG_URL = re.compile(r"(url\(#)([^)]+\))")


def prefix_svg_ids(svg: str, prefix: str) -> str:
    """``svg`` with ``prefix`` put before every id and every reference to one.

    References are ``href="#id"`` (also ``xlink:href``) and ``url(#id)``.

    >>> prefix_svg_ids('<g id="node1"><use xlink:href="#node1" fill="url(#g0)"/></g>', "d2-")
    '<g id="d2-node1"><use xlink:href="#d2-node1" fill="url(#d2-g0)"/></g>'
    """
    if not isinstance(svg, str):
        raise TypeError(f"svg must be the SVG text, e.g. Diagram.svg(); got {type(svg).__name__}")
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", prefix):
        raise ValueError(
            f"prefix must start with a letter and hold only letters, digits, - and _, e.g. 'd1-'; got {prefix!r}"
        )
    for pattern in (_SVG_ID, _SVG_HREF, _SVG_URL):
        svg = pattern.sub(lambda m: m.group(1) + prefix + m.group(2), svg)
    return svg


class Diagram:
    """A graphviz drawing that notebooks display as inline SVG.

    Jupyter shows it through ``_repr_mimebundle_``: an inline ``<svg>`` (so
    the book's page holds the nodes themselves, not a picture of them) with a
    text description for screen readers, and a plain-text summary instead of
    graphviz's default repr, which holds a memory address. The SVG's version
    comments are removed and its ids carry ``id_prefix`` (by default the next
    ``stbda-diagram-<n>-``), so re-running the notebook gives the same bytes
    and several diagrams on one page never share an id.
    """

    def __init__(self, graph, description: str, summary: str, id_prefix: str | None = None):
        self.graph = graph
        self.description = description  # in the book's language, read by screen readers
        self.summary = summary  # language-neutral Keras terms, the notebook's text output
        self.id_prefix = id_prefix or f"stbda-diagram-{next(_diagram_numbers)}-"

    @property
    def source(self) -> str:
        """The DOT source of the drawing."""
        return self.graph.source

    def svg(self) -> str:
        """The drawing as an SVG element without XML prolog or comments."""
        svg = self.graph.pipe(format="svg", encoding="utf-8")
        svg = re.sub(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", "", svg, flags=re.S)
        return prefix_svg_ids(svg.strip(), self.id_prefix)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        described = escape(self.description, quote=True)
        html = f'<figure class="stbda-diagram" role="img" aria-label="{described}">{self.svg()}</figure>'
        return {"text/html": html, "text/plain": self.description}

    def __repr__(self) -> str:
        return f"Diagram({self.summary!r})"


def _activation_label(activation: str) -> str:
    """The activation as the diagram writes it: a book label where there is one, else Keras' name."""
    return label(activation) if activation in ("linear", "relu", "sigmoid") else activation


def _shown_units(units: int, max_units: int) -> list[int | None]:
    """Unit indices to draw; ``None`` marks the node standing for the rest."""
    if units <= max_units:
        return list(range(units))
    head = max_units - 2
    return list(range(head)) + [None, units - 1]


def model_diagram(model, max_units: int = 6, width: float = PAGE_WIDTH_IN, name: str = "x"):
    """A :class:`Diagram` of ``model``, left to right, at most ``width`` inches wide.

    >>> from stbda_utils import setup
    >>> setup(lang="en")
    >>> from stbda_utils.training import dense_net
    >>> g = model_diagram(dense_net([512, 1]))
    >>> g.description
    '1 input → hidden layer 1: 512 units, ReLU, 1,024 parameters → output layer: 1 unit, identity, 513 parameters'
    >>> setup(lang="ko")
    >>> model_diagram(dense_net([2, 1])).description
    '입력 1개 → 은닉층 1: 유닛 2개, ReLU, 파라미터 4개 → 출력층: 유닛 1개, 항등, 파라미터 3개'
    >>> g.summary
    'Input(1) -> Dense(512, relu): 1,024 params -> Dense(1, linear): 513 params'
    >>> g.source.count("->")  # 6 drawn nodes in the wide layer, each with one edge in and one out
    12
    """
    import graphviz

    max_units = int_in_range(max_units, "max_units", 6, 3)
    width = positive_number(width, "width", PAGE_WIDTH_IN)
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be the input's name, e.g. name='x'; got {name!r}")
    layers = dense_layers(model)
    inputs = model.inputs[0].shape[-1]
    g = graphviz.Digraph(name="model")
    g.attr(
        rankdir="LR", size=f"{width:g},4", ranksep="1.1", nodesep="0.15", fontname="NanumGothic", bgcolor="transparent"
    )
    g.attr("node", shape="circle", fontname="NanumGothic", fontsize="11", width="0.45", fixedsize="false")
    g.attr("edge", arrowsize="0.5", color="#555555")

    def draw_layer(index: int, count: int, title: str, prefix: str, text_of) -> list[str]:
        ids = []
        with g.subgraph(name=f"cluster_{index}") as c:
            c.attr(label=title, style="rounded,filled", color="#e8eef7", fontname="NanumGothic", fontsize="11")
            for u in _shown_units(count, max_units):
                if u is None:
                    node = f"{prefix}_more"
                    c.node(node, label_more(count, max_units), shape="box", style="dashed", fontsize="10")
                else:
                    node = f"{prefix}_{u}"
                    c.node(node, text_of(u))
                ids.append(node)
        return ids

    def label_more(count: int, shown: int) -> str:
        return label("more_units", n=count - (shown - 1))

    previous = draw_layer(
        0, inputs, counted("diagram_input", inputs), "in", lambda u: name if inputs == 1 else f"{name}{u + 1}"
    )
    parts = [counted("diagram_input", inputs)]
    keras_parts = [f"Input({inputs})"]
    for i, info in enumerate(layers, start=1):
        is_output = i == len(layers)
        heading = label("diagram_output") if is_output else label("diagram_hidden", i=i)
        act = _activation_label(info.activation)
        units, params = counted("diagram_units", info.units), counted("diagram_params", info.params)
        title = f"{heading} · {act}\n{units} · {params}"
        current = draw_layer(
            i,
            info.units,
            title,
            f"l{i}",
            lambda u, is_output=is_output, info=info: "ŷ" if is_output and info.units == 1 else f"{u + 1}",
        )
        for a in previous:
            for b in current:
                g.edge(a, b)
        previous = current
        parts.append(f"{heading}: {units}, {act}, {params}")
        keras_parts.append(f"Dense({info.units}, {info.activation}): {info.params:,} params")
    return Diagram(g, " → ".join(parts), " -> ".join(keras_parts))


def edge_counts(model) -> list[int]:
    """Kernel weights between consecutive layers (the edges a full drawing has).

    >>> from stbda_utils.training import dense_net
    >>> edge_counts(dense_net([2, 1]))
    [2, 2]
    """
    layers = dense_layers(model)
    sizes = [model.inputs[0].shape[-1]] + [info.units for info in layers]
    return [a * b for a, b in zip(sizes, sizes[1:])]
