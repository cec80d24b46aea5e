import re
import subprocess
import sys

import pytest
import tensorflow as tf

from stbda_utils import diagrams, training
from stbda_utils.text import use_language

pytestmark = pytest.mark.usefixtures("english_labels")  # diagrams draw with graphviz: no figure style needed


def summary_params(model) -> list[int]:
    """The per-layer parameter counts as printed by model.summary()."""
    lines = []
    model.summary(print_fn=lambda line, **kw: lines.append(line))
    text = "\n".join(lines)
    rows = [ln for ln in text.splitlines() if "(" in ln and "None" in ln]
    return [int(re.findall(r"(\d[\d,]*)\s*│?\s*$", r)[0].replace(",", "")) for r in rows]


@pytest.mark.parametrize("units", [[1], [2, 1], [512, 1], [3, 4, 1]])
def test_counts_agree_with_summary(units):
    net = training.dense_net(units)
    shown = [info.params for info in diagrams._dense_layers(net)]
    assert shown == summary_params(net)
    g = diagrams.model_diagram(net)
    for n in shown:
        assert f"{n:,} parameters" in g.source


def test_activation_layer_is_folded_into_its_dense_layer():
    net = tf.keras.Sequential(
        [tf.keras.Input((1,)), tf.keras.layers.Dense(2), tf.keras.layers.Activation("relu"), tf.keras.layers.Dense(1)]
    )
    assert [(i.units, i.activation) for i in diagrams._dense_layers(net)] == [(2, "relu"), (1, "linear")]


def test_one_node_per_unit_and_one_edge_per_weight_when_narrow():
    net = training.dense_net([3, 2])
    source = diagrams.model_diagram(net).source
    assert source.count("->") == 3 + 6  # 1x3 + 3x2 kernel weights
    assert len(re.findall(r"^\s*l1_\d+ \[", source, re.M)) == 3


def test_wide_layer_is_collapsed():
    source = diagrams.model_diagram(training.dense_net([512, 1]), max_units=6).source
    assert len(re.findall(r"^\s*l1_\w+ \[", source, re.M)) == 6
    assert "507 more units" in source


def test_svg_is_inline_and_free_of_version_comments():
    bundle = diagrams.model_diagram(training.dense_net([2, 1]))._repr_mimebundle_()
    html = bundle["text/html"]
    assert html.count("<svg") == 1 and "<!--" not in html and "<?xml" not in html
    assert 'role="img"' in html and "aria-label=" in html
    assert " at 0x" not in bundle["text/plain"]


def test_width_fits_the_page():
    svg = diagrams.model_diagram(training.dense_net([512, 1])).svg()
    width_pt = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    assert width_pt <= 7.5 * 72


def test_korean_labels():
    use_language("ko")
    assert "유닛" in diagrams.model_diagram(training.dense_net([2, 1])).source


def test_max_units_below_three_is_refused():
    with pytest.raises(ValueError, match="max_units"):
        diagrams.model_diagram(training.dense_net([2, 1]), max_units=1)


def test_singular_and_plural_in_english():
    source = diagrams.model_diagram(training.dense_net([2, 1])).source
    assert "2 units" in source and "1 unit ·" in source and "1 units" not in source
    assert "1 input" in source and "hidden layer 1 · ReLU" in source and "output layer · identity" in source


def test_korean_wording_counts_with_gae():
    use_language("ko")
    d = diagrams.model_diagram(training.dense_net([2, 1]))
    assert "유닛 2개 · 파라미터 4개" in d.source and "유닛 1개 · 파라미터 3개" in d.source
    assert "은닉층 1 · ReLU" in d.source and "출력층 · 항등" in d.source
    assert not re.search(r"[A-Za-z]{4,}", d.description.replace("ReLU", "")), d.description


def svg_ids(html: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', html)


def test_ids_are_unique_across_diagrams_on_one_page():
    net = training.dense_net([2, 1])
    page = "".join(
        diagrams.model_diagram(m)._repr_mimebundle_()["text/html"] for m in (net, net, training.dense_net([3, 1]))
    )
    ids = svg_ids(page)
    assert len(ids) > 20 and len(ids) == len(set(ids))
    for ref in re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', page):
        assert any(r in ids for r in ref if r)


@pytest.mark.slow
def test_ids_are_the_same_in_every_fresh_kernel():
    code = (
        "from stbda_utils import setup, diagrams, training; setup(lang='en'); "
        "[diagrams.model_diagram(training.dense_net([2, 1])) for _ in range(2)]; "
        "print(diagrams.model_diagram(training.dense_net([2, 1]))._repr_mimebundle_()['text/html'])"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and 'id="stbda-diagram-3-graph0"' in runs[0]


def test_prefix_reaches_every_reference():
    d = diagrams.model_diagram(training.dense_net([2, 1]))
    d.id_prefix = "p-"
    svg = d.svg()
    assert svg_ids(svg) and all(i.startswith("p-") for i in svg_ids(svg))
    assert all(
        ref.startswith("p-") for ref in re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', svg) for ref in ref if ref
    )


def test_aria_label_is_escaped():
    d = diagrams.model_diagram(training.dense_net([2, 1]))
    d.description = 'a "quoted" <b> & more'
    html = d._repr_mimebundle_()["text/html"]
    assert 'aria-label="a &quot;quoted&quot; &lt;b&gt; &amp; more"' in html
