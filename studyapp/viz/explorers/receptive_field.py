"""Receptive fields of a stack of convolution and pooling layers: the theoretical field
r_l and jump j_l per layer, the input cells that feed one unit, and the effective receptive
field (Luo et al., 2016) — the gradient of one unit with respect to the input, averaged
over random weights, which is Gaussian-like and much narrower than the theoretical one."""

from __future__ import annotations

import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.numerics import normal_pdf
from studyapp.viz.patches import Bars, heatmap, rectangle
from studyapp.viz.spec import Bool, Choice, Explorer, Int, Numbers, Preset
from studyapp.viz.theme import INACTIVE, NEUTRAL_FAINT, PALETTE, follow_theme

MAX_LAYERS = 6
LIMITS = {"k": (1, 11), "s": (1, 4), "d": (1, 64)}
MAX_GRID = 1500  # input cells beyond which the cone and the ERF are not drawn
PROFILE_PARAMS = ("weights", "relu", "channels", "draws", "seed")   # input_gradient's


def layers_of(kernels, strides, dilations) -> list[tuple[int, int, int]]:
    """(k, s, d) per layer: one layer per kernel (at most six), strides and dilations
    padded with 1, every value rounded and clamped to LIMITS."""
    def clamp(v, name):
        lo, hi = LIMITS[name]
        return int(min(hi, max(lo, round(v))))

    out = []
    for i, k in enumerate(tuple(kernels)[:MAX_LAYERS]):
        s = strides[i] if i < len(strides) else 1
        d = dilations[i] if i < len(dilations) else 1
        out.append((clamp(k, "k"), clamp(s, "s"), clamp(d, "d")))
    return out


def fields(layers) -> tuple[list[int], list[int]]:
    """Receptive field r_l and jump j_l after each layer, from r_0 = j_0 = 1:
    r_l = r_{l−1} + (k_l − 1)·d_l·j_{l−1},  j_l = j_{l−1}·s_l."""
    r, j = [1], [1]
    for k, s, d in layers:
        r.append(r[-1] + (k - 1) * d * j[-1])
        j.append(j[-1] * s)
    return r, j


def grid_size(layers) -> tuple[int, int]:
    """Input length for the drawings (the last layer's field plus a margin each side) and
    that margin."""
    r = fields(layers)[0][-1]
    margin = max(3, r // 3)
    return r + 2 * margin, margin


def unit_counts(layers, n: int) -> list[int]:
    """Units per layer of valid (unpadded) convolutions on an input of length n."""
    counts = [n]
    for k, s, d in layers:
        counts.append(max(0, (counts[-1] - d * (k - 1) - 1) // s + 1))
    return counts


def unit_centres(layers, n: int) -> list[np.ndarray]:
    """Input coordinate of the centre of each unit's field, per layer (floored)."""
    r, j = fields(layers)
    return [np.arange(c) * j[i] + (r[i] - 1) // 2
            for i, c in enumerate(unit_counts(layers, n))]


def cone(layers, layer: int, unit: int) -> list[np.ndarray]:
    """Indices of the units in each layer 0..layer that feed ``unit`` of ``layer``."""
    sets = [np.array([unit])]
    for k, s, d in reversed(layers[:layer]):
        sets.append(np.unique((sets[-1][:, None] * s + np.arange(k) * d).ravel()))
    return sets[::-1]


def middle_unit(layers, layer: int, n: int) -> int:
    """The unit of ``layer`` whose field is centred nearest the middle of the input."""
    centres = unit_centres(layers, n)[layer]
    return int(np.argmin(np.abs(centres - (n - 1) / 2))) if len(centres) else 0


def random_weights(layers, channels: int, draws: int, weights: str,
                   rng: np.random.Generator) -> list[np.ndarray]:
    """(draws, k, C_in, C_out) weights per layer: N(0, 1/(k·C)), or all ones for
    ``weights='uniform'``."""
    c = channels
    if weights == "uniform":
        return [np.ones((draws, k, c, c)) for k, _, _ in layers]
    return [rng.standard_normal((draws, k, c, c)) / math.sqrt(k * c) for k, _, _ in layers]


def forward(layers, ws, x: np.ndarray, relu: bool) -> tuple[np.ndarray, list[np.ndarray]]:
    """Valid 1-D convolutions of x (draws, n, C) through the layers of ``ws`` (ReLU between
    them when ``relu``, none after the last); returns the output and each layer's mask."""
    masks = []
    for i, w in enumerate(ws):
        k, s, d = layers[i]
        n_out = (x.shape[1] - d * (k - 1) - 1) // s + 1
        z = np.zeros((x.shape[0], n_out, w.shape[3]))
        for t in range(k):
            z += x[:, t * d: t * d + s * (n_out - 1) + 1: s, :] @ w[:, t]
        mask = (z > 0) if relu and i < len(ws) - 1 else np.ones(z.shape, bool)
        masks.append(mask)
        x = np.where(mask, z, 0.0)
    return x, masks


def unit_gradient(layers, ws, x: np.ndarray, unit: int, relu: bool) -> np.ndarray:
    """∂y/∂x, shape like x, of y = channel 0 of ``unit`` in the last layer of ``ws``."""
    _, masks = forward(layers, ws, x, relu)
    counts = [x.shape[1]] + [m.shape[1] for m in masks]
    g = np.zeros(masks[-1].shape)
    g[:, unit, 0] = 1.0
    for i in reversed(range(len(ws))):
        k, s, d = layers[i]
        g = g * masks[i]
        grad_in = np.zeros((x.shape[0], counts[i], x.shape[2]))
        n_out = counts[i + 1]
        for t in range(k):
            grad_in[:, t * d: t * d + s * (n_out - 1) + 1: s, :] += (
                g @ ws[i][:, t].transpose(0, 2, 1))
        g = grad_in
    return g


def input_gradient(layers, upto: int, n: int, unit: int, weights: str, relu: bool,
                   channels: int, draws: int, seed: int) -> np.ndarray:
    """|∂y/∂x| of one unit (channel 0 of ``unit`` in layer ``upto``) with respect to every
    input position, summed over input channels and averaged over ``draws`` random
    networks and random inputs of length n; ReLU between layers when ``relu``. All draws
    run as one batch."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((draws, n, channels))
    ws = random_weights(layers[:upto], channels, draws, weights, rng)
    g = unit_gradient(layers[:upto], ws, x, unit, relu)
    return np.abs(g).sum(axis=2).mean(axis=0)


def spread(profile: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of a non-negative profile over its positions."""
    w = np.asarray(profile, float)
    total = w.sum()
    if total <= 0:
        return 0.0, 0.0
    x = np.arange(len(w))
    mean = float((w * x).sum() / total)
    return mean, float(np.sqrt((w * (x - mean) ** 2).sum() / total))


def uniform_erf_std(layers) -> float:
    """Standard deviation of the all-ones linear network's gradient profile: the sum over
    layers of each (dilated, upsampled) box kernel's variance j²·d²·(k² − 1)/12."""
    _, j = fields(layers)
    return math.sqrt(sum((j[i] * d) ** 2 * (k * k - 1) / 12
                         for i, (k, s, d) in enumerate(layers)))


# --- challenges --------------------------------------------------------------------------------
def _describe(layers) -> str:
    parts = []
    for k, s, d in layers:
        text = f"k={k}, s={s}"
        parts.append(text + (f", d={d}" if d > 1 else ""))
    return "; ".join(parts)


def _state(layers) -> dict:
    return {"kernels": tuple(float(k) for k, _, _ in layers),
            "strides": tuple(float(s) for _, s, _ in layers),
            "dilations": tuple(float(d) for _, _, d in layers)}


def _challenge_stacked(rng: random.Random) -> Challenge:
    n, k = rng.randint(2, 6), rng.choice((3, 3, 5, 7))
    layers = [(k, 1, 1)] * n
    return Challenge("receptive-field-stacked", ReceptiveField.id,
                     f"{n} stacked {k}×{k} convolutions, stride 1, no dilation: how wide is "
                     "the receptive field of one output unit?", str(fields(layers)[0][-1]),
                     f"Each stride-1 layer adds k − 1 = {k - 1}: r = 1 + {n}·{k - 1}.",
                     {**_state(layers), "layer": n})


def _challenge_mixed(rng: random.Random) -> Challenge:
    n = rng.randint(3, 5)
    layers = [(rng.choice((2, 3, 3, 5)), rng.choice((1, 1, 2)), rng.choice((1, 1, 1, 2)))
              for _ in range(n)]
    return Challenge("receptive-field-mixed", ReceptiveField.id,
                     f"A stack of {n} layers (kernel k, stride s, dilation d): {_describe(layers)}. "
                     "How wide is the receptive field of one unit of the last layer?",
                     str(fields(layers)[0][-1]),
                     "r_l = r_{l−1} + (k_l − 1)·d_l·j_{l−1} with the jump j_{l−1} the product "
                     "of the earlier strides: a stride multiplies what every later layer adds.",
                     {**_state(layers), "layer": n})


def _challenge_jump(rng: random.Random) -> Challenge:
    n = rng.randint(3, 5)
    layers = [(rng.choice((3, 3, 2)), rng.choice((1, 2, 2)), 1) for _ in range(n)]
    return Challenge("receptive-field-jump", ReceptiveField.id,
                     f"A stack of {n} layers: {_describe(layers)}. Moving one unit along the "
                     "last layer's output moves its receptive field by how many input pixels?",
                     str(fields(layers)[1][-1]),
                     "The jump (output stride) is the product of all strides, "
                     "j_L = s_1·s_2·…·s_L; kernels and dilations do not change it.",
                     {**_state(layers), "layer": n})


def _challenge_erf(rng: random.Random) -> Challenge:
    n = rng.choice((2, 3, 4, 6))
    layers = [(3, 1, 1)] * n
    return Challenge("effective-receptive-field-std", ReceptiveField.id,
                     f"{n} stacked 1-D convolutions with kernel 3, stride 1, all weights 1 and "
                     f"no nonlinearity: the theoretical field is {fields(layers)[0][-1]} "
                     "pixels wide. What is the standard deviation (in pixels) of the gradient "
                     "profile of one output with respect to the input?",
                     f"{uniform_erf_std(layers):.4g}",
                     "The gradient is the n-fold convolution of a 3-tap box, whose variance is "
                     "(3² − 1)/12 = 2/3; variances add, so σ = √(2n/3) grows like √n while the "
                     "field grows like n (Luo et al., 2016).",
                     {**_state(layers), "layer": n, "weights": "uniform", "relu": False},
                     tolerance=0.02)


class ReceptiveField(Explorer):
    id = "receptive-field"
    title = "Receptive field"
    tags = ("receptive-field", "cnn", "convolution", "pooling")
    params = (
        Numbers("kernels", "Kernel size per layer (one layer each, ≤ 6)", (3.0, 3.0, 3.0, 3.0),
                min_len=1, max_len=MAX_LAYERS),
        Numbers("strides", "Stride per layer (missing = 1)", (1.0, 1.0, 1.0, 1.0),
                min_len=1, max_len=MAX_LAYERS),
        Numbers("dilations", "Dilation per layer (missing = 1)", (1.0, 1.0, 1.0, 1.0),
                min_len=1, max_len=MAX_LAYERS),
        Int("layer", "Unit shown: layer (capped at the last)", 1, MAX_LAYERS, MAX_LAYERS),
        Choice("weights", "Weights for the effective field", ("random", "uniform"), "random",
               labels=("random N(0, 1/kC)", "all ones")),
        Bool("relu", "ReLU between layers", True),
        Int("channels", "Channels", 1, 16, 8),
        Int("draws", "Random networks averaged", 1, 64, 16),
        Int("seed", "Seed", 0, 999, 0),
    )
    presets = (
        Preset("Three 3×3 (VGG): r = 7", {"kernels": (3.0, 3.0, 3.0), "strides": (1.0,),
                                          "dilations": (1.0,)}),
        Preset("conv – pool s2 – conv: r = 8", {"kernels": (3.0, 2.0, 3.0),
                                                "strides": (1.0, 2.0, 1.0),
                                                "dilations": (1.0,)}),
        Preset("ResNet stem: 7×7 s2, pool s2, two 3×3", {"kernels": (7.0, 3.0, 3.0, 3.0),
                                                         "strides": (2.0, 2.0, 1.0, 1.0),
                                                         "dilations": (1.0,)}),
        Preset("Dilated 3×3, d = 1, 2, 4, 8: r = 31", {"kernels": (3.0, 3.0, 3.0, 3.0),
                                                       "strides": (1.0,),
                                                       "dilations": (1.0, 2.0, 4.0, 8.0)}),
        Preset("WaveNet-ish: k = 2, d = 1 … 32", {"kernels": (2.0,) * 6, "strides": (1.0,),
                                                  "dilations": (1.0, 2.0, 4.0, 8.0, 16.0,
                                                                32.0)}),
        Preset("Six 3×3, all-ones weights", {"kernels": (3.0,) * 6, "strides": (1.0,),
                                             "dilations": (1.0,), "weights": "uniform",
                                             "relu": False}),
    )
    formula = (r"r_l = r_{l-1} + (k_l - 1)\,d_l\,j_{l-1},\qquad j_l = j_{l-1}\,s_l,"
               r"\qquad r_0 = j_0 = 1")
    notice = ("Each stride-1 layer adds (k − 1)·d to the field; a stride multiplies what every "
              "later layer adds, and dilation spreads the taps so the field grows "
              "exponentially with few weights. The cone shows which units feed the chosen "
              "one. Yet the gradient (bottom) is concentrated in the middle and Gaussian-like, "
              "because central pixels reach the unit along many more paths: the effective "
              "field grows like √depth while the theoretical one grows like depth. A dilated "
              "stack where each input has a single path (k = 2, WaveNet) stays flat.")
    challenges = (_challenge_stacked, _challenge_mixed, _challenge_jump, _challenge_erf)

    def __init__(self) -> None:
        self.profiles: dict[tuple, np.ndarray] = {}

    def build(self, fig, params: dict) -> None:
        self.fig = fig
        self.layout = self.shown = None
        self.update(params)

    def _layers(self, params: dict):
        layers = layers_of(params["kernels"], params["strides"], params["dilations"])
        return layers, min(params["layer"], len(layers))

    def _build(self, layers) -> None:
        fig = self.fig
        fig.clear()
        grid = fig.add_gridspec(2, 2, width_ratios=(1, 2.3), height_ratios=(1, 1))
        self.ax_r = fig.add_subplot(grid[:, 0])
        self.ax_cone = fig.add_subplot(grid[0, 1])
        self.ax_erf = fig.add_subplot(grid[1, 1], sharex=self.ax_cone)
        r, j = fields(layers)
        depth = len(layers)
        n, self.margin = grid_size(layers)
        self.n = n
        self.drawable = n <= MAX_GRID

        ax = self.ax_r
        x = np.arange(depth + 1)
        Bars(ax, x - 0.2, r, width=0.38, color=PALETTE[0], label="field r")
        Bars(ax, x + 0.2, j, width=0.38, color=PALETTE[1], label="jump j")
        self.chosen_bar = Bars(ax, [0], [0], width=0.38, color=PALETTE[3], label="shown unit")
        top = max(r) * 1.18
        for i in x:
            ax.text(i - 0.2, r[i] + top * 0.01, str(r[i]), ha="center", va="bottom",
                    fontsize=8)
        ax.set_xticks(x, ["in"] + [str(i) for i in x[1:]])
        ax.set_xlim(-0.6, depth + 0.6)
        ax.set_ylim(0, top)
        ax.set_xlabel("layer")
        ax.set_ylabel("input pixels")
        ax.set_title("field and jump per layer", fontsize=10)
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(True, axis="y", alpha=0.4)

        ax = self.ax_cone
        ax.set_title("units feeding the shown unit (1-D)", fontsize=10)
        ax.set_yticks(range(depth + 1), [f"layer {depth - i}" for i in range(depth)] + ["input"],
                      fontsize=8)
        ax.tick_params(axis="x", labelbottom=False)
        ax.set_xlim(-0.5, n - 0.5)
        ax = self.ax_erf
        ax.set_xlabel("input position")
        ax.set_ylabel("|∂y/∂x| (peak 1)")
        ax.set_ylim(0, 1.12)
        ax.set_title("effective receptive field vs the theoretical one", fontsize=10)
        if not self.drawable:
            for a in (self.ax_cone, self.ax_erf):
                a.text(0.5, 0.5, f"field of {r[-1]} pixels: too large to draw", ha="center",
                       va="center", transform=a.transAxes)
            self.mesh = self.erf_bars = self.span = self.fit = None
            return
        from matplotlib.colors import ListedColormap

        # thin half-transparent grey edges separate the cells on either theme
        edges = {"edgecolors": NEUTRAL_FAINT, "linewidth": 0.5} if n <= 80 else {}
        self.mesh = heatmap(self.ax_cone, np.full((depth + 1, n), np.nan), vmin=-0.5,
                            vmax=2.5, cmap=ListedColormap([INACTIVE, PALETTE[0], PALETTE[3]]),
                            **edges)
        self.ax_cone.set_xlim(-0.5, n - 0.5)
        self.span = ax.add_patch(rectangle((0, 0), 1, 1.12, facecolor=PALETTE[1], alpha=0.18,
                                           edgecolor="none", label="theoretical field"))
        self.erf_bars = Bars(ax, np.arange(n), width=0.85 if n <= 200 else 1.0,
                             color=PALETTE[0], label="|gradient|, averaged")
        self.fit, = ax.plot([], [], color=PALETTE[3], lw=1.5, label="Gaussian, same σ")
        ax.legend(loc="upper right", fontsize=8)

    def _cone_values(self, layers, upto: int, unit: int) -> np.ndarray:
        depth, n = len(layers), self.n
        values = np.full((depth + 1, n), np.nan)
        centres = unit_centres(layers, n)
        for i, c in enumerate(centres):
            values[depth - i, np.clip(c, 0, n - 1)] = 0.0
        for i, members in enumerate(cone(layers, upto, unit)):
            values[depth - i, np.clip(centres[i][members], 0, n - 1)] = 1.0
        values[depth - upto, min(centres[upto][unit], n - 1)] = 2.0
        return values

    def update(self, params: dict) -> list | None:
        layers, upto = self._layers(params)
        layout = tuple(layers)
        rebuilt = layout != self.layout
        shown = (layout, upto, *(params[k] for k in PROFILE_PARAMS))
        if shown == self.shown and not rebuilt:
            return []                       # a layer past the last one: as it was
        self.shown = shown
        if rebuilt:
            self.layout = layout
            self._build(layers)
            follow_theme(self.fig)
        r, _ = fields(layers)
        self.chosen_bar.set_x([upto - 0.2])
        self.chosen_bar.set_heights([r[upto]])
        if not self.drawable:
            return None if rebuilt else [self.chosen_bar.artist]
        unit = middle_unit(layers, upto, self.n)
        self.mesh.set_array(self._cone_values(layers, upto, unit))
        profile = self.profile(params, layers, upto, self.n, unit)
        peak = profile.max()
        shown = profile / peak if peak > 0 else profile
        self.erf_bars.set_heights(shown)
        start = unit * fields(layers)[1][upto]
        self.span.set_x(start - 0.5)
        self.span.set_width(r[upto])
        mean, sd = spread(shown)
        xs = np.linspace(0, self.n - 1, 400)
        if sd > 0:
            self.fit.set_data(xs, shown.sum() * normal_pdf(xs, mean, sd))
        else:
            self.fit.set_data([], [])
        if rebuilt:
            return None
        return [self.chosen_bar.artist, self.mesh, self.erf_bars.artist, self.span, self.fit]

    def profile(self, params: dict, layers, upto: int, n: int, unit: int) -> np.ndarray:
        """The effective field's profile, kept for the settings seen (a drag over the
        layers, and the read-outs, find it again)."""
        key = (tuple(layers), upto, n, unit, *(params[k] for k in PROFILE_PARAMS))
        if key not in self.profiles:
            if len(self.profiles) >= 64:
                self.profiles.clear()
            self.profiles[key] = input_gradient(layers, upto, n, unit, *(
                params[k] for k in PROFILE_PARAMS))
        return self.profiles[key]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        layers, upto = self._layers(params)
        r, j = fields(layers)
        rows = [
            ("Layers (k, s, d)", "  ".join(f"({k},{s},{d})" for k, s, d in layers)),
            ("Field r per layer", ", ".join(map(str, r))),
            ("Jump j per layer", ", ".join(map(str, j))),
            (f"Shown unit (layer {upto})", f"field {r[upto]} pixels, jump {j[upto]}"),
        ]
        n, _ = grid_size(layers)
        if n > MAX_GRID:
            return [*rows, ("Effective field", "not simulated: the field is too large")]
        unit = middle_unit(layers, upto, n)
        prof = self.profile(params, layers, upto, n, unit)
        _, sd = spread(prof)
        start = unit * j[upto]
        inside = prof[start: start + r[upto]]
        mid = inside[r[upto] // 4: r[upto] - r[upto] // 4]
        share = mid.sum() / prof.sum() if prof.sum() > 0 else 0.0
        flat = math.sqrt((r[upto] ** 2 - 1) / 12)
        rows += [
            ("Effective field σ", (f"{sd:.2f} pixels (a flat field of {r[upto]} has "
             f"σ = {flat:.2f})")),
            ("Gradient mass in the middle half", f"{share:.0%}"),
        ]
        if params["weights"] == "uniform" and not params["relu"]:
            rows.append(("All-ones σ in closed form", f"{uniform_erf_std(layers[:upto]):.2f}"))
        return rows
