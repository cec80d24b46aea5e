import numpy as np
import pytest

from stbda_utils import models


def test_dense_net_layers_and_params():
    net = models.dense_net([2, 1])
    assert [layer.units for layer in net.layers] == [2, 1]
    assert [layer.count_params() for layer in net.layers] == [4, 3]
    assert net.layers[0].activation.__name__ == "relu"
    assert net.layers[-1].activation.__name__ == "linear"


@pytest.mark.parametrize("units,err", [([], ValueError), ([0], ValueError), (["2"], TypeError), ("21", TypeError), ([True], TypeError)])
def test_dense_net_bad_units(units, err):
    with pytest.raises(err, match=r"e\.g\. \[2, 1\]|at least one"):
        models.dense_net(units)


def test_set_weights_checks_shapes_and_values():
    net = models.dense_net([2, 1])
    with pytest.raises(ValueError, match="4 weight arrays"):
        models.set_weights(net, [[[1.0, 2.0]]])
    with pytest.raises(ValueError, match=r"shape \(1, 2\)"):
        models.set_weights(net, [[[1.0]], [0, 0], [[1], [1]], [0]])
    with pytest.raises(ValueError, match="NaN"):
        models.set_weights(net, [[[np.nan, 1.0]], [0, 0], [[1], [1]], [0]])


def test_glorot_weights_are_reproducible_and_bounded():
    net = models.dense_net([512, 1])
    a, b = models.glorot_weights(net, seed=3), models.glorot_weights(net, seed=3)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert np.abs(a[0]).max() <= np.sqrt(6 / 513)
    assert not a[1].any() and not a[3].any()
