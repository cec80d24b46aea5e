"""The ReLU chapter's two claims that rest on training, checked quickly."""

import numpy as np
import tensorflow as tf
from project import LECTURE_FINAL, LECTURE_INIT

from stbda_utils import data, relu, setup, text, training

FAILURE_SEED = 710  # chapters/02-relu-networks: this start ends with a dead unit


def trained(init, epochs):
    setup(lang="en")
    net = training.dense_net([2, 1])
    training.set_weights(net, init)
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    x, y = data.piecewise_data()
    training.fit_full_batch(net, x, y, epochs=epochs)
    return net, x


def test_two_units_reproduce_the_lecture_weights():
    net, _ = trained(LECTURE_INIT, 1000)
    assert text.max_difference(net.get_weights(), LECTURE_FINAL) < 1e-5


def test_failure_start_kills_unit_two_in_two_steps():
    setup(lang="en")
    init = training.glorot_weights(training.dense_net([2, 1]), seed=FAILURE_SEED)
    net, x = trained(init, 2)
    d = relu.decompose(net, x)
    assert d.dead.tolist() == [False, True]
    assert d.lines[:, 1].max() < -0.07  # a clear margin: round-off cannot revive it
    np.testing.assert_allclose(d.kinks[1], 1.2546, atol=1e-4)
