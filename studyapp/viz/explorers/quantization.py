"""Uniform weight quantisation (bits, symmetric or asymmetric, per tensor, channel or group)
and SmoothQuant's migration of activation outliers into the weights.

The weight matrix is 64 output channels × 256 inputs of N(0, 1) (units of σ); four of its
weights, each in a different output channel, are outliers of a chosen size. For
SmoothQuant, 64 tokens of activations N(0, 1) have four outlier input channels; both
factors are quantised to int8 (activations per tensor, weights per output channel).
"""

from __future__ import annotations

import math
import random
from functools import cache

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.patches import Bars
from studyapp.viz.spec import Choice, Explorer, Float, Int, Preset
from studyapp.viz.theme import PALETTE

ROWS, COLS, TOKENS = 64, 256, 64
OUTLIER_AT = ((5, 17), (21, 140), (38, 203), (50, 66))    # (row, column) of each outlier
ACT_OUTLIER_CHANNELS = (3, 77, 140, 201)
BITS = np.arange(2, 9)
ALPHAS = np.linspace(0.0, 1.0, 21)
EDGES = np.linspace(-5.0, 5.0, 201)                       # histogram bins, in σ
SQ_BITS = 8


@cache
def base_weights(seed: int = 0) -> np.ndarray:
    w = np.random.default_rng(seed).normal(size=(ROWS, COLS))
    w.flags.writeable = False                       # cached: shared by every caller
    return w


def weights(outlier: float, seed: int = 0) -> np.ndarray:
    """The Gaussian matrix with its four outliers set to ±max(|w|, outlier)."""
    w = base_weights(seed).copy()
    for r, c in OUTLIER_AT:
        w[r, c] = math.copysign(max(abs(w[r, c]), outlier), w[r, c])
    return w


def activations(outlier: float, seed: int = 1) -> np.ndarray:
    """Tokens × channels of N(0, 1) with the outlier channels multiplied by ``outlier``."""
    x = np.random.default_rng(seed).normal(size=(TOKENS, COLS))
    x[:, ACT_OUTLIER_CHANNELS] *= outlier
    return x


def blocks(w: np.ndarray, granularity: str, group: int = 64) -> np.ndarray:
    """The matrix as rows of values that share one scale."""
    if granularity == "tensor":
        return w.reshape(1, -1)
    if granularity == "channel":
        return w.reshape(w.shape[0], -1)
    return w.reshape(-1, group)


def scale_zero(b: np.ndarray, bits: int, symmetric: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per-block scale s and integer zero point z (z = 0 when symmetric).

    Symmetric: s = max|x| / (2^(b−1) − 1); asymmetric: s = (max − min) / (2^b − 1),
    z = round(−min / s)."""
    if symmetric:
        s = np.abs(b).max(axis=1) / (2 ** (bits - 1) - 1)
        s = np.where(s > 0, s, 1.0)
        return s, np.zeros_like(s)
    lo, hi = b.min(axis=1), b.max(axis=1)
    s = (hi - lo) / (2 ** bits - 1)
    s = np.where(s > 0, s, 1.0)
    return s, np.clip(np.round(-lo / s), 0, 2 ** bits - 1)


def quantize_blocks(b: np.ndarray, bits: int, symmetric: bool) -> tuple[np.ndarray, ...]:
    """(dequantised values, integer codes, scales, zero points) of each block."""
    s, z = scale_zero(b, bits, symmetric)
    if symmetric:
        qmax = 2 ** (bits - 1) - 1
        q = np.clip(np.round(b / s[:, None]), -qmax, qmax)
    else:
        q = np.clip(np.round(b / s[:, None]) + z[:, None], 0, 2 ** bits - 1)
    return s[:, None] * (q - z[:, None]), q, s, z


def quantize(w: np.ndarray, bits: int, symmetric: bool = True, granularity: str = "tensor",
             group: int = 64) -> np.ndarray:
    """The dequantised matrix ŵ = s (q − z)."""
    return quantize_blocks(blocks(w, granularity, group), bits, symmetric)[0].reshape(w.shape)


def snr_db(w: np.ndarray, w_hat: np.ndarray) -> float:
    """10 log10(Σ w² / Σ (w − ŵ)²)."""
    noise = float(np.sum((w - w_hat) ** 2))
    return math.inf if noise == 0 else 10 * math.log10(float(np.sum(w ** 2)) / noise)


def bits_per_weight(bits: int, granularity: str, group: int, symmetric: bool,
                    n: int = ROWS * COLS, rows: int = ROWS) -> float:
    """Code bits plus an fp16 scale per block (and a b-bit zero point when asymmetric)."""
    per_block = 16 + (0 if symmetric else bits)
    count = {"tensor": 1, "channel": rows, "group": n // group}[granularity]
    return bits + per_block * count / n


def gaussian_zero_fraction(max_abs: float, bits: int) -> float:
    """Share of N(0, 1) values that symmetric quantisation with range max|w| rounds to 0:
    |w| < s/2 with s = max|w| / (2^(b−1) − 1)."""
    step = max_abs / (2 ** (bits - 1) - 1)
    return math.erf(step / 2 / math.sqrt(2))


def frobenius(a: np.ndarray) -> float:
    """‖a‖_F by a plain sum (np.linalg.norm calls BLAS, which may start threads)."""
    return math.sqrt(float(np.sum(a * a)))


def product(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """X Wᵀ in einsum's own loop: a BLAS call of this size may start threads, which stall
    for tens of milliseconds when the cores are busy."""
    return np.einsum("tj,oj->to", x, w)


def smoothing_scales(x: np.ndarray, w: np.ndarray, alpha: float) -> np.ndarray:
    """SmoothQuant: s_j = max|X_j|^α / max|W_j|^(1−α) for each input channel j."""
    return np.abs(x).max(axis=0) ** alpha / np.abs(w).max(axis=0) ** (1 - alpha)


def smooth_errors(x: np.ndarray, w: np.ndarray, scales: np.ndarray, bits: int = SQ_BITS,
                  y: np.ndarray | None = None) -> tuple[float, float, float]:
    """Relative Frobenius errors of X/s quantised per tensor, W·s quantised per output
    channel, and of the product, against the exact X Wᵀ (``y`` if it is given)."""
    xs, ws = x / scales, w * scales
    xq = quantize(xs, bits, True, "tensor")
    wq = quantize(ws, bits, True, "channel")
    y = product(x, w) if y is None else y
    return (frobenius(xq - xs) / frobenius(xs), frobenius(wq - ws) / frobenius(ws),
            frobenius(product(xq, wq) - y) / frobenius(y))


# --- challenges -----------------------------------------------------------------------------
def _g(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}g}"


def challenge_int8_step(rng: random.Random) -> Challenge:
    a = rng.choice((0.5, 1.27, 2.0, 3.81, 6.35, 12.7))
    s = scale_zero(np.array([[a, -a / 3, 0.1]]), 8, True)[0][0]
    return Challenge("int8-step-size", "quantization",
                     f"Symmetric int8 quantisation of a tensor whose largest |w| is {a:g}: what "
                     "is the step size (scale)?", _g(s),
                     "Symmetric int8 uses the codes −127…127, so s = max|w| / 127; rounding "
                     "errors inside the range are at most s/2.",
                     {"bits": 8, "scheme": "symmetric", "gran": "tensor"}, tolerance=0.01)


def challenge_asym_step(rng: random.Random) -> Challenge:
    lo, hi = rng.choice((-1.0, -0.5, -2.0, 0.0)), rng.choice((3.0, 2.5, 5.5, 1.0))
    bits = rng.choice((4, 8))
    s = scale_zero(np.array([[lo, hi]]), bits, False)[0][0]
    return Challenge("asymmetric-step-size", "quantization",
                     f"Asymmetric {bits}-bit quantisation of values from {lo:g} to {hi:g}: what "
                     "is the step size?", _g(s),
                     f"Asymmetric codes 0…{2 ** bits - 1} span [min, max]: s = (max − min)/"
                     f"(2^{bits} − 1), and the zero point z = round(−min/s) maps 0 exactly.",
                     {"bits": bits, "scheme": "asymmetric"}, tolerance=0.01)


def challenge_group_overhead(rng: random.Random) -> Challenge:
    bits, group = rng.choice((3, 4, 8)), rng.choice((32, 64, 128))
    value = bits_per_weight(bits, "group", group, True, n=4096 * 4096, rows=4096)
    return Challenge("group-scale-overhead", "quantization",
                     f"{bits}-bit symmetric weights with one fp16 scale per group of {group}: "
                     "how many bits does each weight cost in storage?", _g(value, 4),
                     "Each group adds 16 bits of scale shared by its g weights: b + 16/g.",
                     {"bits": bits, "gran": "group", "group": str(group)}, tolerance=0.005)


def challenge_smooth_scale(rng: random.Random) -> Challenge:
    x_max, w_max = rng.choice((16.0, 64.0, 100.0, 36.0)), rng.choice((0.25, 0.5, 1.0, 4.0))
    alpha = rng.choice((0.5, 0.75, 0.25))
    s = float(smoothing_scales(np.array([[x_max]]), np.array([[w_max]]), alpha)[0])
    return Challenge("smoothquant-scale", "quantization",
                     f"SmoothQuant with α = {alpha:g}: channel j has max|X_j| = {x_max:g} and "
                     f"max|W_j| = {w_max:g}. What is its smoothing factor s_j?", _g(s),
                     "s_j = max|X_j|^α / max|W_j|^(1−α); the activations are divided by s_j "
                     "and the weights multiplied by it, so XW is unchanged.",
                     {"alpha": alpha}, tolerance=0.01)


def challenge_zero_fraction(rng: random.Random) -> Challenge:
    m = rng.choice((7.0, 10.5, 14.0, 21.0, 28.0))
    share = gaussian_zero_fraction(m, 4)
    return Challenge("outlier-zeroes-int4", "quantization",
                     f"Weights are N(0, 1) except one outlier of {m:g}. Symmetric per-tensor "
                     "int4: what share of the ordinary weights rounds to zero? (two decimals)",
                     _g(share),
                     f"The step is {m:g}/7 = {m / 7:.3g}; values with |w| below half a step "
                     "become 0, a share erf(s/(2√2)) of a standard normal.",
                     {"bits": 4, "scheme": "symmetric", "gran": "tensor", "outlier": m},
                     tolerance=0.02)


class Quantization(Explorer):
    id = "quantization"
    title = "Quantization: bits, scales, outliers, SmoothQuant"
    tags = ("quantization", "compression", "inference")
    params = (
        Int("bits", "Bits", 2, 8, 4),
        Choice("scheme", "Scheme", ("symmetric", "asymmetric"), "symmetric",
               labels=("Symmetric (z = 0)", "Asymmetric (zero point)")),
        Choice("gran", "Scale granularity", ("tensor", "channel", "group"), "tensor",
               labels=("Per tensor", "Per output channel", "Per group")),
        Choice("group", "Group size", ("32", "64", "128"), "64"),
        Float("outlier", "Weight outlier size (× σ)", 0.0, 40.0, 20.0, step=0.5),
        Float("alpha", "SmoothQuant migration α", 0.0, 1.0, 0.5, step=0.05),
        Float("xout", "Activation outlier size (×)", 1.0, 100.0, 30.0, log=True),
    )
    presets = (
        Preset("Per-tensor int4: one outlier ruins it", {"bits": 4, "gran": "tensor"}),
        Preset("Per-channel int4", {"bits": 4, "gran": "channel"}),
        Preset("Per-group int4 (g = 32)", {"bits": 4, "gran": "group", "group": "32"}),
        Preset("Per-tensor int8", {"bits": 8, "gran": "tensor"}),
        Preset("No outliers, per-tensor int4", {"bits": 4, "outlier": 0.0}),
        Preset("SmoothQuant off (α = 0)", {"alpha": 0.0}),
        Preset("All difficulty to the weights (α = 1)", {"alpha": 1.0}),
    )
    formula = (r"\hat w = s\,(q - z),\quad q = \operatorname{clip}\left(\operatorname{round}"
               r"\left(\frac{w}{s}\right) + z\right),\quad s = \frac{\max|w|}{2^{b-1}-1},\quad"
               r" s_j = \frac{\max|X_j|^{\alpha}}{\max|W_j|^{1-\alpha}}")
    notice = ("The step s is set by the largest value sharing the scale. With one scale per "
              "tensor, four outliers stretch the int4 grid so far that most ordinary weights "
              "round to zero (the ticks under the histogram are the grid of an ordinary row). "
              "Per-channel or per-group scales confine the damage to the few channels or groups "
              "that hold an outlier. Each extra bit buys about 6 dB of SNR. SmoothQuant divides "
              "outlier activation channels by s_j and multiplies the matching weights by it: "
              "α = 0 leaves the outliers in the activations, α = 1 moves them all into the "
              "weights, and the product's error is smallest in between (W8A8, lower panels).")

    def build(self, fig, params: dict) -> None:
        from matplotlib.collections import LineCollection

        (self.ax_hist, self.ax_bits), (self.ax_ch, self.ax_alpha) = fig.subplots(2, 2)
        small = {"fontsize": 9}
        for ax in fig.axes:
            ax.tick_params(labelsize=8)
            ax.grid(True, alpha=0.4)

        ax = self.ax_hist
        self.hist_w = ax.stairs(np.ones(len(EDGES) - 1), EDGES, fill=True, color=PALETTE[0],
                                alpha=0.35, label="weights")
        self.hist_q = ax.stairs(np.ones(len(EDGES) - 1), EDGES, color=PALETTE[3], lw=1.2,
                                label="dequantised")
        self.grid_ticks = ax.add_collection(LineCollection(
            [], colors=PALETTE[7], linewidths=1.0, transform=ax.get_xaxis_transform()))
        ax.set_xlim(EDGES[0], EDGES[-1])
        ax.set_ylim(0.8, ROWS * COLS)
        ax.set_yscale("log")
        ax.set_xlabel("w / σ (bulk; outliers off-axis)", **small)
        ax.set_title("Histogram; ticks: grid of row 0", **small)
        ax.legend(loc="upper right", fontsize=7)

        ax = self.ax_bits
        self.ref_curve, = ax.plot([], [], "--", color=PALETTE[7], lw=1.2,
                                  label="per tensor, symmetric")
        self.snr_curve, = ax.plot([], [], "o-", color=PALETTE[0], ms=3, lw=1.5,
                                  label="current scheme")
        self.snr_point, = ax.plot([], [], "o", color=PALETTE[3], ms=8)
        ax.set_xlim(1.7, 8.3)
        ax.set_ylim(-2, 56)
        ax.set_xlabel("bits", **small)
        ax.set_ylabel("SNR (dB)", **small)
        ax.set_title("Error vs bits (≈ 6 dB per bit)", **small)
        ax.legend(loc="upper left", fontsize=7)

        ax = self.ax_ch
        self.ch_x = Bars(ax, np.arange(COLS), width=1.0, color=PALETTE[1], alpha=0.6,
                         label="max|X_j| / s_j")
        self.ch_w, = ax.plot([], [], color=PALETTE[0], lw=1.0, label="max|W_j| · s_j")
        ax.set_xlim(-1, COLS)
        ax.set_ylim(0.5, 3000)
        ax.set_yscale("log")
        ax.set_xlabel("input channel j", **small)
        ax.set_title("Channel ranges after smoothing", **small)
        ax.legend(loc="upper right", fontsize=7)

        ax = self.ax_alpha
        self.err_lines = [ax.plot([], [], color=c, lw=1.5, label=name)[0] for c, name in
                          zip((PALETTE[1], PALETTE[0], PALETTE[2]),
                              ("activations X/s", "weights W·s", "output XWᵀ"), strict=False)]
        self.err_plain, = ax.plot([], [], ":", color=PALETTE[7], lw=1.2, label="output, no smoothing")
        self.err_points, = ax.plot([], [], "o", color=PALETTE[7], ms=5)
        self.alpha_line = ax.axvline(params["alpha"], color=PALETTE[7], lw=1)
        ax.set_xlim(0, 1)
        ax.set_ylim(2e-3, 1.0)
        ax.set_yscale("log")
        ax.set_xlabel("migration strength α", **small)
        ax.set_ylabel("relative error", **small)
        ax.set_title("SmoothQuant W8A8 errors", **small)
        ax.legend(loc="upper center", fontsize=7, ncol=2)
        self.ch_x.artist.set_zorder(1)
        self.state: dict = {}
        self.views: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self.base_w = base_weights()
        self.hist_w_counts = None
        self.update(params)

    # --- the model at the current parameters ------------------------------------------------
    def _weights(self, params: dict) -> np.ndarray:
        return weights(params["outlier"])

    def _quantized(self, params: dict, w: np.ndarray, bits: int | None = None):
        return quantize(w, params["bits"] if bits is None else bits,
                        params["scheme"] == "symmetric", params["gran"], int(params["group"]))

    def _quantized_view(self, params: dict, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The dequantised histogram and the ticks of row 0's grid, kept per setting: a
        drag over the bits finds them again."""
        key = tuple(params[k] for k in ("bits", "scheme", "gran", "group", "outlier"))
        if key not in self.views:
            if len(self.views) >= 64:
                self.views.clear()
            counts = np.maximum(np.histogram(self._quantized(params, w), EDGES)[0], 0.01)
            grid = self._row0_grid(params, w)
            grid = grid[(grid >= EDGES[0]) & (grid <= EDGES[-1])]
            ticks = np.stack([np.c_[grid, np.zeros_like(grid)],
                              np.c_[grid, np.full_like(grid, 0.07)]], axis=1)
            self.views[key] = counts, ticks
        return self.views[key]

    def _row0_grid(self, params: dict, w: np.ndarray) -> np.ndarray:
        """The representable values of the block holding w[0, 0]."""
        b = blocks(w, params["gran"], int(params["group"]))[:1]
        s, z = scale_zero(b, params["bits"], params["scheme"] == "symmetric")
        if params["scheme"] == "symmetric":
            qmax = 2 ** (params["bits"] - 1) - 1
            codes = np.arange(-qmax, qmax + 1)
        else:
            codes = np.arange(2 ** params["bits"])
        return s[0] * (codes - z[0])

    def _activations(self, xout: float) -> tuple[np.ndarray, np.ndarray]:
        """X and the exact product X Wᵀ, kept for the last activation-outlier size."""
        if getattr(self, "_xy_key", None) != xout:
            x = activations(xout)
            self._xy_key, self._xy = xout, (x, product(x, self.base_w))
        return self._xy

    def _smooth(self, params: dict) -> tuple[np.ndarray, np.ndarray]:
        x, _ = self._activations(params["xout"])
        return x, smoothing_scales(x, self.base_w, params["alpha"])

    def update(self, params: dict) -> list | None:
        changed = {k for k in params if self.state.get(k) != params[k]}
        self.state = dict(params)
        artists = []
        quant = {"bits", "scheme", "gran", "group", "outlier"}
        if changed & quant:
            w = self._weights(params)
            if "outlier" in changed or self.hist_w_counts is None:
                self.hist_w_counts = np.histogram(w, EDGES)[0]
                self.hist_w.set_data(np.maximum(self.hist_w_counts, 0.01))
                artists.append(self.hist_w)
            counts, ticks = self._quantized_view(params, w)
            self.hist_q.set_data(counts)
            self.grid_ticks.set_segments(ticks)
            artists += [self.hist_q, self.grid_ticks, self.snr_point]
            if changed & {"scheme", "gran", "group", "outlier"}:      # the curves ignore bits
                self.snr = [snr_db(w, self._quantized(params, w, int(b))) for b in BITS]
                self.snr_curve.set_data(BITS, self.snr)
                artists.append(self.snr_curve)
            if "outlier" in changed:
                self.ref_curve.set_data(BITS, [snr_db(w, quantize(w, int(b), True, "tensor"))
                                               for b in BITS])
                artists.append(self.ref_curve)
            self.snr_point.set_data([params["bits"]], [self.snr[params["bits"] - 2]])
        if changed & {"alpha", "xout"}:
            x, s = self._smooth(params)
            self.ch_x.set_heights(np.abs(x / s).max(axis=0))
            self.ch_w.set_data(np.arange(COLS), np.abs(self.base_w * s).max(axis=0))
            curves = self._alpha_curves(params["xout"]) if "xout" in changed else self.curves
            for line, values in zip(self.err_lines, curves[:3], strict=False):
                line.set_data(ALPHAS, values)
            self.err_plain.set_data([0, 1], [curves[3], curves[3]])
            now = smooth_errors(x, self.base_w, s, y=self._xy[1])
            self.err_points.set_data([params["alpha"]] * 3, now)
            self.alpha_line.set_xdata([params["alpha"]] * 2)
            artists += [self.ch_x.artist, self.ch_w, *self.err_lines, self.err_plain,
                        self.err_points, self.alpha_line]
        return artists

    def _alpha_curves(self, xout: float):
        x, y = self._activations(xout)
        errors = np.array([smooth_errors(x, self.base_w, smoothing_scales(x, self.base_w, a),
                                         y=y) for a in ALPHAS]).T
        plain = smooth_errors(x, self.base_w, np.ones(COLS), y=y)[2]
        self.curves = (*errors, plain)
        return self.curves

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        w = self._weights(params)
        symmetric = params["scheme"] == "symmetric"
        group = int(params["group"])
        b = blocks(w, params["gran"], group)
        w_hat, _, s, _ = quantize_blocks(b, params["bits"], symmetric)
        zeros = float(np.mean(w_hat == 0))
        mse = float(np.mean((w - w_hat.reshape(w.shape)) ** 2))
        clean = base_weights()
        t4 = quantize(w, 4, True, "tensor")
        ordinary = np.ones(w.shape, bool)
        for r, c in OUTLIER_AT:
            ordinary[r, c] = False
        x, scales = self._smooth(params)
        y = self._xy[1]
        act, wt, out = smooth_errors(x, self.base_w, scales, y=y)
        plain = smooth_errors(x, self.base_w, np.ones(COLS), y=y)[2]
        xs = np.abs(x / scales).max(axis=0)
        storage = bits_per_weight(params["bits"], params["gran"], group, symmetric)
        clean_snr = snr_db(clean, quantize(clean, 4, True, "tensor"))
        ruined = float(np.mean(t4[ordinary] == 0))
        one = (f"{snr_db(w, t4):.1f} dB, {ruined:.0%} of ordinary weights → 0 "
               f"(without them: {clean_snr:.1f} dB)")
        return [
            ("Step of row 0's scale", f"{s[0]:.4g} σ ({len(s)} scale{'s' * (len(s) > 1)})"),
            ("MSE · SNR", f"{mse:.3g} σ² · {snr_db(w, w_hat.reshape(w.shape)):.1f} dB"),
            ("Weights rounded to 0", f"{zeros:.1%}"),
            ("Storage", f"{storage:.3f} bits per weight (fp16 scales)"),
            ("Per-tensor int4 with the outliers", one),
            ("SmoothQuant errors (X, W, XWᵀ)",
             f"{act:.2%}, {wt:.2%}, {out:.2%} (no smoothing: {plain:.2%})"),
            ("Activation range max/median", f"{xs.max() / np.median(xs):.1f}"),
        ]

    challenges = (challenge_int8_step, challenge_asym_step, challenge_group_overhead,
                  challenge_smooth_scale, challenge_zero_fraction)
