"""Softmax with temperature: probabilities, entropy, top-k and top-p masks."""

from __future__ import annotations

import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.numerics import entropy, softmax
from studyapp.viz.patches import Bars
from studyapp.viz.spec import Bool, Explorer, Float, Int, Numbers, Preset
from studyapp.viz.theme import PALETTE

MAX_TOKENS = 12


def keep_mask(p: np.ndarray, top_k: int = 0, top_p: float = 1.0) -> np.ndarray:
    """Tokens kept by top-k (0 = off) then nucleus top-p (1 = off) filtering."""
    order = np.argsort(-p, kind="stable")
    keep = np.ones_like(p, bool)
    if top_k > 0:
        keep[order[top_k:]] = False
    if top_p < 1.0:
        sorted_p = np.where(keep[order], p[order], 0.0)
        cumulative = np.cumsum(sorted_p)
        # keep the smallest prefix whose mass reaches top_p (always at least one token)
        cut = int(np.searchsorted(cumulative, top_p - 1e-12)) + 1
        keep[order[cut:]] = False
    return keep


def filtered(p: np.ndarray, keep: np.ndarray) -> np.ndarray:
    q = np.where(keep, p, 0.0)
    return q / q.sum()


# --- challenges -----------------------------------------------------------------------------------
def _softmax_top(rng: random.Random) -> Challenge:
    logits = tuple(float(rng.randint(-2, 3)) for _ in range(4))
    t = rng.choice((0.5, 1.0, 2.0))
    p = softmax(logits, t)
    return Challenge("softmax-top-probability", "softmax",
                     f"Logits {', '.join(short_number(z) for z in logits)} at temperature "
                     f"T = {t:g}: what probability does the largest logit get? (two decimals "
                     "are enough)",
                     short_number(p.max()), "p = exp(z/T) / Σ exp(z_j/T); lower T sharpens, higher "
                     "T flattens.", {"logits": logits, "T": t}, tolerance=0.03)


def _softmax_uniform_entropy(rng: random.Random) -> Challenge:
    n = rng.randint(3, 10)
    logits = tuple(float(rng.randint(-2, 3)) for _ in range(n))
    return Challenge("softmax-max-entropy", "softmax",
                     f"With {n} tokens and a very high temperature, what entropy (in nats) "
                     "does the distribution approach?", short_number(math.log(n)),
                     "At T → ∞ the distribution becomes uniform, whose entropy is log n.",
                     {"logits": logits, "T": 20.0}, tolerance=0.02)


def _softmax_top_p(rng: random.Random) -> Challenge:
    logits = tuple(sorted((float(rng.randint(-2, 4)) for _ in range(5)), reverse=True))
    top_p = rng.choice((0.5, 0.8, 0.9))
    p = softmax(logits)
    kept = int(keep_mask(p, 0, top_p).sum())
    return Challenge("softmax-top-p-count", "softmax",
                     f"Logits {', '.join(short_number(z) for z in logits)} at T = 1: how many "
                     f"tokens does nucleus sampling with p = {top_p:g} keep?", str(kept),
                     "Sort by probability and keep the smallest prefix whose mass reaches p.",
                     {"logits": logits, "top_p": top_p})


class Softmax(Explorer):
    id = "softmax"
    title = "Softmax temperature"
    tags = ("softmax", "decoding", "information-theory")
    params = (
        Numbers("logits", "Logits", (2.0, 1.0, 0.5, -0.5, -1.0), min_len=2, max_len=MAX_TOKENS),
        Float("T", "Temperature T", 0.05, 20.0, 1.0, log=True),
        Int("top_k", "Top-k (0 = off)", 0, MAX_TOKENS, 0),
        Float("top_p", "Top-p (1 = off)", 0.05, 1.0, 1.0, step=0.01),
        Bool("log", "Show log-probabilities", False),
    )
    presets = (
        Preset("Nearly greedy (T = 0.1)", {"T": 0.1}),
        Preset("Flat (T = 10)", {"T": 10.0}),
        Preset("Nucleus sampling p = 0.9", {"top_p": 0.9}),
        Preset("Top-3 at T = 0.7", {"top_k": 3, "T": 0.7}),
    )
    formula = r"p_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}},\qquad H(p) = -\sum_i p_i \log p_i"
    notice = ("Lowering T sharpens the distribution toward the largest logit (T → 0 is argmax); "
              "raising it flattens it toward uniform, where the entropy reaches log n. Top-k and "
              "top-p drop the faded tokens and renormalise the rest.")

    challenges = (_softmax_top, _softmax_uniform_entropy, _softmax_top_p)

    def build(self, fig, params: dict) -> None:
        self.ax = fig.add_subplot(1, 1, 1)
        self.ax.set_xlabel("token")
        self.ax.grid(True, axis="y", alpha=0.4)
        self.kept = Bars(self.ax, range(MAX_TOKENS), color=PALETTE[0])
        self.dropped = Bars(self.ax, range(MAX_TOKENS), color=PALETTE[0], alpha=0.25)
        self.layout = None
        self.update(params)

    def probabilities(self, params: dict) -> tuple[np.ndarray, np.ndarray]:
        p = softmax(params["logits"], params["T"])
        return p, keep_mask(p, params["top_k"], params["top_p"])

    def update(self, params: dict) -> list | None:
        p, keep = self.probabilities(params)
        n = len(p)
        values = np.log(p) if params["log"] else p
        shown = np.zeros(MAX_TOKENS)
        shown[:n] = np.where(keep, values, 0.0)
        self.kept.set_heights(shown)
        shown[:n] = np.where(keep, 0.0, values)
        self.dropped.set_heights(shown)
        layout = (n, params["log"], float(np.floor(values.min())) if params["log"] else 0)
        if layout != self.layout:
            self.layout = layout
            self.ax.set_xlim(-0.6, n - 0.4)
            self.ax.set_xticks(range(n), [f"{z:g}" for z in params["logits"]])
            self.ax.set_xlabel("token (its logit)")
            if params["log"]:
                self.ax.set_ylim(min(-1.0, layout[2] - 0.5), 0.2)
                self.ax.set_ylabel("log p")
            else:
                self.ax.set_ylim(0, 1.02)
                self.ax.set_ylabel("probability")
            return None
        return [self.kept.artist, self.dropped.artist]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        p, keep = self.probabilities(params)
        h = entropy(p)
        return [
            ("Entropy", f"{h:.3f} nats = {h / np.log(2):.3f} bits (max {np.log(len(p)):.3f})"),
            ("Max probability", f"{p.max():.3f}"),
            ("Mass kept by top-k/top-p", f"{p[keep].sum():.3f} over {int(keep.sum())} tokens"),
        ]
