"""Activation functions and their derivatives, with saturation shading."""

from __future__ import annotations

import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.numerics import normal_cdf, normal_pdf, sigmoid
from studyapp.viz.spec import Bool, Explorer, Float, MultiChoice, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


def softplus(x, beta=1.0):
    return np.logaddexp(0, beta * x) / beta


def activation(name: str, x: np.ndarray, alpha: float = 0.01, beta: float = 1.0) -> np.ndarray:
    """The value of the named activation at x (PyTorch definitions)."""
    if name == "sigmoid":
        return sigmoid(x)
    if name == "tanh":
        return np.tanh(x)
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "leaky_relu":
        return np.where(x > 0, x, alpha * x)
    if name == "elu":
        return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
    if name == "selu":
        return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0)))
    if name == "gelu":
        return x * normal_cdf(x)
    if name == "gelu_tanh":
        return 0.5 * x * (1 + np.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)))
    if name == "silu":
        return x * sigmoid(beta * x)
    if name == "softplus":
        return softplus(x, beta)
    if name == "mish":
        return x * np.tanh(softplus(x))
    raise ValueError(f"unknown activation {name!r}")


def derivative(name: str, x: np.ndarray, alpha: float = 0.01, beta: float = 1.0) -> np.ndarray:
    """Analytic derivative (at a kink, the right-hand value as PyTorch uses 0 for ReLU at 0)."""
    if name == "sigmoid":
        s = sigmoid(x)
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(x) ** 2
    if name == "relu":
        return (x > 0).astype(float)
    if name == "leaky_relu":
        return np.where(x > 0, 1.0, alpha)
    if name == "elu":
        return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0)))
    if name == "selu":
        return SELU_SCALE * np.where(x > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(x, 0)))
    if name == "gelu":
        return normal_cdf(x) + x * normal_pdf(x)
    if name == "gelu_tanh":
        u = SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)
        t = np.tanh(u)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t ** 2) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x ** 2)
    if name == "silu":
        s = sigmoid(beta * x)
        return s + beta * x * s * (1 - s)
    if name == "softplus":
        return sigmoid(beta * x)
    if name == "mish":
        sp = softplus(x)
        t = np.tanh(sp)
        return t + x * (1 - t ** 2) * sigmoid(x)
    raise ValueError(f"unknown activation {name!r}")


NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "gelu_tanh", "silu",
         "softplus", "mish")
X = np.linspace(-6, 6, 601)


# --- challenges -----------------------------------------------------------------------------------
def _tanh_slope(rng: random.Random) -> Challenge:
    x0 = rng.choice((0.0, 0.5, 1.0, 2.0, -1.5))
    return Challenge("tanh-derivative", "activations",
                     f"What is the derivative of tanh at x = {x0:g}?",
                     short_number(1 - math.tanh(x0) ** 2), "tanh'(x) = 1 − tanh²(x): 1 at zero, "
                     "near zero once |x| > 3 (saturation).",
                     {"fn": ("tanh",), "derivative": True, "x0": x0}, tolerance=0.02)


def _sigmoid_max_slope(rng: random.Random) -> Challenge:
    options = ("0.25", "0.5", "1", "it is unbounded")
    return Challenge("sigmoid-max-derivative", "activations",
                     "What is the largest value of the sigmoid's derivative?", options[0],
                     "σ'(x) = σ(x)(1 − σ(x)) peaks at x = 0 with 0.5 · 0.5 = 0.25, so each "
                     "sigmoid layer shrinks gradients by at least 4×.",
                     {"fn": ("sigmoid",), "derivative": True, "x0": 0.0}, options=options)


class Activations(Explorer):
    id = "activations"
    title = "Activation functions"
    tags = ("activations", "vanishing-gradients")
    params = (
        MultiChoice("fn", "Functions", NAMES, ("relu", "sigmoid", "tanh")),
        Bool("derivative", "Show derivatives", True),
        Float("x0", "Probe x₀", -6.0, 6.0, 1.0, step=0.1),
        Float("alpha", "α (leaky ReLU, ELU)", 0.0, 1.0, 0.1, step=0.01),
        Float("beta", "β (SiLU, softplus)", 0.1, 5.0, 1.0, step=0.1),
    )
    presets = (
        Preset("Saturating: sigmoid vs tanh", {"fn": ("sigmoid", "tanh"), "derivative": True}),
        Preset("ReLU family", {"fn": ("relu", "leaky_relu", "elu", "selu"), "alpha": 0.1}),
        Preset("Smooth: GELU, SiLU, Mish", {"fn": ("gelu", "gelu_tanh", "silu", "mish")}),
    )
    formula = (r"\sigma(x) = \frac{1}{1+e^{-x}},\quad \sigma'(x) = \sigma(x)\,(1-\sigma(x))"
               r"\le \tfrac14")
    notice = ("The sigmoid's slope never exceeds 1/4 and falls below 0.01 beyond |x| ≈ 4.6, "
              "so stacked sigmoids shrink gradients. The shading marks where every chosen "
              "function's slope is below 0.01: both tails for the sigmoid or tanh alone, only "
              "the left tail once ReLU is chosen, since it passes a gradient of exactly 1 for "
              "positive inputs (and 0 for negative ones). Smooth variants such as GELU and SiLU "
              "dip slightly below zero.")

    challenges = (_tanh_slope, _sigmoid_max_slope)

    def build(self, fig, params: dict) -> None:
        self.ax = fig.add_subplot(1, 1, 1)
        self.ax.set_xlim(X[0], X[-1])
        self.ax.set_ylim(-1.6, 3.2)
        self.ax.set_xlabel("x")
        self.ax.set_ylabel("f(x)  ·  f′(x) dashed")
        self.ax.set_title("Activation functions")
        self.ax.grid(True, alpha=0.4)
        self.ax.axhline(0, lw=0.8, color=NEUTRAL)
        self.lines, self.dlines = {}, {}
        for i, name in enumerate(NAMES):
            color = PALETTE[i % len(PALETTE)]
            (self.lines[name],) = self.ax.plot([], [], color=color, lw=2, label=name)
            (self.dlines[name],) = self.ax.plot([], [], color=color, lw=1.3, ls="--")
        self.probe = self.ax.axvline(0, color=NEUTRAL, lw=1, ls=":")
        self.shade = self.ax.fill_between(X, -1.6, 3.2, where=np.zeros_like(X, bool),
                                          color=NEUTRAL, alpha=0.12, lw=0)
        self.legend_names: tuple = ()
        self.curves = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        chosen = params["fn"]
        self.probe.set_xdata([params["x0"], params["x0"]])
        curves = (chosen, params["alpha"], params["beta"], params["derivative"])
        if curves == self.curves:          # only the probe moved: blit it alone
            return [self.probe]
        self.curves = curves
        changed = [self.probe, self.shade]
        for name in NAMES:
            on = name in chosen
            y = activation(name, X, params["alpha"], params["beta"]) if on else []
            dy = (derivative(name, X, params["alpha"], params["beta"])
                  if on and params["derivative"] else [])
            self.lines[name].set_data(X if on else [], y)
            self.dlines[name].set_data(X if len(dy) else [], dy)
            changed += [self.lines[name], self.dlines[name]] if on else []
        self.shade.set_data(X, -1.6, 3.2, where=self.saturated(params))
        if chosen != self.legend_names:
            self.legend_names = chosen
            handles = [self.lines[n] for n in chosen]
            if handles:
                self.ax.legend(handles=handles, loc="upper left", fontsize=9)
            elif self.ax.get_legend():
                self.ax.get_legend().remove()
            return None
        return changed

    def saturated(self, params: dict) -> np.ndarray:
        """Where every chosen function's slope is below 1% (gradients nearly vanish)."""
        if not params["fn"]:
            return np.zeros_like(X, bool)
        slopes = [np.abs(derivative(n, X, params["alpha"], params["beta"])) for n in params["fn"]]
        return np.all(np.array(slopes) < 0.01, axis=0)

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        x0 = np.array([params["x0"]])
        out = []
        for name in params["fn"]:
            f = activation(name, x0, params["alpha"], params["beta"])[0]
            d = derivative(name, x0, params["alpha"], params["beta"])
            dmax = np.abs(derivative(name, X, params["alpha"], params["beta"])).max()
            out.append((name, f"f(x₀)={f:.4g}, f′(x₀)={d[0]:.4g}, max |f′|={dmax:.3g}"))
        return out
