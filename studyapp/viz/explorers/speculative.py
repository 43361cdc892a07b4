"""Speculative sampling on a six-token vocabulary: a draft q proposes K tokens, the target p
accepts each with probability min(1, p/q) and resamples the first rejection from the
residual max(0, p − q), so the emitted tokens follow p exactly (Leviathan et al., 2023;
Chen et al., 2023)."""

from __future__ import annotations

import functools
import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.numerics import softmax
from studyapp.viz.patches import Bars, cell_grid
from studyapp.viz.spec import Explorer, Float, Int, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

VOCAB = ("the", "cat", "sat", "on", "a", "mat")
TARGET_LOGITS = np.array([2.0, 1.3, 0.9, 0.3, -0.4, -1.0])
# How the draft's logits drift from the target's as the mismatch grows.
DRAFT_SHIFT = np.array([-1.0, 0.6, -0.4, 1.0, 0.3, -0.5])
MAX_K = 8


def target() -> np.ndarray:
    """The target model's next-token distribution p (the same at every position)."""
    return softmax(TARGET_LOGITS)


def draft(mismatch: float, temperature: float) -> np.ndarray:
    """The draft's distribution q = softmax((z_p + mismatch·shift) / temperature): equal to
    p at mismatch 0 and temperature 1."""
    return softmax((TARGET_LOGITS + mismatch * DRAFT_SHIFT) / temperature)


def acceptance_rate(p, q) -> float:
    """α = Σ_x min(p(x), q(x)) = 1 − TV(p, q): the chance one drafted token is accepted."""
    return float(np.minimum(np.asarray(p, float), np.asarray(q, float)).sum())


def accept_probability(p, q) -> np.ndarray:
    """min(1, p(x)/q(x)) for each token x (1 where q(x) = 0: such a token is never drafted)."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(q > 0, np.minimum(1.0, p / np.where(q > 0, q, 1.0)), 1.0)


def residual(p, q) -> np.ndarray:
    """norm(max(0, p − q)), the distribution a rejected position is resampled from (all
    zeros when p = q, where nothing is ever rejected)."""
    r = np.maximum(np.asarray(p, float) - np.asarray(q, float), 0.0)
    total = r.sum()
    return r / total if total > 1e-12 else np.zeros_like(r)


def expected_tokens(alpha: float, k: int) -> float:
    """Tokens emitted per target call, (1 − α^(K+1)) / (1 − α) = 1 + α + … + α^K."""
    if abs(1.0 - alpha) < 1e-12:
        return float(k + 1)
    return (1.0 - alpha ** (k + 1)) / (1.0 - alpha)


def speedup(alpha: float, k: int, cost: float) -> float:
    """Wall-clock speed-up over plain decoding when a draft step costs ``cost`` target
    steps: expected tokens / (K·c + 1)."""
    return expected_tokens(alpha, k) / (k * cost + 1.0)


def _inverse_cdf(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(probs)
    return np.minimum(np.searchsorted(cdf, u * cdf[-1], side="right"), len(probs) - 1)


@functools.lru_cache(maxsize=4)
def _uniforms(steps: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The seeded uniform draws of ``steps`` steps (draft, test, extra), drawn once: a
    drag of the draft's shape reuses them."""
    rng = np.random.default_rng(seed)
    draws = rng.random((steps, MAX_K)), rng.random((steps, MAX_K)), rng.random(steps)
    for u in draws:
        u.flags.writeable = False
    return draws


def simulate(p, q, k: int, steps: int, seed: int) -> dict:
    """``steps`` independent speculative steps with draft length k.

    Returns the drafts (steps, k), whether each passed its test (steps, k), the number
    accepted before the first rejection, the extra token each step ends with (resampled
    from the residual after a rejection, or a bonus token from p when all k passed) and
    the first emitted token. Draws are made for MAX_K positions, so changing k keeps the
    first positions' draws."""
    return _speculate(p, q, k, *_uniforms(steps, seed))


def _speculate(p, q, k: int, u_draft: np.ndarray, u_test: np.ndarray,
               u_extra: np.ndarray) -> dict:
    """``simulate`` on given uniform draws, one row per step (MAX_K columns)."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    u_draft, u_test = u_draft[:, :k], u_test[:, :k]
    drafts = _inverse_cdf(q, u_draft)
    passed = u_test < accept_probability(p, q)[drafts]
    rejected = ~passed
    n_acc = np.where(rejected.any(axis=1), rejected.argmax(axis=1), k)
    res = residual(p, q)
    from_res = _inverse_cdf(res, u_extra) if res.sum() > 0 else np.zeros(len(u_extra), int)
    extra = np.where(n_acc == k, _inverse_cdf(p, u_extra), from_res)
    first = np.where(n_acc > 0, drafts[:, 0], extra)
    return {"drafts": drafts, "passed": passed, "accepted": n_acc, "extra": extra,
            "first": first}


def emitted_distribution(p, q) -> np.ndarray:
    """The exact distribution of the first emitted token: accepted drafts min(p, q) plus the
    rejected mass 1 − α resampled from the residual — which adds up to p."""
    alpha = acceptance_rate(p, q)
    return np.minimum(p, q) + (1 - alpha) * residual(p, q)


@functools.cache
def _cell_rgba() -> dict[str, tuple]:
    """The step grid's colours, converted once."""
    from matplotlib.colors import to_rgba

    return {"unused": to_rgba(NEUTRAL, 0.15), "accepted": to_rgba(PALETTE[2]),
            "rejected": to_rgba(PALETTE[3]), "discarded": to_rgba(PALETTE[7], 0.6),
            "bonus": to_rgba(PALETTE[0]), "resampled": to_rgba(PALETTE[1])}


# --- challenges --------------------------------------------------------------------------------
def _setting(rng: random.Random) -> dict:
    return {"mismatch": rng.choice((0.5, 1.0, 1.5, 2.0, 2.5)),
            "Tq": rng.choice((0.5, 0.7, 1.0, 1.5, 2.0))}


def _pq_text(p, q) -> str:
    return (f"target p = ({', '.join(f'{x:.2f}' for x in p)}), draft q = "
            f"({', '.join(f'{x:.2f}' for x in q)}) over ({', '.join(VOCAB)})")


def _challenge_expected_tokens(rng: random.Random) -> Challenge:
    setting = _setting(rng)
    k = rng.randint(2, MAX_K)
    alpha = round(acceptance_rate(target(), draft(setting["mismatch"], setting["Tq"])), 2)
    return Challenge("speculative-expected-tokens", Speculative.id,
                     f"Each drafted token is accepted with probability α = {alpha:.2f}, "
                     f"independently, and the draft proposes K = {k} tokens per step. How many "
                     "tokens does one target forward pass produce on average?",
                     f"{expected_tokens(alpha, k):.4g}",
                     "The step emits the accepted prefix plus one more token (the resample "
                     "or the bonus): 1 + α + α² + … + α^K = (1 − α^(K+1))/(1 − α).",
                     {**setting, "K": k}, tolerance=0.02)


def _challenge_acceptance(rng: random.Random) -> Challenge:
    setting = _setting(rng)
    p = np.round(target(), 2)
    q = np.round(draft(setting["mismatch"], setting["Tq"]), 2)
    return Challenge("speculative-acceptance-rate", Speculative.id,
                     f"With {_pq_text(p, q)}: what is the probability that one drafted token "
                     "is accepted?", f"{acceptance_rate(p, q):.4g}",
                     "α = Σ_x q(x)·min(1, p(x)/q(x)) = Σ_x min(p(x), q(x)), one minus the "
                     "total-variation distance between p and q.", setting, tolerance=0.02)


def _challenge_accept_token(rng: random.Random) -> Challenge:
    setting = _setting(rng)
    p = np.round(target(), 2)
    q = np.round(draft(setting["mismatch"], setting["Tq"]), 2)
    over = [i for i in range(len(VOCAB)) if q[i] > p[i] and q[i] > 0]
    i = rng.choice(over) if over else rng.randrange(len(VOCAB))
    return Challenge("speculative-accept-token", Speculative.id,
                     f"The draft proposes “{VOCAB[i]}”, to which it gives q = {q[i]:.2f}; the "
                     f"target gives it p = {p[i]:.2f}. With what probability is it accepted?",
                     f"{float(accept_probability(p, q)[i]):.4g}",
                     "Accept with probability min(1, p(x)/q(x)): tokens the draft "
                     "over-proposes are thinned down to the target's rate.",
                     setting, tolerance=0.02)


def _challenge_exactness(rng: random.Random) -> Challenge:
    setting = _setting(rng)
    word = rng.choice(VOCAB)
    options = (f"p({word}), the target's probability", f"q({word}), the draft's probability",
               f"min(p, q)({word})", "it depends on K")
    return Challenge("speculative-exactness", Speculative.id,
                     f"Over many speculative steps, how often is the first emitted token "
                     f"“{word}”?", options[0],
                     "Accepted drafts contribute min(p, q); the rejected mass 1 − α is "
                     "resampled from norm(max(0, p − q)), which supplies exactly p − min(p, q). "
                     "The sum is p, whatever the draft and K.",
                     {**setting, "steps": 5000}, options=options)


class Speculative(Explorer):
    id = "speculative"
    title = "Speculative decoding"
    tags = ("decoding", "inference", "sampling", "llm")
    params = (
        Float("mismatch", "Draft mismatch", 0.0, 3.0, 1.0, step=0.05),
        Float("Tq", "Draft temperature", 0.25, 4.0, 1.0, log=True),
        Int("K", "Draft length K", 1, MAX_K, 4),
        Float("cost", "Draft cost c (target steps)", 0.0, 0.5, 0.05, step=0.01),
        Int("seed", "Seed (shown step and histogram)", 0, 999, 0),
        Int("steps", "Simulated steps", 200, 5000, 2000, step=100),
    )
    presets = (
        Preset("Perfect draft: q = p", {"mismatch": 0.0, "Tq": 1.0}),
        Preset("Good draft", {"mismatch": 0.5, "Tq": 1.0}),
        Preset("Poor draft", {"mismatch": 2.5, "Tq": 1.0}),
        Preset("Overconfident draft (T = 0.4)", {"mismatch": 0.5, "Tq": 0.4}),
        Preset("Long draft K = 8", {"K": 8, "mismatch": 0.5}),
    )
    formula = (r"\alpha = \sum_x \min\big(p(x), q(x)\big),\quad"
               r"\text{accept } x \text{ w.p. } \min\Big(1, \frac{p(x)}{q(x)}\Big),\quad"
               r"\mathbb{E}[\text{tokens}] = \frac{1-\alpha^{K+1}}{1-\alpha}")
    notice = ("The overlap min(p, q) (green) is the acceptance rate α. In the shown step, the "
              "drafts pass left to right (green) until the first rejection (red); that "
              "position is resampled from the residual (orange) and the later drafts are "
              "thrown away (grey); if all K pass, a bonus token comes from p (blue). Whatever "
              "the draft, the histogram of first tokens matches p: only the speed depends on "
              "α, through 1 + α + … + α^K tokens per target call.")
    challenges = (_challenge_expected_tokens, _challenge_acceptance, _challenge_accept_token,
                  _challenge_exactness)

    def build(self, fig, params: dict) -> None:
        (self.ax_pq, self.ax_res), (self.ax_step, self.ax_hist) = fig.subplots(2, 2)
        x = np.arange(len(VOCAB))
        ax = self.ax_pq
        self.p_bars = Bars(ax, x - 0.28, color=PALETTE[0], width=0.27, label="target p")
        self.overlap = Bars(ax, x, color=PALETTE[2], width=0.27, label="min(p, q)")
        self.q_bars = Bars(ax, x + 0.28, color=PALETTE[1], width=0.27, label="draft q")
        ax.set_xticks(x, VOCAB)
        ax.set_xlim(-0.6, len(VOCAB) - 0.4)
        ax.set_ylabel("probability")
        ax.set_title("target p, draft q; overlap sums to α", fontsize=10)
        ax.grid(True, axis="y", alpha=0.4)
        ax.legend(loc="upper right", fontsize=8)

        ax = self.ax_res
        self.res_bars = Bars(ax, x, color=PALETTE[3], width=0.6)
        ax.set_xticks(x, VOCAB)
        ax.set_xlim(-0.6, len(VOCAB) - 0.4)
        ax.set_ylim(0, 1.02)
        ax.set_title("residual norm(max(0, p − q))", fontsize=10)
        ax.grid(True, axis="y", alpha=0.4)

        ax = self.ax_step
        self.cells = cell_grid(ax, len(VOCAB), MAX_K + 1, size=0.9)
        # The grid holds the K + 1 columns in use only (the others are blank): every cell
        # costs a frame the same whether seen or not.
        self.all_cells = [path.vertices[:4] for path in self.cells.get_paths()]
        self.cells_k = None
        ax.set_xlim(-0.1, MAX_K + 1)
        ax.set_ylim(-0.1, len(VOCAB))
        ax.set_xticks(np.arange(MAX_K + 1) + 0.45, [str(i + 1) for i in range(MAX_K + 1)])
        ax.set_yticks(np.arange(len(VOCAB)) + 0.45, VOCAB[::-1])
        ax.set_xlabel("position in the step")
        ax.set_title("one seeded step (K drafts + 1)", fontsize=10)
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=PALETTE[c], label=name) for c, name in
                           ((2, "accepted"), (3, "rejected"), (1, "resampled"),
                            (7, "discarded"), (0, "bonus"))],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)

        ax = self.ax_hist
        self.hist = Bars(ax, x, color=PALETTE[0], width=0.6, alpha=0.6,
                         label="first emitted token")
        ax.plot(x, target(), "_", ls="none", ms=24, mew=3, color=PALETTE[3], label="target p")
        ax.set_xticks(x, VOCAB)
        ax.set_xlim(-0.6, len(VOCAB) - 0.4)
        ax.set_ylim(0, 0.65)
        ax.set_title("first emitted tokens vs p", fontsize=10)
        ax.grid(True, axis="y", alpha=0.4)
        ax.legend(loc="upper right", fontsize=8)
        self.layout = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        p, q = target(), draft(params["mismatch"], params["Tq"])
        self.overlap.set_heights(np.minimum(p, q))
        self.p_bars.set_heights(p)
        self.q_bars.set_heights(q)
        self.res_bars.set_heights(residual(p, q))
        draws = _uniforms(params["steps"], params["seed"])
        # The first emitted token is draft 1 if it passes, else a resample: K does not
        # matter, so the histogram simulates one draft per step; the grid shows step 0.
        first = _speculate(p, q, 1, *draws)["first"]
        self.hist.set_heights(np.bincount(first, minlength=len(VOCAB)) / params["steps"])
        shown = _speculate(p, q, params["K"], *(u[:1] for u in draws))
        k = params["K"]
        if k != self.cells_k:
            self.cells_k = k
            self.cells.set_verts([v for i, v in enumerate(self.all_cells)
                                  if i % (MAX_K + 1) <= k])
        self.cells.set_facecolor(self._step_colors(shown, k)[:, :k + 1].reshape(-1, 4))
        top = 0.65 if q.max() < 0.6 else 1.02
        if top != self.layout:
            self.layout = top
            self.ax_pq.set_ylim(0, top)
            return None
        return [self.overlap.artist, self.p_bars.artist, self.q_bars.artist,
                self.res_bars.artist, self.hist.artist, self.cells]

    @staticmethod
    def _step_colors(sim: dict, k: int) -> np.ndarray:
        """Cell colours (token rows from the top × positions) for step 0 of the simulation."""
        rgba = _cell_rgba()
        v = len(VOCAB)
        colors = np.zeros((v, MAX_K + 1, 4))
        colors[:, :k + 1] = rgba["unused"]
        n_acc = int(sim["accepted"][0])
        drafts = sim["drafts"][0]
        for i in range(k):
            if i < n_acc:
                colors[drafts[i], i] = rgba["accepted"]
            elif i == n_acc:
                colors[drafts[i], i] = rgba["rejected"]
            else:
                colors[drafts[i], i] = rgba["discarded"]
        colors[int(sim["extra"][0]), n_acc] = rgba["bonus" if n_acc == k else "resampled"]
        return colors

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        p, q = target(), draft(params["mismatch"], params["Tq"])
        k, cost = params["K"], params["cost"]
        alpha = acceptance_rate(p, q)
        sim = simulate(p, q, k, params["steps"], params["seed"])
        n_acc = int(sim["accepted"][0])
        drafts = [VOCAB[i] for i in sim["drafts"][0]]
        extra = VOCAB[int(sim["extra"][0])]
        if n_acc == k:
            story = f"{' '.join(drafts)} all accepted + bonus “{extra}”"
        else:
            story = (" ".join([*drafts[:n_acc], f"✗{drafts[n_acc]}"])
                     + f" → resampled “{extra}”")
        freq = np.bincount(sim["first"], minlength=len(VOCAB)) / params["steps"]
        best = max(range(1, MAX_K + 1), key=lambda kk: speedup(alpha, kk, cost))
        return [
            ("Acceptance rate α = Σ min(p, q)", f"{alpha:.3f}"),
            ("Tokens per target call", (f"{expected_tokens(alpha, k):.3f} expected, "
             f"{(sim['accepted'] + 1).mean():.3f} simulated (at most {k + 1})")),
            ("Speed-up at draft cost c", (f"{speedup(alpha, k, cost):.2f}× "
             f"(best K here: {best}, {speedup(alpha, best, cost):.2f}×)")),
            ("Shown step", f"{story}: {n_acc + 1} token{'s' if n_acc else ''}"),
            ("Largest |frequency − p|", (f"{np.abs(freq - p).max():.3f} over "
             f"{params['steps']} steps")),
        ]
