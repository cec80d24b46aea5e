"""Record where the weights go while a model trains.

Training runs as one ``fit`` call on the full batch (the dataset idiom of
chapter 1) in which every stretch of epochs is one Keras epoch of that many
steps; a callback reads the weights at the end of each. That is the same
sequence of optimizer steps as the lecture's loop of short ``fit`` calls,
which chapter 4 shows in a cell (a compiled model keeps its optimizer, so
Adam's moments and step count carry over either way), without paying
``fit``'s start-up and per-epoch cost for every stretch.
"""

from __future__ import annotations

import numpy as np

from stbda_utils.checks import positive_int
from stbda_utils.training import check_model, check_xy


def flat_weights(model) -> np.ndarray:
    """All weights of ``model`` in one float64 vector, layer by layer, kernel before bias.

    >>> import tensorflow as tf
    >>> net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, use_bias=False)])
    >>> net.set_weights([np.array([[-3.0], [-1.0]], dtype="float32")])
    >>> flat_weights(net).tolist()
    [-3.0, -1.0]
    """
    check_model(model, compiled=False)
    return np.concatenate([np.asarray(w, dtype=float).reshape(-1) for w in model.get_weights()])


def record_trajectory(model, x, y, steps: int = 29, epochs_per_step: int = 15) -> np.ndarray:
    """Train ``steps`` times ``epochs_per_step`` epochs; return the weights before and after each stretch.

    Row 0 is the starting point, row ``k`` the weights after ``k * epochs_per_step``
    epochs: an array of shape ``(steps + 1, number of weights)``.

    >>> import tensorflow as tf
    >>> net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, use_bias=False)])
    >>> net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    >>> net.set_weights([np.zeros((1, 1), dtype="float32")])
    >>> path = record_trajectory(net, [[1.0]], [[2.0]], steps=3, epochs_per_step=2)
    >>> path.shape, path[0].tolist()
    ((4, 1), [0.0])
    >>> np.round(path[:, 0], 4).tolist()  # w moves toward 2: w <- w + 0.2 (2 - w)
    [0.0, 0.72, 1.1808, 1.4757]
    """
    check_model(model)
    x, y = check_xy(x, y)
    steps = positive_int(steps, "steps", 29)
    epochs_per_step = positive_int(epochs_per_step, "epochs_per_step", 15)
    import tensorflow as tf

    rows = [flat_weights(model)]
    recorder = tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs=None: rows.append(flat_weights(model)))
    # one Keras epoch per stretch: the same full-batch gradient steps in the same order as
    # ``steps`` fit calls of ``epochs_per_step`` epochs, with a fraction of Keras' per-epoch work
    batch = tf.data.Dataset.from_tensors((x, y)).repeat()
    model.fit(batch, epochs=steps, steps_per_epoch=epochs_per_step, verbose=0, shuffle=False, callbacks=[recorder])
    return np.stack(rows)
