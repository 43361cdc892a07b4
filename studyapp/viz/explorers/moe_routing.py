"""Mixture-of-experts routing: top-k choice, expert capacity, dropped tokens and the
Switch Transformer load-balancing loss on a seeded tokens × experts router."""

from __future__ import annotations

import functools
import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.numerics import softmax
from studyapp.viz.patches import Bars, heatmap, set_level
from studyapp.viz.spec import Explorer, Float, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE, follow_theme


def router_logits(tokens: int, experts: int, skew: float, noise: float,
                  seed: int) -> np.ndarray:
    """Seeded (tokens, experts) router logits: noise·N(0, 1) plus a preference that falls
    linearly from +skew for expert 0 to 0 for the last expert."""
    favour = np.linspace(1.0, 0.0, experts) if experts > 1 else np.zeros(1)
    return noise * _standard_normal(tokens, experts, seed) + skew * favour


@functools.lru_cache(maxsize=8)
def _standard_normal(tokens: int, experts: int, seed: int) -> np.ndarray:
    """The seeded N(0, 1) draws behind the router noise, drawn once per shape and seed
    (dragging the skew or the noise scale reuses them)."""
    draws = np.random.default_rng(seed).standard_normal((tokens, experts))
    draws.flags.writeable = False
    return draws


def route(logits: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The k experts of each token by decreasing logit (ties to the lower index), their
    gate weights (a softmax over the chosen logits, which sums to 1) and the full router
    probabilities."""
    logits = np.asarray(logits, float)
    chosen = np.argsort(-logits, axis=1, kind="stable")[:, :k]
    gates = softmax(np.take_along_axis(logits, chosen, axis=1))
    return chosen, gates, softmax(logits)


def capacity(tokens: int, experts: int, k: int, factor: float) -> int:
    """Expert capacity ⌊factor · k · tokens / experts⌋ (token–expert slots per expert)."""
    return math.floor(factor * k * tokens / experts + 1e-9)


def loads(chosen: np.ndarray, experts: int) -> np.ndarray:
    """Token–expert assignments each expert receives, before any is dropped."""
    return np.bincount(np.asarray(chosen).ravel(), minlength=experts)


def dispatch(chosen: np.ndarray, experts: int, cap: int) -> np.ndarray:
    """Which assignments fit (True) and which are dropped (False), shape like ``chosen``.

    Slots are filled first choices first (in token order), then second choices, as in
    GShard, so an overflowing expert drops the latest and lowest-ranked assignments."""
    chosen = np.asarray(chosen)
    queue = chosen.T.ravel()                      # the order slots are filled in
    order = np.argsort(queue, kind="stable")      # by expert, in queue order within each
    first = np.searchsorted(queue[order], np.arange(experts))
    place = np.empty(queue.size, int)             # how many came to that expert before
    place[order] = np.arange(queue.size) - first[queue[order]]
    return (place < cap).reshape(chosen.shape[::-1]).T


def dropped_count(load: np.ndarray, cap: int) -> int:
    """Assignments that do not fit: Σ max(load − capacity, 0)."""
    return int(np.maximum(np.asarray(load) - cap, 0).sum())


def aux_loss(fractions, mean_probs) -> float:
    """Switch Transformer load-balancing loss E · Σ f_i · P_i (without the factor α):
    1 for perfectly uniform routing, E when every token goes to one expert with
    probability 1."""
    f, p = np.asarray(fractions, float), np.asarray(mean_probs, float)
    return float(len(f) * np.sum(f * p))


def balance_terms(chosen: np.ndarray, probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f_i, the share of the T·k assignments sent to expert i, and P_i, the mean router
    probability of expert i."""
    experts = probs.shape[1]
    return loads(chosen, experts) / np.asarray(chosen).size, probs.mean(axis=0)


def state(params: dict) -> dict:
    """Everything the figure and read-outs show for one setting."""
    t, e, k = params["tokens"], params["experts"], min(params["k"], params["experts"])
    logits = router_logits(t, e, params["skew"], params["noise"], params["seed"])
    chosen, gates, probs = route(logits, k)
    cap = capacity(t, e, k, params["cf"])
    load = loads(chosen, e)
    f, p = balance_terms(chosen, probs)
    return {"chosen": chosen, "gates": gates, "probs": probs, "cap": cap, "load": load,
            "keep": dispatch(chosen, e, cap), "f": f, "P": p, "k": k}


def stacked(bars: Bars, bottoms, tops) -> None:
    """Bars from ``bottoms`` to ``tops`` (the overflow stacked on the kept part)."""
    bars.set_heights(tops)
    verts = bars._verts
    verts[:, [0, 3, 4], 1] = np.asarray(bottoms, float)[:, None]
    bars.artist.get_path().vertices = verts.reshape(-1, 2)


# --- challenges --------------------------------------------------------------------------------
def _fmt(values, digits: int = 2) -> str:
    return ", ".join(f"{v:.{digits}f}" for v in values)


def _challenge_aux_loss(rng: random.Random) -> Challenge:
    setting = {"tokens": 8, "experts": 4, "k": 1, "skew": rng.choice((0.0, 1.0, 2.0, 3.0)),
               "noise": 1.0, "cf": 1.25, "seed": rng.randint(0, 999)}
    s = state({**MoeRouting.defaults(), **setting})
    p = np.round(s["P"], 2)
    return Challenge("moe-aux-loss", MoeRouting.id,
                     f"Top-1 routing of 8 tokens over 4 experts sends f = ({_fmt(s['f'], 3)}) "
                     f"of the tokens to each expert; the mean router probabilities are "
                     f"P = ({_fmt(p)}). What is the load-balancing loss E·Σ f_i·P_i?",
                     f"{aux_loss(s['f'], p):.4g}",
                     "Multiply each expert's token share by its mean probability, sum and "
                     "multiply by E. It is 1 when routing is uniform (f_i = P_i = 1/E) and "
                     "grows toward E as the router collapses onto one expert.",
                     setting, tolerance=0.02)


def _challenge_dropped(rng: random.Random) -> Challenge:
    k = rng.choice((1, 2))
    cf = rng.choice((1.0, 1.25, 1.5))
    setting = {"tokens": 32, "experts": 8, "k": k, "skew": rng.choice((1.0, 2.0, 3.0)),
               "noise": 1.0, "cf": cf, "seed": rng.randint(0, 999)}
    s = state({**MoeRouting.defaults(), **setting})
    return Challenge("moe-dropped-assignments", MoeRouting.id,
                     f"32 tokens, top-{k} routing over 8 experts, capacity factor {cf:g}. The "
                     f"experts receive {', '.join(str(int(x)) for x in s['load'])} "
                     "token–expert assignments. How many assignments are dropped?",
                     str(dropped_count(s["load"], s["cap"])),
                     f"Capacity = ⌊{cf:g} · {k} · 32 / 8⌋ = {s['cap']} slots per expert; every "
                     "assignment beyond that is dropped (the token skips that expert through "
                     "the residual).", setting)


def _challenge_capacity(rng: random.Random) -> Challenge:
    tokens = rng.choice((1024, 2048, 4096))
    experts = rng.choice((8, 16, 64))
    k = rng.choice((1, 2))
    cf = rng.choice((1.0, 1.25, 1.5, 2.0))
    return Challenge("moe-capacity", MoeRouting.id,
                     f"A batch of {tokens} tokens, top-{k} routing over {experts} experts, "
                     f"capacity factor {cf:g}: how many token slots does each expert get?",
                     str(capacity(tokens, experts, k, cf)),
                     "Capacity = ⌊capacity factor · k · tokens / E⌋: the average load times "
                     "a safety margin.", {"k": k, "cf": cf, "experts": 8, "tokens": 32})


class MoeRouting(Explorer):
    id = "moe-routing"
    title = "Mixture-of-experts routing"
    tags = ("architectures", "efficiency", "llm", "transformers")
    params = (
        Float("skew", "Router skew toward low-numbered experts", 0.0, 5.0, 1.0, step=0.05),
        Float("noise", "Router noise (logit std)", 0.0, 3.0, 1.0, step=0.05),
        Int("k", "Top-k experts per token", 1, 2, 2),
        Float("cf", "Capacity factor", 0.25, 3.0, 1.25, step=0.05),
        Int("tokens", "Tokens", 8, 64, 32, step=8),
        Int("experts", "Experts E", 2, 16, 8),
        Int("seed", "Router seed", 0, 999, 0),
    )
    presets = (
        Preset("Balanced router", {"skew": 0.0, "noise": 1.0}),
        Preset("Collapse onto expert 0", {"skew": 5.0, "noise": 0.3}),
        Preset("Switch: top-1, capacity 1.0", {"k": 1, "cf": 1.0, "skew": 1.0}),
        Preset("Mixtral-like: top-2 of 8", {"k": 2, "experts": 8, "cf": 1.25}),
        Preset("Generous capacity 2.0", {"cf": 2.0, "skew": 2.0}),
    )
    formula = (r"p_t = \operatorname{softmax}(z_t),\qquad "
               r"C = \left\lfloor \mathrm{CF}\cdot\frac{k\,T}{E}\right\rfloor,\qquad "
               r"L_{\mathrm{aux}} = E\sum_{i=1}^{E} f_i\,P_i")
    notice = ("Each row is one token's router probabilities; dots mark the experts it is sent "
              "to, crosses the assignments dropped because that expert was already full. Skew "
              "piles tokens onto the first experts: their bars pass the capacity line and the "
              "overflow (red) is dropped, while the loss E·Σ f·P climbs from 1 (uniform) "
              "toward E (collapse). A larger capacity factor drops fewer tokens at the cost of "
              "padding every expert to the same buffer size.")
    challenges = (_challenge_aux_loss, _challenge_dropped, _challenge_capacity)

    def build(self, fig, params: dict) -> None:
        self.fig = fig
        self.layout = None
        self.update(params)

    def _build(self, t: int, e: int) -> None:
        fig = self.fig
        fig.clear()
        self.ax_map, self.ax_load = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1, 1.15)})
        ax = self.ax_map
        self.mesh = heatmap(ax, np.zeros((t, e)), vmin=0, vmax=1, cmap="viridis")
        self.kept_dots, = ax.plot([], [], "o", ls="none", ms=5, mew=1, color="white",
                                  markeredgecolor="black")
        self.dropped_marks, = ax.plot([], [], "x", ls="none", ms=6, mew=2, color=PALETTE[3])
        ax.set_xticks(range(e), [str(i) for i in range(e)] if e <= 10
                      else [str(i) if i % 2 == 0 else "" for i in range(e)])
        step = 4 if t <= 32 else 8
        ax.set_yticks(range(0, t, step))
        ax.set_xlabel("expert")
        ax.set_ylabel("token")
        ax.set_title("router probabilities; ● sent, × dropped", fontsize=10)
        from matplotlib.cm import ScalarMappable

        fig.colorbar(ScalarMappable(self.mesh.norm, self.mesh.cmap), ax=ax, shrink=0.8,
                     label="p")
        # Cells take their colours from the map's table (p is already in [0, 1]): a frame
        # skips the norm's masked arrays.
        self.colour_table = self.mesh.cmap(np.arange(self.mesh.cmap.N))
        self.mesh.set_array(None)

        ax = self.ax_load
        x = np.arange(e)
        self.kept_bars = Bars(ax, x, color=PALETTE[0], width=0.75)
        self.over_bars = Bars(ax, x, color=PALETTE[3], width=0.75)
        self.cap_line = ax.axhline(0, color=PALETTE[1], lw=2, label="capacity C")
        ax.axhline(0, color=NEUTRAL, lw=1, ls="--", label="even load kT/E")
        self.even_line = ax.lines[-1]
        ax.set_xlim(-0.6, e - 0.4)
        ax.set_xticks(x, [str(i) for i in x] if e <= 10
                      else [str(i) if i % 2 == 0 else "" for i in x])
        ax.set_xlabel("expert")
        ax.set_ylabel("token–expert assignments")
        ax.set_title("load per expert (red: dropped)", fontsize=10)
        ax.grid(True, axis="y", alpha=0.4)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="upper right", fontsize=8)

    def update(self, params: dict) -> list | None:
        t, e = params["tokens"], params["experts"]
        s = state(params)
        top = self._ylim(t, s)
        layout = (t, e, top)
        rebuilt = layout != self.layout
        if rebuilt:
            if self.layout is None or self.layout[:2] != (t, e):
                self._build(t, e)
                follow_theme(self.fig)
            self.layout = layout
            self.ax_load.set_ylim(0, top)
        table = self.colour_table
        cells = np.minimum((s["probs"] * len(table)).astype(int), len(table) - 1)
        self.mesh.set_facecolor(table[cells.ravel()])
        rows = np.repeat(np.arange(t)[:, None], s["k"], axis=1)
        keep = s["keep"]
        self.kept_dots.set_data(s["chosen"][keep], rows[keep])
        self.dropped_marks.set_data(s["chosen"][~keep], rows[~keep])
        load, cap = s["load"], s["cap"]
        self.kept_bars.set_heights(np.minimum(load, cap))
        stacked(self.over_bars, np.minimum(load, cap), load)
        even = s["k"] * t / e
        set_level(self.cap_line, cap)
        set_level(self.even_line, even)
        if rebuilt:
            return None
        return [self.mesh, self.kept_dots, self.dropped_marks, self.kept_bars.artist,
                self.over_bars.artist, self.cap_line, self.even_line]

    @staticmethod
    def _ylim(t: int, s: dict) -> float:
        """A y-limit that changes only in steps, so most drags keep the axes."""
        need = max(int(s["load"].max()), s["cap"], 1) * 1.08
        top = 4
        while top < need:
            top = top * 3 // 2 if top & (top - 1) == 0 else top * 4 // 3   # 4, 6, 8, 12, 16…
        return float(top)

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        s = state(params)
        t, e, k = params["tokens"], params["experts"], s["k"]
        keep = s["keep"]
        dropped = dropped_count(s["load"], s["cap"])
        lost = int((~keep).all(axis=1).sum())
        g = s["gates"][0]
        gate_text = " + ".join(f"{w:.3f}" for w in g) + f" = {g.sum():.3f}"
        return [
            ("Capacity C = ⌊CF·k·T/E⌋",
             f"{s['cap']} slots per expert (even load {k * t / e:.3g})"),
            ("Load per expert", ", ".join(str(int(x)) for x in s["load"])),
            ("Assignments dropped", f"{dropped} of {t * k}"
             + (f"; {lost} token{'s' if lost != 1 else ''} lost every expert" if lost else "")),
            ("Load-balancing loss E·Σ f·P", (f"{aux_loss(s['f'], s['P']):.3f}  "
             f"(uniform 1, collapsed {e})")),
            ("Token 0's gate weights", f"experts {', '.join(map(str, s['chosen'][0]))}: "
             + gate_text),
            ("Router mass on chosen experts",
             (f"{np.take_along_axis(s['probs'], s['chosen'], 1).sum(axis=1).mean():.3f} "
             "(mean over tokens)")),
        ]
