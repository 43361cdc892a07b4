"""Two 1-D Gaussians: entropies, KL in both directions and Jensen–Shannon."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.numerics import normal_pdf
from studyapp.viz.spec import Explorer, Float, Preset
from studyapp.viz.theme import PALETTE

GRID = np.linspace(-12, 12, 4001)


def entropy(sigma: float) -> float:
    """Differential entropy of N(μ, σ²) in nats."""
    return 0.5 * np.log(2 * np.pi * np.e * sigma ** 2)


def kl(mu1: float, s1: float, mu2: float, s2: float) -> float:
    """KL(N(μ1, s1²) ‖ N(μ2, s2²)) in nats, closed form."""
    return np.log(s2 / s1) + (s1 ** 2 + (mu1 - mu2) ** 2) / (2 * s2 ** 2) - 0.5


def numeric_kl(p: np.ndarray, q: np.ndarray, x: np.ndarray = GRID) -> float:
    mask = p > 1e-300
    return float(np.trapezoid(np.where(mask, p * (np.log(np.where(mask, p, 1)) -
                                                   np.log(np.maximum(q, 1e-300))), 0), x))


def js(p: np.ndarray, q: np.ndarray, x: np.ndarray = GRID) -> float:
    """Jensen–Shannon divergence in nats (no closed form for Gaussians)."""
    m = 0.5 * (p + q)
    return 0.5 * numeric_kl(p, m, x) + 0.5 * numeric_kl(q, m, x)


# --- challenges -----------------------------------------------------------------------------------
def _gaussian_kl(rng: random.Random) -> Challenge:
    m2, s2 = rng.choice((0.0, 1.0, 2.0)), rng.choice((1.0, 2.0, 0.5))
    divergence = kl(0.0, 1.0, m2, s2)
    return Challenge("gaussian-kl", "gaussians",
                     f"KL(N(0, 1) ‖ N({m2:g}, {s2:g}²)) in nats?", short_number(divergence),
                     "KL = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½.",
                     {"mu1": 0.0, "s1": 1.0, "mu2": m2, "s2": s2}, tolerance=0.03)


class Gaussians(Explorer):
    id = "gaussians"
    title = "Gaussians, entropy and KL"
    tags = ("kl-divergence", "entropy", "distributions")
    params = (
        Float("mu1", "μ of p", -5.0, 5.0, 0.0, step=0.1),
        Float("s1", "σ of p", 0.2, 4.0, 1.0, step=0.05),
        Float("mu2", "μ of q", -5.0, 5.0, 1.5, step=0.1),
        Float("s2", "σ of q", 0.2, 4.0, 2.0, step=0.05),
    )
    presets = (
        Preset("Identical: KL = 0", {"mu1": 0.0, "s1": 1.0, "mu2": 0.0, "s2": 1.0}),
        Preset("Narrow p, wide q", {"mu1": 0.0, "s1": 0.5, "mu2": 0.0, "s2": 3.0}),
        Preset("Shifted means", {"mu1": -2.0, "s1": 1.0, "mu2": 2.0, "s2": 1.0}),
    )
    formula = (r"D_{\mathrm{KL}}(p\,\Vert\,q) = \log\frac{\sigma_2}{\sigma_1} + "
               r"\frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac12")
    notice = ("KL is not symmetric: a narrow p inside a wide q costs little in KL(p‖q) but a lot "
              "in KL(q‖p). Equal means and variances give zero. Jensen–Shannon is symmetric and "
              "bounded by log 2.")

    challenges = (_gaussian_kl,)

    def build(self, fig, params: dict) -> None:
        self.ax = fig.add_subplot(1, 1, 1)
        self.p_line, = self.ax.plot(GRID, GRID * 0, color=PALETTE[0], lw=2, label="p")
        self.q_line, = self.ax.plot(GRID, GRID * 0, color=PALETTE[3], lw=2, label="q")
        self.ax.set_xlim(-10, 10)
        self.ax.set_ylim(0, 2.1)
        self.ax.set_xlabel("x")
        self.ax.set_ylabel("density")
        self.ax.grid(True, alpha=0.4)
        self.ax.legend(loc="upper right", fontsize=9)
        self.update(params)

    def update(self, params: dict) -> list | None:
        self.p_line.set_ydata(normal_pdf(GRID, params["mu1"], params["s1"]))
        self.q_line.set_ydata(normal_pdf(GRID, params["mu2"], params["s2"]))
        return [self.p_line, self.q_line]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        m1, s1, m2, s2 = params["mu1"], params["s1"], params["mu2"], params["s2"]
        p, q = normal_pdf(GRID, m1, s1), normal_pdf(GRID, m2, s2)
        return [
            ("KL(p‖q)", f"{kl(m1, s1, m2, s2):.4f} (numeric {numeric_kl(p, q):.4f})"),
            ("KL(q‖p)", f"{kl(m2, s2, m1, s1):.4f} (numeric {numeric_kl(q, p):.4f})"),
            ("JS(p, q)", f"{js(p, q):.4f} (≤ log 2 = 0.6931)"),
            ("H(p), H(q)", f"{entropy(s1):.4f}, {entropy(s2):.4f} nats"),
        ]
