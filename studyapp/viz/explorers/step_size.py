"""Gradient descent on a 1-D quadratic: convergence, oscillation and divergence."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.spec import Explorer, Float, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE


def iterates(eta: float, curvature: float, x0: float, steps: int) -> np.ndarray:
    """x_{k+1} = x_k - η f'(x_k) for f(x) = L x² / 2, i.e. x_k = (1 - ηL)^k x0."""
    return x0 * (1 - eta * curvature) ** np.arange(steps + 1)


def regime(eta: float, curvature: float) -> str:
    factor = 1 - eta * curvature
    if abs(factor) < 1:
        return "converges monotonically" if factor >= 0 else "converges with oscillation"
    return "oscillates forever" if factor == -1 else "diverges"


# --- challenges -----------------------------------------------------------------------------------
def _step_regime(rng: random.Random) -> Challenge:
    curvature = rng.choice((1.0, 2.0, 4.0))
    eta = round(rng.choice((0.3, 0.9, 1.5, 2.0, 2.4)) / curvature, 3)
    options = ("converges monotonically", "converges with oscillation", "oscillates forever",
               "diverges")
    return Challenge("step-size-regime", "step-size",
                     f"Gradient descent on f(x) = L x²/2 with L = {curvature:g} and "
                     f"η = {eta:g}: what happens?", regime(eta, curvature),
                     "Each step multiplies x by 1 − ηL: |1 − ηL| < 1 converges, a negative "
                     "factor oscillates, |1 − ηL| > 1 diverges.",
                     {"eta": eta, "L": curvature}, options=options)


def _step_limit(rng: random.Random) -> Challenge:
    curvature = rng.choice((0.8, 1.0, 2.5, 4.0))
    return Challenge("step-size-limit", "step-size",
                     f"What is the largest stable learning rate for a quadratic with "
                     f"curvature L = {curvature:g}?", short_number(2 / curvature),
                     "Stability needs |1 − ηL| < 1, so η < 2/L.",
                     {"eta": round(2 / curvature, 3), "L": curvature}, tolerance=0.02)


class StepSize(Explorer):
    id = "step-size"
    title = "Step size on a quadratic"
    tags = ("learning-rate", "gradient-descent", "optimization")
    params = (
        Float("eta", "Learning rate η", 0.01, 3.0, 0.3, step=0.01),
        Float("L", "Curvature L", 0.2, 5.0, 1.0, step=0.1),
        Float("x0", "Start x₀", -3.0, 3.0, 2.5, step=0.1),
        Int("steps", "Steps", 1, 40, 12),
    )
    presets = (
        Preset("Smooth: η = 0.5/L", {"eta": 0.5, "L": 1.0}),
        Preset("Optimal: η = 1/L", {"eta": 1.0, "L": 1.0}),
        Preset("Zig-zag: η = 1.8/L", {"eta": 1.8, "L": 1.0}),
        Preset("Diverges: η = 2.1/L", {"eta": 2.1, "L": 1.0}),
    )
    formula = (r"x_{k+1} = x_k - \eta L x_k = (1-\eta L)\,x_k,\qquad"
               r"\text{stable} \iff 0 < \eta < \tfrac{2}{L}")
    notice = ("Below η = 1/L the iterates slide down one side; between 1/L and 2/L they jump "
              "across the valley but still shrink; at 2/L they bounce forever and beyond it they "
              "grow. In many dimensions the largest curvature sets this limit.")

    challenges = (_step_regime, _step_limit)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax2 = fig.subplots(1, 2)
        xs = np.linspace(-4, 4, 200)
        self.curve, = self.ax.plot(xs, 0.5 * params["L"] * xs ** 2, color=NEUTRAL)
        self.path, = self.ax.plot([], [], "o-", color=PALETTE[3], ms=4, lw=1)
        self.ax.set_xlim(-4, 4)
        self.ax.set_ylim(-0.5, 20)
        self.ax.set_xlabel("x")
        self.ax.set_ylabel("f(x) = L x² / 2")
        self.ax.set_title("Iterates on the loss")
        self.dist, = self.ax2.semilogy([], [], "o-", color=PALETTE[0], ms=3)
        self.ax2.set_xlabel("step k")
        self.ax2.set_ylabel("|x_k|")
        self.ax2.set_title("Distance to the minimum")
        self.ax2.set_ylim(1e-8, 1e4)
        for ax in (self.ax, self.ax2):
            ax.grid(True, alpha=0.4)
        self.steps_shown = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        x = iterates(params["eta"], params["L"], params["x0"], params["steps"])
        shown = np.clip(x, -1e6, 1e6)
        xs = self.curve.get_xdata()
        self.curve.set_ydata(0.5 * params["L"] * xs ** 2)
        self.path.set_data(np.clip(shown, -4, 4), 0.5 * params["L"] * np.clip(shown, -4, 4) ** 2)
        self.dist.set_data(np.arange(len(x)), np.maximum(np.abs(shown), 1e-12))
        if params["steps"] != self.steps_shown:
            self.steps_shown = params["steps"]
            self.ax2.set_xlim(-0.5, params["steps"] + 0.5)
            return None
        return [self.curve, self.path, self.dist]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        eta, curvature = params["eta"], params["L"]
        x = iterates(eta, curvature, params["x0"], params["steps"])
        return [
            ("Factor 1 − ηL", f"{1 - eta * curvature:.3f}"),
            ("Stability limit 2/L", f"{2 / curvature:.3f}  (best η = 1/L = {1 / curvature:.3f})"),
            ("Behaviour", regime(eta, curvature)),
            (f"|x| after {params['steps']} steps", f"{abs(x[-1]):.3g}"),
        ]
