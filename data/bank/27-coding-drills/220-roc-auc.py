# --- starter ---
import numpy as np


def roc_curve(y_true, scores):
    """(fpr, tpr): one point per distinct score, thresholds descending, starting at (0, 0).

    y_true (N,) of 0/1, scores (N,) float. Raises ValueError unless both classes occur.
    """
    raise NotImplementedError


def roc_auc(y_true, scores):
    """Trapezoidal area under roc_curve(y_true, scores)."""
    raise NotImplementedError


def auc_mann_whitney(y_true, scores):
    """(R_pos - n_pos (n_pos + 1) / 2) / (n_pos n_neg) with average ranks for tied scores."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def _counts(y_true):
    y = np.asarray(y_true).astype(int)
    n_pos = int(y.sum())
    if n_pos == 0 or n_pos == len(y):
        raise ValueError("ROC-AUC needs at least one positive and one negative example")
    return y, n_pos, len(y) - n_pos


def roc_curve(y_true, scores):
    y, n_pos, n_neg = _counts(y_true)
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], y[order]
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]    # last example of each group of equal scores
    tps = np.cumsum(y)[last]
    fps = last + 1 - tps
    return np.r_[0, fps] / n_neg, np.r_[0, tps] / n_pos


def roc_auc(y_true, scores):
    fpr, tpr = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def auc_mann_whitney(y_true, scores):
    y, n_pos, n_neg = _counts(y_true)
    order = np.argsort(scores, kind="stable")
    s = scores[order]
    starts = np.r_[0, np.nonzero(np.diff(s))[0] + 1]
    ends = np.r_[starts[1:], len(s)]
    ranks = np.empty(len(s))
    ranks[order] = np.repeat((starts + 1 + ends) / 2, ends - starts)   # average 1-based rank per tie group
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
# --- tests ---
import numpy as np


def pair_count_auc(y, s):
    """Slow reference: the fraction of (positive, negative) pairs ranked correctly, ties count 1/2."""
    pos, neg = s[y == 1], s[y == 0]
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def both(ns, y, s):
    return ns["roc_auc"](y, s), ns["auc_mann_whitney"](y, s)


def test_hand_checked_case_without_ties(ns):
    y, s = np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])
    fpr, tpr = ns["roc_curve"](y, s)
    assert_close(fpr, [0, 0, 0.5, 0.5, 1], case="fpr at thresholds 0.8, 0.4, 0.35, 0.1", inputs={"y": y, "s": s})
    assert_close(tpr, [0, 0.5, 0.5, 1, 1], case="tpr at thresholds 0.8, 0.4, 0.35, 0.1", inputs={"y": y, "s": s})
    auc, mw = both(ns, y, s)
    assert_close(auc, 0.75, case="area under the curve: 3 of 4 pairs ordered correctly")
    assert_close(mw, 0.75, case="rank sum: positive ranks 2 + 4 = 6, minus 3, over 4")


def test_tied_scores_count_one_half(ns):
    y, s = np.array([0, 1, 0, 1]), np.array([0.5, 0.5, 0.2, 0.9])
    fpr, tpr = ns["roc_curve"](y, s)
    case = "tied scores form one point of the curve (a diagonal step), not one per example"
    assert_close(fpr, [0, 0, 0.5, 1], case=case + " (fpr)", inputs={"y": y, "s": s})
    assert_close(tpr, [0, 0.5, 1, 1], case=case + " (tpr)", inputs={"y": y, "s": s})
    auc, mw = both(ns, y, s)
    assert_close(auc, 0.875, case="tied scores: the tied positive-negative pair counts one half (area)")
    assert_close(mw, 0.875, case="tied scores: give tied examples their average rank (rank sum)")
    auc, mw = both(ns, np.array([1, 0, 0, 1, 0]), np.full(5, 0.3))
    assert_close([auc, mw], [0.5, 0.5], case="tied scores: all scores equal gives AUC 0.5")


def test_matches_pair_counting_on_random_scores_with_ties(ns):
    rng = np.random.default_rng(0)
    for trial in range(4):
        y = rng.integers(0, 2, 60)
        s = (rng.integers(0, 5, 60) + rng.integers(0, 2, 60) * y).astype(float)   # many ties across classes
        expected = pair_count_auc(y, s)
        auc, mw = both(ns, y, s)
        assert_close(auc, expected, case=f"trial {trial}: area against pair counting (tied scores count 1/2)")
        assert_close(mw, expected, case=f"trial {trial}: rank sum against pair counting (tied scores count 1/2)")
        fpr, tpr = ns["roc_curve"](y, s)
        assert len(fpr) == len(np.unique(s)) + 1, f"{len(fpr)} points for {len(np.unique(s))} distinct scores"
        assert np.all(np.diff(fpr) >= 0) and np.all(np.diff(tpr) >= 0), "the curve must be monotone"
        assert_close([fpr[-1], tpr[-1]], [1.0, 1.0], case="the curve ends at (1, 1)")


def test_depends_only_on_the_order_of_the_scores(ns):
    rng = np.random.default_rng(1)
    y, s = rng.integers(0, 2, 50), rng.normal(size=50).round(1)
    auc = ns["roc_auc"](y, s)
    assert_close(ns["roc_auc"](y, np.exp(s)), auc, case="a monotone transform (exp) leaves AUC unchanged")
    assert_close(ns["roc_auc"](y, 3 * s + 1), auc, case="an affine increasing transform leaves AUC unchanged")
    assert_close(ns["roc_auc"](y, -s), 1 - auc, case="negating the scores gives 1 - AUC (tied scores included)")
    assert_close(ns["auc_mann_whitney"](1 - y, s), 1 - auc, case="swapping the classes gives 1 - AUC")


def test_a_single_class_raises(ns):
    for name in ("roc_auc", "auc_mann_whitney"):
        try:
            ns[name](np.ones(4, dtype=int), np.arange(4.0))
        except ValueError:
            continue
        raise AssertionError(f"{name} with only positives must raise ValueError (AUC is undefined)")
