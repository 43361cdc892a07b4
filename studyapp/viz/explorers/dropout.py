"""Dropout: a sampled mask, inverted vs plain scaling, train vs eval outputs."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.patches import Bars
from studyapp.viz.spec import Bool, Explorer, Float, Int, Preset
from studyapp.viz.theme import PALETTE

SAMPLES = 4000


def activations(units: int, seed: int) -> np.ndarray:
    return np.abs(np.random.default_rng(seed).normal(1.0, 0.6, units))


def dropout(a: np.ndarray, p: float, inverted: bool, rng: np.random.Generator) -> np.ndarray:
    """Training-time dropout with drop probability p."""
    keep = rng.random(a.shape) >= p
    return a * keep / (1 - p) if inverted else a * keep


def eval_output(a: np.ndarray, p: float, inverted: bool) -> np.ndarray:
    """Inference: inverted dropout is the identity; plain dropout scales by 1 - p."""
    return a if inverted else a * (1 - p)


def train_variance(a: float, p: float) -> float:
    """Variance of one inverted-dropout output: a² p / (1 - p)."""
    return a ** 2 * p / (1 - p)


# --- challenges -----------------------------------------------------------------------------------
def _dropout_scale(rng: random.Random) -> Challenge:
    p = rng.choice((0.1, 0.2, 0.25, 0.5, 0.8))
    return Challenge("inverted-dropout-scale", "dropout",
                     f"With inverted dropout at drop probability p = {p:g}, by what factor "
                     "are the kept activations multiplied during training?",
                     short_number(1 / (1 - p)),
                     "Kept units are divided by the keep probability 1 − p, so the expected "
                     "activation is unchanged and nothing needs rescaling at test time.",
                     {"p": p, "inverted": True}, tolerance=0.01)


class Dropout(Explorer):
    id = "dropout"
    title = "Dropout"
    tags = ("dropout", "regularization")
    params = (
        Float("p", "Drop probability p", 0.0, 0.9, 0.5, step=0.05),
        Bool("inverted", "Inverted (×1/(1−p) in training)", True),
        Int("units", "Units in the layer", 4, 32, 16),
        Int("seed", "Random seed", 0, 99, 0),
    )
    presets = (
        Preset("Inverted, p = 0.5", {"p": 0.5, "inverted": True}),
        Preset("Plain dropout, p = 0.5", {"p": 0.5, "inverted": False}),
        Preset("Heavy dropout, p = 0.8", {"p": 0.8}),
    )
    formula = (r"\tilde a = \frac{m\odot a}{1-p},\quad m_i\sim\mathrm{Bernoulli}(1-p),\quad "
               r"\mathbb{E}[\tilde a] = a")
    notice = ("With inverted dropout the training output of a unit equals its eval output on "
              "average, so inference needs no change. Plain dropout leaves training outputs "
              "smaller by 1 − p, so the network must be scaled at test time.")

    challenges = (_dropout_scale,)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax2 = fig.subplots(2, 1)
        self.kept = Bars(self.ax, range(32), color=PALETTE[0])
        self.dropped = Bars(self.ax, range(32), color=PALETTE[0], alpha=0.25)
        self.eval_marks, = self.ax.plot([], [], "_", color=PALETTE[3], ms=14, mew=2,
                                        label="eval output")
        self.ax.set_ylabel("activation")
        self.ax.set_title("One training pass (faded = dropped)")
        self.ax.legend(loc="upper right", fontsize=9)
        self.ax.set_ylim(0, 6)
        self.ax2.set_title("Unit 0 over many training passes")
        self.ax2.set_xlabel("output value")
        self.ax2.set_ylabel("share of passes")
        self.hist = Bars(self.ax2, np.zeros(2), width=0.2, color=PALETTE[0])
        self.train_mean = self.ax2.axvline(0, color=PALETTE[0], ls="--", label="train mean")
        self.eval_line = self.ax2.axvline(0, color=PALETTE[3], label="eval output")
        self.ax2.set_xlim(-0.3, 6)
        self.ax2.set_ylim(0, 1.05)
        self.ax2.legend(loc="upper right", fontsize=9)
        for ax in (self.ax, self.ax2):
            ax.grid(True, alpha=0.4)
        self.units_shown = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        p, inverted, units = params["p"], params["inverted"], params["units"]
        a = activations(units, params["seed"])
        rng = np.random.default_rng(params["seed"] + 1000)
        trained = dropout(a, p, inverted, rng)
        shown = np.zeros(32)
        shown[:units] = trained
        self.kept.set_heights(shown)
        shown[:units] = np.where(trained == 0, a, 0.0)
        self.dropped.set_heights(shown)
        evals = eval_output(a, p, inverted)
        self.eval_marks.set_data(np.arange(units), evals)
        samples = dropout(np.full(SAMPLES, a[0]), p, inverted, np.random.default_rng(7))
        values = [0.0, a[0] / (1 - p) if inverted else a[0]]
        shares = [np.mean(samples == 0), np.mean(samples > 0)]
        self.hist.set_x(values)
        self.hist.set_heights(shares)
        self.train_mean.set_xdata([samples.mean()] * 2)
        self.eval_line.set_xdata([evals[0]] * 2)
        if units != self.units_shown:
            self.units_shown = units
            self.ax.set_xlim(-0.6, units - 0.4)
            return None
        return [self.kept.artist, self.dropped.artist, self.eval_marks, self.hist.artist,
                self.train_mean, self.eval_line]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        p, inverted = params["p"], params["inverted"]
        a0 = activations(params["units"], params["seed"])[0]
        expected = a0 if inverted else a0 * (1 - p)
        return [
            ("Unit 0 activation a", f"{a0:.3f}"),
            ("Expected training output", f"{expected:.3f}"),
            ("Eval output", f"{eval_output(np.array([a0]), p, inverted)[0]:.3f}"),
            ("Training variance", f"{(train_variance(a0, p) if inverted else a0**2 * p * (1 - p)):.3f}"),
        ]
