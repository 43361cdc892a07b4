"""Scaled dot-product attention: score scale, softmax saturation, causal masks, heads."""

from __future__ import annotations

import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.numerics import entropy, softmax
from studyapp.viz.patches import heatmap
from studyapp.viz.spec import Bool, Explorer, Int, Preset

MAX_HEADS = 4


def attention_weights(q: np.ndarray, k: np.ndarray, scale: bool = True,
                      causal: bool = False) -> np.ndarray:
    """softmax(Q Kᵀ / √d + mask) row by row; masked scores are −∞ before the softmax."""
    scores = q @ k.T
    if scale:
        scores = scores / np.sqrt(q.shape[-1])
    if causal:
        scores = np.where(np.triu(np.ones(scores.shape, bool), k=1), -np.inf, scores)
    return softmax(scores)


def random_heads(tokens: int, d: int, heads: int, seed: int) -> list[tuple[np.ndarray, ...]]:
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(tokens, d)), rng.normal(size=(tokens, d))) for _ in range(heads)]


# --- challenges -----------------------------------------------------------------------------------
def _attention_score_scale(rng: random.Random) -> Challenge:
    d = rng.choice((16, 64, 256))
    return Challenge("attention-score-std", "attention",
                     f"Queries and keys with independent unit-variance entries, d_k = {d}: "
                     "about how large is the standard deviation of an unscaled score q·k?",
                     str(int(math.sqrt(d))),
                     "A sum of d products of unit-variance terms has variance d, so the std "
                     "is √d — hence the division by √d_k.",
                     {"d": d, "scale": False}, tolerance=0.25)


def _causal_entries(rng: random.Random) -> Challenge:
    n = rng.randint(3, 10)
    return Challenge("causal-mask-entries", "attention",
                     f"A causal mask over {n} tokens: how many query–key pairs may attend?",
                     str(n * (n + 1) // 2),
                     "Each query i sees keys 1..i: 1 + 2 + … + n = n(n + 1)/2.",
                     {"tokens": min(n, 10), "causal": True, "heads": 1})


class Attention(Explorer):
    id = "attention"
    title = "Scaled dot-product attention"
    tags = ("attention", "transformers", "softmax")
    params = (
        Int("tokens", "Tokens", 2, 10, 6),
        Int("d", "Key dimension d_k", 1, 512, 64),
        Bool("scale", "Divide scores by √d_k", True),
        Bool("causal", "Causal mask", False),
        Int("heads", "Heads", 1, MAX_HEADS, 2),
        Int("seed", "Random queries and keys (seed)", 0, 999, 0),
    )
    presets = (
        Preset("Unscaled, d = 512: saturated", {"scale": False, "d": 512}),
        Preset("Scaled, d = 512", {"scale": True, "d": 512}),
        Preset("Decoder: causal mask", {"causal": True, "heads": 1}),
        Preset("Four heads", {"heads": 4}),
    )
    formula = (r"\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}"
               r" + M\right)V,\qquad M_{ij} = -\infty \ \text{for}\ j > i\ \text{(causal)}")
    notice = ("With unit-variance entries a dot product has variance d_k, so unscaled scores "
              "grow like √d_k and the softmax saturates into near one-hot rows with tiny "
              "gradients. Dividing by √d_k restores unit variance. The causal mask zeroes "
              "everything above the diagonal while each row still sums to one.")

    challenges = (_attention_score_scale, _causal_entries)

    def build(self, fig, params: dict) -> None:
        self.fig = fig
        self.layout = None
        self.update(params)

    def _weights(self, params: dict) -> list[np.ndarray]:
        return [attention_weights(q, k, params["scale"], params["causal"])
                for q, k in random_heads(params["tokens"], params["d"], params["heads"],
                                         params["seed"])]

    def update(self, params: dict) -> list | None:
        weights = self._weights(params)
        layout = (params["tokens"], params["heads"])
        if layout != self.layout:
            self.layout = layout
            self.fig.clear()
            rows = 2 if params["heads"] > 2 else 1
            cols = -(-params["heads"] // rows)
            axes = self.fig.subplots(rows, cols, squeeze=False).ravel()
            self.images = []
            ticks = range(params["tokens"])
            for h, ax in enumerate(axes):
                if h >= len(weights):
                    ax.set_visible(False)
                    continue
                self.images.append(heatmap(ax, weights[h], vmin=0, vmax=1, cmap="viridis"))
                ax.set_aspect("equal")
                ax.set_xticks(ticks, [str(i + 1) for i in ticks])
                ax.set_yticks(ticks, [str(i + 1) for i in ticks])
                ax.set_xlabel("key")
                ax.set_ylabel("query")
                ax.set_title(f"head {h + 1}")
            self.fig.colorbar(self.images[-1], ax=list(axes), shrink=0.8, label="weight")
            return None
        for image, w in zip(self.images, weights, strict=False):
            image.set_array(w)
        return list(self.images)

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        weights = self._weights(params)
        q, k = random_heads(params["tokens"], params["d"], 1, params["seed"])[0]
        raw = q @ k.T
        shown = raw / np.sqrt(params["d"]) if params["scale"] else raw
        rows = np.concatenate([w for w in weights])
        with np.errstate(divide="ignore", invalid="ignore"):
            ent = entropy(rows, axis=1)
        return [
            ("Std of scores", f"{shown.std():.2f}  (unscaled ≈ √d_k = {np.sqrt(params['d']):.1f})"),
            ("Mean largest weight per row", f"{rows.max(axis=1).mean():.3f}"),
            ("Mean row entropy", f"{ent.mean():.3f} nats (uniform: {np.log(params['tokens']):.3f})"),
            ("Weight above the diagonal", f"{sum(np.triu(w, 1).sum() for w in weights):.3f}"),
        ]
