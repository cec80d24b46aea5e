import re

import pytest
import tensorflow as tf

from stbda_utils import diagrams, models, setup


@pytest.fixture(autouse=True)
def english():
    setup(lang="en")


def summary_params(model) -> list[int]:
    """The per-layer parameter counts as printed by model.summary()."""
    lines = []
    model.summary(print_fn=lambda line, **kw: lines.append(line))
    text = "\n".join(lines)
    rows = [ln for ln in text.splitlines() if "(" in ln and "None" in ln]
    return [int(re.findall(r"(\d[\d,]*)\s*│?\s*$", r)[0].replace(",", "")) for r in rows]


@pytest.mark.parametrize("units", [[1], [2, 1], [512, 1], [3, 4, 1]])
def test_counts_agree_with_summary(units):
    net = models.dense_net(units)
    shown = [info.params for info in diagrams.dense_layers(net)]
    assert shown == summary_params(net)
    g = diagrams.model_diagram(net)
    for n in shown:
        assert f"{n:,} parameters" in g.source


def test_activation_layer_is_folded_into_its_dense_layer():
    net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(2), tf.keras.layers.Activation("relu"), tf.keras.layers.Dense(1)])
    assert [(i.units, i.activation) for i in diagrams.dense_layers(net)] == [(2, "relu"), (1, "linear")]


def test_one_node_per_unit_and_one_edge_per_weight_when_narrow():
    net = models.dense_net([3, 2])
    source = diagrams.model_diagram(net).source
    assert source.count("->") == sum(diagrams.edge_counts(net)) == 3 + 6
    assert len(re.findall(r"^\s*l1_\d+ \[", source, re.M)) == 3


def test_wide_layer_is_collapsed():
    source = diagrams.model_diagram(models.dense_net([512, 1]), max_units=6).source
    assert len(re.findall(r"^\s*l1_\w+ \[", source, re.M)) == 6
    assert "507 more units" in source


def test_svg_is_inline_and_free_of_version_comments():
    bundle = diagrams.model_diagram(models.dense_net([2, 1]))._repr_mimebundle_()
    html = bundle["text/html"]
    assert html.count("<svg") == 1 and "<!--" not in html and "<?xml" not in html
    assert 'role="img"' in html and "aria-label=" in html
    assert " at 0x" not in bundle["text/plain"]


def test_width_fits_the_page():
    svg = diagrams.model_diagram(models.dense_net([512, 1])).svg()
    width_pt = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    assert width_pt <= 7.5 * 72


def test_korean_labels():
    setup(lang="ko")
    assert "유닛" in diagrams.model_diagram(models.dense_net([2, 1])).source


def test_bad_input():
    with pytest.raises(TypeError, match="Sequential"):
        diagrams.model_diagram("net")
    with pytest.raises(ValueError, match="not built"):
        diagrams.model_diagram(tf.keras.Sequential([tf.keras.layers.Dense(1)]))
    with pytest.raises(ValueError, match="max_units"):
        diagrams.model_diagram(models.dense_net([2, 1]), max_units=1)
