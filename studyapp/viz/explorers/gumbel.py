"""Gumbel-max sampling and its Gumbel-softmax relaxation at temperature τ."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.numerics import softmax
from studyapp.viz.patches import Bars, heatmap
from studyapp.viz.spec import Explorer, Float, Int, Numbers, Preset
from studyapp.viz.theme import PALETTE

SHOWN = 6        # relaxed samples drawn as rows


def gumbel_noise(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    return -np.log(-np.log(rng.random(shape)))


def relaxed(log_probs: np.ndarray, noise: np.ndarray, tau: float) -> np.ndarray:
    """softmax((log π + g) / τ) for each row of noise."""
    return softmax(log_probs + noise, tau)


# --- challenges -----------------------------------------------------------------------------------
def _gumbel_frequency(rng: random.Random) -> Challenge:
    probs = rng.choice(((0.5, 0.3, 0.2), (0.7, 0.2, 0.1), (0.4, 0.4, 0.2)))
    i = rng.randrange(3)
    return Challenge("gumbel-max-frequency", "gumbel-softmax",
                     f"Class probabilities {', '.join(f'{p:g}' for p in probs)}: how often "
                     f"does argmax(log π + Gumbel noise) pick class {i}?", short_number(probs[i]),
                     "The Gumbel-max trick samples exactly from the categorical distribution.",
                     {"probs": probs}, tolerance=0.01)


class Gumbel(Explorer):
    id = "gumbel-softmax"
    title = "Gumbel-softmax"
    tags = ("sampling", "softmax", "gradients")
    params = (
        Numbers("probs", "Class probabilities", (0.5, 0.3, 0.15, 0.05), min_len=2, max_len=8),
        Float("tau", "Temperature τ", 0.05, 10.0, 1.0, log=True),
        Int("n", "Samples for the frequencies", 100, 20000, 5000, step=100),
        Int("seed", "Seed", 0, 999, 0),
    )
    presets = (
        Preset("τ = 0.1: almost one-hot", {"tau": 0.1}),
        Preset("τ = 1", {"tau": 1.0}),
        Preset("τ = 5: smeared toward uniform", {"tau": 5.0}),
    )
    formula = (r"y = \mathrm{softmax}\!\left(\frac{\log\pi + g}{\tau}\right),\quad"
               r" g_i = -\log(-\log u_i),\quad \arg\max_i(\log\pi_i + g_i) \sim \pi")
    notice = ("The argmax of log-probabilities plus Gumbel noise is an exact sample from the "
              "categorical distribution (left bars match π). Replacing the argmax by a softmax "
              "at temperature τ gives a differentiable sample: near one-hot for small τ, "
              "smeared toward uniform for large τ.")

    challenges = (_gumbel_frequency,)

    def build(self, fig, params: dict) -> None:
        self.ax_freq, self.ax_rows = fig.subplots(1, 2)
        self.layout = None
        self.update(params)

    def _probs(self, params: dict) -> np.ndarray:
        p = np.maximum(np.asarray(params["probs"], float), 1e-12)
        return p / p.sum()

    def _samples(self, params: dict) -> tuple[np.ndarray, np.ndarray]:
        p = self._probs(params)
        rng = np.random.default_rng(params["seed"])
        noise = gumbel_noise((params["n"], len(p)), rng)
        freq = np.bincount(np.argmax(np.log(p) + noise, axis=1), minlength=len(p)) / params["n"]
        return freq, relaxed(np.log(p), noise[:SHOWN], params["tau"])

    def update(self, params: dict) -> list | None:
        p = self._probs(params)
        freq, rows = self._samples(params)
        if len(p) != self.layout:
            self.layout = len(p)
            for ax in (self.ax_freq, self.ax_rows):
                ax.clear()
            ticks = range(len(p))
            self.target = Bars(self.ax_freq, np.arange(len(p)) - 0.2, p, 0.4, color=PALETTE[1],
                               label="π")
            self.freq = Bars(self.ax_freq, np.arange(len(p)) + 0.2, freq, 0.4, color=PALETTE[0],
                             label="Gumbel-max frequency")
            self.ax_freq.set_xlim(-0.6, len(p) - 0.4)
            self.ax_freq.set_xticks(ticks)
            self.ax_freq.set_ylim(0, 1)
            self.ax_freq.set_title("Exact sampling by Gumbel-max")
            self.ax_freq.legend(loc="upper right", fontsize=8)
            self.image = heatmap(self.ax_rows, rows, vmin=0, vmax=1, cmap="viridis")
            self.ax_rows.set_xticks(ticks)
            self.ax_rows.set_yticks(range(SHOWN), [f"sample {i + 1}" for i in range(SHOWN)])
            self.ax_rows.set_title("Relaxed samples y (rows)")
            return None
        self.target.set_heights(p)
        self.freq.set_heights(freq)
        self.image.set_array(rows)
        return [self.target.artist, self.freq.artist, self.image]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        freq, rows = self._samples(params)
        return [
            ("Largest error of Gumbel-max frequencies", f"{np.abs(freq - self._probs(params)).max():.4f}"),
            ("Mean largest entry of a relaxed sample", f"{rows.max(axis=1).mean():.3f}"),
        ]
