"""Architecture diagrams drawn from a built Keras ``Sequential``: one node per unit, one edge per
kernel weight, each layer's activation and parameter count (``model.summary()``'s numbers). A layer
wider than ``max_units`` shows its first and last units and one node for the rest. Every SVG id
carries the diagram's own prefix (``stbda-diagram-<n>-``, in the order made), so a page never has a
duplicate id and a notebook run top to bottom gives the same bytes every time.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from html import escape

from stbda_utils import checks
from stbda_utils.config import PAGE_WIDTH_IN
from stbda_utils.text import say, words
from stbda_utils.training import _dense_layers

WORDS = words("diagrams")

#: Numbers the diagrams of one kernel session: 1, 2, 3, ... in the order they
#: are made, so a notebook run top to bottom (nbval, refresh) numbers them alike.
_diagram_numbers = itertools.count(1)

#: What one diagram may draw: more would take graphviz minutes and no reader could follow it.
MAX_UNITS = 32
MAX_EDGES = 2000
#: Seconds graphviz's ``dot`` may take; on a timeout (or Ctrl-C) ``subprocess.run`` kills it.
DOT_SECONDS = 60

_SVG_REFERENCE = re.compile(r'(\bid="|href="#|url\(#)')


class Diagram:
    """A graphviz drawing that notebooks show as inline SVG (the page holds the nodes, not a picture),
    described for screen readers; its repr is the Keras summary, not graphviz's memory address."""

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
        """The drawing as an SVG element without XML prolog or comments, every id (and reference) prefixed."""
        done = subprocess.run(
            ["dot", "-Tsvg"], input=self.source, capture_output=True, text=True, timeout=DOT_SECONDS, check=True
        )
        svg = re.sub(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", "", done.stdout, flags=re.S)
        return _SVG_REFERENCE.sub(lambda m: m.group(1) + self.id_prefix, svg.strip())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        described = escape(self.description, quote=True)
        html = f'<figure class="stbda-diagram" role="img" aria-label="{described}">{self.svg()}</figure>'
        return {"text/html": html, "text/plain": self.description}

    def __repr__(self) -> str:
        return f"Diagram({self.summary!r})"


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
    >>> g.summary
    'Input(1) -> Dense(512, relu): 1,024 params -> Dense(1, linear): 513 params'
    """
    import graphviz

    layers = _dense_layers(checks.model(model))
    max_units = checks.integer(max_units, "max_units", 6, 3, MAX_UNITS)
    width = checks.number(width, "width", PAGE_WIDTH_IN, low=0, strict=True)
    name = checks.name(name, "name", "x")
    inputs = model.inputs[0].shape[-1]
    shown = [min(n, max_units) for n in [inputs] + [info.units for info in layers]]
    edges = sum(a * b for a, b in zip(shown, shown[1:]))
    if edges > MAX_EDGES:
        raise ValueError(
            f"model_diagram would draw {edges:,} edges, more than {MAX_EDGES:,}; lower max_units, e.g. max_units=6"
        )
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
                ids.append(f"{prefix}_{'more' if u is None else u}")
                if u is None:
                    more = say(WORDS, "more_units", n=count - max_units + 1)
                    c.node(ids[-1], more, shape="box", style="dashed", fontsize="10")
                else:
                    c.node(ids[-1], text_of(u))
        return ids

    parts, keras_parts = [say(WORDS, "input", n=inputs)], [f"Input({inputs})"]
    previous = draw_layer(0, inputs, parts[0], "in", lambda u: name if inputs == 1 else f"{name}{u + 1}")
    for i, info in enumerate(layers, start=1):
        last = i == len(layers)
        heading = say(WORDS, "output") if last else say(WORDS, "hidden", i=i)
        act = say(WORDS, info.activation) if info.activation in WORDS else info.activation
        units, params = say(WORDS, "units", n=info.units), say(WORDS, "params", n=info.params)
        single = last and info.units == 1
        current = draw_layer(
            i,
            info.units,
            f"{heading} · {act}\n{units} · {params}",
            f"l{i}",
            lambda u, s=single: "ŷ" if s else f"{u + 1}",
        )
        g.edges([(a, b) for a in previous for b in current])
        previous = current
        parts.append(f"{heading}: {units}, {act}, {params}")
        keras_parts.append(f"Dense({info.units}, {info.activation}): {info.params:,} params")
    return Diagram(g, " → ".join(parts), " -> ".join(keras_parts))
