"""Chinchilla's parametric loss L(N, D): iso-FLOP curves, the compute-optimal split of a
budget C ≈ 6ND and the cost of training a smaller model for longer."""

from __future__ import annotations

import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.spec import Explorer, Float, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

# Hoffmann et al. (2022), Approach 3, as published (rounded) in the paper's body.
CHINCHILLA = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
SIZES = np.geomspace(1e7, 1e13, 241)          # N axis of the iso-FLOP panel
BUDGETS = np.geomspace(1e18, 1e26, 241)       # budgets along the optimum's locus
BACKGROUND_BUDGETS = tuple(10.0 ** k for k in range(18, 27))
LOSS_LIMITS = (1.6, 4.0)
COST_LIMITS = (0.8, 30.0)
RATIO_LIMITS = (0.05, 30.0)                   # N / N_opt on the cost panel
H100_BF16, MFU = 989e12, 0.4                  # dense peak FLOP/s, a typical utilisation


def loss(n, d, fit: dict = CHINCHILLA):
    """L(N, D) = E + A/N^α + B/D^β, in nats per token."""
    return fit["E"] + fit["A"] / np.power(n, fit["alpha"]) + fit["B"] / np.power(d, fit["beta"])


def tokens_for(n, compute):
    """D = C / (6N): the tokens a budget buys for a model of N parameters."""
    return compute / (6 * np.asarray(n, float))


def iso_flop_loss(n, compute, fit: dict = CHINCHILLA):
    """Loss along the iso-FLOP curve: model size N trained on C/(6N) tokens."""
    return loss(n, tokens_for(n, compute), fit)


def optimal(compute, fit: dict = CHINCHILLA) -> tuple:
    """Closed-form minimiser of L(N, C/6N): N_opt = G (C/6)^{β/(α+β)}, D_opt = C/(6 N_opt),
    G = (αA/(βB))^{1/(α+β)}."""
    a, b = fit["alpha"], fit["beta"]
    g = (a * fit["A"] / (b * fit["B"])) ** (1 / (a + b))
    n = g * np.power(compute / 6, b / (a + b))
    return n, compute / 6 / n


def rule_of_20(compute) -> tuple:
    """The 20-tokens-per-parameter rule: C = 6 N · 20 N, N = √(C/120)."""
    n = np.sqrt(compute / 120)
    return n, 20 * n


def tokens_to_reach(n: float, target: float, fit: dict = CHINCHILLA) -> float:
    """Tokens a model of N parameters needs to reach a loss, inf when its size alone keeps
    it above (E + A/N^α ≥ target)."""
    room = target - fit["E"] - fit["A"] / n ** fit["alpha"]
    return math.inf if room <= 0 else (fit["B"] / room) ** (1 / fit["beta"])


def extra_compute(n: float, compute: float, fit: dict = CHINCHILLA) -> float:
    """Compute a model of N parameters needs to match the compute-optimal loss at budget C,
    as a multiple of C (1 at N_opt, inf when it never gets there)."""
    target = float(loss(*optimal(compute, fit), fit))
    return 6 * n * tokens_to_reach(n, target, fit) / compute


def extra_compute_curve(sizes, compute, fit: dict = CHINCHILLA) -> np.ndarray:
    """``extra_compute`` for an array of sizes (inf where a size cannot get there)."""
    sizes = np.asarray(sizes, float)
    target = float(loss(*optimal(compute, fit), fit))
    room = target - fit["E"] - fit["A"] / sizes ** fit["alpha"]
    with np.errstate(divide="ignore", invalid="ignore"):
        tokens = np.where(room > 0, (fit["B"] / np.where(room > 0, room, 1)) ** (
            1 / fit["beta"]), np.inf)
    return 6 * sizes * tokens / compute


def smallest_reaching(target: float, fit: dict = CHINCHILLA) -> float:
    """The size below which no amount of data reaches a loss: A/N^α = target − E."""
    return (fit["A"] / (target - fit["E"])) ** (1 / fit["alpha"])


def _ratio(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def _count(n: float) -> str:
    for scale, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if n >= scale:
            return f"{n / scale:.3g}{unit}"
    return f"{n:.3g}"


# --- predict, then reveal ----------------------------------------------------------------------
def _sig(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}g}"


SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _flops(c: float) -> str:
    """3e23 → "3 × 10²³", 1e20 → "10²⁰"."""
    mantissa, exponent = f"{c:.3g}".split("e") if "e" in f"{c:.3g}" else (f"{c:.3g}", "0")
    power = "10" + str(int(exponent)).translate(SUPERSCRIPTS)
    return power if mantissa == "1" else f"{mantissa} × {power}"


def _challenge_tokens_per_param(rng: random.Random) -> Challenge:
    c = rng.choice((1e20, 1e21, 1e22, 1e23, 1e24, 1e25))
    n, d = optimal(c)
    return Challenge(
        "chinchilla-fit-tokens-per-param", ScalingLaws.id,
        f"Under the published Chinchilla fit (E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = "
        f"0.28), how many tokens per parameter does the compute-optimal model get at C = "
        f"{_flops(c)} FLOPs? (C = 6ND)", _sig(d / n),
        "D/N = G⁻² (C/6)^{(α−β)/(α+β)} with G = (αA/βB)^{1/(α+β)}: because α > β in the "
        "rounded fit the ratio grows with the budget instead of staying near 20.",
        {"C": c, "N": float(f"{n:.3g}")}, tolerance=0.02)


def _challenge_rule_of_20(rng: random.Random) -> Challenge:
    c = float(f"{rng.choice((1, 2, 3, 5, 6))}e{rng.randint(20, 25)}")
    n, _ = rule_of_20(c)
    return Challenge(
        "rule-of-20-model-size", ScalingLaws.id,
        f"With 20 tokens per parameter and C = 6ND, what model size (in billions of "
        f"parameters) is compute-optimal for C = {_flops(c)} FLOPs?", _sig(n / 1e9),
        "C = 6 · N · 20N = 120 N², so N = √(C/120) and D = 20N.",
        {"C": c, "N": float(f"{n:.3g}")}, tolerance=0.02)


def _challenge_smaller_model(rng: random.Random) -> Challenge:
    c = rng.choice((1e21, 1e22, 1e23, 1e24))
    shrink = rng.choice((2, 3, 4))
    n_opt, _ = optimal(c)
    n = float(f"{n_opt / shrink:.3g}")
    factor = extra_compute(n, c)
    return Challenge(
        "smaller-model-extra-compute", ScalingLaws.id,
        f"Published Chinchilla fit, budget C = {_flops(c)} FLOPs, compute-optimal size "
        f"{_count(n_opt)}. A model {shrink}× smaller ({_count(n)}) is trained on more tokens "
        "until it matches the optimal loss: how many times C does that take?",
        _sig(factor), "Solve E + A/N^α + B/D^β = L_opt for D, then compute 6ND / C. The "
        "premium is modest at 2× smaller and grows fast as the size term A/N^α eats the "
        "remaining loss budget.", {"C": c, "N": n}, tolerance=0.03)


def _challenge_six_nd(rng: random.Random) -> Challenge:
    n = rng.choice((1, 3, 7, 8, 13, 70)) * 1e9
    d = rng.choice((0.3, 1, 2, 4, 15)) * 1e12
    c = float(f"{6 * n * d:.4g}")
    return Challenge(
        "training-compute-6nd", ScalingLaws.id,
        f"About how many FLOPs (in units of 10²² FLOPs) does training a {n / 1e9:g}B-parameter "
        f"model on {d / 1e12:g}T tokens take?", _sig(c / 1e22),
        "C ≈ 6ND: 2N per token forward and 4N backward.", {"C": c, "N": n}, tolerance=0.01)


class ScalingLaws(Explorer):
    id = "scaling-laws"
    title = "Scaling laws: compute-optimal N and D"
    tags = ("llm", "pretraining", "efficiency")
    params = (
        Float("C", "Compute budget C (FLOPs)", 1e18, 1e26, 5.76e23, log=True),
        Float("N", "Model size N (parameters)", 1e7, 1e13, 7e10, log=True),
    )
    presets = (
        Preset("Chinchilla: 70B on 1.4T tokens", {"C": 5.88e23, "N": 7e10}),
        Preset("Gopher: 280B on 300B tokens", {"C": 5.04e23, "N": 2.8e11}),
        Preset("GPT-3: 175B on 300B tokens", {"C": 3.15e23, "N": 1.75e11}),
        Preset("Llama 3 8B: 15T tokens", {"C": 7.2e23, "N": 8e9}),
        Preset("Llama 2 7B: 2T tokens", {"C": 8.4e22, "N": 7e9}),
        Preset("A small budget, 10²⁰ FLOPs", {"C": 1e20, "N": 1e8}),
    )
    formula = (r"L(N,D) = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}},\quad C \approx 6ND,"
               r"\quad N_{opt} = G\left(\frac{C}{6}\right)^{\frac{\beta}{\alpha+\beta}},\ "
               r"G = \left(\frac{\alpha A}{\beta B}\right)^{\frac{1}{\alpha+\beta}}")
    notice = ("Left: at a fixed budget a small model sees many tokens but cannot fit them, a "
              "large one is undertrained; the minimum (orange) is the compute-optimal model "
              "and the dashed curve links the minima of all budgets. The bottom of each curve "
              "is flat: twice or half the optimal size costs little loss (the dotted gap). "
              "With the published, rounded fit (E = 1.69, A = 406.4, B = 410.7, α = 0.34, "
              "β = 0.28) the optimum drifts from about 25 to 150 tokens per parameter across "
              "these budgets and sits left of the 20-tokens rule (triangle) — the "
              "inconsistency Besiroglu et al. (2024) traced to rounding. Right: the compute a "
              "model of size N needs to reach the optimal loss of budget C, as a multiple of C "
              "— the same curve for every budget, since it depends on N/N_opt only. A model a "
              "few times smaller pays a modest premium, which serving a small model for years "
              "repays; below about a tenth of N_opt its size alone keeps the loss above the "
              "target, whatever the data.")

    challenges = (_challenge_tokens_per_param, _challenge_rule_of_20, _challenge_smaller_model,
                  _challenge_six_nd)

    def build(self, fig, params: dict) -> None:
        self.ax_iso, self.ax_cost = fig.subplots(1, 2)
        ax = self.ax_iso
        for c in BACKGROUND_BUDGETS:
            ax.semilogx(SIZES, iso_flop_loss(SIZES, c), color=NEUTRAL, lw=0.8, alpha=0.6)
        n_opt, _ = optimal(BUDGETS)
        ax.semilogx(n_opt, loss(*optimal(BUDGETS)), color=PALETTE[1], lw=1.2, ls="--",
                    label="optimum of each budget")
        self.iso_line, = ax.semilogx([], [], color=PALETTE[0], lw=2.2, label="this budget C")
        self.gap_line, = ax.semilogx([], [], color=PALETTE[3], lw=1.5, ls=":")
        self.opt_dot, = ax.semilogx([], [], "o", color=PALETTE[1], ms=9, label="N_opt (fit)")
        self.n_dot, = ax.semilogx([], [], "o", color=PALETTE[3], ms=7, label="chosen N")
        self.rule_dot, = ax.semilogx([], [], "^", color=PALETTE[4], ms=8, mec="white",
                                     mew=0.8, label="20 tokens/param")
        ax.set_xlim(SIZES[0], SIZES[-1])
        ax.set_ylim(*LOSS_LIMITS)
        ax.set_xlabel("parameters N (tokens D = C / 6N)")
        ax.set_ylabel("loss (nats/token)")
        ax.set_title("Iso-FLOP curves")
        ax.legend(fontsize=8, loc="upper right")
        ax.grid(True, alpha=0.4)

        ax = self.ax_cost
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(*RATIO_LIMITS)
        ax.set_ylim(*COST_LIMITS)
        # The same curve for every budget: the premium depends on N/N_opt only.
        ratios = np.geomspace(*RATIO_LIMITS, 241)
        cost = extra_compute_curve(ratios * optimal(1e21)[0], 1e21)
        ax.plot(ratios, np.where(np.isfinite(cost), cost, np.nan), color=PALETTE[0], lw=2.2)
        n_opt, d_opt = optimal(1e21)
        ax.axvline(smallest_reaching(float(loss(n_opt, d_opt))) / n_opt, color=PALETTE[7],
                   lw=1, ls="--", label="never reaches it")
        ax.plot([1.0], [1.0], "o", color=PALETTE[1], ms=9, label="N_opt")
        self.cost_n, = ax.plot([], [], "o", color=PALETTE[3], ms=7, label="chosen N")
        self.cost_rule, = ax.plot([], [], "^", color=PALETTE[4], ms=8, mec="white", mew=0.8,
                                  label="20 tokens/param")
        ax.set_xlabel("N / N_opt")
        ax.set_ylabel("compute to reach the optimal loss (× C)")
        ax.set_title("Cost of a non-optimal size")
        ax.legend(fontsize=8, loc="upper center")
        ax.grid(True, which="major", alpha=0.4)
        self.update(params)

    def update(self, params: dict) -> list | None:
        c, n = params["C"], params["N"]
        self.iso_line.set_data(SIZES, iso_flop_loss(SIZES, c))
        n_opt, d_opt = optimal(c)
        l_opt = float(loss(n_opt, d_opt))
        self.opt_dot.set_data([n_opt], [l_opt])
        n_rule, _ = rule_of_20(c)
        self.rule_dot.set_data([n_rule], [float(iso_flop_loss(n_rule, c))])
        l_n = float(iso_flop_loss(n, c))
        self.n_dot.set_data([n], [l_n])
        self.gap_line.set_data([n, n], [l_opt, l_n])          # the loss gap at equal compute

        self.cost_n.set_data([n / n_opt], [min(extra_compute(n, c), COST_LIMITS[1] * 10)])
        self.cost_rule.set_data([n_rule / n_opt], [extra_compute(n_rule, c)])
        return [self.iso_line, self.gap_line, self.opt_dot, self.n_dot, self.rule_dot,
                self.cost_n, self.cost_rule]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        c, n = params["C"], params["N"]
        n_opt, d_opt = optimal(c)
        l_opt = float(loss(n_opt, d_opt))
        n_rule, d_rule = rule_of_20(c)
        d = tokens_for(n, c)
        l_n = float(loss(n, d))
        factor = extra_compute(n, c)
        hours = c / (H100_BF16 * MFU) / 3600
        if math.isfinite(factor):
            extra = (f"{tokens_to_reach(n, l_opt) / 1e12:,.3g}T tokens, C × {factor:.3g} "
                     f"({factor - 1:+.1%})")
        else:
            floor = CHINCHILLA["E"] + CHINCHILLA["A"] / n ** CHINCHILLA["alpha"]
            extra = f"never: its size alone keeps the loss above {floor:.3f}"
        return [
            ("Budget C", f"{_flops(c)} FLOPs ≈ {hours:,.0f} H100-hours at 40% MFU"),
            ("Compute-optimal (fit)", (f"N = {_count(n_opt)}, D = {_count(d_opt)} tokens, "
                                       f"{d_opt / n_opt:.1f} tokens/param, loss {l_opt:.4f}")),
            ("20-tokens rule", (f"N = {_count(n_rule)}, D = {_count(d_rule)}, "
                                f"loss {float(loss(n_rule, d_rule)):.4f}")),
            ("Chosen N", (f"{_count(n)} on D = C/6N = {_count(d)} tokens, "
                          f"{_ratio(d / n)} tokens/param")),
            ("Its loss, gap to the optimum", f"{l_n:.4f}, +{l_n - l_opt:.4f} nats"),
            ("To reach the optimal loss", extra),
            ("N / N_opt", f"{n / n_opt:.3g}"),
        ]
