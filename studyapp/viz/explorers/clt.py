"""The central limit theorem: standardised sums of n draws approach a Gaussian."""

from __future__ import annotations

import math
import random
from functools import lru_cache

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.numerics import normal_pdf
from studyapp.viz.spec import Choice, Explorer, Int, Preset
from studyapp.viz.theme import PALETTE

EDGES = np.linspace(-4, 4, 61)
DRAWS = 10000
N_MAX = 200
ROWS_PER_BLOCK = 500
MOMENTS = {"uniform": (0.5, 1 / 12), "exponential": (1.0, 1.0), "bernoulli(0.1)": (0.1, 0.09),
           "dice": (3.5, 35 / 12)}


def draw(name: str, size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    if name == "uniform":
        return rng.random(size)
    if name == "exponential":
        return rng.exponential(1.0, size)
    if name == "bernoulli(0.1)":
        return (rng.random(size) < 0.1).astype(float)
    return rng.integers(1, 7, size).astype(float)


@lru_cache(maxsize=2)
def _running_sums(name: str, seed: int) -> np.ndarray:
    """DRAWS rows of running sums of N_MAX draws: column n − 1 holds the sums of n, so
    moving the slider adds draws to the same sums instead of drawing anew. Drawn a
    block of rows at a time (the same numbers as one draw of every row) into the
    column-major result: the draws and their sums never exist as whole copies. Summed
    in float64, kept as float32 (8 MB instead of 16; a sum moves by at most 6e-8 of
    itself, far below the histogram's bins)."""
    rng = np.random.default_rng(seed)
    sums = np.empty((DRAWS, N_MAX), dtype=np.float32, order="F")
    for row in range(0, DRAWS, ROWS_PER_BLOCK):
        block = draw(name, (min(ROWS_PER_BLOCK, DRAWS - row), N_MAX), rng)
        sums[row:row + len(block)] = np.cumsum(block, axis=1)
    return sums


def standardised_sums(name: str, n: int, seed: int) -> np.ndarray:
    """(Σ x_i − nμ) / (σ √n) for DRAWS independent sums of n draws."""
    mu, var = MOMENTS[name]
    return (_running_sums(name, seed)[:, n - 1].astype(float) - n * mu) / np.sqrt(n * var)


# --- challenges -----------------------------------------------------------------------------------
def _clt_skew(rng: random.Random) -> Challenge:
    n = rng.choice((4, 16, 25, 100))
    return Challenge("clt-skewness", "clt",
                     f"The sum of {n} independent exponential draws: what is its skewness? "
                     "(One draw has skewness 2.)", short_number(2 / math.sqrt(n)),
                     "Skewness of a sum of n i.i.d. terms is γ₁/√n.",
                     {"dist": "exponential", "n": n}, tolerance=0.02)


class CentralLimit(Explorer):
    id = "clt"
    title = "Central limit theorem"
    tags = ("probability", "statistics", "distributions")
    params = (
        Choice("dist", "Distribution of one draw", tuple(MOMENTS), "exponential"),
        Int("n", "Draws per sum n", 1, N_MAX, 1),
        Int("seed", "Seed", 0, 999, 0),
    )
    presets = (
        Preset("One exponential draw: skewed", {"dist": "exponential", "n": 1}),
        Preset("Sum of 30 exponentials", {"dist": "exponential", "n": 30}),
        Preset("Rare events need large n", {"dist": "bernoulli(0.1)", "n": 10}),
        Preset("Sum of two dice", {"dist": "dice", "n": 2}),
    )
    formula = (r"\frac{\sum_{i=1}^n X_i - n\mu}{\sigma\sqrt{n}} \xrightarrow{d} "
               r"\mathcal{N}(0, 1),\qquad \text{skewness of the sum} = \frac{\gamma_1}{\sqrt n}")
    notice = ("Whatever the shape of one draw (finite variance), the standardised sum looks "
              "more Gaussian as n grows. Skewed or rare-event distributions converge slowly: "
              "the sum's skewness only falls like 1/√n.")

    challenges = (_clt_skew,)

    def build(self, fig, params: dict) -> None:
        self.ax = fig.add_subplot(1, 1, 1)
        self.hist = self.ax.stairs(np.zeros(len(EDGES) - 1), EDGES, fill=True,
                                   color=PALETTE[0], alpha=0.5, label="standardised sums")
        grid = np.linspace(-4, 4, 300)
        self.ax.plot(grid, normal_pdf(grid), color=PALETTE[3], lw=2,
                     label="N(0, 1)")
        self.ax.set_xlim(-4, 4)
        self.ax.set_ylim(0, 1.0)
        self.ax.grid(True, alpha=0.4)
        self.ax.legend(loc="upper right")
        self.update(params)

    def update(self, params: dict) -> list | None:
        sums = standardised_sums(params["dist"], params["n"], params["seed"])
        counts, _ = np.histogram(sums, EDGES)
        density = counts / (DRAWS * (EDGES[1] - EDGES[0]))
        self.hist.set_data(density)
        title = f"Standardised sums of n {params['dist']} draws"
        # Sums of few discrete draws pile into spikes taller than the Gaussian's 0.4: the
        # axis grows to show them and shrinks back when they fall below half of it.
        peak, top = density.max(), self.ax.get_ylim()[1]
        if peak > top or (top > 1.0 and peak <= top / 2):
            top = max(1.0, np.ceil(peak * 2) / 2)
        if title != self.ax.get_title() or top != self.ax.get_ylim()[1]:
            self.ax.set_title(title)      # text is slow to draw: only a new distribution redraws
            self.ax.set_ylim(0, top)
            return None
        return [self.hist]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        sums = standardised_sums(params["dist"], params["n"], params["seed"])
        skew = float(np.mean(sums ** 3))
        inside = float(np.mean(np.abs(sums) < 1.96))
        return [
            ("Sample skewness", f"{skew:.3f} (Gaussian: 0)"),
            ("Share within ±1.96", f"{inside:.3f} (Gaussian: 0.950)"),
            ("Sample mean / std", f"{sums.mean():.3f} / {sums.std():.3f}"),
        ]
