"""FlashAttention's tiling: one query block streams over the key/value blocks with the
online softmax (running max, rescaled running sum, running output), and the HBM traffic
of tiled against standard attention."""

from __future__ import annotations

import math
import random
from functools import lru_cache

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.fast_image import cell_map
from studyapp.viz.numerics import softmax
from studyapp.viz.patches import rectangle
from studyapp.viz.spec import Bool, Choice, Explorer, Int, Preset
from studyapp.viz.theme import PALETTE

ROWS_SHOWN = 4
HBM_N = np.unique(np.geomspace(16, 131072, 97).round().astype(int))   # the traffic panel's N
HEAD_DIMS = ("8", "16", "32", "64", "128")


def random_qkv(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return tuple(rng.standard_normal((n, d)) for _ in range(3))


def scores(q: np.ndarray, k: np.ndarray, causal: bool = False,
           q_offset: int = 0) -> np.ndarray:
    """S = QKᵀ/√d for query rows starting at global position ``q_offset``; keys a causal
    query may not see are −∞."""
    s = q @ k.T / math.sqrt(q.shape[1])
    if causal:
        rows = q_offset + np.arange(len(q))[:, None]
        s = np.where(np.arange(k.shape[0])[None, :] <= rows, s, -np.inf)
    return s


def full_attention(q, k, v, causal: bool = False, q_offset: int = 0) -> np.ndarray:
    """softmax(QKᵀ/√d) V with the whole score row at once: the reference."""
    s = scores(q, k, causal, q_offset)
    return softmax(s) @ v


def blocks_visited(n: int, block: int, q_block: int, causal: bool) -> int:
    """Key blocks a query block must read: all ⌈N/B⌉ of them, or with a causal mask (and
    equal query and key block sizes) only blocks 0..q_block; later ones are skipped."""
    total = -(-n // block)
    return min(q_block + 1, total) if causal else total


def online_update(m: np.ndarray, ell: np.ndarray, o: np.ndarray, s: np.ndarray,
                  v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fold one block of scores s (rows × b) and values v (b × d) into the running state:
    m' = max(m, rowmax s), ℓ' = ℓ e^{m−m'} + Σ e^{s−m'}, o' = o e^{m−m'} + e^{s−m'} v.
    Also returns the rescale factor e^{m−m'} (0 on the first block, where m = −∞)."""
    m_new = np.maximum(m, s.max(axis=1))
    scale = np.exp(m - m_new)
    p = np.exp(s - m_new[:, None])
    return m_new, ell * scale + p.sum(axis=1), o * scale[:, None] + p @ v, scale


def tiled_trace(q, k, v, block: int, causal: bool = False, q_offset: int = 0) -> dict:
    """The running state of one query block after 0, 1, …, visited key blocks: m, ℓ, the
    unnormalised output o and the rescale factor of each step (index 0 is the empty
    state m = −∞, ℓ = 0, o = 0)."""
    rows, d = q.shape[0], v.shape[1]
    visited = blocks_visited(k.shape[0], block, q_offset // block, causal)
    m, ell, o = np.full(rows, -np.inf), np.zeros(rows), np.zeros((rows, d))
    trace = {"m": [m], "l": [ell], "o": [o], "scale": [np.ones(rows)]}
    for j in range(visited):
        keys = slice(j * block, (j + 1) * block)
        s = q @ k[keys].T / math.sqrt(q.shape[1])
        if causal:
            cols = np.arange(keys.start, keys.start + s.shape[1])[None, :]
            s = np.where(cols <= q_offset + np.arange(rows)[:, None], s, -np.inf)
        m, ell, o, scale = online_update(m, ell, o, s, v[keys])
        for name, value in zip(("m", "l", "o", "scale"), (m, ell, o, scale), strict=False):
            trace[name].append(value)
    return {name: np.array(values) for name, values in trace.items()}


def hbm_standard(n, d: int):
    """HBM element reads and writes of standard attention (Dao et al., 2022, Algorithm 0):
    read Q, K and write S; read S, write P; read P and V, write O: 4Nd + 4N²."""
    n = np.asarray(n, float)
    return 4 * n * d + 4 * n * n


def hbm_tiled(n, d: int, block: int):
    """HBM element reads and writes of the tiled forward with query blocks in the outer
    loop: Q read and O written once (2Nd), K and V read once per query block
    (2Nd·⌈N/B⌉). With B ≈ M/(4d) for SRAM of M elements this is Θ(N²d²/M)."""
    n = np.asarray(n, float)
    return 2 * n * d + 2 * n * d * np.ceil(n / block)


def sram_elements(d: int, block: int) -> int:
    """On-chip working set of one step: Q_i, K_j, V_j, the output accumulator (B × d each)
    and the score tile (B × B)."""
    return 4 * block * d + block * block


@lru_cache(maxsize=16)
def _state(seq: int, block: int, q_block: int, d: int, seed: int, causal: bool) -> dict:
    q, k, v = random_qkv(seq, d, seed)
    start = q_block * block
    rows = slice(start, min(start + block, seq))
    trace = tiled_trace(q[rows], k, v, block, causal, start)
    return {"trace": trace, "scores": scores(q[rows], k, causal, start),
            "exact": full_attention(q[rows], k, v, causal, start), "start": start}


# --- predict, then reveal ----------------------------------------------------------------------
def _challenge_blocks(rng: random.Random) -> Challenge:
    block = rng.choice((8, 16, 32, 64))
    seq = block * rng.randint(2, min(8, 512 // block - 1)) + rng.choice(
        (0, 0, rng.randint(1, block - 1)))
    total = -(-seq // block)
    q_block = rng.randrange(total)
    causal = rng.random() < 0.6
    visited = blocks_visited(seq, block, q_block, causal)
    mask = "with a causal mask" if causal else "without a mask"
    return Challenge(
        "flash-key-blocks-visited", FlashTiling.id,
        f"Tiled attention over N = {seq} tokens, query and key blocks of B = {block}, {mask}: "
        f"how many key/value blocks does query block {q_block} (counting from 0) load?",
        str(visited),
        "Without a mask every query block reads all ⌈N/B⌉ key blocks. With a causal mask, "
        "blocks entirely above the diagonal are skipped: query block i reads blocks 0..i.",
        {"seq": seq, "block": block, "q_block": q_block, "causal": causal, "step": visited})


def _challenge_rescale(rng: random.Random) -> Challenge:
    m_old = rng.choice((0.5, 1.0, 1.5, 2.0, 2.5))
    block = tuple(round(rng.uniform(-1.0, 3.5), 1) for _ in range(3))
    factor = math.exp(m_old - max(m_old, max(block)))
    return Challenge(
        "online-softmax-rescale", FlashTiling.id,
        f"A query row's running max is m = {m_old:g}. The next key block gives scores "
        f"{', '.join(f'{x:g}' for x in block)}. By what factor are the running sum ℓ and the "
        "running output o multiplied before the block's terms are added?",
        f"{factor:.4g}",
        "The new max is m' = max(m, max s); the old terms were relative to m, so they are "
        "rescaled by e^(m − m'), which is 1 when the block does not raise the max.",
        {"step": 2}, tolerance=0.01)


def _challenge_running_sum(rng: random.Random) -> Challenge:
    first = tuple(float(rng.randint(-2, 2)) for _ in range(2))
    second = tuple(float(rng.randint(-1, 3)) for _ in range(2))
    values = np.array(first + second)
    m = values.max()
    ell = float(np.exp(values - m).sum())
    return Challenge(
        "online-softmax-running-sum", FlashTiling.id,
        f"Online softmax over two blocks of scores, ({first[0]:g}, {first[1]:g}) then "
        f"({second[0]:g}, {second[1]:g}): what is the running sum ℓ after the second block?",
        f"{ell:.4g}",
        "After all blocks ℓ = Σ e^(s − m) with m the overall maximum: the first block's sum, "
        "taken relative to its own max, is rescaled by e^(m₁ − m).",
        {"step": 2}, tolerance=0.01)


def _challenge_standard_hbm(rng: random.Random) -> Challenge:
    seq = rng.choice((256, 512, 1024, 2048, 4096))
    d = rng.choice((64, 128))
    return Challenge(
        "standard-attention-hbm", FlashTiling.id,
        f"Standard attention for one head with N = {seq} and d = {d}: how many elements does "
        "it read from and write to HBM (read Q, K, write S; read S, write P; read P, V, "
        "write O)?", str(int(hbm_standard(seq, d))),
        "2Nd + N² for the first pass, 2N² for the softmax, N² + 2Nd for PV: 4Nd + 4N², "
        "dominated by the N² matrices that the tiled kernel never writes.",
        {"d": str(d), "seq": min(seq, 512)})


class FlashTiling(Explorer):
    id = "flash-tiling"
    title = "FlashAttention tiling"
    tags = ("attention", "efficiency", "softmax", "numerical-stability")
    params = (
        Int("step", "Key blocks processed", 0, 128, 2),
        Int("seq", "Sequence length N", 16, 512, 64),
        Int("block", "Block size B", 4, 128, 16),
        Int("q_block", "Query block", 0, 127, 0),
        Choice("d", "Head dim d", HEAD_DIMS, "16"),
        Bool("causal", "Causal mask (skip blocks above the diagonal)", False),
        Int("seed", "Random Q, K, V (seed)", 0, 999, 8),
    )
    presets = (
        Preset("Before the first block", {"step": 0}),
        Preset("Half-way: not yet softmax", {"step": 2}),
        Preset("All blocks: equals softmax", {"step": 128}),
        Preset("Causal, query block 3", {"causal": True, "q_block": 3, "step": 128}),
        Preset("Long sequence, big blocks", {"seq": 512, "block": 128, "d": "64", "step": 2}),
        Preset("Blocks smaller than d: more traffic", {"block": 4, "d": "128"}),
    )
    formula = (r"m' = \max\left(m, \max_j s_j\right),\quad \ell' = e^{m-m'}\ell + \sum_j "
               r"e^{s_j-m'},\quad o' = e^{m-m'}o + \sum_j e^{s_j-m'}v_j,\quad O = \frac{o}{\ell}")
    notice = ("Each step loads one key/value block, takes its scores, and folds them into the "
              "running state: when a block raises a row's maximum, the old sum and output are "
              "multiplied by e^(m_old − m_new) < 1, so the running sum can fall. Before the "
              "last block o/ℓ is only the softmax over the keys seen so far; after it the "
              "output equals full softmax attention to rounding (the max difference read-out "
              "drops to ~1e−16), though the N × N matrix never existed. Right: standard "
              "attention writes and reads S and P (4N² elements), the tiled version rereads K "
              "and V once per query block, 2Nd·N/B, so it wins by about 2B/d at long N — "
              "blocks must be large next to d, which is why SRAM size M sets the saving "
              "(Θ(N²d²/M)).")

    challenges = (_challenge_blocks, _challenge_rescale, _challenge_running_sum,
                  _challenge_standard_hbm)

    def build(self, fig, params: dict) -> None:
        grid = fig.add_gridspec(2, 6)
        self.ax_s = fig.add_subplot(grid[0, :3])
        self.ax_hbm = fig.add_subplot(grid[0, 3:])
        self.ax_m = fig.add_subplot(grid[1, :2])
        self.ax_l = fig.add_subplot(grid[1, 2:4])
        self.ax_o = fig.add_subplot(grid[1, 4:])
        ax = self.ax_hbm
        self.std_line, = ax.loglog([], [], color=PALETTE[3], lw=2, label="standard")
        self.tiled_line, = ax.loglog([], [], color=PALETTE[0], lw=2, label="tiled")
        self.hbm_dots, = ax.loglog([], [], "o", color=PALETTE[7], ms=6)
        ax.set_xlim(HBM_N[0], HBM_N[-1])
        ax.set_xlabel("sequence length N")
        ax.set_ylabel("HBM reads + writes (elements)")
        ax.set_title("HBM traffic, forward")
        ax.legend(fontsize=8, loc="upper left")
        ax.grid(True, which="major", alpha=0.4)
        titles = (("running max m", self.ax_m), ("running sum ℓ", self.ax_l),
                  ("output o/ℓ, dim 0", self.ax_o))
        self.lines = {}
        for key, (title, ax) in zip("mlo", titles, strict=False):
            ax.set_title(title)
            ax.set_xlabel("key blocks processed")
            ax.grid(True, alpha=0.4)
            self.lines[key] = [ax.plot([], [], "o-", ms=3.5, lw=1.5, color=PALETTE[i])[0]
                               for i in range(ROWS_SHOWN)]
            self.lines[key + "_final"] = [ax.plot([], [], ls=":", lw=1.2, color=PALETTE[i])[0]
                                          for i in range(ROWS_SHOWN)]
        self.ax_m.set_ylabel("dotted: after the last block", fontsize=8)
        self.mesh = None
        self.layout = self.step = None
        self.update(params)

    @staticmethod
    def _clamped(params: dict) -> tuple[int, int, int, int]:
        """(block, query block, visited blocks, step) within this sequence."""
        seq, block = params["seq"], min(params["block"], params["seq"])
        q_block = min(params["q_block"], -(-seq // block) - 1)
        visited = blocks_visited(seq, block, q_block, params["causal"])
        return block, q_block, visited, min(params["step"], visited)

    def _data(self, params: dict) -> dict:
        block, q_block, _, _ = self._clamped(params)
        return _state(params["seq"], block, q_block, int(params["d"]), params["seed"],
                      params["causal"])

    def update(self, params: dict) -> list | None:
        block, q_block, visited, step = self._clamped(params)
        data = self._data(params)
        trace, s = data["trace"], data["scores"]
        rows = min(ROWS_SHOWN, s.shape[0])
        layout = (params["seq"], block, q_block, params["d"], params["seed"], params["causal"])
        relayout = layout != self.layout
        if relayout:
            self.layout = layout
            self._lay_out(params, block, visited, data, rows)
        elif step == self.step:
            return []                           # dragged past the last block: as it was
        self.step = step
        shown = np.where(np.arange(s.shape[1])[None, :] < step * block, s, np.nan)
        self.mesh.set_data(np.ma.masked_invalid(shown))
        self.current.set_x(max(step - 1, 0) * block - 0.5)
        self.current.set_visible(step > 0)
        x = np.arange(1, step + 1)
        o_norm = trace["o"][1:step + 1, :, 0] / trace["l"][1:step + 1]
        for i in range(ROWS_SHOWN):
            if i < rows:
                self.lines["m"][i].set_data(x, trace["m"][1:step + 1, i])
                self.lines["l"][i].set_data(x, trace["l"][1:step + 1, i])
                self.lines["o"][i].set_data(x, o_norm[:, i])
            else:
                for key in "mlo":
                    self.lines[key][i].set_data([], [])
        if relayout:
            return None
        return [self.mesh, self.current, *self.lines["m"], *self.lines["l"], *self.lines["o"]]

    def _lay_out(self, params: dict, block: int, visited: int, data: dict, rows: int) -> None:
        """Everything that does not move with the step: the score map's size, the final
        values, the axes' limits and the traffic curves."""
        s, trace = data["scores"], data["trace"]
        seq, d = params["seq"], int(params["d"])
        ax = self.ax_s
        if self.mesh is not None:
            for artist in (self.mesh, self.current, self.edges):
                artist.remove()
        finite = s[np.isfinite(s)]
        self.mesh = cell_map(ax, np.zeros_like(s), cmap="viridis", vmin=finite.min(),
                             vmax=finite.max())
        ax.set_xlim(-0.5, seq - 0.5)
        ax.set_aspect("auto")
        ax.set_xlabel("key position")
        ax.set_ylabel("query")
        ax.set_yticks([0, s.shape[0] - 1], [str(data["start"]),
                                            str(data["start"] + s.shape[0] - 1)])
        ax.set_title("scores of one query block")
        self.edges = ax.vlines(np.arange(block, seq, block) - 0.5, -0.5, s.shape[0] - 0.5,
                               color="white", lw=0.8, alpha=0.7, zorder=3)
        self.current = ax.add_patch(rectangle((-0.5, -0.5), block, s.shape[0], fill=False,
                                              edgecolor=PALETTE[3], lw=2.5))
        steps = np.arange(visited + 1)
        exact = data["exact"]
        final = {"m": trace["m"][-1], "l": trace["l"][-1], "o": exact[:, 0]}
        series = {"m": trace["m"][1:, :rows], "l": trace["l"][1:, :rows],
                  "o": trace["o"][1:, :rows, 0] / trace["l"][1:, :rows]}
        for key, ax in zip("mlo", (self.ax_m, self.ax_l, self.ax_o), strict=False):
            for i, line in enumerate(self.lines[key + "_final"]):
                line.set_data(steps, np.full(len(steps), final[key][i]) if i < rows else [])
            values = np.concatenate([series[key].ravel(), final[key][:rows]])
            low, high = float(values.min()), float(values.max())
            pad = 0.08 * (high - low) or 0.5
            ax.set_xlim(-0.3, visited + 0.3)
            ax.set_ylim(low - pad, high + pad)
            ax.xaxis.get_major_locator().set_params(integer=True)
        std, tiled = hbm_standard(HBM_N, d), hbm_tiled(HBM_N, d, block)
        self.std_line.set_data(HBM_N, std)
        self.tiled_line.set_data(HBM_N, tiled)
        self.hbm_dots.set_data([seq, seq], [float(hbm_standard(seq, d)),
                                            float(hbm_tiled(seq, d, block))])
        both = np.concatenate([std, tiled])
        self.ax_hbm.set_ylim(10 ** math.floor(math.log10(both.min())),
                             10 ** math.ceil(math.log10(both.max())))

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        block, q_block, visited, step = self._clamped(params)
        data = self._data(params)
        trace = data["trace"]
        seq, d = params["seq"], int(params["d"])
        total = -(-seq // block)
        o = trace["o"][step] / np.where(trace["l"][step] > 0, trace["l"][step], 1)[:, None]
        diff = float(np.abs(o - data["exact"]).max())
        if step:
            keys = f"keys {(step - 1) * block}–{min(step * block, seq) - 1}"
            m_old, m_new = trace["m"][step - 1][0], trace["m"][step][0]
            rescale = (f"m {m_old:.3f} → {m_new:.3f}, e^(m_old − m_new) = "
                       f"{trace['scale'][step][0]:.4f}" if step > 1 else
                       f"m −∞ → {m_new:.3f} (first block: nothing to rescale)")
        else:
            keys, rescale = "none yet", "m = −∞, ℓ = 0, o = 0"
        std, tiled = float(hbm_standard(seq, d)), float(hbm_tiled(seq, d, block))
        sram = sram_elements(d, block)
        return [
            ("Blocks", f"⌈{seq}/{block}⌉ = {total} key blocks; query block {q_block} visits "
                       f"{visited}" + (" (causal: later ones skipped)" if params["causal"]
                                       and visited < total else "")),
            ("Step", f"{step} of {visited}: {keys}"),
            ("First row", rescale),
            ("First row ℓ", f"{trace['l'][step][0]:.4f}"),
            ("Max |o/ℓ − softmax(QKᵀ/√d)V|", f"{diff:.2e}" + (" (exact up to rounding)"
                                                            if step == visited else "")),
            ("HBM at this N: standard 4Nd + 4N²", f"{std:,.0f} elements"),
            ("Tiled 2Nd + 2Nd·⌈N/B⌉", f"{tiled:,.0f} elements ({std / tiled:.2f}× less)"),
            ("SRAM per step 4Bd + B²", f"{sram:,} elements = {sram * 2 / 1024:,.1f} KiB in bf16"),
            ("Score matrix never stored", f"N² = {seq * seq:,} elements"),
        ]
