"""Convolution arithmetic: output size, parameters and multiply-adds, drawn on a grid."""

from __future__ import annotations

import random

from studyapp.core.shape_drills import conv_out, conv_params, conv_transpose_out
from studyapp.viz.challenges import Challenge
from studyapp.viz.patches import polygons, rectangle, squares
from studyapp.viz.spec import Bool, Explorer, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE


def output_size(n: int, k: int, s: int, p: int, d: int = 1, transposed: bool = False) -> int:
    """Spatial output size of a convolution (or transposed convolution) along one axis."""
    if transposed:
        return conv_transpose_out(n, k, s, p, d=d)
    return conv_out(n, k, s, p, d)


def param_count(k: int, c_in: int, c_out: int, bias: bool = True) -> int:
    return conv_params(c_in, c_out, k, bias)


def multiply_adds(out: int, k: int, c_in: int, c_out: int) -> int:
    """Multiply-accumulates for one image: each output value is a k·k·c_in dot product."""
    return out * out * c_out * k * k * c_in


def window_cells(row: int, col: int, k: int, s: int, d: int) -> list[tuple[int, int]]:
    """Padded-grid cells read by output position (row, col)."""
    return [(row * s + i * d, col * s + j * d) for i in range(k) for j in range(k)]


# --- challenges -----------------------------------------------------------------------------------
def _conv_size(rng: random.Random) -> Challenge:
    k = rng.choice((1, 3, 5, 7))
    s, p, d = rng.choice((1, 2)), rng.randint(0, 3), rng.choice((1, 1, 2))
    n = rng.randint(max(d * (k - 1) + 1 - 2 * p, 4), 32)
    out = output_size(n, k, s, p, d)
    return Challenge("conv-output-size", "conv-arithmetic",
                     f"Input {n}×{n}, kernel {k}, stride {s}, padding {p}, dilation {d}: what "
                     "is the output width?", str(out),
                     "o = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1.",
                     {"n": n, "k": k, "s": s, "p": p, "d": d})


def _conv_params(rng: random.Random) -> Challenge:
    k = rng.choice((1, 3, 5))
    c_in, c_out = rng.choice((3, 16, 64, 128)), rng.choice((16, 32, 64, 256))
    return Challenge("conv-parameters", "conv-arithmetic",
                     f"A {k}×{k} convolution from {c_in} to {c_out} channels, with bias: how "
                     "many parameters?", str(param_count(k, c_in, c_out)),
                     "k² · C_in · C_out weights plus one bias per output channel; the input "
                     "size does not matter.", {"k": k, "c_in": c_in, "c_out": c_out})


def _transposed_size(rng: random.Random) -> Challenge:
    n, k, s, p = rng.randint(3, 16), rng.choice((2, 3, 4)), 2, rng.choice((0, 1))
    return Challenge("transposed-output-size", "conv-arithmetic",
                     f"Transposed convolution: input {n}×{n}, kernel {k}, stride {s}, padding "
                     f"{p}: output width?",
                     str(output_size(n, k, s, p, transposed=True)),
                     "o = (n − 1)s − 2p + d(k − 1) + 1: the inverse of the convolution's "
                     "size mapping.", {"n": n, "k": k, "s": s, "p": p, "transposed": True})


class ConvArithmetic(Explorer):
    id = "conv-arithmetic"
    title = "Convolution arithmetic"
    tags = ("convolution", "cnn", "receptive-field")
    params = (
        Int("n", "Input size n", 1, 32, 7),
        Int("k", "Kernel k", 1, 7, 3),
        Int("s", "Stride s", 1, 4, 1),
        Int("p", "Padding p", 0, 4, 0),
        Int("d", "Dilation d", 1, 3, 1),
        Bool("transposed", "Transposed convolution", False),
        Int("c_in", "Input channels", 1, 512, 3),
        Int("c_out", "Output channels", 1, 512, 16),
        Int("pos", "Highlighted output position", 0, 1023, 0),
    )
    presets = (
        Preset("'Same' 3×3 (p = 1)", {"k": 3, "p": 1, "n": 8}),
        Preset("Downsample: k = 3, s = 2, p = 1", {"k": 3, "s": 2, "p": 1, "n": 8}),
        Preset("Dilated 3×3, d = 2", {"k": 3, "d": 2, "n": 9}),
        Preset("Transposed: k = 4, s = 2, p = 1 doubles", {"k": 4, "s": 2, "p": 1, "n": 4,
                                                           "transposed": True}),
        Preset("1×1 channel mixer", {"k": 1, "n": 6, "c_in": 256, "c_out": 64}),
    )
    formula = (r"o = \left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1,\qquad"
               r" o_{\mathrm{T}} = (n-1)s - 2p + d(k-1) + 1")
    notice = ("Padding p = (k−1)/2 with stride 1 keeps the size; stride 2 roughly halves it. "
              "Dilation widens the window without adding weights. A transposed convolution "
              "inverts the size mapping of the matching convolution. Parameters depend only on "
              "k and the channels; multiply-adds also scale with the output area.")

    challenges = (_conv_size, _conv_params, _transposed_size)

    def build(self, fig, params: dict) -> None:
        self.ax_in, self.ax_out = fig.subplots(1, 2)
        self.layout = None
        self.update(params)

    def _grid(self, ax, size: int, title: str, padding: int = 0) -> int:
        """Draw a size×size grid inside a shaded border of padding cells; return its side."""
        ax.clear()
        total = size + 2 * padding
        if padding:
            ax.add_patch(rectangle((0, 0), total, total, facecolor=NEUTRAL, alpha=0.25,
                                   edgecolor="none"))
            ax.add_patch(rectangle((padding, padding), size, size, facecolor="none",
                                   edgecolor=NEUTRAL, lw=1.2))
        ticks = range(total + 1)
        ax.vlines(ticks, 0, total, color=NEUTRAL, lw=0.6)
        ax.hlines(ticks, 0, total, color=NEUTRAL, lw=0.6)
        ax.set_xlim(-0.2, max(total, 1) + 0.2)
        ax.set_ylim(-0.2, max(total, 1) + 0.2)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title)
        return total

    def update(self, params: dict) -> list | None:
        n, k, s, p, d = (params[name] for name in ("n", "k", "s", "p", "d"))
        transposed = params["transposed"]
        out = output_size(n, k, s, p, d, transposed)
        layout = (n, k, s, p, d, transposed)
        if layout != self.layout:
            self.layout = layout
            if transposed:
                # drawn as the equivalent direct convolution over the stride-dilated input
                size = (n - 1) * s + 1
                pad = d * (k - 1) - p
                self.side_in = self._grid(
                    self.ax_in, size, f"input {n}×{n}, zeros inserted (s−1 = {s - 1})",
                    max(pad, 0))
                self.grid_stride = 1
            else:
                self.side_in = self._grid(self.ax_in, n, f"input {n}×{n} + padding {p}", p)
                self.grid_stride = s
            self._grid(self.ax_out, max(out, 0), f"output {max(out, 0)}×{max(out, 0)}")
            self.window = polygons(self.ax_in, squares([]), facecolors=PALETTE[0], alpha=0.55)
            self.target = rectangle((0, 0), 1, 1, color=PALETTE[1], alpha=0.8)
            self.ax_out.add_patch(self.target)
            self._place(params, out)
            return None
        self._place(params, out)
        return [self.window, self.target]

    def _place(self, params: dict, out: int) -> None:
        visible = out > 0
        pos = params["pos"] % max(out * out, 1)
        row, col = divmod(pos, max(out, 1))
        side_in = self.side_in
        cells = window_cells(row, col, params["k"], self.grid_stride, params["d"])
        self.window.set_verts(squares([(c, side_in - 1 - r) for r, c in cells
                                       if visible and r < side_in and c < side_in]))
        self.target.set_xy((col, out - 1 - row))
        self.target.set_visible(visible)

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        n, k, s, p, d = (params[name] for name in ("n", "k", "s", "p", "d"))
        out = output_size(n, k, s, p, d, params["transposed"])
        if out <= 0:
            return [("Output size", "invalid: the dilated kernel is larger than the padded input")]
        c_in, c_out = params["c_in"], params["c_out"]
        return [
            ("Output size", f"{out} × {out}"),
            ("Effective kernel span d(k−1)+1", str(d * (k - 1) + 1)),
            ("Parameters k²·C_in·C_out + C_out", f"{param_count(k, c_in, c_out):,}"),
            ("Multiply-adds per image", f"{multiply_adds(out, k, c_in, c_out):,}"),
        ]
