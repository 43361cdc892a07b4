"""Gradients through time in a recurrent network, and clipping by norm or by value."""

from __future__ import annotations

import random
from functools import lru_cache

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.spec import Choice, Explorer, Float, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

HIDDEN = 16


@lru_cache(maxsize=4)
def _orthogonal(seed: int) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(HIDDEN, HIDDEN)))
    return q


def recurrent_matrix(radius: float, seed: int = 0) -> np.ndarray:
    """A random orthogonal matrix scaled so every singular value equals ``radius``."""
    return radius * _orthogonal(seed)


# The figure and its read-outs ask for the same norms, and a drag passes each radius
# again on its way back (at most 512 curves of up to 201 floats).
@lru_cache(maxsize=512)
def gradient_norms(radius: float, activation: str, steps: int, seed: int = 0) -> np.ndarray:
    """‖∂h_T/∂h_{T−k}‖₂ for k = 0..steps, along a trajectory driven by random inputs."""
    inputs = np.random.default_rng(seed + 1).normal(0, 0.5, (steps, HIDDEN))
    w = recurrent_matrix(radius, seed)
    h = np.zeros(HIDDEN)
    outputs = np.empty((steps, HIDDEN))
    for i, x in enumerate(inputs):
        h = w @ h + x
        if activation == "tanh":
            h = np.tanh(h)
        outputs[i] = h
    slopes = 1 - outputs ** 2 if activation == "tanh" else np.ones_like(outputs)
    products = [np.eye(HIDDEN)]
    for jac in slopes[::-1, :, None] * w:          # diag(φ'(a_t)) W, latest first
        products.append(products[-1] @ jac)
    # Spectral norms: the square root of PᵀP's largest eigenvalue, in half the time of an
    # SVD and as exact for the largest singular value.
    products = np.array(products)
    gram = np.swapaxes(products, 1, 2) @ products
    norms = np.sqrt(np.maximum(np.linalg.eigvalsh(gram)[:, -1], 0.0))
    norms.setflags(write=False)                # cached: shared by every caller
    return norms


def clip(g: np.ndarray, how: str, threshold: float) -> np.ndarray:
    if how == "norm":
        norm = np.linalg.norm(g)
        return g * (threshold / norm) if norm > threshold else g
    if how == "value":
        return np.clip(g, -threshold, threshold)
    return g


# --- challenges -----------------------------------------------------------------------------------
def _rnn_gradient(rng: random.Random) -> Challenge:
    radius, k = rng.choice((0.8, 0.9, 1.1, 1.2)), rng.choice((10, 20, 30))
    return Challenge("rnn-gradient-norm", "rnn-gradients",
                     f"A linear RNN whose recurrent matrix is orthogonal times {radius:g}: by "
                     f"what factor is the gradient scaled after {k} steps back?",
                     short_number(radius ** k),
                     "The Jacobian over k steps is W^k with every singular value radius^k.",
                     {"radius": radius, "activation": "linear", "steps": k},
                     tolerance=0.02)


def _clip_norm(rng: random.Random) -> Challenge:
    gx, gy = rng.choice(((3.0, 4.0), (-3.0, 4.0), (2.4, -3.2)))
    t = rng.choice((1.0, 2.0))
    clipped = clip(np.array([gx, gy]), "norm", t)
    return Challenge("clip-by-norm", "rnn-gradients",
                     f"Clip the gradient ({gx:g}, {gy:g}) to norm {t:g}: what is its first "
                     "component afterwards?", short_number(clipped[0]),
                     "Norm clipping rescales the whole vector by τ/‖g‖ and keeps its "
                     "direction.", {"clip": "norm", "threshold": t, "gx": gx, "gy": gy},
                     tolerance=0.01)


class RnnGradients(Explorer):
    id = "rnn-gradients"
    title = "Gradients through time"
    tags = ("rnn", "vanishing-gradients", "gradient-clipping")
    params = (
        Float("radius", "Singular values of W_hh", 0.5, 1.5, 0.9, step=0.01),
        Choice("activation", "Activation", ("linear", "tanh"), "tanh"),
        Int("steps", "Steps back in time", 5, 200, 60),
        Choice("clip", "Clipping", ("none", "norm", "value"), "norm"),
        Float("threshold", "Clip threshold", 0.1, 3.0, 1.0, step=0.05),
        Float("gx", "Raw gradient x", -4.0, 4.0, 3.0, step=0.1),
        Float("gy", "Raw gradient y", -4.0, 4.0, 0.6, step=0.1),
    )
    presets = (
        Preset("Vanishing: 0.9, tanh", {"radius": 0.9, "activation": "tanh"}),
        Preset("Exploding: 1.1, linear", {"radius": 1.1, "activation": "linear"}),
        Preset("Orthogonal, linear: preserved", {"radius": 1.0, "activation": "linear"}),
        Preset("Clip by value bends the direction", {"clip": "value", "gx": 3.0, "gy": 0.6}),
    )
    formula = (r"\frac{\partial h_T}{\partial h_{T-k}} = \prod_{i} \mathrm{diag}(\phi'(a_i))"
               r"\,W_{hh},\qquad g \leftarrow g\,\min\!\left(1, \frac{\tau}{\lVert g\rVert}\right)")
    notice = ("With singular values below one the gradient shrinks geometrically with the "
              "distance in time; above one (and a linear activation) it grows. tanh's slope "
              "is at most one, which pulls toward vanishing. Clipping by norm rescales the "
              "gradient and keeps its direction; clipping each component changes the direction.")

    challenges = (_rnn_gradient, _clip_norm)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax_clip = fig.subplots(1, 2)
        self.curve, = self.ax.semilogy([], [], color=PALETTE[0])
        self.ax.set_xlabel("k (steps back)")
        self.ax.set_ylabel(r"$\Vert\partial h_T / \partial h_{T-k}\Vert$")
        self.ax.set_ylim(1e-12, 1e12)
        self.ax.grid(True, alpha=0.4)
        self.ax.set_title("Gradient norm through time")
        self.raw = self.ax_clip.annotate("", (0, 0), (0, 0), arrowprops={"color": PALETTE[1],
                                                                          "width": 2})
        self.clipped = self.ax_clip.annotate("", (0, 0), (0, 0),
                                             arrowprops={"color": PALETTE[3], "width": 2})
        self.box, = self.ax_clip.plot([], [], color=NEUTRAL, ls="--", lw=1)
        self.ax_clip.set_xlim(-4.2, 4.2)
        self.ax_clip.set_ylim(-4.2, 4.2)
        self.ax_clip.set_aspect("equal")
        self.ax_clip.grid(True, alpha=0.4)
        self.ax_clip.set_title("Raw (orange), clipped (red)")
        self.steps = self.shown_curve = self.shown_arrows = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        curve = (params["radius"], params["activation"], params["steps"])
        arrows = (params["clip"], params["threshold"], params["gx"], params["gy"])
        changed = []                  # a drag blits only its own panel
        if curve != self.shown_curve:
            norms = gradient_norms(*curve)
            self.curve.set_data(np.arange(len(norms)), np.clip(norms, 1e-12, 1e12))
            changed.append(self.curve)
        if arrows != self.shown_arrows:
            self._set_arrows(params)
            changed += [self.raw, self.clipped, self.box]
        self.shown_arrows = arrows
        self.shown_curve = curve
        if params["steps"] != self.steps:
            self.steps = params["steps"]
            self.ax.set_xlim(0, params["steps"])
            return None
        return changed

    def _set_arrows(self, params: dict) -> None:
        g = np.array([params["gx"], params["gy"]])
        c = clip(g, params["clip"], params["threshold"])
        self.raw.xy = tuple(g)
        self.clipped.xy = tuple(c)
        t = params["threshold"]
        if params["clip"] == "norm":
            angle = np.linspace(0, 2 * np.pi, 100)
            self.box.set_data(t * np.cos(angle), t * np.sin(angle))
        elif params["clip"] == "value":
            self.box.set_data([-t, t, t, -t, -t], [-t, -t, t, t, -t])
        else:
            self.box.set_data([], [])

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        norms = gradient_norms(params["radius"], params["activation"], params["steps"])
        g = np.array([params["gx"], params["gy"]])
        c = clip(g, params["clip"], params["threshold"])
        turn = np.degrees(np.arctan2(c[1], c[0]) - np.arctan2(g[1], g[0]))
        return [
            (f"Gradient norm {params['steps']} steps back", f"{norms[-1]:.3g}"),
            ("Per-step factor (geometric mean)",
             f"{np.exp(np.log(max(norms[-1], 1e-300)) / params['steps']):.3f}"),
            ("Clipped gradient", f"({c[0]:.2f}, {c[1]:.2f}), norm {np.linalg.norm(c):.2f}"),
            ("Direction change", f"{abs(turn):.1f}°"),
        ]
