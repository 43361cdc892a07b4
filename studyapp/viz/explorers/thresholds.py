"""Decision thresholds: confusion matrix, ROC and PR curves, and calibration.

Scores of negatives are N(0, 1) and of positives N(d′, 1); a share π of the examples are
positive. Every quantity is the population value (expected counts per 1000 examples), so
the curves are exact and smooth. The model's probability is σ(k·z/T), where z is the true
posterior log-odds: k > 1 is an overconfident model and temperature T = k calibrates it.
"""

from __future__ import annotations

import functools
import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.numerics import normal_cdf, normal_pdf, sigmoid
from studyapp.viz.patches import UNIT_SQUARE, Bars, polygons, squares
from studyapp.viz.spec import Explorer, Float, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

N = 1000                                    # counts are per 1000 examples
SCORES = np.linspace(-4.0, 8.0, 481)        # the plotted score axis
CURVE_T = np.linspace(-9.0, 13.0, 1101)     # thresholds that trace the ROC and PR curves
BINS = 10                                   # reliability-diagram bins
_QUAD = np.linspace(-10.0, 14.0, 6001)      # quadrature grid over the score


def rates(t, sep: float):
    """(TPR, FPR) at threshold t (predict positive when score > t)."""
    return 1.0 - normal_cdf(np.asarray(t, float) - sep), 1.0 - normal_cdf(t)


def confusion(t: float, sep: float, pos: float, n: int = N) -> dict:
    """Expected TP, FP, FN, TN among n examples."""
    tpr, fpr = (float(v) for v in rates(t, sep))
    return {"TP": n * pos * tpr, "FP": n * (1 - pos) * fpr,
            "FN": n * pos * (1 - tpr), "TN": n * (1 - pos) * (1 - fpr)}


def metrics(tp: float, fp: float, fn: float, tn: float = 0.0) -> dict:
    """Precision, recall, F1 and accuracy from counts (precision is 1 with no predictions)."""
    precision = tp / (tp + fp) if tp + fp > 0 else 1.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp > 0 else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "accuracy": (tp + tn) / (tp + fp + fn + tn)}


def roc_point(t: float, sep: float, pos: float) -> np.ndarray:
    """(FPR, TPR) computed from the expected confusion counts at class ratio π."""
    c = confusion(t, sep, pos)
    return np.array([c["FP"] / (c["FP"] + c["TN"]), c["TP"] / (c["TP"] + c["FN"])])


def roc_curve(sep: float) -> tuple[np.ndarray, np.ndarray]:
    """(FPR, TPR) as the threshold sweeps from high to low."""
    tpr, fpr = rates(CURVE_T[::-1], sep)
    return fpr, tpr


def roc_auc(sep: float) -> float:
    """P(positive score > negative score) = Φ(d′/√2) for equal-variance Gaussians."""
    return float(normal_cdf(sep / math.sqrt(2)))


def precision_at(tpr, fpr, pos: float):
    tp, fp = pos * np.asarray(tpr), (1 - pos) * np.asarray(fpr)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1e-300), 1.0)


def pr_curve(sep: float, pos: float) -> tuple[np.ndarray, np.ndarray]:
    """(recall, precision) as the threshold sweeps from high to low."""
    tpr, fpr = rates(CURVE_T[::-1], sep)
    return tpr, precision_at(tpr, fpr, pos)


def average_precision(sep: float, pos: float) -> float:
    """Area under the PR curve, ∫ precision d(recall)."""
    recall, precision = pr_curve(sep, pos)
    return float(np.sum(np.diff(recall) * 0.5 * (precision[1:] + precision[:-1])))


def true_logit(s, sep: float, pos: float):
    """log P(y=1|s)/P(y=0|s) = d′s − d′²/2 + log(π/(1 − π))."""
    return sep * np.asarray(s, float) - sep ** 2 / 2 + math.log(pos / (1 - pos))


def predicted(s, sep: float, pos: float, k: float, temperature: float):
    """The model's probability σ(k·z/T): logits k times too large, divided by T."""
    return sigmoid(k * true_logit(s, sep, pos) / temperature)


def reliability(sep: float, pos: float, k: float, temperature: float,
                bins: int = BINS) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Per equal-width bin of predicted probability: mean prediction, observed share of
    positives, share of examples; and ECE = Σ_b w_b |share_pos_b − mean_pred_b|. Population
    values by quadrature over the score."""
    s = _QUAD
    neg, posd = (1 - pos) * normal_pdf(s), pos * normal_pdf(s - sep)
    weight = (neg + posd) * (s[1] - s[0])
    p = predicted(s, sep, pos, k, temperature)
    b = np.minimum((p * bins).astype(int), bins - 1)
    mass = np.bincount(b, weight, bins)
    conf = np.bincount(b, weight * p, bins)
    hits = np.bincount(b, posd * (s[1] - s[0]), bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_pred, observed = conf / mass, hits / mass
    share = mass / mass.sum()
    ece = float(np.sum(np.abs(hits - conf)) / mass.sum())
    return mean_pred, observed, share, ece


def expected_nll(sep: float, pos: float, k: float, temperature: float) -> float:
    """Expected log loss of the model's probabilities (nats)."""
    s = _QUAD
    neg, posd = (1 - pos) * normal_pdf(s), pos * normal_pdf(s - sep)
    logit = k * true_logit(s, sep, pos) / temperature
    loss = posd * np.logaddexp(0, -logit) + neg * np.logaddexp(0, logit)
    return float(np.sum(loss) * (s[1] - s[0]))


@functools.lru_cache(maxsize=16)
def _threshold_free(sep: float, pos: float, k: float, temperature: float) -> tuple:
    """The read-outs that do not depend on the threshold (quadratures over the score),
    computed once while the threshold is dragged: ECE at T, at T = 1 and at T = k, log
    loss at T and at T = k, average precision."""
    return (reliability(sep, pos, k, temperature)[3], reliability(sep, pos, k, 1.0)[3],
            reliability(sep, pos, k, k)[3], expected_nll(sep, pos, k, temperature),
            expected_nll(sep, pos, k, k), average_precision(sep, pos))


def _scaled_squares(centres: np.ndarray, sides: np.ndarray) -> np.ndarray:
    """Squares of the given side lengths centred on the given points."""
    return centres[:, None, :] + sides[:, None, None] * (UNIT_SQUARE[None] - 0.5)


def _region(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The polygon under y(x) down to zero."""
    if len(x) == 0:
        return np.zeros((0, 2))
    polygon = np.empty((len(x) + 2, 2))
    polygon[:-2, 0], polygon[:-2, 1] = x, y
    polygon[-2:] = (x[-1], 0.0), (x[0], 0.0)
    return polygon


# --- challenges -----------------------------------------------------------------------------
def _g(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}g}"


def challenge_counts_metric(rng: random.Random) -> Challenge:
    sep, pos = rng.choice((1.0, 1.5, 2.0, 2.5)), rng.choice((0.1, 0.2, 0.3, 0.5))
    t = rng.choice((0.5, 1.0, 1.5, 2.0))
    counts = {k: round(v) for k, v in confusion(t, sep, pos).items()}
    which = rng.choice(("precision", "recall", "F1"))
    value = metrics(counts["TP"], counts["FP"], counts["FN"], counts["TN"])[which.lower()]
    formula = {"precision": "precision = TP/(TP + FP)", "recall": "recall = TP/(TP + FN)",
               "F1": "F1 = 2TP/(2TP + FP + FN), the harmonic mean of precision and recall"}
    return Challenge("threshold-counts-metric", "thresholds",
                     f"Of 1000 examples, a threshold gives TP = {counts['TP']}, FP = "
                     f"{counts['FP']}, FN = {counts['FN']}, TN = {counts['TN']}. What is the "
                     f"{which}? (two decimals are enough)", _g(value),
                     f"{formula[which]}; TN does not enter it.",
                     {"sep": sep, "pos": pos, "t": t}, tolerance=0.01)


def challenge_auc(rng: random.Random) -> Challenge:
    sep = rng.choice((0.5, 1.0, 1.5, 2.0, 2.5, 3.0))
    return Challenge("roc-auc-equal-variance", "thresholds",
                     f"Negatives score N(0, 1), positives N({sep:g}, 1). What is the ROC AUC? "
                     "(two decimals are enough)", _g(roc_auc(sep)),
                     "AUC = P(positive score > negative score); the difference of the two "
                     "scores is N(d′, 2), so AUC = Φ(d′/√2).", {"sep": sep}, tolerance=0.01)


def challenge_rare_positives(rng: random.Random) -> Challenge:
    sep, low = rng.choice((1.0, 1.5, 2.0)), rng.choice((0.01, 0.02, 0.05))
    roc_same = all(np.isclose(roc_point(t, sep, low), roc_point(t, sep, 0.5)).all()
                   for t in np.linspace(-2, 5, 15))
    ap_drop = average_precision(sep, low) < average_precision(sep, 0.5) - 0.05
    options = ("ROC stays, PR drops", "both stay", "ROC drops, PR stays", "both drop")
    answer = options[(0 if ap_drop else 1) if roc_same else (3 if ap_drop else 2)]
    return Challenge("roc-vs-pr-class-ratio", "thresholds",
                     f"Same score distributions (d′ = {sep:g}), but positives fall from 50% to "
                     f"{low:.0%} of the data. What happens to the ROC and PR curves?", answer,
                     "TPR and FPR are each normalised within one class, so ROC ignores the "
                     "ratio; precision mixes the classes, so the many negatives' false "
                     "positives pull the PR curve down toward the new prevalence.",
                     {"sep": sep, "pos": low}, options=options)


def challenge_temperature(rng: random.Random) -> Challenge:
    k = rng.choice((1.5, 2.0, 2.5, 3.0, 4.0))
    return Challenge("calibrating-temperature", "thresholds",
                     f"A model's logits are {k:g} times the true log-odds (overconfident). "
                     "Which temperature T calibrates it?", _g(k),
                     "Dividing the logits by T = k gives back the true posterior; accuracy "
                     "and the ROC do not change, only the confidence.",
                     {"k": k, "T": k}, tolerance=0.01)


class Thresholds(Explorer):
    id = "thresholds"
    title = "Thresholds, ROC, PR and calibration"
    tags = ("metrics", "evaluation", "probability")
    params = (
        Float("t", "Threshold on the score", -3.0, 7.0, 1.0, step=0.05),
        Float("sep", "Class separation d′", 0.0, 4.0, 1.5, step=0.05),
        Float("pos", "Positives share π", 0.01, 0.9, 0.3, step=0.01),
        Float("k", "Overconfidence k (logits × k)", 0.5, 4.0, 2.5, step=0.05),
        Float("T", "Temperature T", 0.25, 8.0, 1.0, log=True),
    )
    presets = (
        Preset("Balanced classes", {"pos": 0.5, "t": 0.75}),
        Preset("Rare positives (1%): ROC stays, PR collapses", {"pos": 0.01, "t": 2.0}),
        Preset("Well separated (d′ = 3)", {"sep": 3.0, "t": 1.5}),
        Preset("No signal (d′ = 0)", {"sep": 0.0}),
        Preset("Temperature scaling: T = k", {"T": 2.5}),
        Preset("Underconfident model (k = 0.5)", {"k": 0.5}),
    )
    # Two rows: on one, the formula is wider than the pane at 100 % text.
    formula = (r"\begin{gathered}P = \frac{TP}{TP+FP},\quad R = \frac{TP}{TP+FN},\quad"
               r" F_1 = \frac{2PR}{P+R}\\ \operatorname{AUC} = \Phi\left(\frac{d'}{\sqrt{2}}"
               r"\right),\quad \operatorname{ECE} = \sum_b \frac{|B_b|}{n}\,"
               r"|\operatorname{acc}_b - \operatorname{conf}_b|\end{gathered}")
    notice = ("Moving the threshold trades recall for precision and walks the operating point "
              "along both curves. Change the positives' share: the ROC curve and its AUC do not "
              "move at all (TPR and FPR are each computed within one class), while the PR curve "
              "sinks toward the prevalence line as positives get rare. The model's logits are k "
              "times too large, so its reliability curve is flatter than the diagonal (too sure "
              "at both ends); temperature T = k puts it back on the diagonal and ECE near zero without changing any "
              "ranking, threshold curve or accuracy.")

    def build(self, fig, params: dict) -> None:
        grid = fig.add_gridspec(2, 3, height_ratios=(1, 1))
        self.ax_dist = fig.add_subplot(grid[0, :2])
        self.ax_cm = fig.add_subplot(grid[0, 2])
        self.ax_roc = fig.add_subplot(grid[1, 0])
        self.ax_pr = fig.add_subplot(grid[1, 1])
        self.ax_rel = fig.add_subplot(grid[1, 2])
        small = {"fontsize": 9}
        for ax in (self.ax_dist, self.ax_cm, self.ax_roc, self.ax_pr, self.ax_rel):
            ax.tick_params(labelsize=8)
        for ax in (self.ax_dist, self.ax_roc, self.ax_pr, self.ax_rel):
            ax.grid(True, alpha=0.4)

        ax = self.ax_dist
        self.areas = polygons(ax, [np.zeros((0, 2))] * 3, alpha=0.35,
                              facecolors=[PALETTE[2], PALETTE[3], PALETTE[1]])
        self.neg_line, = ax.plot([], [], color=PALETTE[0], lw=1.5, label="negatives")
        self.pos_line, = ax.plot([], [], color=PALETTE[2], lw=1.5, label="positives")
        self.t_line = ax.axvline(params["t"], color=PALETTE[3], lw=1.5)
        ax.set_xlim(SCORES[0], SCORES[-1])
        ax.set_ylim(0, 0.42)
        ax.set_xlabel("score", **small)
        ax.set_title("Scores (area = share); green TP, red FP, orange FN", **small)
        ax.legend(loc="upper right", fontsize=7)

        ax = self.ax_cm
        self.cells = polygons(ax, squares(np.zeros((4, 2))),
                              facecolors=[PALETTE[2], PALETTE[1], PALETTE[3], PALETTE[0]])
        cells = ((0, 1), (1, 1), (0, 0), (1, 0))
        for (x, y), name in zip(cells, ("TP", "FN", "FP", "TN"), strict=True):
            ax.text(x - 0.46, y + 0.46, name, fontsize=7, va="top", ha="left", zorder=3)
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        ax.set_aspect("equal")
        ax.set_xticks([0, 1], ["pred +", "pred −"])
        ax.set_yticks([1, 0], ["actual +", "actual −"])
        ax.tick_params(length=0)
        ax.axhline(0.5, color=NEUTRAL, lw=0.8)
        ax.axvline(0.5, color=NEUTRAL, lw=0.8)
        ax.set_title("Confusion (area ∝ count)", **small)

        ax = self.ax_roc
        ax.plot([0, 1], [0, 1], ls="--", color=NEUTRAL, lw=1)
        self.roc, = ax.plot([], [], color=PALETTE[0], lw=1.8)
        self.roc_point, = ax.plot([], [], "o", color=PALETTE[3], ms=6)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.01)
        ax.set_xlabel("FPR", **small)
        ax.set_ylabel("TPR (recall)", **small)
        ax.set_title("ROC", **small)

        ax = self.ax_pr
        self.baseline, = ax.plot([0, 1], [0, 0], ls="--", color=NEUTRAL, lw=1)
        self.pr, = ax.plot([], [], color=PALETTE[4], lw=1.8)
        self.pr_point, = ax.plot([], [], "o", color=PALETTE[3], ms=6)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.01)
        ax.set_xlabel("recall", **small)
        ax.set_ylabel("precision", **small)
        ax.set_title("Precision–recall (-- prevalence)", **small)

        ax = self.ax_rel
        self.share = Bars(ax, (np.arange(BINS) + 0.5) / BINS, width=0.9 / BINS,
                          color=PALETTE[7], alpha=0.35)
        ax.plot([0, 1], [0, 1], ls="--", color=NEUTRAL, lw=1)
        self.rel, = ax.plot([], [], "o-", color=PALETTE[1], ms=4, lw=1.5)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.01)
        ax.set_xlabel("predicted P(+)", **small)
        ax.set_ylabel("observed share +", **small)
        ax.set_title("Reliability (bars: share)", **small)
        self.state: dict = {}
        self.update(params)

    def update(self, params: dict) -> list | None:
        t, sep, pos = params["t"], params["sep"], params["pos"]
        k, temperature = params["k"], params["T"]
        changed = {name for name in ("t", "sep", "pos", "k", "T")
                   if self.state.get(name) != params[name]}
        self.state = dict(params)
        artists = []
        if changed & {"sep", "pos"}:
            neg, posd = (1 - pos) * normal_pdf(SCORES), pos * normal_pdf(SCORES - sep)
            self.neg_line.set_data(SCORES, neg)
            self.pos_line.set_data(SCORES, posd)
            self.densities = neg, posd           # the shaded areas reuse them as t moves
            artists += [self.neg_line, self.pos_line]
        if changed & {"t", "sep", "pos"}:
            self.areas.set_verts(self._shaded(t, sep, pos))
            self.t_line.set_xdata([t, t])
            counts = confusion(t, sep, pos)
            # at most 0.7 wide, so the squares never cover the cells' labels
            sides = 0.7 * np.sqrt([counts[c] / N for c in ("TP", "FN", "FP", "TN")])
            centres = np.array([(0, 1), (1, 1), (0, 0), (1, 0)], float)
            self.cells.set_verts(_scaled_squares(centres, sides))
            tpr, fpr = rates(t, sep)
            self.roc_point.set_data([fpr], [tpr])
            self.pr_point.set_data([tpr], [precision_at(tpr, fpr, pos)])
            artists += [self.areas, self.t_line, self.cells, self.roc_point, self.pr_point]
        if "sep" in changed:
            self.roc.set_data(*roc_curve(sep))
            artists.append(self.roc)
        if changed & {"sep", "pos"}:
            self.pr.set_data(*pr_curve(sep, pos))
            self.baseline.set_ydata([pos, pos])
            artists += [self.pr, self.baseline]
        if changed & {"sep", "pos", "k", "T"}:
            mean_pred, observed, share, _ = reliability(sep, pos, k, temperature)
            self.rel.set_data(mean_pred, observed)
            self.share.set_heights(share)
            artists += [self.rel, self.share.artist]
        return artists

    def _shaded(self, t: float, sep: float, pos: float) -> list[np.ndarray]:
        """The TP, FP and FN areas: under the densities right (left) of t, closed at t."""
        neg, posd = self.densities
        right = slice(np.searchsorted(SCORES, t, "left"), None)      # the scores ≥ t
        left = slice(None, np.searchsorted(SCORES, t, "right"))      # the scores ≤ t
        at_t = {"pos": pos * normal_pdf(t - sep), "neg": (1 - pos) * normal_pdf(t)}
        start, end = t >= SCORES[0], t <= SCORES[-1]
        x_right = np.concatenate(([t] if start else [], SCORES[right]))
        x_left = np.concatenate((SCORES[left], [t] if end else []))
        return [
            _region(x_right, np.concatenate(([at_t["pos"]] if start else [], posd[right]))),
            _region(x_right, np.concatenate(([at_t["neg"]] if start else [], neg[right]))),
            _region(x_left, np.concatenate((posd[left], [at_t["pos"]] if end else [])))]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        t, sep, pos = params["t"], params["sep"], params["pos"]
        k, temperature = params["k"], params["T"]
        c = confusion(t, sep, pos)
        m = metrics(c["TP"], c["FP"], c["FN"], c["TN"])
        fpr = float(rates(t, sep)[1])
        counts = " · ".join(f"{name} {c[name]:.0f}" for name in ("TP", "FP", "FN", "TN"))
        ece, ece_raw, ece_k, nll, best, ap = _threshold_free(sep, pos, k, temperature)
        p_model = float(predicted(t, sep, pos, k, temperature))
        p_true = float(predicted(t, sep, pos, 1.0, 1.0))
        return [
            ("Per 1000 examples", counts),
            ("Precision · recall · F1",
             f"{m['precision']:.3f} · {m['recall']:.3f} · {m['f1']:.3f}"),
            ("FPR · accuracy", f"{fpr:.3f} · {m['accuracy']:.3f}"),
            ("ROC AUC = Φ(d′/√2)", f"{roc_auc(sep):.3f} (no π in it)"),
            ("Average precision", f"{ap:.3f} (random: π = {pos:.2f})"),
            ("ECE (10 bins)",
             f"{ece:.3f} at T = {temperature:.3g} (T = 1: {ece_raw:.3f}, T = k: {ece_k:.3f})"),
            ("Log loss", f"{nll:.3f} nats (at T = k = {k:g}: {best:.3f})"),
            ("Model P(+) at the threshold", f"{p_model:.3f} (true posterior {p_true:.3f})"),
        ]

    challenges = (challenge_counts_metric, challenge_auc, challenge_rare_positives,
                  challenge_temperature)
