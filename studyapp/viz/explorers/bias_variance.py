"""Bias and variance of polynomial fits, and double descent of minimum-norm regression."""

from __future__ import annotations

import random
from functools import lru_cache

import numpy as np
from numpy.polynomial import legendre

from studyapp.viz.challenges import Challenge
from studyapp.viz.spec import Explorer, Float, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

GRID = np.linspace(-1, 1, 200)
RESAMPLES = 20
DIMS = 100          # features available to the double-descent model


def target(x: np.ndarray) -> np.ndarray:
    return np.sin(np.pi * x)


@lru_cache(maxsize=64)      # the figure and its read-outs ask for the same fits
def polynomial_fits(degree: int, n: int, noise: float,
                    seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least-squares Legendre fits on RESAMPLES fresh training sets drawn from the target.

    Returns the fits on GRID, their training MSEs and the first training set. All sets
    are solved at once: minimum-norm least squares through a stacked pseudo-inverse
    (when the degree exceeds the points, the fit interpolates).
    """
    rng = np.random.default_rng(seed)
    xs, ys = np.empty((RESAMPLES, n)), np.empty((RESAMPLES, n))
    for i in range(RESAMPLES):
        xs[i] = rng.uniform(-1, 1, n)
        ys[i] = target(xs[i]) + noise * rng.normal(size=n)
    design = legendre.legvander(xs, degree)                    # (sets, points, degree + 1)
    coef = (np.linalg.pinv(design) @ ys[..., None])[..., 0]
    fits = coef @ legendre.legvander(GRID, degree).T
    train = np.mean((np.einsum("spd,sd->sp", design, coef) - ys) ** 2, axis=1)
    return _read_only(fits, train, np.c_[xs[0], ys[0]])


def _read_only(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Cached results are shared: nobody may change them in place."""
    for array in arrays:
        array.setflags(write=False)
    return arrays


def decomposition(fits: np.ndarray, noise: float) -> dict:
    """bias², variance and expected test error, averaged over GRID."""
    bias2 = float(np.mean((fits.mean(axis=0) - target(GRID)) ** 2))
    variance = float(np.mean(fits.var(axis=0)))
    return {"bias2": bias2, "variance": variance, "test": bias2 + variance + noise ** 2}


@lru_cache(maxsize=32)
def double_descent(n: int, noise: float, reps: int = 8, seed: int = 0) -> np.ndarray:
    """Test error of minimum-norm least squares using the first p of DIMS isotropic
    Gaussian features (p = 1..DIMS), when the true weights spread over all of them."""
    rng = np.random.default_rng(seed)
    errors = np.zeros(DIMS)
    for _ in range(reps):
        beta = rng.normal(0, 1 / np.sqrt(DIMS), DIMS)
        x = rng.normal(size=(n, DIMS))
        y = x @ beta + noise * rng.normal(size=n)
        for p in range(1, DIMS + 1):
            estimate = np.zeros(DIMS)
            estimate[:p] = np.linalg.lstsq(x[:, :p], y, rcond=None)[0]
            errors[p - 1] += np.sum((estimate - beta) ** 2) + noise ** 2
    return errors / reps


# --- challenges -----------------------------------------------------------------------------------
def _bias_or_variance(rng: random.Random) -> Challenge:
    fits, _, _ = polynomial_fits(1, 20, 0.3)
    parts = decomposition(fits, 0.3)
    options = ("bias", "variance")
    return Challenge("bias-or-variance", "bias-variance",
                     "A straight line fitted to noisy samples of sin(πx): which part of the "
                     "test error dominates?", options[0] if parts["bias2"] > parts["variance"]
                     else options[1], "A line cannot bend: every training set gives the same "
                     "wrong shape, which is bias.", {"degree": 1}, options=options)


def _double_descent_peak(rng: random.Random) -> Challenge:
    n = rng.choice((10, 20, 30, 40))
    return Challenge("double-descent-peak", "bias-variance",
                     f"Minimum-norm regression on {n} training points: at how many features "
                     "does the test error peak?", str(n),
                     "At p = n the model has exactly enough parameters to interpolate, and "
                     "the interpolating solution has huge weights; beyond it the minimum-norm "
                     "solution becomes smoother.", {"n": n, "p": n})


class BiasVariance(Explorer):
    id = "bias-variance"
    title = "Bias, variance and double descent"
    tags = ("bias-variance", "overfitting", "regularization")
    params = (
        Int("degree", "Polynomial degree (left)", 0, 15, 3),
        Int("n", "Training points", 5, 60, 20),
        Float("noise", "Label noise σ", 0.0, 1.0, 0.3, step=0.05),
        Int("p", "Features p (right)", 1, DIMS, 10),
    )
    presets = (
        Preset("Underfit: degree 1", {"degree": 1}),
        Preset("Balanced: degree 4", {"degree": 4}),
        Preset("Overfit: degree 12", {"degree": 12}),
        Preset("Interpolation peak: p = n", {"p": 20, "n": 20}),
        Preset("Second descent: p = 100", {"p": 100, "n": 20}),
    )
    formula = (r"\mathbb{E}\big[(\hat f(x) - y)^2\big] = \underbrace{(\mathbb{E}\hat f - f)^2}"
               r"_{\text{bias}^2} + \underbrace{\mathrm{Var}\,\hat f}_{\text{variance}} + \sigma^2")
    notice = ("Left: low degrees are wrong the same way on every training set (bias); high "
              "degrees chase the noise and the fits fan out (variance). Right: with more "
              "features than a classical U-curve allows, the test error peaks where the number "
              "of features equals the number of points — the model must interpolate — then "
              "falls again as the minimum-norm solution spreads the weight: double descent.")

    challenges = (_bias_or_variance, _double_descent_peak)

    def build(self, fig, params: dict) -> None:
        from matplotlib.collections import LineCollection

        self.ax_fit, self.ax_err = fig.subplots(1, 2)
        self.fan = self.ax_fit.add_collection(       # one artist for all fits: cheap to blit
            LineCollection([], colors=PALETTE[0], alpha=0.25, linewidths=1))
        self.ax_fit.plot(GRID, target(GRID), color=PALETTE[1], lw=2, label="true function")
        self.data, = self.ax_fit.plot([], [], "o", color=PALETTE[3], ms=4,
                                      label="one training set")
        self.ax_fit.set_ylim(-2.5, 2.5)
        self.ax_fit.set_xlim(-1, 1)
        self.ax_fit.set_title(f"Fits on {RESAMPLES} resampled sets")
        self.ax_fit.legend(loc="upper left", fontsize=8)
        self.test_line, = self.ax_err.semilogy([], [], color=PALETTE[3], label="test error")
        self.marker = self.ax_err.axvline(0, color=NEUTRAL, ls="--", lw=1)
        self.peak = self.ax_err.axvline(0, color=PALETTE[4], ls=":", lw=1, label="p = n")
        self.ax_err.set_xlabel("features p")
        self.ax_err.set_xlim(1, DIMS)
        self.ax_err.set_ylim(0.1, 1e3)
        self.ax_err.set_title("Double descent (minimum norm)")
        self.ax_err.legend(loc="upper right", fontsize=8)
        for ax in (self.ax_fit, self.ax_err):
            ax.grid(True, alpha=0.4)
        self.right = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        fits, _, first = polynomial_fits(params["degree"], params["n"], params["noise"])
        segments = np.empty((*fits.shape, 2))         # one array, not one stack per fit
        segments[..., 0], segments[..., 1] = GRID, np.clip(fits, -3, 3)
        self.fan.set_segments(segments)
        self.data.set_data(first[:, 0], first[:, 1])
        left = [self.fan, self.data]
        right = (params["n"], params["noise"], params["p"])
        if right == self.right:            # dragging the degree: the right panel stays
            return left
        self.right = right
        curve = double_descent(params["n"], params["noise"])
        self.test_line.set_data(np.arange(1, DIMS + 1), np.clip(curve, 0.1, 1e3))
        self.marker.set_xdata([params["p"], params["p"]])
        self.peak.set_xdata([params["n"], params["n"]])
        return [*left, self.test_line, self.marker, self.peak]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        fits, train, _ = polynomial_fits(params["degree"], params["n"], params["noise"])
        parts = decomposition(fits, params["noise"])
        curve = double_descent(params["n"], params["noise"])
        return [
            ("Bias² (left)", f"{parts['bias2']:.4f}"),
            ("Variance (left)", f"{parts['variance']:.4g}"),
            ("Expected test error (left)", f"{parts['test']:.4g}"),
            ("Mean training error (left)", f"{train.mean():.4f}"),
            (f"Test error at p = {params['p']} (right)", f"{curve[params['p'] - 1]:.3g}"),
        ]
