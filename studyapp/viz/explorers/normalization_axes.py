"""Which axes BatchNorm, LayerNorm, InstanceNorm and GroupNorm average over."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.patches import Bars, cell_grid
from studyapp.viz.spec import Bool, Choice, Explorer, Int, Preset
from studyapp.viz.theme import INACTIVE, PALETTE

KINDS = ("batch", "layer", "instance", "group")
LABELS = ("BatchNorm", "LayerNorm", "InstanceNorm", "GroupNorm")


def reduce_axes(kind: str) -> tuple[int, ...]:
    """Axes of an (N, C, H, W) tensor averaged together (GroupNorm reshapes C first)."""
    return {"batch": (0, 2, 3), "layer": (1, 2, 3), "instance": (2, 3), "group": (2, 3, 4)}[kind]


def normalize(x: np.ndarray, kind: str, groups: int = 2, eps: float = 1e-5) -> np.ndarray:
    """Normalise (N, C, H, W) without affine parameters, as the PyTorch layers do in training."""
    if kind == "group":
        n, c, h, w = x.shape
        g = x.reshape(n, groups, c // groups, h, w)
        out = (g - g.mean(axis=(2, 3, 4), keepdims=True)) / np.sqrt(
            g.var(axis=(2, 3, 4), keepdims=True) + eps)
        return out.reshape(x.shape)
    axes = reduce_axes(kind)
    return (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)


def shared_cells(kind: str, n: int, c: int, groups: int, sample: int,
                 channel: int) -> list[tuple[int, int]]:
    """(sample, channel) cells whose H×W values share statistics with the chosen cell."""
    if kind == "batch":
        return [(i, channel) for i in range(n)]
    if kind == "layer":
        return [(sample, j) for j in range(c)]
    if kind == "instance":
        return [(sample, channel)]
    size = c // groups
    start = channel // size * size
    return [(sample, j) for j in range(start, start + size)]


def running_stats(batches: np.ndarray, momentum: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """BatchNorm's running mean and unbiased variance after the given training batches."""
    mean = np.zeros(batches.shape[2])
    var = np.ones(batches.shape[2])
    for x in batches:
        m = x.shape[0] * x.shape[2] * x.shape[3]
        mean = (1 - momentum) * mean + momentum * x.mean(axis=(0, 2, 3))
        var = (1 - momentum) * var + momentum * x.var(axis=(0, 2, 3)) * m / (m - 1)
    return mean, var


def sample_batch(n: int, c: int, seed: int) -> np.ndarray:
    """A batch whose channels have different means and scales, as real activations do."""
    rng = np.random.default_rng(seed)
    scale = np.linspace(0.5, 3.0, c)[None, :, None, None]
    shift = np.linspace(-2.0, 4.0, c)[None, :, None, None]
    return shift + scale * rng.normal(size=(n, c, 4, 4))


# --- challenges -----------------------------------------------------------------------------------
def _group_norm_count(rng: random.Random) -> Challenge:
    n, groups = rng.randint(2, 8), rng.choice((1, 2, 4))
    c = rng.choice((4, 8, 12))
    return Challenge("groupnorm-statistics", "normalization",
                     f"GroupNorm on an (N={n}, C={c}, H, W) tensor with {groups} groups: how "
                     "many separate means does it compute?", str(n * groups),
                     "One mean per sample and group, over the group's channels and all "
                     "positions.",
                     {"kind": "group", "n": n, "c": str(c), "groups": str(groups)})


def _batch_dependence(rng: random.Random) -> Challenge:
    options = ("BatchNorm", "LayerNorm", "InstanceNorm", "GroupNorm")
    return Challenge("norm-batch-dependence", "normalization",
                     "In training mode, which layer's output for one example changes when "
                     "the other examples in the batch change?", options[0],
                     "Only BatchNorm averages over the batch dimension; at inference it "
                     "switches to running statistics.", {"kind": "batch"}, options=options)


class NormalizationAxes(Explorer):
    id = "normalization"
    title = "Normalization axes"
    tags = ("normalization", "batch-norm", "layer-norm")
    params = (
        Choice("kind", "Layer", KINDS, "batch", labels=LABELS),
        Int("n", "Batch size N", 1, 8, 4),
        Choice("c", "Channels C", ("4", "6", "8", "12"), "8"),
        Choice("groups", "Groups (GroupNorm)", ("1", "2", "4"), "2"),
        Int("sample", "Chosen sample", 0, 7, 0),
        Int("channel", "Chosen channel", 0, 11, 2),
        Bool("eval", "BatchNorm in eval mode (running statistics)", False),
    )
    presets = (
        Preset("BatchNorm: per channel over the batch", {"kind": "batch"}),
        Preset("LayerNorm: per sample over all channels", {"kind": "layer"}),
        Preset("InstanceNorm: per sample and channel", {"kind": "instance"}),
        Preset("GroupNorm with 2 groups", {"kind": "group", "groups": "2"}),
        Preset("BatchNorm with a batch of one, eval mode", {"kind": "batch", "n": 1,
                                                            "eval": True}),
    )
    formula = (r"\hat x = \frac{x - \mu_S}{\sqrt{\sigma_S^2 + \epsilon}},\quad S = "
               r"\begin{cases}(N,H,W) & \text{BN}\\ (C,H,W) & \text{LN}\\ (H,W) & \text{IN}\\"
               r"(C/G,H,W) & \text{GN}\end{cases}")
    notice = ("Each cell is one sample's H×W feature map for one channel; the highlighted cells "
              "share a mean and variance with the chosen one. BatchNorm mixes samples, so its "
              "result depends on the batch and switches to running statistics at inference; "
              "the other three work per sample and behave the same in training and inference.")

    challenges = (_group_norm_count, _batch_dependence)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax_stats = fig.subplots(1, 2)
        self.layout = None
        self.update(params)

    def _cells(self, params: dict) -> tuple[int, int, int, int, int]:
        c = int(params["c"])
        groups = min(int(params["groups"]), c)
        n = params["n"]
        return n, c, groups, min(params["sample"], n - 1), min(params["channel"], c - 1)

    def output(self, params: dict) -> np.ndarray:
        n, c, groups, _, _ = self._cells(params)
        x = sample_batch(n, c, seed=1)
        if params["kind"] == "batch" and params["eval"]:
            mean, var = running_stats(np.stack([sample_batch(8, c, seed=s) for s in range(50)]))
            return (x - mean[None, :, None, None]) / np.sqrt(var[None, :, None, None] + 1e-5)
        return normalize(x, params["kind"], groups)

    def update(self, params: dict) -> list | None:
        n, c, *_ = self._cells(params)
        if (n, c) != self.layout:
            self.layout = (n, c)
            self.ax.clear()
            self.cells = cell_grid(self.ax, n, c)
            self.ax.set_xlim(-0.2, c + 0.1)
            self.ax.set_ylim(-0.2, n + 0.1)
            self.ax.set_aspect("equal")
            self.ax.set_xticks(np.arange(c) + 0.46, [str(j) for j in range(c)])
            self.ax.set_yticks(np.arange(n) + 0.46, [str(i) for i in reversed(range(n))])
            self.ax.set_xlabel("channel C")
            self.ax.set_ylabel("sample N")
            self.ax.set_title("(N, C) cells, each an H×W map")
            self.ax_stats.clear()
            self.means = Bars(self.ax_stats, np.arange(c) - 0.2, width=0.4, color=PALETTE[0],
                              label="mean")
            self.stds = Bars(self.ax_stats, np.arange(c) + 0.2, width=0.4, color=PALETTE[1],
                             label="std")
            self.ax_stats.set_xlim(-0.6, c - 0.4)
            self.ax_stats.set_xticks(range(c))
            self.ax_stats.set_xlabel("channel")
            self.ax_stats.set_ylim(-1.5, 2.5)
            self.ax_stats.set_title("Output statistics")
            self.ax_stats.legend(loc="upper right", fontsize=8)
            self.ax_stats.grid(True, axis="y", alpha=0.4)
            self._paint(params)
            return None
        self._paint(params)
        return [self.cells, self.means.artist, self.stds.artist]

    def _paint(self, params: dict) -> None:
        n, c, groups, sample, channel = self._cells(params)
        shared = set(shared_cells(params["kind"], n, c, groups, sample, channel))
        self.cells.set_facecolor([
            PALETTE[3] if (i, j) == (sample, channel) else
            PALETTE[0] if (i, j) in shared else INACTIVE
            for i in range(n) for j in range(c)])
        y = self.output(params)
        self.means.set_heights(y.mean(axis=(0, 2, 3)))
        self.stds.set_heights(y.std(axis=(0, 2, 3)))

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        n, c, groups, sample, channel = self._cells(params)
        shared = shared_cells(params["kind"], n, c, groups, sample, channel)
        y = self.output(params)
        return [
            ("Values sharing one mean", f"{len(shared) * 16} ({len(shared)} cells × 4×4)"),
            ("Number of separate statistics", str({
                "batch": c, "layer": n, "instance": n * c, "group": n * groups}[params["kind"]])),
            ("Output mean / std overall", f"{y.mean():.3f} / {y.std():.3f}"),
            ("Depends on other samples", "yes" if params["kind"] == "batch"
             and not params["eval"] and n > 1 else "no"),
        ]
