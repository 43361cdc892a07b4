"""PCA of a 2-D cloud and power iteration converging to the top eigenvector."""

from __future__ import annotations

import random
from functools import lru_cache

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.patches import dots
from studyapp.viz.spec import Explorer, Float, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE


def covariance(s1: float, s2: float, angle_deg: float) -> np.ndarray:
    """Σ = R diag(s1², s2²) Rᵀ with R a rotation by ``angle_deg``."""
    a = np.radians(angle_deg)
    r = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return r @ np.diag([s1 ** 2, s2 ** 2]) @ r.T


@lru_cache(maxsize=8)
def _unit_draws(n: int) -> np.ndarray:
    """The standard normal draws behind a cloud of n points (seed 0), shared by every
    covariance: a drag reshapes the same points."""
    draws = np.random.default_rng(0).standard_normal((n, 2))
    draws.setflags(write=False)
    return draws


@lru_cache(maxsize=64)          # a drag passes every value again on its way back
def cloud(s1: float, s2: float, angle_deg: float, n: int) -> np.ndarray:
    """n points from N(0, Σ), as ``default_rng(0).multivariate_normal`` draws them (its
    SVD factor of Σ), without drawing the same normals again each frame."""
    _, s, vh = np.linalg.svd(covariance(s1, s2, angle_deg))
    points = _unit_draws(n) @ (np.sqrt(s)[:, None] * vh)
    points.setflags(write=False)
    return points


@lru_cache(maxsize=64)
def analysis(s1: float, s2: float, angle_deg: float, start_deg: float,
             steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Σ's eigenvalues (largest first) and eigenvectors (columns), and the power-iteration
    path from the start direction."""
    sigma = covariance(s1, s2, angle_deg)
    values, vectors = np.linalg.eigh(sigma)
    start = np.radians(start_deg)
    path = power_iteration(sigma, np.array([np.cos(start), np.sin(start)]), steps)
    return _read_only(values[::-1], vectors[:, ::-1], path)


def _read_only(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Cached results are shared: nobody may change them in place."""
    for array in arrays:
        array.setflags(write=False)
    return arrays


def power_iteration(m: np.ndarray, v0: np.ndarray, steps: int) -> np.ndarray:
    """Iterates v_{k+1} = M v_k / ‖M v_k‖, including v0 (normalised)."""
    v = v0 / np.linalg.norm(v0)
    out = [v]
    for _ in range(steps):
        v = m @ v
        v = v / np.linalg.norm(v)
        out.append(v)
    return np.array(out)


def angle_errors(path: np.ndarray, top: np.ndarray) -> np.ndarray:
    """Angle (radians) between each iterate and the top eigenvector, sign ignored."""
    return np.arccos(np.clip(np.abs(path @ top), 0, 1))


# --- challenges -----------------------------------------------------------------------------------
def _power_rate(rng: random.Random) -> Challenge:
    s1, s2 = rng.choice((2.0, 3.0)), rng.choice((1.0, 0.5, 1.5))
    return Challenge("power-iteration-rate", "pca-power",
                     f"A cloud with standard deviations {s1:g} and {s2:g} along its axes: by "
                     "what factor does the power-iteration error (tan of the angle) shrink "
                     "per step?", short_number((s2 / s1) ** 2),
                     "The factor is λ₂/λ₁, the ratio of the covariance eigenvalues — the "
                     "squared ratio of the standard deviations.",
                     {"s1": s1, "s2": s2}, tolerance=0.02)


def _pc1_share(rng: random.Random) -> Challenge:
    s1, s2 = rng.choice((2.0, 3.0, 1.5)), rng.choice((1.0, 0.5))
    return Challenge("pc1-variance-share", "pca-power",
                     f"Standard deviations {s1:g} and {s2:g} along the principal axes: what "
                     "share of the variance does the first component explain?",
                     short_number(s1 ** 2 / (s1 ** 2 + s2 ** 2)),
                     "Share = λ₁ / (λ₁ + λ₂) with λ the variances along the axes.",
                     {"s1": s1, "s2": s2}, tolerance=0.01)


class PcaPower(Explorer):
    id = "pca-power"
    title = "PCA and power iteration"
    tags = ("pca", "eigen", "linear-algebra", "dimensionality-reduction")
    params = (
        Float("s1", "Std along the first axis", 0.2, 3.0, 2.0, step=0.05),
        Float("s2", "Std along the second axis", 0.2, 3.0, 1.0, step=0.05),
        Float("angle", "Rotation (degrees)", -90.0, 90.0, 30.0, step=1.0),
        Float("start", "Start direction (degrees)", -180.0, 180.0, 75.0, step=1.0),
        Int("steps", "Power-iteration steps", 1, 40, 10),
        Int("n", "Points", 50, 2000, 400, step=50),
    )
    presets = (
        Preset("Clear gap: fast convergence", {"s1": 2.5, "s2": 0.5}),
        Preset("Nearly round: slow convergence", {"s1": 1.1, "s2": 1.0, "steps": 40}),
        Preset("Start almost orthogonal", {"start": 119.0, "angle": 30.0}),
    )
    formula = (r"\Sigma v_i = \lambda_i v_i,\qquad v_{k+1} = \frac{\Sigma v_k}{\lVert \Sigma v_k"
               r"\rVert},\qquad \tan\theta_k \propto \left|\frac{\lambda_2}{\lambda_1}\right|^k")
    notice = ("The principal axes are the eigenvectors of the covariance, scaled here by the "
              "square roots of their eigenvalues. Power iteration multiplies a start vector by "
              "Σ again and again; the component along v₂ shrinks by λ₂/λ₁ each step, so a clear "
              "gap converges in a few steps and a nearly round cloud takes many.")

    challenges = (_power_rate, _pc1_share)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax_err = fig.subplots(1, 2)
        self.points = dots(self.ax, 2.5, color=PALETTE[0], alpha=0.5)
        self.axes_lines = [self.ax.plot([], [], color=c, lw=2.5)[0] for c in PALETTE[1:3]]
        self.path, = self.ax.plot([], [], "o-", color=PALETTE[3], ms=4, lw=1)
        self.ax.set_xlim(-6, 6)
        self.ax.set_ylim(-6, 6)
        self.ax.set_aspect("equal")
        self.ax.set_title("Cloud, principal axes, iterates ×3")
        self.err, = self.ax_err.semilogy([], [], "o-", color=PALETTE[3], ms=3, label="angle error")
        self.rate, = self.ax_err.semilogy([], [], "--", color=NEUTRAL, label=r"$|\lambda_2/\lambda_1|^k$")
        self.ax_err.set_xlabel("step k")
        self.ax_err.set_ylim(1e-10, 3)
        self.ax_err.set_title("Convergence")
        self.ax_err.legend(loc="lower left", fontsize=8)
        for ax in (self.ax, self.ax_err):
            ax.grid(True, alpha=0.4)
        self.steps = None
        self.update(params)

    @staticmethod
    def _analysis(params: dict):
        return analysis(params["s1"], params["s2"], params["angle"], params["start"],
                        params["steps"])

    def update(self, params: dict) -> list | None:
        values, vectors, path = self._analysis(params)
        self.points.set_data(*cloud(params["s1"], params["s2"], params["angle"], params["n"]).T)
        for line, value, vec in zip(self.axes_lines, values, vectors.T, strict=False):
            tip = 2 * np.sqrt(value) * vec
            line.set_data([-tip[0], tip[0]], [-tip[1], tip[1]])
        self.path.set_data(3 * path[:, 0], 3 * path[:, 1])
        errors = np.maximum(angle_errors(path, vectors[:, 0]), 1e-12)
        ks = np.arange(len(path))
        self.err.set_data(ks, errors)
        self.rate.set_data(ks, np.tan(errors[0]) * (values[1] / values[0]) ** ks)
        if params["steps"] != self.steps:
            self.steps = params["steps"]
            self.ax_err.set_xlim(0, params["steps"])
            return None
        return [self.points, *self.axes_lines, self.path, self.err, self.rate]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        values, vectors, path = self._analysis(params)
        error = angle_errors(path, vectors[:, 0])[-1]
        return [
            ("Eigenvalues λ₁, λ₂", f"{values[0]:.3f}, {values[1]:.3f}"),
            ("Variance explained by PC1", f"{values[0] / values.sum():.1%}"),
            ("Ratio |λ₂/λ₁|", f"{values[1] / values[0]:.3f}"),
            (f"Angle error after {params['steps']} steps", f"{np.degrees(error):.3g}°"),
        ]
