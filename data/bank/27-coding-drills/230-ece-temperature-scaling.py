# --- starter ---
import numpy as np


def expected_calibration_error(probs, labels, n_bins=15):
    """ECE of predicted probabilities probs (N, C) for integer labels (N,).

    Confidence = max prob, prediction = argmax; equal-width bins (lo, hi] from
    np.linspace(0, 1, n_bins + 1); empty bins are skipped.
    """
    raise NotImplementedError


def temperature_nll(logits, labels, T):
    """Mean negative log-likelihood of softmax(logits / T) for logits (N, C), labels (N,)."""
    raise NotImplementedError


def fit_temperature(logits, labels, lo=1e-2, hi=1e2):
    """The T in [lo, hi] minimising temperature_nll (relative accuracy 1e-5 or better)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def expected_calibration_error(probs, labels, n_bins=15):
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():                       # weight = share of all samples in this bin
            ece += in_bin.mean() * abs(correct[in_bin].mean() - conf[in_bin].mean())
    return float(ece)


def temperature_nll(logits, labels, T):
    z = logits / T
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(labels)), labels].mean())


def fit_temperature(logits, labels, lo=1e-2, hi=1e2):
    # With beta = 1 / T the NLL is convex; its derivative mean(E_p[z] - z_y) grows with beta.
    z_true = logits[np.arange(len(labels)), labels]

    def slope(beta):
        a = beta * logits
        p = np.exp(a - a.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return np.mean((p * logits).sum(axis=1) - z_true)

    b_lo, b_hi = 1.0 / hi, 1.0 / lo
    if slope(b_lo) >= 0:                       # NLL rises with beta everywhere: flattest allowed
        return hi
    if slope(b_hi) <= 0:                       # still falling at the sharpest allowed
        return lo
    for _ in range(100):                       # bisection on the sign of the derivative
        mid = 0.5 * (b_lo + b_hi)
        if slope(mid) > 0:
            b_hi = mid
        else:
            b_lo = mid
    return 1.0 / (0.5 * (b_lo + b_hi))
# --- tests ---
import math

import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def nll(logits, labels, T):
    return -np.log(softmax(logits / T)[np.arange(len(labels)), labels]).mean()


def overconfident(seed=0, n=2000, true_T=2.0):
    """Logits whose labels are drawn from softmax(logits / true_T): the model is overconfident."""
    rng = np.random.default_rng(seed)
    logits = 3.0 * rng.normal(size=(n, 5))
    cdf = softmax(logits / true_T).cumsum(axis=1)
    labels = np.minimum((rng.random((n, 1)) > cdf).sum(axis=1), 4)
    return logits, labels


def golden_section_T(logits, labels, lo=1e-2, hi=1e2):
    a, b = math.log(lo), math.log(hi)
    r = (math.sqrt(5) - 1) / 2
    for _ in range(120):
        c, d = b - r * (b - a), a + r * (b - a)
        if nll(logits, labels, math.exp(c)) < nll(logits, labels, math.exp(d)):
            b = d
        else:
            a = c
    return math.exp((a + b) / 2)


PROBS = np.array([[0.95, 0.05], [0.92, 0.08], [0.15, 0.85], [0.35, 0.65], [0.55, 0.45]])
LABELS = np.array([0, 0, 0, 1, 1])


def test_ece_on_a_hand_checked_case(ns):
    # bins of width 0.1: (0.9, 1] holds 0.95 and 0.92 (both right: gap |1 - 0.935|, weight 2/5);
    # 0.85 wrong, 0.65 right, 0.55 wrong each alone (gaps 0.85, 0.35, 0.55, weight 1/5)
    got = ns["expected_calibration_error"](PROBS, LABELS, n_bins=10)
    assert_close(got, (2 * 0.065 + 0.85 + 0.35 + 0.55) / 5,
                 case="weight each bin by its share of samples: sum_b |B_b|/N * |acc_b - conf_b|",
                 inputs={"probs": PROBS, "labels": LABELS})


def test_ece_is_zero_for_a_calibrated_bin_and_uses_closed_upper_edges(ns):
    probs = np.tile([0.75, 0.25], (4, 1))
    got = ns["expected_calibration_error"](probs, np.array([0, 0, 0, 1]), n_bins=10)
    assert_close(got, 0.0, case="confidence 0.75 with 3 of 4 right is calibrated")
    got = ns["expected_calibration_error"](np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 0]), n_bins=4)
    assert_close(got, 0.5, case="confidence exactly 1.0 falls in the last bin (0.75, 1]")
    got = ns["expected_calibration_error"](PROBS, LABELS, n_bins=1)
    assert_close(got, abs(0.6 - PROBS.max(axis=1).mean()), case="one bin: |accuracy - mean confidence|")


def test_ece_matches_a_loop_over_samples(ns):
    rng = np.random.default_rng(1)
    probs = softmax(2 * rng.normal(size=(300, 4)))
    labels = rng.integers(0, 4, 300)
    labels[:150] = probs[:150].argmax(axis=1)
    for n_bins in (5, 15):
        total = 0.0
        for b in range(n_bins):
            lo, hi = np.linspace(0, 1, n_bins + 1)[b:b + 2]
            members = [i for i in range(300) if lo < probs[i].max() <= hi]
            if members:
                acc = np.mean([probs[i].argmax() == labels[i] for i in members])
                conf = np.mean([probs[i].max() for i in members])
                total += len(members) / 300 * abs(acc - conf)
        assert_close(ns["expected_calibration_error"](probs, labels, n_bins=n_bins), total,
                     case=f"{n_bins} bins against a loop (weight each bin by its share of samples)")


def test_temperature_nll_on_hand_values_and_large_logits(ns):
    z, y = np.array([[0.0, math.log(3.0)]]), np.array([1])
    assert_close(ns["temperature_nll"](z, y, 1.0), -math.log(0.75), case="T = 1: p = 3/4")
    assert_close(ns["temperature_nll"](z, y, 0.5), -math.log(0.9), case="T = 1/2 squares the odds: p = 9/10")
    got = ns["temperature_nll"](np.array([[0.0, 1000.0]]), np.array([0]), 1.0)
    assert_close(got, 1000.0, case="logits (0, 1000), true class 0: use log-softmax, not log(softmax)")


def test_fit_finds_the_minimiser_and_recovers_the_true_temperature(ns):
    logits, labels = overconfident()
    T = ns["fit_temperature"](logits, labels)
    assert_close(T, golden_section_T(logits, labels), rtol=1e-4, case="T against a golden-section search on log T")
    assert abs(T - 2.0) < 0.2, f"labels were drawn at temperature 2, fitted T = {T:.3f}"
    base = nll(logits, labels, T)
    assert base <= min(nll(logits, labels, T * 1.01), nll(logits, labels, T / 1.01)), "T is not a minimum"
    assert_close(ns["fit_temperature"](3 * logits, labels), 3 * T, rtol=1e-4,
                 case="scaling the logits by 3 scales the fitted temperature by 3")


def test_fit_returns_a_bound_when_the_optimum_lies_outside(ns):
    # small margins, so that the NLL is still visibly falling at T = 0.01 in float64
    logits = np.array([[0.1, 0.0, 0.0], [0.0, 0.08, 0.05], [0.02, 0.0, 0.1]])
    got = ns["fit_temperature"](logits, np.array([0, 1, 2]))
    assert_close(got, 1e-2, rtol=1e-4, case="every prediction right: the NLL keeps falling as T -> 0, return lo")
    got = ns["fit_temperature"](logits, np.array([1, 0, 1]))
    assert_close(got, 1e2, rtol=1e-4,
                 case="every true class below its row's mean logit: the NLL falls as T grows, return hi")
