"""Sampling methods: inverse transform, rejection, importance sampling, points in a disc."""

from __future__ import annotations

import random
from functools import lru_cache

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.numerics import normal_pdf
from studyapp.viz.patches import dots
from studyapp.viz.spec import Choice, Explorer, Float, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

X = np.linspace(-6, 6, 400)


def target_pdf(x: np.ndarray) -> np.ndarray:
    """A two-bump target: 0.6 N(−1.5, 0.6²) + 0.4 N(1.5, 0.9²)."""
    return 0.6 * normal_pdf(x, -1.5, 0.6) + 0.4 * normal_pdf(x, 1.5, 0.9)


def inverse_transform_exponential(u: np.ndarray, rate: float) -> np.ndarray:
    """F⁻¹(u) for the exponential distribution: −log(1 − u) / rate."""
    return -np.log1p(-u) / rate


@lru_cache(maxsize=128)     # a frame of the n or seed slider asks again for the same σ_q
def envelope(scale: float) -> float:
    """The smallest M with target(x) ≤ M·N(x; 0, scale²) on the plotted range."""
    return float(np.max(target_pdf(X) / normal_pdf(X, 0, scale)))


def rejection(n: int, scale: float, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Proposals x ~ N(0, scale²), heights u·M·q(x); accepted where u·M·q(x) ≤ target(x)."""
    m = envelope(scale)
    x = rng.normal(0, scale, n)
    height = rng.random(n) * m * normal_pdf(x, 0, scale)
    return x, height, height <= target_pdf(x), m


def importance_estimate(n: int, scale: float, rng: np.random.Generator) -> tuple[float, float]:
    """Self-normalised estimate of E_target[x²] with proposal N(0, scale²), and the
    effective sample size (Σw)² / Σw²."""
    x = rng.normal(0, scale, n)
    w = target_pdf(x) / normal_pdf(x, 0, scale)
    return float(np.sum(w * x ** 2) / np.sum(w)), float(w.sum() ** 2 / np.sum(w ** 2))


def disc_points(n: int, correct: bool, rng: np.random.Generator) -> np.ndarray:
    """Points in the unit disc: r = √u is uniform in area; r = u crowds the centre."""
    u, angle = rng.random(n), rng.uniform(0, 2 * np.pi, n)
    r = np.sqrt(u) if correct else u
    return np.c_[r * np.cos(angle), r * np.sin(angle)]


@lru_cache(maxsize=64)    # a drag passes every value again on its way back (n: 50 values)
def plotted(method: str, n: int, scale: float, rate: float, seed: int) -> tuple:
    """What the figure shows, from a generator seeded with ``seed`` (so the read-outs,
    drawing from the same seed, describe the same samples): the naive and the correct
    disc points; the inverse-transform histogram; accepted x, heights, then rejected
    x, heights; the importance-weighted histogram. Read-only: the arrays are shared."""
    rng = np.random.default_rng(seed)
    if method == "disc":
        arrays = tuple(disc_points(n, correct, rng).T for correct in (False, True))
    elif method == "inverse":
        x = inverse_transform_exponential(rng.random(n), rate)
        counts, _ = np.histogram(x, bins=np.linspace(0, 8, 61), density=False)
        arrays = (counts / (n * (8 / 60)),)
    elif method == "rejection":
        x, height, ok, _ = rejection(n, scale, rng)
        arrays = x[ok], height[ok], x[~ok], height[~ok]
    else:
        x = rng.normal(0, scale, n)
        w = target_pdf(x) / normal_pdf(x, 0, scale)
        counts, _ = np.histogram(x, bins=np.linspace(-6, 6, 49), weights=w)
        arrays = (counts / (np.sum(w) * 0.25),)
    for array in arrays:
        array.setflags(write=False)
    return arrays


TRUE_SECOND_MOMENT = 0.6 * (1.5 ** 2 + 0.6 ** 2) + 0.4 * (1.5 ** 2 + 0.9 ** 2)


# --- challenges -----------------------------------------------------------------------------------
def _rejection_rate(rng: random.Random) -> Challenge:
    m = rng.choice((1.25, 2.0, 2.5, 4.0, 5.0))
    return Challenge("rejection-acceptance", "sampling",
                     f"Rejection sampling with envelope constant M = {m:g} (p ≤ M q): what "
                     "fraction of proposals is accepted?", short_number(1 / m),
                     "Accepted points are uniform under p, which has area 1 out of M.",
                     {"method": "rejection"}, tolerance=0.01)


def _disc_naive(rng: random.Random) -> Challenge:
    r = rng.choice((0.5, 0.3, 0.8))
    return Challenge("disc-naive-radius", "sampling",
                     f"Drawing points in the unit disc with radius r = u (u uniform): what "
                     f"share lands inside radius {r:g}? (The area share is {r * r:g}.)",
                     short_number(r), "P(u < r) = r, more than the area share r², so the centre is "
                     "crowded; r = √u fixes it.", {"method": "disc"}, tolerance=0.01)


class Sampling(Explorer):
    id = "sampling"
    title = "Sampling methods"
    tags = ("sampling", "probability", "distributions")
    params = (
        Choice("method", "Method", ("inverse", "rejection", "importance", "disc"), "rejection",
               labels=("Inverse transform", "Rejection", "Importance", "Uniform in a disc")),
        Int("n", "Samples", 100, 5000, 1000, step=100),
        Float("scale", "Proposal scale σ_q", 0.5, 5.0, 2.5, step=0.05),
        Float("rate", "Exponential rate λ", 0.2, 3.0, 1.0, step=0.05),
        Int("seed", "Seed", 0, 999, 0),
    )
    presets = (
        Preset("Inverse transform: exponential", {"method": "inverse"}),
        Preset("Rejection with a good proposal", {"method": "rejection", "scale": 2.0}),
        Preset("Rejection with a wide proposal", {"method": "rejection", "scale": 5.0}),
        Preset("Importance with a narrow proposal", {"method": "importance", "scale": 0.7}),
        Preset("Disc: naive vs correct radius", {"method": "disc"}),
    )
    formula = (r"x = F^{-1}(u),\qquad P(\text{accept}) = \frac{1}{M},\qquad"
               r"\mathbb{E}_p[f] \approx \frac{\sum_i w_i f(x_i)}{\sum_i w_i},\ w_i = \frac{p(x_i)}"
               r"{q(x_i)}")
    notice = ("Inverse transform turns uniform numbers into any distribution whose CDF can be "
              "inverted. Rejection sampling accepts a fraction 1/M of proposals, so a proposal "
              "that fits the target badly wastes samples. Importance sampling keeps every "
              "sample but weights it; a proposal narrower than the target gives a few huge "
              "weights and a tiny effective sample size. In a disc, r = √u is uniform by area.")

    challenges = (_rejection_rate, _disc_naive)

    def build(self, fig, params: dict) -> None:
        self.fig = fig
        self.layout = None
        self.curve = self.curve_for = None      # the density line and the value it shows
        self.update(params)

    def update(self, params: dict) -> list | None:
        method = params["method"]
        if method != self.layout:
            self.layout = method
            self.fig.clear()
            self.axes = self.fig.subplots(1, 2 if method == "disc" else 1, squeeze=False)[0]
            self._build(method)
            self.curve_for = None
            self._draw(params)
            return None
        return self._draw(params)

    def _build(self, method: str) -> None:
        ax = self.axes[0]
        if method == "disc":
            for a, title in zip(self.axes, ("naive: r = u", "correct: r = √u"), strict=False):
                a.set_aspect("equal")
                a.set_xlim(-1.05, 1.05)
                a.set_ylim(-1.05, 1.05)
                a.set_title(title)
            self.artists = [dots(a, 2, color=PALETTE[0]) for a in self.axes]
            self.curve = None
            return
        ax.grid(True, alpha=0.4)
        if method == "inverse":
            self.hist = ax.stairs(np.zeros(60), np.linspace(0, 8, 61), fill=True,
                                  color=PALETTE[0], alpha=0.5)
            self.pdf, = ax.plot([], [], color=PALETTE[3], lw=2)
            ax.set_xlim(0, 8)
            ax.set_ylim(0, 3.1)
            ax.set_title("Histogram of −log(1 − u)/λ against the exponential density")
            self.artists = [self.hist, self.pdf]
            self.curve = None                   # drawn over the histogram: always blitted
            return
        ax.plot(X, target_pdf(X), color=PALETTE[3], lw=2, label="target p")
        self.proposal, = ax.plot([], [], color=PALETTE[1], lw=1.5, label="M·q or q")
        ax.set_xlim(-6, 6)
        ax.legend(loc="upper right", fontsize=8)
        self.curve = self.proposal              # under the samples: left in the background
        if method == "rejection":
            self.accepted = dots(ax, 2, color=PALETTE[2])
            self.rejected = dots(ax, 2, color=NEUTRAL)
            ax.set_ylim(0, 0.9)
            ax.set_title("Rejection sampling: accepted (green) and rejected points")
            self.artists = [self.proposal, self.accepted, self.rejected]
        else:
            self.weights = ax.stairs(np.zeros(48), np.linspace(-6, 6, 49), color=PALETTE[0])
            ax.set_ylim(0, 0.9)
            ax.set_title("Importance sampling: proposal q and weighted histogram")
            self.artists = [self.proposal, self.weights]

    def _draw(self, params: dict) -> list:
        """Set the samples, and the density line when its parameter moved; return what
        changed (a drag of n or the seed leaves the line in the background)."""
        method, n, scale = params["method"], params["n"], params["scale"]
        shown = params["rate"] if method == "inverse" else scale
        new_curve = shown != self.curve_for
        self.curve_for = shown
        data = plotted(method, n, scale, params["rate"], params["seed"])
        if method == "disc":
            for artist, points in zip(self.artists, data, strict=True):
                artist.set_data(*points)
        elif method == "inverse":
            self.hist.set_data(data[0])
            if new_curve:
                grid = np.linspace(0, 8, 200)
                self.pdf.set_data(grid, params["rate"] * np.exp(-params["rate"] * grid))
        elif method == "rejection":
            if new_curve:
                self.proposal.set_data(X, envelope(scale) * normal_pdf(X, 0, scale))
            self.accepted.set_data(*data[:2])
            self.rejected.set_data(*data[2:])
        else:
            self.weights.set_data(data[0])
            if new_curve:
                self.proposal.set_data(X, normal_pdf(X, 0, scale))
        return [a for a in self.artists if a is not self.curve or new_curve]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        rng = np.random.default_rng(params["seed"])
        method, n, scale = params["method"], params["n"], params["scale"]
        if method == "inverse":
            x = inverse_transform_exponential(rng.random(n), params["rate"])
            return [("Sample mean", f"{x.mean():.3f} (exact 1/λ = {1 / params['rate']:.3f})")]
        if method == "rejection":
            _, _, ok, m = rejection(n, scale, rng)
            return [("Envelope M", f"{m:.3f}"),
                    ("Acceptance rate", f"{ok.mean():.3f} (expected 1/M = {1 / m:.3f})")]
        if method == "importance":
            estimate, ess = importance_estimate(n, scale, rng)
            return [("Estimate of E[x²]", f"{estimate:.3f} (exact {TRUE_SECOND_MOMENT:.3f})"),
                    ("Effective sample size", f"{ess:.0f} of {n}")]
        inner = [float(np.mean(np.hypot(*disc_points(n, c, rng).T) < 0.5)) for c in (False, True)]
        return [("Share inside r < 0.5 (naive)", f"{inner[0]:.3f} (should be 0.25)"),
                ("Share inside r < 0.5 (correct)", f"{inner[1]:.3f}")]
