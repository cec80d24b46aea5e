"""The lecture's computations, run the way the lecture runs them, on today's Keras.

    .venv/bin/python bench/lecture_style.py [--chapter 1|2|3|4]

This is the baseline of bench/report.py. It redoes every experiment of the
lecture with the lecture's *method*: ``model.fit(x, y, batch_size=N)`` on
NumPy arrays for every training run (Keras rebuilds its input pipeline each
epoch), a Python ``map`` over the 3,575 grid points of the loss surfaces, and
29 separate ``fit`` calls of 15 epochs to record each trajectory. The code is
written for this benchmark (not copied from the lecture), using the lecture's
settings. Initial weights come from Keras' default initializers, as in the
lecture; only the time matters here. Prints one line per chapter:
``chapter N: S seconds``.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from matplotlib import animation

N = 100


def piecewise():
    np.random.seed(43052)
    x = np.linspace(-1, 1, N)
    y = np.array([xi + np.random.normal() * 0.3 if xi < 0 else 3.5 * xi + np.random.normal() * 0.3 for xi in x])
    return x.reshape(N, 1), y.reshape(N, 1)


def naive_fit(layers, x, y, lr, epochs, loss="mse", optimizer=tf.keras.optimizers.SGD):
    net = tf.keras.Sequential(layers)
    net.compile(optimizer=optimizer(lr), loss=loss)
    net.fit(x, y, epochs=epochs, batch_size=len(x), verbose=0)
    return net


def chapter_1():
    x, y = piecewise()
    net = naive_fit([tf.keras.layers.Dense(1)], x, y, 0.1, 1000)
    net.predict(x, verbose=0)


def chapter_2():
    x, y = piecewise()
    naive_fit([tf.keras.layers.Dense(1, activation="relu")], x, y, 0.1, 1000)
    naive_fit([tf.keras.layers.Dense(2, activation="relu"), tf.keras.layers.Dense(1)], x, y, 0.1, 1000)
    failed = naive_fit([tf.keras.layers.Dense(2, activation="relu"), tf.keras.layers.Dense(1)], x, y, 0.1, 1000)
    failed.fit(x, y, epochs=10000, batch_size=N, verbose=0)
    w1, b1, w2, b2 = (tf.Variable(w.astype("float64")) for w in failed.get_weights())
    with tf.GradientTape() as tape:
        yhat = tf.nn.relu(tf.constant(x) @ w1 + b1) @ w2 + b2
        loss = tf.losses.mse(y, yhat)
    tape.gradient(loss, [w1, b1, w2, b2])
    naive_fit([tf.keras.layers.Dense(512, activation="relu"), tf.keras.layers.Dense(1)], x, y, 0.1, 1000)


def chapter_3():
    np.random.seed(43052)
    x = np.linspace(0, 1, N).reshape(N, 1)
    y = np.random.normal(loc=0, scale=0.001, size=(N, 1))
    naive_fit([tf.keras.layers.Dense(512, activation="relu"), tf.keras.layers.Dense(1)], x, y, 0.5, 1000)


def chapter_4():
    np.random.seed(43052)
    np.random.normal(size=(N, 1))
    n = 2000
    x = np.linspace(-1, 1, n).reshape(n, 1)
    y = np.random.binomial(1, 1 / (1 + np.exp(-(-1 + 5 * x)))).astype("float64")
    losses = {
        "bce": lambda y, yhat: -tf.reduce_mean(y * tf.math.log(yhat) + (1 - y) * tf.math.log(1 - yhat)),
        "mse": lambda y, yhat: tf.reduce_mean((y - yhat) ** 2),
    }
    for loss in losses.values():
        naive_fit([tf.keras.layers.Dense(1, activation="sigmoid")], x, y, 0.1, 1000, loss=loss)
    w0, w1 = (g.reshape(-1) for g in np.meshgrid(np.arange(-10, 3, 0.2), np.arange(-1, 10, 0.2), indexing="ij"))
    surfaces = {
        name: list(map(lambda a, b, loss=loss: float(loss(y, 1 / (1 + np.exp(-(a + b * x))))), w0, w1))
        for name, loss in losses.items()
    }
    X = np.concatenate([np.ones((n, 1)), x], axis=1)
    Adam, SGD = tf.keras.optimizers.Adam, tf.keras.optimizers.SGD
    for optimizer, start in ((SGD, (-3.0, -1.0)), (Adam, (-3.0, -1.0)), (Adam, (-10.0, -1.0))):
        paths = {}
        for name, loss in losses.items():
            layer = tf.keras.layers.Dense(1, use_bias=False, activation="sigmoid")
            net = naive_fit([layer], X, y, 0.1, 1, loss=loss, optimizer=optimizer)
            net.set_weights([np.array([[start[0]], [start[1]]], dtype="float32")])
            path = [np.array(start)]
            for _ in range(29):
                net.fit(X, y, epochs=15, batch_size=n, verbose=0)
                path.append(net.get_weights()[0].ravel())
            paths[name] = np.array(path)
        fig = plt.figure(figsize=(6, 6))
        surface_axes = [fig.add_subplot(2, 2, i, projection="3d") for i in (1, 2)]
        curve_axes = [fig.add_subplot(2, 2, i) for i in (3, 4)]
        for ax, name in zip(surface_axes, losses):
            ax.scatter(w0, w1, surfaces[name], s=0.1)
        lines = [ax.plot(x, 1 / (1 + np.exp(-X @ paths[name][0])), "--b")[0] for ax, name in zip(curve_axes, losses)]

        def frame(i, lines=lines, paths=paths, axes=surface_axes):
            for ax, line, (name, loss) in zip(axes, lines, losses.items()):
                a, b = paths[name][i]
                ax.scatter(a, b, float(loss(y, 1 / (1 + np.exp(-(a + b * x))))), color="gray")
                line.set_ydata(1 / (1 + np.exp(-X @ paths[name][i])))

        animation.FuncAnimation(fig, frame, frames=30).to_jshtml()
        plt.close(fig)


CHAPTERS = {1: chapter_1, 2: chapter_2, 3: chapter_3, 4: chapter_4}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", type=int, choices=sorted(CHAPTERS), action="append")
    for number in parser.parse_args().chapter or sorted(CHAPTERS):
        start = time.perf_counter()
        CHAPTERS[number]()
        print(f"chapter {number}: {time.perf_counter() - start:.1f} seconds", flush=True)


if __name__ == "__main__":
    main()
