"""Diffusion noise schedules: β_t, ᾱ_t, signal-to-noise ratio and q(x_t | x_0) on toy data."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.patches import dots
from studyapp.viz.spec import Choice, Explorer, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

SCHEDULES = ("linear", "cosine", "quadratic")


def betas(schedule: str, steps: int) -> np.ndarray:
    """β_1..β_T: DDPM's linear 1e-4 → 0.02, the cosine schedule of Nichol & Dhariwal
    (s = 0.008, β clipped at 0.999), or quadratic in √β."""
    if schedule == "linear":
        return np.linspace(1e-4, 0.02, steps)
    if schedule == "quadratic":
        return np.linspace(1e-4 ** 0.5, 0.02 ** 0.5, steps) ** 2
    s = 0.008
    t = np.arange(steps + 1) / steps
    f = np.cos((t + s) / (1 + s) * np.pi / 2) ** 2
    alpha_bar = f / f[0]
    return np.minimum(1 - alpha_bar[1:] / alpha_bar[:-1], 0.999)


def alpha_bar(schedule: str, steps: int) -> np.ndarray:
    return np.cumprod(1 - betas(schedule, steps))


def toy_data(n: int = 400, seed: int = 0) -> np.ndarray:
    """Eight Gaussian blobs on a ring of radius 2: a clearly structured x_0."""
    rng = np.random.default_rng(seed)
    angles = rng.integers(0, 8, n) * np.pi / 4
    return np.c_[2 * np.cos(angles), 2 * np.sin(angles)] + 0.1 * rng.normal(size=(n, 2))


def noised(x0: np.ndarray, abar: float, noise: np.ndarray) -> np.ndarray:
    """A draw from q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I)."""
    return np.sqrt(abar) * x0 + np.sqrt(1 - abar) * noise


# --- challenges -----------------------------------------------------------------------------------
def _diffusion_signal(rng: random.Random) -> Challenge:
    t = rng.choice((100, 250, 500))
    ab = float(alpha_bar("linear", 1000)[t - 1])
    return Challenge("diffusion-alpha-bar", "diffusion-schedules",
                     f"DDPM's linear schedule (β from 10⁻⁴ to 0.02 over 1000 steps): what "
                     f"fraction of the signal variance, ᾱ_t, is left at t = {t}?", short_number(ab),
                     "ᾱ_t = ∏(1 − β_s); with a linear schedule it falls fast in the first "
                     "third.", {"schedule": "linear", "T": 1000, "t": t}, tolerance=0.1)


def _diffusion_cosine(rng: random.Random) -> Challenge:
    options = ("linear", "cosine")
    return Challenge("diffusion-cosine-vs-linear", "diffusion-schedules",
                     "Halfway through 1000 steps, which schedule has kept more of the signal?",
                     options[1], "The cosine schedule destroys information more evenly and "
                     "keeps ᾱ_t higher in the middle.",
                     {"schedule": "cosine", "t": 500}, options=options)


class Diffusion(Explorer):
    id = "diffusion-schedules"
    title = "Diffusion noise schedules"
    tags = ("diffusion", "generative-models")
    params = (
        Choice("schedule", "Schedule", SCHEDULES, "linear"),
        Int("T", "Steps T", 50, 1000, 1000, step=50),
        Int("t", "Step t", 0, 1000, 250, step=5),
        Int("seed", "Noise seed", 0, 999, 0),
    )
    presets = (
        Preset("Linear, t = 250", {"schedule": "linear", "t": 250}),
        Preset("Cosine, t = 250", {"schedule": "cosine", "t": 250}),
        Preset("Halfway with the cosine schedule", {"schedule": "cosine", "t": 500}),
        Preset("Almost pure noise", {"t": 900}),
    )
    formula = (r"x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon,\qquad"
               r"\bar\alpha_t = \prod_{s\le t}(1-\beta_s),\qquad"
               r"\mathrm{SNR}(t) = \frac{\bar\alpha_t}{1-\bar\alpha_t}")
    notice = ("The linear schedule destroys the structure early: by a third of the way the ring "
              "is mostly noise, and the last steps are wasted on pure noise. The cosine "
              "schedule keeps ᾱ_t high for longer and spends the steps more evenly in log-SNR.")

    challenges = (_diffusion_signal, _diffusion_cosine)

    def build(self, fig, params: dict) -> None:
        self.ax_ab, self.ax_snr, self.ax_x = fig.subplots(1, 3)
        self.x0 = toy_data()
        self.curves, self.snr_curves = {}, {}
        for color, name in zip(PALETTE, SCHEDULES, strict=False):
            self.curves[name], = self.ax_ab.plot([], [], color=color, label=name)
            self.snr_curves[name], = self.ax_snr.plot([], [], color=color, label=name)
        self.ab_marker = self.ax_ab.axvline(0, color=NEUTRAL, ls="--", lw=1)
        self.snr_marker = self.ax_snr.axvline(0, color=NEUTRAL, ls="--", lw=1)
        self.ax_ab.set_title(r"$\bar\alpha_t$ (signal kept)")
        self.ax_ab.set_ylim(-0.02, 1.02)
        self.ax_snr.set_title("log₁₀ SNR(t)")
        self.ax_snr.set_ylim(-6, 5)
        for ax in (self.ax_ab, self.ax_snr):
            ax.set_xlabel("t")
            ax.grid(True, alpha=0.4)
        fig.legend(handles=list(self.curves.values()), loc="outside lower center",
                   ncols=len(self.curves))        # under the plots: the curves stay clear
        self.points = dots(self.ax_x, 3, color=PALETTE[0])
        self.ax_x.set_title(r"Noised data $x_t$")
        self.ax_x.set_xlim(-4, 4)
        self.ax_x.set_ylim(-4, 4)
        self.ax_x.set_aspect("equal")
        self.layout = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        steps = params["T"]
        t = min(max(params["t"], 1), steps)
        self.ab_marker.set_xdata([t, t])
        self.snr_marker.set_xdata([t, t])
        abar = alpha_bar(params["schedule"], steps)[t - 1]
        noise = np.random.default_rng(params["seed"]).normal(size=self.x0.shape)
        self.points.set_data(*noised(self.x0, abar, noise).T)
        moving = [self.ab_marker, self.snr_marker, self.points]
        if (steps, params["schedule"]) == self.layout:     # dragging t: the curves stay
            return moving
        for name in SCHEDULES:
            ab = alpha_bar(name, steps)
            xs = np.arange(1, steps + 1)
            self.curves[name].set_data(xs, ab)
            self.snr_curves[name].set_data(xs, np.log10(ab / (1 - ab)))
            width = 2.5 if name == params["schedule"] else 1.0
            self.curves[name].set_linewidth(width)
            self.snr_curves[name].set_linewidth(width)
        if self.layout is None or steps != self.layout[0]:
            for ax in (self.ax_ab, self.ax_snr):
                ax.set_xlim(0, steps)
        self.layout = (steps, params["schedule"])
        return None

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        steps = params["T"]
        t = min(max(params["t"], 1), steps)
        ab = alpha_bar(params["schedule"], steps)
        b = betas(params["schedule"], steps)
        half = int(np.argmax(ab < 0.5)) + 1
        return [
            ("β_t", f"{b[t - 1]:.4g}"),
            ("ᾱ_t (signal variance kept)", f"{ab[t - 1]:.4f}"),
            ("SNR(t)", f"{ab[t - 1] / (1 - ab[t - 1]):.4g}"),
            ("Half the signal gone at", f"t = {half} ({half / steps:.0%} of the steps)"),
            ("ᾱ_T at the end", f"{ab[-1]:.2e}"),
        ]
