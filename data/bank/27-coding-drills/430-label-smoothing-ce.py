# --- starter ---
import numpy as np


def label_smoothing_cross_entropy(logits, targets, epsilon=0.1, ignore_index=-100):
    """Cross-entropy against q = (1 - epsilon) * onehot(target) + epsilon / K, averaged over
    the examples whose target is not ignore_index.

    logits (N, K) float, targets (N,) int. Returns (loss as a float, dloss/dlogits (N, K)).
    All targets ignored: (nan, zeros). Raise ValueError unless 0 <= epsilon <= 1.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def label_smoothing_cross_entropy(logits, targets, epsilon=0.1, ignore_index=-100):
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must lie in [0, 1]")
    logits = np.asarray(logits, dtype=float)
    targets = np.asarray(targets)
    N, K = logits.shape
    valid = targets != ignore_index
    n = int(valid.sum())
    grad = np.zeros_like(logits)
    if n == 0:
        return float("nan"), grad
    z = logits[valid]
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))   # log-softmax
    q = np.full_like(z, epsilon / K)                                      # epsilon spread over all K classes
    q[np.arange(n), targets[valid]] += 1.0 - epsilon
    loss = -(q * log_p).sum(axis=1).mean()
    grad[valid] = (np.exp(log_p) - q) / n
    return float(loss), grad
# --- tests ---
import math

import numpy as np

SMOOTH = "q = (1 - epsilon) * onehot + epsilon / K on every class, the true one included"


def reference(logits, targets, eps, ignore=-100):
    rows = []
    for z, t in zip(logits, targets):
        if t == ignore:
            continue
        m = max(z)
        lse = m + math.log(sum(math.exp(v - m) for v in z))
        K = len(z)
        rows.append(-sum(((1 - eps) * (k == t) + eps / K) * (z[k] - lse) for k in range(K)))
    return sum(rows) / len(rows)


def test_epsilon_zero_is_plain_cross_entropy(ns):
    loss, grad = ns["label_smoothing_cross_entropy"](np.array([[2.0, 0.0, 0.0]]), np.array([0]), epsilon=0.0)
    p = np.exp([2.0, 0.0, 0.0]) / np.exp([2.0, 0.0, 0.0]).sum()
    assert_close(loss, -math.log(p[0]), case="epsilon = 0: ordinary cross-entropy")
    assert_close(grad, [p - [1, 0, 0]], case="epsilon = 0: gradient softmax - onehot")


def test_hand_checked_smoothed_loss(ns):
    loss, grad = ns["label_smoothing_cross_entropy"](np.array([[math.log(8.0), 0.0, 0.0, 0.0]]), np.array([0]),
                                                     epsilon=0.2)
    # p = (8, 1, 1, 1) / 11 and q = (0.85, 0.05, 0.05, 0.05)
    assert_close(loss, 0.85 * math.log(11 / 8) + 0.15 * math.log(11), case=f"K = 4, epsilon = 0.2: {SMOOTH}")
    assert_close(grad, [[8 / 11 - 0.85, 1 / 11 - 0.05, 1 / 11 - 0.05, 1 / 11 - 0.05]],
                 case=f"gradient softmax - q with {SMOOTH}")
    uniform, _ = ns["label_smoothing_cross_entropy"](np.zeros((2, 5)), np.array([1, 4]), epsilon=0.3)
    assert_close(uniform, math.log(5.0), case="uniform predictions cost log K for any epsilon")


def test_the_minimum_is_the_smoothed_target_with_a_finite_logit_gap(ns):
    K, eps = 5, 0.1
    gap = math.log(((1 - eps) * K + eps) / eps)                 # softmax of this gap reproduces q
    z = np.zeros((1, K))
    z[0, 2] = gap
    loss, grad = ns["label_smoothing_cross_entropy"](z, np.array([2]), epsilon=eps)
    q = np.full(K, eps / K)
    q[2] += 1 - eps
    assert_close(grad, np.zeros((1, K)), atol=1e-12,
                 case=f"at a logit gap of log(((1 - eps) K + eps) / eps) the softmax equals q: zero gradient; {SMOOTH}")
    assert_close(loss, -np.sum(q * np.log(q)), case="the minimum loss is the entropy of the smoothed target")


def test_gradient_matches_central_differences_with_ignored_rows(ns):
    rng = np.random.default_rng(0)
    z, t = rng.normal(size=(5, 4)) * 2, np.array([1, -100, 3, 0, -100])
    loss, grad = ns["label_smoothing_cross_entropy"](z, t, epsilon=0.15)
    assert_close(loss, reference(z, t, 0.15), case="random logits with two ignored rows against a loop reference",
                 inputs={"z": z, "t": t})
    num = np.zeros_like(z)
    for idx in np.ndindex(*z.shape):
        d = np.zeros_like(z)
        d[idx] = 1e-6
        num[idx] = (ns["label_smoothing_cross_entropy"](z + d, t, 0.15)[0]
                    - ns["label_smoothing_cross_entropy"](z - d, t, 0.15)[0]) / 2e-6
    assert_close(grad, num, rtol=1e-5, atol=1e-8, case="gradient (softmax - q) / n_valid against central differences")
    assert_close(grad.sum(axis=1), np.zeros(5), atol=1e-12, case="each gradient row sums to zero")


def test_ignored_targets_are_left_out_of_the_mean(ns):
    rng = np.random.default_rng(1)
    z, t = rng.normal(size=(4, 3)), np.array([2, -1, 0, -1])
    loss, grad = ns["label_smoothing_cross_entropy"](z, t, epsilon=0.1, ignore_index=-1)
    sub, sub_grad = ns["label_smoothing_cross_entropy"](z[[0, 2]], t[[0, 2]], epsilon=0.1, ignore_index=-1)
    assert_close(loss, sub, case="ignored rows add nothing and do not count in the mean")
    assert_close(grad[[1, 3]], np.zeros((2, 3)), case="ignored rows get zero gradient")
    assert_close(grad[[0, 2]], sub_grad, case="valid rows are divided by the number of valid targets")
    none, g = ns["label_smoothing_cross_entropy"](z, np.full(4, -1), ignore_index=-1)
    assert math.isnan(none) and np.all(np.asarray(g) == 0), f"all targets ignored: expected (nan, zeros), got {none}"


def test_large_logits_stay_finite_and_epsilon_is_checked(ns):
    loss, grad = ns["label_smoothing_cross_entropy"](np.array([[1000.0, 0.0, 0.0]]), np.array([1]), epsilon=0.1)
    # log p = (0, -1000, -1000): 0.9 * 1000 + 0.1 * (0 + 1000 + 1000) / 3
    assert_close(loss, 900.0 + 200.0 / 3, case="logits of 1000: use log-softmax, not log(softmax)")
    assert np.all(np.isfinite(grad)), f"gradient must be finite for large logits, got {grad}"
    for bad in (-0.1, 1.5):
        try:
            ns["label_smoothing_cross_entropy"](np.zeros((1, 3)), np.array([0]), epsilon=bad)
        except ValueError:
            continue
        raise AssertionError(f"epsilon = {bad} is outside [0, 1]: raise ValueError")
