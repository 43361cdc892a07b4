"""Train a small network live: 2-D data, an MLP in NumPy, the decision boundary and the
train/test losses moving while it learns. The view calls ``tick`` on a timer."""

from __future__ import annotations

import itertools
import math
import random
from functools import cache

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.fast_image import smooth_map
from studyapp.viz.numerics import sigmoid
from studyapp.viz.spec import Choice, Explorer, Float, Int, Numbers, Preset
from studyapp.viz.theme import PALETTE

GRID = 48                   # the decision map's resolution per side
EXTENT = 1.6                # data live in [-EXTENT, EXTENT]²
POINTS = 240                # generated points, half of them held out for the test loss
STEPS_PER_TICK = 4          # optimiser steps per timer tick
MAX_POINTS = 2000           # points a loaded CSV may hold
DATASETS = ("circles", "xor", "spiral", "gaussians", "loaded")


# --- data -----------------------------------------------------------------------------
def make_data(name: str, noise: float, seed: int, n: int = POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(points (n, 2), labels (n,) in {0, 1}) for a named toy data set."""
    rng = np.random.default_rng(seed)
    half = n // 2
    if name == "circles":
        radius = np.r_[rng.uniform(0, 0.5, half), rng.uniform(0.8, 1.2, n - half)]
        angle = rng.uniform(0, 2 * np.pi, n)
        x = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
        y = np.r_[np.zeros(half), np.ones(n - half)]
    elif name == "xor":
        x = rng.uniform(-1.2, 1.2, (n, 2))
        y = (x[:, 0] * x[:, 1] > 0).astype(float)
    elif name == "spiral":
        t = np.sqrt(rng.uniform(0.05, 1, n)) * 3 * np.pi
        arm = np.r_[np.zeros(half), np.ones(n - half)]
        r = t / (3 * np.pi) * 1.3
        x = np.c_[r * np.cos(t + np.pi * arm), r * np.sin(t + np.pi * arm)]
        y = arm
    else:   # two Gaussians
        y = np.r_[np.zeros(half), np.ones(n - half)]
        x = rng.normal(0, 0.35, (n, 2)) + np.where(y[:, None] > 0, 0.5, -0.5)
    x = x + rng.normal(0, noise, x.shape)
    order = rng.permutation(n)
    return x[order], y[order]


def parse_points(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``x, y, label`` (label 0 or 1; a header row is allowed); ValueError naming
    the first bad row otherwise."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = [f.strip() for f in line.replace("\t", ",").replace(";", ",").split(",")]
        if not line.strip():
            continue
        try:
            x, y, label = (float(f) for f in fields[:3]) if len(fields) >= 3 else (None,) * 3
        except ValueError:
            if number == 1 and not rows:
                continue                               # a header
            raise ValueError(f"row {number}: expected three numbers x, y, label") from None
        if x is None or label not in (0.0, 1.0) or not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"row {number}: expected x, y and a label 0 or 1")
        rows.append((x, y, label))
    if len(rows) < 4 or len({r[2] for r in rows}) < 2:
        raise ValueError("give at least four points of both labels 0 and 1")
    if len(rows) > MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS:,} points")
    data = np.array(rows)
    points = data[:, :2]
    scale = EXTENT * 0.9 / max(1e-9, np.abs(points - points.mean(0)).max())
    return (points - points.mean(0)) * scale, data[:, 2]


# --- the network --------------------------------------------------------------------------
ACTIVATIONS = {
    "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0).astype(float)),
    "tanh": (np.tanh, lambda z, a: 1 - a ** 2),
    "sigmoid": (sigmoid, lambda z, a: a * (1 - a)),
}


def init_network(widths: tuple[int, ...], seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Layers 2 → widths… → 1 with He-scaled Gaussian weights and zero biases."""
    rng = np.random.default_rng(seed + 1)
    sizes = (2, *widths, 1)
    return [(rng.normal(0, math.sqrt(2 / fan_in), (fan_in, fan_out)), np.zeros(fan_out))
            for fan_in, fan_out in itertools.pairwise(sizes)]


def forward(layers, x: np.ndarray, activation: str) -> tuple[np.ndarray, list]:
    """P(label 1) for each row of ``x`` and the cache backward needs."""
    act, _ = ACTIVATIONS[activation]
    cache, a = [], x
    for i, (w, b) in enumerate(layers):
        z = a @ w + b
        cache.append((a, z))
        a = act(z) if i < len(layers) - 1 else z
    logits = a[:, 0]
    return sigmoid(logits), cache


def loss(p: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy."""
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def gradients(layers, x, y, activation: str, l2: float) -> list:
    """d(mean BCE + l2/2·Σ‖W‖²)/d(each W and b), by backpropagation."""
    _, derivative = ACTIVATIONS[activation]
    p, cache = forward(layers, x, activation)
    delta = ((p - y) / len(y))[:, None]                  # d loss / d logit
    grads = []
    for i in range(len(layers) - 1, -1, -1):
        a_in, _ = cache[i]
        w = layers[i][0]
        grads.append((a_in.T @ delta + l2 * w, delta.sum(0)))
        if i:                                            # a_in = act(z of the layer below)
            delta = (delta @ w.T) * derivative(cache[i - 1][1], a_in)
    return grads[::-1]


@cache
def grid_points() -> np.ndarray:
    """The map's GRID × GRID points, row by row from the bottom (made once: every tick
    evaluates the network on them)."""
    axis = np.linspace(-EXTENT, EXTENT, GRID)
    gx, gy = np.meshgrid(axis, axis)
    points = np.c_[gx.ravel(), gy.ravel()]
    points.flags.writeable = False
    return points


class Trainer:
    """A network, its optimiser state and its loss history."""

    def __init__(self, x, y, widths, activation: str, optimizer: str, seed: int):
        split = len(x) // 2
        self.x_train, self.y_train = x[:split], y[:split]
        self.x_test, self.y_test = x[split:], y[split:]
        self.layers = init_network(widths, seed)
        self.activation, self.optimizer = activation, optimizer
        self.moments = [(np.zeros_like(w), np.zeros_like(b), np.zeros_like(w),
                         np.zeros_like(b)) for w, b in self.layers]
        self.steps = 0
        self.rng = np.random.default_rng(seed + 2)
        self.history: list[tuple[int, float, float]] = []
        self.record()

    def record(self) -> None:
        self.history.append((self.steps, self.loss(self.x_train, self.y_train),
                             self.loss(self.x_test, self.y_test)))

    def loss(self, x, y) -> float:
        return loss(forward(self.layers, x, self.activation)[0], y)

    def step(self, lr: float, l2: float, batch: int) -> None:
        """One optimiser step on a random mini-batch."""
        pick = self.rng.choice(len(self.x_train), min(batch, len(self.x_train)), replace=False)
        grads = gradients(self.layers, self.x_train[pick], self.y_train[pick],
                          self.activation, l2)
        self.steps += 1
        updated, moments = [], []
        for (w, b), (gw, gb), (mw, mb, vw, vb) in zip(self.layers, grads, self.moments,
                                                      strict=True):
            if self.optimizer == "sgd":
                dw, db = gw, gb
            elif self.optimizer == "momentum":
                mw, mb = 0.9 * mw + gw, 0.9 * mb + gb
                dw, db = mw, mb
            else:   # Adam
                mw, mb = 0.9 * mw + 0.1 * gw, 0.9 * mb + 0.1 * gb
                vw, vb = 0.999 * vw + 0.001 * gw ** 2, 0.999 * vb + 0.001 * gb ** 2
                c1, c2 = 1 - 0.9 ** self.steps, 1 - 0.999 ** self.steps
                dw = (mw / c1) / (np.sqrt(vw / c2) + 1e-8)
                db = (mb / c1) / (np.sqrt(vb / c2) + 1e-8)
            updated.append((w - lr * dw, b - lr * db))
            moments.append((mw, mb, vw, vb))
        self.layers, self.moments = updated, moments

    def grid(self) -> np.ndarray:
        """P(label 1) over the plotted square, GRID × GRID."""
        return forward(self.layers, grid_points(), self.activation)[0].reshape(GRID, GRID)


# --- challenges ---------------------------------------------------------------------------
def _parameter_count(rng: random.Random) -> Challenge:
    widths = tuple(rng.choice((4, 8, 16)) for _ in range(rng.choice((1, 2))))
    sizes = (2, *widths, 1)
    count = sum(a * b + b for a, b in itertools.pairwise(sizes))
    return Challenge("trainer-parameters", "trainer",
                     f"A network 2 → {' → '.join(map(str, widths))} → 1 with biases: how many "
                     "parameters does it train?", str(count),
                     "Each layer has fan-in × fan-out weights plus fan-out biases.",
                     {"hidden": widths})


def _initial_loss(rng: random.Random) -> Challenge:
    return Challenge("trainer-chance-loss", "trainer",
                     "Before training, a network that outputs p = 0.5 for every point has what "
                     "binary cross-entropy (nats)? (answer to 3 decimals)", f"{math.log(2):.3f}",
                     "−log 0.5 = log 2 ≈ 0.693 whatever the labels: chance level.",
                     {"dataset": rng.choice(DATASETS[:4])}, tolerance=0.002)


def _linear_xor(rng: random.Random) -> Challenge:
    return Challenge("trainer-linear-xor", "trainer",
                     "With no hidden layer (logistic regression), can the network separate the "
                     "XOR data set?", "no",
                     "XOR's classes are not linearly separable: a single line misclassifies at "
                     "least a quarter of the points; one hidden layer of 2+ units suffices.",
                     {"dataset": "xor"}, options=("yes", "no"))


class TrainerExplorer(Explorer):
    id = "trainer"
    title = "Train a network live"
    tags = ("mlp", "training", "optimizers", "regularization", "activations")
    params = (
        Choice("dataset", "Data set", DATASETS, "circles",
               labels=("Circles", "XOR", "Spiral", "Two Gaussians", "Loaded points")),
        Float("noise", "Noise", 0.0, 0.5, 0.05, step=0.01),
        Numbers("hidden", "Hidden widths", (8, 8), min_len=0, max_len=4),
        Choice("activation", "Activation", tuple(ACTIVATIONS), "tanh"),
        Float("lr", "Learning rate", 0.001, 1.0, 0.03, log=True),
        Choice("optimizer", "Optimizer", ("sgd", "momentum", "adam"), "adam",
               labels=("SGD", "SGD + momentum", "Adam")),
        Float("l2", "L2 (weight decay)", 0.0, 0.05, 0.0, step=0.001),
        Int("batch", "Batch size", 1, 120, 16),
        Int("seed", "Seed", 0, 99, 0),
    )
    presets = (
        Preset("XOR with tanh", {"dataset": "xor", "hidden": (4,)}),
        Preset("Spiral: deeper network", {"dataset": "spiral", "hidden": (16, 16, 16),
                                          "lr": 0.01}),
        Preset("Logistic regression (no hidden layer)", {"dataset": "gaussians", "hidden": ()}),
        Preset("Learning rate too high", {"lr": 0.9, "optimizer": "sgd"}),
    )
    formula = (r"\mathcal{L} = -\frac{1}{B}\sum_{i}\left[y_i \log p_i + (1-y_i)\log(1-p_i)"
               r"\right] + \frac{\lambda}{2}\sum \lVert W\rVert^2")
    notice = ("Press Train to run the optimiser; the map shows P(class 1) and the curves the "
              "training and held-out losses. Watch a too-large learning rate oscillate, a "
              "network without hidden layers draw only straight lines, and a test loss that "
              "turns up while the training loss still falls (overfitting; L2 helps).")
    challenges = (_parameter_count, _initial_loss, _linear_xor)
    animated = True

    def __init__(self) -> None:
        self.loaded: tuple[np.ndarray, np.ndarray] | None = None
        self.trainer: Trainer | None = None
        self.key = self.fresh_key = None
        # kept for the settings seen: a drag over the noise or the seed passes them again
        self.datasets: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self.fresh_maps: dict[tuple, np.ndarray] = {}    # an untrained network's map

    # --- model -------------------------------------------------------------------------
    def data(self, params: dict) -> tuple[np.ndarray, np.ndarray]:
        if params["dataset"] == "loaded" and self.loaded is not None:
            x, y = self.loaded
            order = np.random.default_rng(params["seed"]).permutation(len(x))
            return x[order], y[order]
        key = ("circles" if params["dataset"] == "loaded" else params["dataset"],
               params["noise"], params["seed"])
        if key not in self.datasets:
            if len(self.datasets) >= 64:
                self.datasets.clear()
            self.datasets[key] = make_data(*key)
            for array in self.datasets[key]:
                array.flags.writeable = False         # shared by the networks made on it
        return self.datasets[key]

    def load_points(self, text: str) -> None:
        """Points typed or pasted as CSV rows; ValueError if they do not parse."""
        self.loaded = parse_points(text)
        self.key = None

    def restart(self, params: dict) -> None:
        """A new network on the data the settings describe (they changed, or Reset)."""
        widths = tuple(int(max(1, min(64, w))) for w in params["hidden"])
        x, y = self.data(params)
        self.trainer = Trainer(x, y, widths, params["activation"], params["optimizer"],
                               params["seed"])
        self.fresh_key = (widths, params["activation"], params["seed"])

    def _structure(self, params: dict) -> tuple:
        """The settings that need a new network; lr, L2 and batch size apply live."""
        return (params["dataset"], params["noise"], tuple(params["hidden"]),
                params["activation"], params["optimizer"], params["seed"], id(self.loaded))

    # --- figure ------------------------------------------------------------------------
    def build(self, fig, params: dict) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1, 1))
        self.image = smooth_map(self.ax_map, np.zeros((GRID, GRID)), "RdBu_r", 0.55,
                                (-EXTENT, EXTENT, -EXTENT, EXTENT), on_background=True)
        self.train_points = [self.ax_map.plot([], [], "o", ms=4, color=c, mec="white",
                                              mew=0.5)[0] for c in (PALETTE[0], PALETTE[3])]
        self.test_points = [self.ax_map.plot([], [], "o", ms=4, mfc="none", color=c,
                                             mew=0.8)[0] for c in (PALETTE[0], PALETTE[3])]
        self.ax_map.set_xlim(-EXTENT, EXTENT)
        self.ax_map.set_ylim(-EXTENT, EXTENT)
        self.ax_map.set_aspect("equal")
        self.ax_map.set_title("P(class 1): filled = train, rings = test", fontsize="medium")
        self.train_line, = self.ax_loss.plot([], [], color=PALETTE[0], label="train")
        self.test_line, = self.ax_loss.plot([], [], color=PALETTE[1], label="test")
        self.ax_loss.set_xlabel("optimiser steps")
        self.ax_loss.set_ylabel("cross-entropy")
        self.ax_loss.legend(loc="upper right")
        self.ax_loss.grid(True, alpha=0.4)
        self.key = None
        self.curve_points = 0               # points in the curves now drawn
        self.update(params)

    def _draw_points(self) -> None:
        t = self.trainer
        for label in (0, 1):
            self.train_points[label].set_data(*t.x_train[t.y_train == label].T)
            self.test_points[label].set_data(*t.x_test[t.y_test == label].T)

    def _map(self) -> np.ndarray:
        """P(class 1) over the map; an untrained network's is kept (the same network is
        made again for every data set, noise and learning setting)."""
        if self.trainer.steps:
            return self.trainer.grid()
        if self.fresh_key not in self.fresh_maps:
            if len(self.fresh_maps) >= 16:
                self.fresh_maps.clear()
            self.fresh_maps[self.fresh_key] = self.trainer.grid()
        return self.fresh_maps[self.fresh_key]

    def _draw_state(self, points_moved: bool = False) -> list | None:
        """Move the map, points and curves to the trainer's state: the artists that
        changed (the points too when the map under them is drawn again; the curves unless
        they were and stay a single point, which draws nothing), or None when the loss
        axes must grow (a full redraw)."""
        t = self.trainer
        grid = self._map()
        map_moved = not np.array_equal(grid, self.image.get_array())
        if map_moved:
            self.image.set_data(grid)
        steps, train, test = np.array(t.history).T
        self.train_line.set_data(steps, train)
        self.test_line.set_data(steps, test)
        right = 2.0 ** max(6, math.ceil(math.log2(max(1.0, steps[-1]))))
        top = max(1.0, math.ceil(2 * 1.05 * float(np.nanmax(np.r_[train, test]))) / 2)
        if (0.0, right) != self.ax_loss.get_xlim() or (0.0, top) != self.ax_loss.get_ylim():
            self.ax_loss.set_xlim(0.0, right)
            self.ax_loss.set_ylim(0.0, top)
            return None
        points = [*self.train_points, *self.test_points] if map_moved or points_moved else []
        curves = [self.train_line, self.test_line] if max(self.curve_points, len(steps)) > 1 \
            else []
        self.curve_points = len(steps)
        return [*([self.image] if map_moved else []), *points, *curves]

    def update(self, params: dict) -> list | None:
        key = self._structure(params)
        if key == self.key and self.trainer is not None:
            return []                   # lr, L2 and batch size act on the next steps
        self.key = key
        self.restart(params)
        self._draw_points()
        return self._draw_state(points_moved=True)

    def tick(self, params: dict) -> list | None:
        """Train a few steps (the timer's work); the artists that moved."""
        for _ in range(STEPS_PER_TICK):
            self.trainer.step(params["lr"], params["l2"], params["batch"])
        self.trainer.record()
        return self._draw_state()

    def reset_training(self, params: dict) -> list | None:
        self.key = None
        return self.update(params)

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        t = self.trainer
        _, train, test = t.history[-1]
        train_acc = np.mean((forward(t.layers, t.x_train, t.activation)[0] > 0.5)
                            == t.y_train)
        test_acc = np.mean((forward(t.layers, t.x_test, t.activation)[0] > 0.5) == t.y_test)
        count = sum(w.size + b.size for w, b in t.layers)
        return [("Steps", f"{t.steps:,}"),
                ("Loss train / test", f"{train:.3f} / {test:.3f}"),
                ("Accuracy train / test", f"{train_acc:.0%} / {test_acc:.0%}"),
                ("Parameters", f"{count:,}")]
