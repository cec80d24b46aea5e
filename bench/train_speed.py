"""The fast training helper against the naive ``model.fit`` on the lecture's fit.

    .venv/bin/python bench/train_speed.py

Both train the linear model of chapter 1 (Dense(1), SGD(0.1), MSE, 1000
full-batch epochs, same initial weights) in one process, one after the
other; prints both wall times, the ratio and the largest weight difference.
"""

from __future__ import annotations

import time

from stbda_utils import setup

setup(lang="en")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from stbda_utils import data, training  # noqa: E402

EPOCHS = 1000


def fresh_model():
    net = training.dense_net([1])
    training.set_weights(net, [[[0.0]], [0.0]])
    net.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    return net


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    x, y = data.piecewise_data()
    fast, naive = fresh_model(), fresh_model()
    t_fast, _ = timed(lambda: training.fit_full_batch(fast, x, y, epochs=EPOCHS))
    t_naive, _ = timed(lambda: naive.fit(x, y, epochs=EPOCHS, batch_size=len(x), verbose=0))
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(fast.get_weights(), naive.get_weights()))
    w, b = (float(v.ravel()[0]) for v in fast.get_weights())
    print(f"epochs: {EPOCHS}, data: {len(x)} points, full batch")
    print(f"fit_full_batch:           {t_fast:7.2f} s   w={w:.7f} b={b:.7f}")
    print(f"model.fit(x, y, ...):     {t_naive:7.2f} s")
    print(f"speed-up (naive / fast):  {t_naive / t_fast:7.1f}x")
    print(f"max |weight difference|:  {diff:.2e}")


if __name__ == "__main__":
    main()
