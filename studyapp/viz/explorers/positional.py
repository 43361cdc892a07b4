"""Positional encodings: the sinusoidal matrix, similarity against distance, RoPE."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.spec import Choice, Explorer, Float, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE


def sinusoidal(length: int, d: int, base: float = 10000.0) -> np.ndarray:
    """PE[p, 2i] = sin(p / base^(2i/d)), PE[p, 2i+1] = cos(p / base^(2i/d))."""
    pos = np.arange(length)[:, None]
    freq = base ** (-np.arange(0, d, 2) / d)
    pe = np.zeros((length, d))
    pe[:, 0::2] = np.sin(pos * freq)
    pe[:, 1::2] = np.cos(pos * freq)
    return pe


def rope(x: np.ndarray, position: int, base: float = 10000.0) -> np.ndarray:
    """Rotate each pair (x[2i], x[2i+1]) by the angle position · base^(−2i/d)."""
    d = x.shape[-1]
    theta = position * base ** (-np.arange(0, d, 2) / d)
    cos, sin = np.cos(theta), np.sin(theta)
    out = np.empty_like(x, dtype=float)
    out[..., 0::2] = x[..., 0::2] * cos - x[..., 1::2] * sin
    out[..., 1::2] = x[..., 0::2] * sin + x[..., 1::2] * cos
    return out


# --- challenges -----------------------------------------------------------------------------------
def _rope_period(rng: random.Random) -> Challenge:
    return Challenge("sinusoid-fastest-period", "positional-encoding",
                     "In the sinusoidal encoding, the first dimension pair turns at one radian "
                     "per position. After how many positions does it repeat?", "6.283",
                     "Its wavelength is 2π ≈ 6.28 positions; later pairs are slower by "
                     "factors of base^(2/d).", {"pair": 0, "m": 7}, tolerance=0.02)


class Positional(Explorer):
    id = "positional-encoding"
    title = "Positional encodings"
    tags = ("positional-encoding", "transformers", "attention")
    params = (
        Int("length", "Sequence length", 8, 256, 64),
        Choice("d", "Model width d", ("16", "32", "64", "128"), "64"),
        Float("base", "Base (wavelength scale)", 10.0, 100000.0, 10000.0, log=True),
        Int("anchor", "Anchor position", 0, 255, 20),
        Int("pair", "RoPE pair i", 0, 63, 0),
        Int("m", "RoPE position m", 0, 64, 3),
    )
    presets = (
        Preset("Transformer default", {}),
        Preset("Small base: short wavelengths", {"base": 100.0}),
        Preset("Slow RoPE pair", {"pair": 12, "m": 40}),
        Preset("Long sequence", {"length": 256, "anchor": 128}),
    )
    formula = (r"PE_{p,2i} = \sin\frac{p}{b^{2i/d}},\quad PE_{p,2i+1} = \cos\frac{p}{b^{2i/d}},"
               r"\qquad \mathrm{RoPE}: (q_m)^\top k_n \text{ depends only on } m-n")
    notice = ("Each column pair is a clock running at its own frequency: the first columns "
              "turn fast, the last ones barely move. The dot product of two encodings depends "
              "only on their distance and falls off as it grows. RoPE rotates each query/key "
              "pair by an angle proportional to the position, so attention scores see relative "
              "offsets.")

    challenges = (_rope_period,)

    def build(self, fig, params: dict) -> None:
        self.ax_pe, self.ax_sim, self.ax_rope = fig.subplots(1, 3)
        self.layout = None
        self.sim_line, = self.ax_sim.plot([], [], color=PALETTE[0])
        self.anchor_line = self.ax_sim.axvline(0, color=PALETTE[3], lw=1, ls="--")
        self.ax_sim.set_xlabel("position p")
        self.ax_sim.set_ylabel("PE[anchor] · PE[p] / d")
        self.ax_sim.set_title("Similarity to the anchor")
        self.ax_sim.grid(True, alpha=0.4)
        circle = np.linspace(0, 2 * np.pi, 100)
        self.ax_rope.plot(np.cos(circle), np.sin(circle), color=NEUTRAL, lw=0.8)
        self.rope_trace, = self.ax_rope.plot([], [], "o", color=PALETTE[0], ms=3, alpha=0.5)
        self.rope_point, = self.ax_rope.plot([], [], "o", color=PALETTE[3], ms=8)
        self.ax_rope.set_aspect("equal")
        self.ax_rope.set_xlim(-1.3, 1.3)
        self.ax_rope.set_ylim(-1.3, 1.3)
        self.ax_rope.set_title("RoPE pair i at m")
        self.update(params)

    def update(self, params: dict) -> list | None:
        d, length = int(params["d"]), params["length"]
        pe = sinusoidal(length, d, params["base"])
        anchor = min(params["anchor"], length - 1)
        self.sim_line.set_data(np.arange(length), pe @ pe[anchor] / d)
        self.anchor_line.set_xdata([anchor, anchor])
        pair = min(params["pair"], d // 2 - 1)
        unit = np.zeros(d)
        unit[2 * pair] = 1.0
        trace = np.array([rope(unit, m, params["base"])[2 * pair: 2 * pair + 2]
                          for m in range(params["m"] + 1)])
        self.rope_trace.set_data(trace[:, 0], trace[:, 1])
        self.rope_point.set_data([trace[-1, 0]], [trace[-1, 1]])
        layout = (d, length, params["base"])
        if layout != self.layout:
            self.layout = layout
            self.ax_pe.clear()
            self.ax_pe.imshow(pe, aspect="auto", cmap="RdBu", vmin=-1, vmax=1,
                              interpolation="nearest")
            self.ax_pe.set_xlabel("dimension")
            self.ax_pe.set_ylabel("position")
            self.ax_pe.set_title("Sinusoidal encoding")
            self.ax_sim.set_xlim(0, length - 1)
            self.ax_sim.set_ylim(-0.6, 1.05)
            return None
        return [self.sim_line, self.anchor_line, self.rope_trace, self.rope_point]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        d = int(params["d"])
        pair = min(params["pair"], d // 2 - 1)
        freq = params["base"] ** (-2 * pair / d)
        return [
            ("Shortest wavelength", f"{2 * np.pi:.2f} positions (pair 0)"),
            ("Longest wavelength", f"{2 * np.pi * params['base'] ** ((d - 2) / d):,.0f} positions"),
            (f"RoPE angle of pair {pair} at m = {params['m']}",
             f"{np.degrees(params['m'] * freq) % 360:.1f}°  (θ_i = {freq:.4g} rad per position)"),
        ]
