"""Activation and gradient scale through depth for different initialisations."""

from __future__ import annotations

import random
from functools import lru_cache

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.spec import Choice, Explorer, Float, Int, Preset
from studyapp.viz.theme import PALETTE

SAMPLES = 4096           # values per layer behind each std: inputs × width
SHOWN_MIN = 1e-15        # smaller scales are drawn at this floor: the signal is gone
MAX_DEPTH = 50
SHAPE_RANGE = 4.0        # the last layer's histogram spans ± this many of its stds


def weight_std(init: str, fan_in: int, fan_out: int, sigma: float, act: str) -> float:
    if init == "normal":
        return sigma
    if init == "xavier":                       # Glorot normal: 2 / (fan_in + fan_out)
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    gain = 2.0 if act == "relu" else 1.0       # Kaiming (He) normal, fan_in mode
    return float(np.sqrt(gain / fan_in))


def act_fn(act: str, z: np.ndarray) -> np.ndarray:
    return {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0), "linear": lambda v: v}[act](z)


def act_grad(act: str, h: np.ndarray) -> np.ndarray:
    """The activation's derivative, written in terms of its output h."""
    if act == "tanh":
        return 1 - h * h
    if act == "relu":
        return (h > 0).astype(h.dtype)
    return np.ones_like(h)


@lru_cache(maxsize=4)
def _draws(width: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Input batch and output gradient, fixed by the seed (float32: the statistics need
    no more)."""
    rng = np.random.default_rng(seed)
    batch = max(SAMPLES // width, 8)
    return (rng.standard_normal((batch, width), dtype=np.float32),
            rng.standard_normal((batch, width), dtype=np.float32))


@lru_cache(maxsize=MAX_DEPTH)
def _unit_weights(width: int, seed: int, layer: int) -> np.ndarray:
    """One layer's unit-variance weights, fixed by the seed and the layer, so dragging σ
    or depth rescales, trims or extends the same network instead of drawing a new one.
    Drawn when a network first reaches the layer: a network of 20 layers holds 20 layers
    of weights, not the deepest one's 50 (13 MB at width 256, 52 MB at 512)."""
    rng = np.random.default_rng((seed, width, layer))
    return rng.standard_normal((width, width), dtype=np.float32)


@lru_cache(maxsize=16)
def _propagate(act: str, depth: int, width: int, scale: float,
               seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forward and backward through ``depth`` layers with weights ``scale`` · unit."""
    h, g = _draws(width, seed)
    weights = [_unit_weights(width, seed, layer) for layer in range(depth)]
    s = np.float32(scale)                       # scaling h @ w, not w: no copy
    outputs = np.empty((depth, *h.shape), dtype=np.float32)
    for out, w in zip(outputs, weights, strict=True):
        h = out[:] = act_fn(act, (h @ w) * s)
    grads = np.empty_like(outputs)
    for layer in range(depth - 1, -1, -1):
        # (W · δᵀ)ᵀ rather than δ · Wᵀ: the same product, half the time in BLAS
        g = grads[layer] = (weights[layer] @ (g * act_grad(act, outputs[layer])).T).T * s
    return (_std_per_layer(outputs), _std_per_layer(grads),
            outputs[-1].astype(np.float64))


def _std_per_layer(values: np.ndarray) -> np.ndarray:
    """One call for all layers (per-layer calls cost more than the arithmetic)."""
    return values.reshape(len(values), -1).std(axis=1, dtype=np.float64)


def layer_stats(init: str, act: str, depth: int, width: int, sigma: float,
                seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-layer std of activations and of back-propagated gradients, and the last layer."""
    scale = weight_std(init, width, width, sigma, act)
    if act == "tanh":
        return _propagate(act, depth, width, scale, seed)
    # ReLU and identity are positively homogeneous: scaling the weights by c multiplies
    # layer l's activations by c^l and the gradient reaching it by c^(depth − l + 1), so
    # one pass at the scale that keeps float32 in range serves every σ.
    ref = weight_std("kaiming", width, width, 0.0, act)
    acts, grads, last = _propagate(act, depth, width, ref, seed)
    c, layers = scale / ref, np.arange(1, depth + 1)
    with np.errstate(over="ignore"):
        return acts * c ** layers, grads * c ** (depth - layers + 1.0), last * c ** depth


def _log_limits(needed: tuple[float, float], current: tuple) -> tuple[float, float]:
    """Log10 axis limits in steps of three decades, kept while the data stays inside
    and fills them within six decades: each change costs a full redraw."""
    low = 3 * np.floor(needed[0] / 3) - 0.5
    high = 3 * np.ceil(needed[1] / 3) + 0.5
    if current[0] is not None and current[0] <= low and high <= current[1] \
            and low - current[0] < 6 and current[1] - high < 6:
        return current
    return low, high


# --- challenges -----------------------------------------------------------------------------------
def _init_relu_xavier(rng: random.Random) -> Challenge:
    acts, _, _ = layer_stats("xavier", "relu", 20, 256, 0.05, 0)
    options = ("grows", "stays about the same", "shrinks")
    ratio = acts[-1] / acts[0]
    answer = options[0] if ratio > 2 else options[2] if ratio < 0.5 else options[1]
    return Challenge("xavier-with-relu", "init-depth",
                     "Xavier (Glorot) initialisation with ReLU through 20 layers: the "
                     "activation scale…", answer,
                     "ReLU zeroes half of its inputs, halving the second moment per layer; "
                     "Xavier does not compensate (Kaiming's factor 2 does).",
                     {"init": "xavier", "act": "relu", "depth": 20}, options=options)


class InitDepth(Explorer):
    id = "init-depth"
    title = "Initialization through depth"
    tags = ("initialization", "vanishing-gradients", "activations")
    params = (
        Choice("init", "Initialization", ("normal", "xavier", "kaiming"), "xavier",
               labels=("Normal(0, σ²)", "Xavier / Glorot", "Kaiming / He")),
        Choice("act", "Activation", ("tanh", "relu", "linear"), "tanh"),
        Int("depth", "Depth", 2, MAX_DEPTH, 20),
        Float("sigma", "σ (normal init)", 0.001, 1.0, 0.05, log=True),
        Int("width", "Width", 16, 512, 256),
        Int("seed", "Random seed", 0, 99, 0),
    )
    presets = (
        Preset("Xavier + tanh: stable", {"init": "xavier", "act": "tanh"}),
        Preset("Kaiming + ReLU: stable", {"init": "kaiming", "act": "relu"}),
        Preset("Xavier + ReLU: shrinks", {"init": "xavier", "act": "relu"}),
        Preset("Small normal: vanishes", {"init": "normal", "act": "tanh", "sigma": 0.01}),
        Preset("Large normal: explodes", {"init": "normal", "act": "linear", "sigma": 0.2}),
    )
    formula = (r"\operatorname{Var}(z_{l}) = n_{l-1}\,\sigma_w^2\,\mathbb{E}[h_{l-1}^2]"
               r"\;\Rightarrow\;\sigma_w^2 = \frac{2}{n_{l-1}}\ \text{for ReLU}")
    notice = ("With the matching initialisation the activation scale stays roughly flat through "
              "depth; too small a σ makes signals and gradients vanish geometrically, too large "
              "makes them explode (or saturates tanh). Mismatched pairs drift slowly.")

    challenges = (_init_relu_xavier,)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax2 = fig.subplots(1, 2, width_ratios=(3, 2))
        self.act_line, = self.ax.semilogy([], [], "o-", ms=3, color=PALETTE[0],
                                          label="activation std")
        self.grad_line, = self.ax.semilogy([], [], "s-", ms=3, color=PALETTE[3],
                                           label="gradient std")
        self.ax.set_xlabel("layer")
        from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

        self.ax.xaxis.set_major_locator(MaxNLocator(integer=True))

        self.ax.yaxis.set_major_locator(LogLocator(numticks=7))
        self.ax.yaxis.set_minor_locator(NullLocator())
        self.ax.set_title("Scale per layer")
        self.ax.legend(loc="best", fontsize=9)
        self.ax.grid(True, alpha=0.4)
        self.ax2.set_title("Last layer, shape")
        self.ax2.set_xlabel("value ÷ their std")   # the scale is on the left: no relabelling
        self.ax2.set_xlim(-SHAPE_RANGE, SHAPE_RANGE)
        self.ax2.set_ylabel("share of values")
        self.ax2.grid(True, alpha=0.4)
        self.hist = self.ax2.stairs(np.zeros(40), np.linspace(-SHAPE_RANGE, SHAPE_RANGE, 41),
                                    fill=True, color=PALETTE[0])
        self.limits = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        acts, grads, last = layer_stats(params["init"], params["act"], params["depth"],
                                        params["width"], params["sigma"], params["seed"])
        layers = np.arange(1, params["depth"] + 1)
        self.act_line.set_data(layers, np.maximum(acts, SHOWN_MIN))
        self.grad_line.set_data(layers, np.maximum(grads, SHOWN_MIN))
        values = np.concatenate([acts, grads])
        values = values[np.isfinite(values) & (values > 0)]
        needed = ((np.log10(max(values.min(), SHOWN_MIN)), np.log10(values.max()))
                  if len(values) else (-1.0, 1.0))
        finite = last[np.isfinite(last)]
        std = float(finite.std()) if finite.size else 0.0
        counts, _ = np.histogram(finite / std if std > 0 else finite, bins=40,
                                 range=(-SHAPE_RANGE, SHAPE_RANGE))
        share = counts / max(finite.size, 1)
        self.hist.set_data(share)
        old = self.limits or (None, None, None, None)
        low, high = _log_limits(needed, old[1:3])
        top = old[3] if old[3] and old[3] / 4 < share.max() <= old[3] else \
            2.0 ** np.ceil(np.log2(max(share.max(), 1 / 8)))  # 1/8, 1/4, 1/2 or 1
        limits = (params["depth"], low, high, top)
        if limits != self.limits:                      # only a change of scale needs a redraw
            self.limits = limits
            self.ax.set_xlim(0.5, params["depth"] + 0.5)
            self.ax.set_ylim(10.0 ** low, 10.0 ** high)
            self.ax2.set_ylim(0, top)
            return None
        return [self.act_line, self.grad_line, self.hist]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        acts, grads, _ = layer_stats(params["init"], params["act"], params["depth"],
                                     params["width"], params["sigma"], params["seed"])
        w = weight_std(params["init"], params["width"], params["width"], params["sigma"],
                       params["act"])
        return [
            ("Weight std", f"{w:.4g}"),
            ("Activation std: first → last", f"{acts[0]:.3g} → {acts[-1]:.3g}"),
            ("Gradient std: last → first layer", f"{grads[-1]:.3g} → {grads[0]:.3g}"),
        ]
