"""Low-rank adaptation: how well a rank-r update BA can stand in for a full update ΔW.

ΔW is a 64 × 64 matrix built from random orthogonal singular vectors and a chosen spectrum
(a power law σ_i = i^(−p), or a rank-r₀ signal plus Gaussian noise). By Eckart–Young the
best rank-r approximation in Frobenius (and spectral) norm is the truncated SVD, whose
relative error is √(Σ_{i>r} σ_i² / Σ_i σ_i²). Parameter counts use a chosen layer shape.
"""

from __future__ import annotations

import math
import random
from functools import cache

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.fast_image import cell_map
from studyapp.viz.patches import Bars, polygons, rectangle
from studyapp.viz.spec import Choice, Explorer, Float, Int, Preset
from studyapp.viz.theme import PALETTE

SIZE = 64
RANKS = np.arange(0, SIZE + 1)
SHAPES = ("4096x4096", "4096x11008", "8192x8192", "768x768", "64x64")


@cache
def orthogonal(n: int, seed: int) -> np.ndarray:
    """A random orthogonal matrix (QR of a Gaussian one, signs fixed so it is Haar)."""
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, n)))
    q = q * np.sign(np.diag(r))
    q.flags.writeable = False                       # cached: shared by every caller
    return q


@cache
def _noise(seed: int) -> np.ndarray:
    g = np.random.default_rng(seed).normal(size=(SIZE, SIZE))
    g.flags.writeable = False
    return g


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for these small matrices, in einsum's own loop: a BLAS call of this size may
    start threads, which stall when the cores are busy."""
    return np.einsum("ik,kj->ij", a, b)


def power_spectrum(p: float, n: int = SIZE) -> np.ndarray:
    """σ_i = i^(−p), i = 1 … n."""
    return np.arange(1, n + 1, dtype=float) ** -p


def update_matrix(spectrum: str, p: float = 1.0, r0: int = 8, noise: float = 0.1,
                  seed: int = 0) -> np.ndarray:
    """ΔW: U diag(σ) Vᵀ with a power-law σ, or a rank-r₀ signal (unit singular values)
    plus noise of entry std noise/√n (noise singular values up to about 2·noise)."""
    u, v = orthogonal(SIZE, seed), orthogonal(SIZE, seed + 1)
    if spectrum == "power":
        return _product(u * power_spectrum(p), v.T)
    return _product(u[:, :r0], v[:, :r0].T) + noise / math.sqrt(SIZE) * _noise(seed + 2)


def svd(spectrum: str, p: float = 1.0, r0: int = 8, noise: float = 0.1,
        seed: int = 0) -> tuple[np.ndarray, ...]:
    """(ΔW, U, σ, Vᵀ): known by construction for the power law, computed otherwise."""
    m = update_matrix(spectrum, p, r0, noise, seed)
    if spectrum == "power":
        return m, orthogonal(SIZE, seed), power_spectrum(p), orthogonal(SIZE, seed + 1).T
    return (m, *np.linalg.svd(m))


def truncated(m: np.ndarray, r: int) -> np.ndarray:
    """The best rank-r approximation: the SVD cut after r singular values."""
    u, s, vt = np.linalg.svd(m)
    return (u[:, :r] * s[:r]) @ vt[:r]


def relative_errors(singular_values: np.ndarray) -> np.ndarray:
    """‖ΔW − ΔW_r‖_F / ‖ΔW‖_F for r = 0 … n (Eckart–Young), from the singular values."""
    energy = np.asarray(singular_values, float) ** 2
    tail = np.r_[np.cumsum(energy[::-1])[::-1], 0.0]
    return np.sqrt(np.maximum(tail, 0.0) / energy.sum())


def random_subspace_errors(m: np.ndarray, seed: int = 7) -> np.ndarray:
    """Relative error of projecting ΔW's columns onto the first r directions of a random
    orthonormal basis, r = 0 … n: what a rank-r update without the SVD can reach."""
    q = orthogonal(m.shape[0], seed)
    captured = np.r_[0.0, np.cumsum(np.sum(_product(q.T, m) ** 2, axis=1))]
    total = float(np.sum(m ** 2))
    return np.sqrt(np.maximum(total - captured, 0.0) / total)


A_AT, FULL_AT = 1.15, 2.45          # where A and the full d × k outline sit in the sketch


def factor_boxes(r: int) -> list[np.ndarray]:
    """Outlines of B (d × r) and A (r × k) for the 64 × 64 example, d = k = 1 unit."""
    w = r / SIZE
    return [np.array([(0, 0), (w, 0), (w, 1), (0, 1)], float),
            np.array([(A_AT, 1 - w), (A_AT + 1, 1 - w), (A_AT + 1, 1), (A_AT, 1)], float)]


def lora_params(r: int, d: int, k: int) -> int:
    """Trainable parameters of B (d × r) and A (r × k)."""
    return r * (d + k)


def shape_dims(shape: str) -> tuple[int, int]:
    d, k = shape.split("x")
    return int(d), int(k)


# --- challenges -----------------------------------------------------------------------------
def challenge_param_count(rng: random.Random) -> Challenge:
    shape = rng.choice(SHAPES[:4])
    d, k = shape_dims(shape)
    r = rng.choice((4, 8, 16, 64))
    return Challenge("lora-trained-parameters", "lora",
                     f"LoRA with rank r = {r} on a {d} × {k} weight: how many parameters are "
                     "trained?", str(lora_params(r, d, k)),
                     f"B is {d} × {r} and A is {r} × {k}: r(d + k) = {r}·{d + k}, against "
                     f"d·k = {d * k:,} for the full update.",
                     {"r": r, "shape": shape})


def challenge_best_rank_error(rng: random.Random) -> Challenge:
    values = sorted((rng.choice((1, 2, 3, 4, 5, 6)) for _ in range(5)), reverse=True)
    r = rng.randint(1, 3)
    error = float(relative_errors(np.array(values, float))[r])
    return Challenge("lora-best-rank-error", "lora",
                     f"ΔW has singular values {', '.join(str(v) for v in values)} (the rest 0). "
                     f"What relative Frobenius error ‖ΔW − ΔW_r‖/‖ΔW‖ does the best rank-{r} "
                     "approximation leave? (two decimals)", f"{error:.3g}",
                     "Eckart–Young: the truncated SVD is the best rank-r approximation, and "
                     "its error is √(Σ_{i>r} σ_i² / Σ_i σ_i²).", {"r": r}, tolerance=0.01)


def challenge_trained_share(rng: random.Random) -> Challenge:
    shape = rng.choice(SHAPES[:4])
    d, k = shape_dims(shape)
    r = rng.choice((8, 16, 32, 64))
    share = 100 * lora_params(r, d, k) / (d * k)
    return Challenge("lora-trained-share", "lora",
                     f"Rank-{r} LoRA on a {d} × {k} matrix: what percentage of the full "
                     "update's parameters is trained? (in %, two significant digits)",
                     f"{share:.3g}", f"r(d + k) / (d·k) = {r}·{d + k} / {d * k:,}.",
                     {"r": r, "shape": shape}, tolerance=0.02)


class Lora(Explorer):
    id = "lora"
    title = "LoRA: low-rank updates"
    tags = ("fine-tuning", "efficiency", "svd", "linear-algebra")
    params = (
        Choice("spectrum", "Spectrum of ΔW", ("power", "lowrank"), "power",
               labels=("Power law σ_i = i^(−p)", "Low rank plus noise")),
        Float("p", "Decay exponent p", 0.0, 3.0, 1.0, step=0.05),
        Int("r0", "True rank r₀ (low rank)", 1, 32, 8),
        Float("noise", "Noise level (low rank)", 0.0, 1.0, 0.1, step=0.01),
        Int("r", "LoRA rank r", 1, SIZE, 8),
        Float("alpha", "LoRA α", 1.0, 128.0, 16.0, step=1.0),
        Choice("shape", "Layer shape for the counts", SHAPES, "4096x4096",
               labels=tuple(s.replace("x", " × ") for s in SHAPES)),
    )
    presets = (
        Preset("Fast decay (p = 2): small r is enough", {"p": 2.0, "r": 4}),
        Preset("Flat spectrum (p = 0): no low rank", {"p": 0.0, "r": 8}),
        Preset("Rank 8 plus noise, r = 8", {"spectrum": "lowrank", "r0": 8, "r": 8}),
        Preset("Rank 8 plus noise, r = 4 (too small)", {"spectrum": "lowrank", "r0": 8, "r": 4}),
        Preset("r = 64: full rank", {"r": 64}),
    )
    formula = (r"h = W_0 x + \frac{\alpha}{r} B A x,\quad B \in \mathbb{R}^{d\times r},\ "
               r"A \in \mathbb{R}^{r\times k},\quad \frac{\lVert \Delta W - \Delta W_r "
               r"\rVert_F}{\lVert \Delta W \rVert_F} = \sqrt{\frac{\sum_{i>r} \sigma_i^2}"
               r"{\sum_i \sigma_i^2}}")
    notice = ("A rank-r update can only capture r singular directions; the best it can do "
              "(Eckart–Young) is keep the r largest singular values, so its error is the "
              "energy left in the tail. With fast decay or a truly low-rank update plus noise, "
              "a small r already gets close; with a flat spectrum the error falls only like "
              "√(1 − r/64). A random rank-r subspace (dashed) does much worse than the SVD's. "
              "The trained parameters grow like r(d + k), a tiny share of d·k; α/r keeps the "
              "update's scale comparable when r changes.")

    def build(self, fig, params: dict) -> None:
        grid = fig.add_gridspec(2, 3, height_ratios=(1.15, 1))
        self.ax_spec = fig.add_subplot(grid[0, :2])
        self.ax_err = fig.add_subplot(grid[0, 2])
        below = grid[1, :].subgridspec(1, 3, width_ratios=(1.25, 1, 1))
        self.ax_shapes = fig.add_subplot(below[0, 0])
        self.ax_maps = [fig.add_subplot(below[0, i]) for i in (1, 2)]
        small = {"fontsize": 9}
        for ax in fig.axes:
            ax.tick_params(labelsize=8)

        ax = self.ax_spec
        ax.grid(True, axis="y", alpha=0.4)
        index = np.arange(1, SIZE + 1)
        # every bar drawn as dropped, the opaque kept ones over them: dragging r moves only
        # the kept bars
        self.kept = Bars(ax, index, color=PALETTE[0], label="kept (i ≤ r)", zorder=1.5)
        self.dropped = Bars(ax, index, color=PALETTE[7], alpha=0.45, label="dropped")
        ax.set_xlim(0.3, SIZE + 0.7)
        ax.set_ylim(1e-4, 2.0)
        ax.set_yscale("log")
        ax.set_xlabel("singular value index i", **small)
        ax.set_title("Singular values of ΔW (64 × 64)", **small)
        ax.legend(loc="upper right", fontsize=7)

        ax = self.ax_err
        ax.grid(True, alpha=0.4)
        self.err_random, = ax.plot([], [], "--", color=PALETTE[7], lw=1.2,
                                   label="random subspace")
        self.err_svd, = ax.plot([], [], color=PALETTE[0], lw=1.8, label="truncated SVD")
        self.err_point, = ax.plot([], [], "o", color=PALETTE[3], ms=6)
        ax.set_xlim(0, SIZE)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("rank r", **small)
        ax.set_title("‖ΔW − ΔW_r‖ / ‖ΔW‖", **small)
        ax.legend(loc="upper right", fontsize=7)

        ax = self.ax_shapes
        self.factors = polygons(ax, factor_boxes(params["r"]),
                                facecolors=[PALETTE[0], PALETTE[1]], alpha=0.8)
        ax.add_patch(rectangle((FULL_AT, 0), 1, 1, fill=False, ls="--", lw=1,
                               edgecolor=PALETTE[7]))
        for x, y, text, where in ((0, -0.04, "B: d × r", "top"),
                                  (A_AT, 1.04, "A: r × k", "bottom"),
                                  (FULL_AT, -0.04, "ΔW: d × k", "top")):
            ax.text(x, y, text, fontsize=7, ha="left", va=where)
        ax.set_xlim(-0.05, FULL_AT + 1.05)
        ax.set_ylim(-0.3, 1.3)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title("B, A and ΔW to scale", **small)

        zeros = np.zeros((SIZE, SIZE))
        self.maps = []
        for ax, title in zip(self.ax_maps, ("ΔW_r = BA", "residual ΔW − ΔW_r"), strict=False):
            self.maps.append(cell_map(ax, zeros, cmap="RdBu_r", vmin=-1, vmax=1))
            ax.set_aspect("equal")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(title, **small)
        self.state: dict = {}
        self.update(params)

    def _analysis(self, params: dict):
        key = (params["spectrum"], params["p"], params["r0"], params["noise"])
        if getattr(self, "_key", None) != key:
            m, u, s, vt = svd(*key)
            self._key, self._svd = key, (m, u, s, vt, relative_errors(s),
                                         random_subspace_errors(m))
        return self._svd

    def update(self, params: dict) -> list | None:
        changed = {k for k in params if self.state.get(k) != params[k]}
        self.state = dict(params)
        m, u, s, vt, errors, random_errors = self._analysis(params)
        r = params["r"]
        artists = []
        shown = s / s[0]
        if changed & {"spectrum", "p", "r0", "noise", "r"}:
            self.kept.set_heights(np.where(np.arange(SIZE) < r, shown, 0.0))
            self.err_point.set_data([r], [errors[r]])
            approx = _product(u[:, :r] * s[:r], vt[:r])
            limit = 2.5 * float(np.sqrt(np.mean(m ** 2)))        # colour range ±2.5 RMS
            for image, values in zip(self.maps, (approx, m - approx), strict=False):
                image.set_data(values)
                image.set_clim(-limit, limit)
            artists += [self.kept.artist, self.err_point, *self.maps]
        if "r" in changed:
            self.factors.set_verts(factor_boxes(r))
            artists.append(self.factors)
        if changed & {"spectrum", "p", "r0", "noise"}:
            self.dropped.set_heights(shown)
            self.err_svd.set_data(RANKS, errors)
            self.err_random.set_data(RANKS, random_errors)
            artists = [self.dropped.artist, *artists, self.err_svd, self.err_random]
        return artists

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        _, _, s, _, errors, random_errors = self._analysis(params)
        r, alpha = params["r"], params["alpha"]
        d, k = shape_dims(params["shape"])
        trained = lora_params(r, d, k)
        counts = f"r(d + k) = {trained:,} vs d·k = {d * k:,} ({trained / (d * k):.2%})"
        spectral = s[r] / s[0] if r < SIZE else 0.0
        return [
            ("Relative error (Frobenius)",
             f"{errors[r]:.3f} (random rank-{r} subspace: {random_errors[r]:.3f})"),
            ("Energy kept", f"{1 - errors[r] ** 2:.1%} of Σσ²"),
            ("Spectral-norm error σ_{r+1}/σ₁", f"{spectral:.3g}"),
            ("Stable rank ‖ΔW‖²_F / σ₁²", f"{float(np.sum(s ** 2) / s[0] ** 2):.2f}"),
            (f"Trained at {d} × {k}", counts),
            ("Scale α/r", f"{alpha / r:.3g} (rsLoRA α/√r: {alpha / math.sqrt(r):.3g})"),
        ]

    challenges = (challenge_param_count, challenge_best_rank_error, challenge_trained_share)
