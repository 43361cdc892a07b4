# --- starter ---
import numpy as np


def binary_focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    """Mean binary focal loss of logits (N,) against targets (N,) in {0, 1}, and its gradient (N,).

    alpha weights positives, 1 - alpha weights negatives; alpha=None means no weighting.
    Returns (loss, dlogits).
    """
    raise NotImplementedError


def softmax_focal_loss(logits, targets, gamma=2.0, alpha=None):
    """Mean multi-class focal loss of logits (N, C) against integer targets (N,), and its gradient (N, C).

    alpha: None or per-class weights (C,). Returns (loss, dlogits).
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def binary_focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    sign = 2.0 * targets - 1.0
    u = sign * logits                                   # p_t = sigmoid(u)
    log_pt = -np.logaddexp(0.0, -u)
    pt = np.exp(log_pt)
    a = 1.0 if alpha is None else np.where(targets == 1, alpha, 1.0 - alpha)
    loss = -a * (1.0 - pt) ** gamma * log_pt
    # d/du of -(1 - p)^g log p with dp/du = p (1 - p): (1 - p)^g (g p log p - (1 - p))
    d_u = a * (1.0 - pt) ** gamma * (gamma * pt * log_pt - (1.0 - pt))
    n = len(logits)
    return float(loss.mean()), sign * d_u / n


def softmax_focal_loss(logits, targets, gamma=2.0, alpha=None):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    rows = np.arange(n)
    log_py, py = log_p[rows, targets], p[rows, targets]
    a = np.ones(n) if alpha is None else np.asarray(alpha, dtype=float)[targets]
    loss = -a * (1.0 - py) ** gamma * log_py
    onehot = np.zeros_like(p)
    onehot[rows, targets] = 1.0
    # dFL/dz_j = a (onehot_j - p_j) [g (1 - p_y)^(g - 1) p_y log p_y - (1 - p_y)^g]
    # the first term tends to 0 as p_y -> 1; guard the 0 ** (g - 1) it meets at p_y == 1
    with np.errstate(divide="ignore", invalid="ignore"):
        mod_grad = gamma * (1.0 - py) ** (gamma - 1.0) * py * log_py
    mod_grad = np.where(py < 1.0, mod_grad, 0.0)
    factor = a * (mod_grad - (1.0 - py) ** gamma)
    return float(loss.mean()), (onehot - p) * factor[:, None] / n
# --- tests ---
import math

import numpy as np

LN2 = math.log(2.0)


def numeric_grad(f, z, h=1e-6):
    g = np.zeros_like(z)
    for idx in np.ndindex(*z.shape):
        old = z[idx]
        z[idx] = old + h
        up = f(z)
        z[idx] = old - h
        down = f(z)
        z[idx] = old
        g[idx] = (up - down) / (2 * h)
    return g


def test_gamma_zero_without_alpha_is_cross_entropy(ns):
    z, y = np.array([0.3, -1.2, 2.0]), np.array([1, 0, 0])
    loss, grad = ns["binary_focal_loss"](z, y, gamma=0.0, alpha=None)
    p = 1 / (1 + np.exp(-z))
    assert_close(loss, np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))), case="gamma = 0: binary cross-entropy")
    assert_close(grad, (p - y) / 3, case="gamma = 0: BCE gradient (p - y) / N")
    Z, t = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 1.0]]), np.array([1, 2])
    loss, grad = ns["softmax_focal_loss"](Z, t, gamma=0.0)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert_close(loss, -np.log(P[[0, 1], t]).mean(), case="gamma = 0: softmax cross-entropy")
    assert_close(grad, (P - np.eye(3)[t]) / 2, case="gamma = 0: CE gradient (softmax - one-hot) / N")


def test_binary_hand_checked_values_at_zero_logit(ns):
    loss, grad = ns["binary_focal_loss"](np.zeros(2), np.array([1, 0]), gamma=2.0, alpha=0.25)
    # p_t = 1/2: loss = alpha_t * 1/4 * ln 2 with alpha_t = 0.25 (positive) and 0.75 (negative)
    assert_close(loss, (0.25 + 0.75) * 0.25 * LN2 / 2, case="alpha for positives, 1 - alpha for negatives")
    # dFL/du = alpha_t (1/4) (2 (1/2) ln(1/2) - 1/2) and dz = sign * dFL/du / N
    d_u = 0.25 * (-LN2 - 0.5)
    assert_close(grad, [0.25 * d_u / 2, -0.75 * d_u / 2],
                 case="the gradient must include the derivative of the modulating factor (1 - p_t)^gamma")


def test_easy_examples_are_down_weighted(ns):
    z, y = np.array([math.log(9.0)]), np.array([1])                  # p_t = 0.9
    focal, _ = ns["binary_focal_loss"](z, y, gamma=2.0, alpha=None)
    assert_close(focal, 0.01 * -math.log(0.9), case="p_t = 0.9, gamma = 2: (1 - 0.9)^2 = 1/100 of the CE")
    hard, _ = ns["binary_focal_loss"](-z, y, gamma=2.0, alpha=None)  # p_t = 0.1
    assert_close(hard, 0.81 * -math.log(0.1), case="p_t = 0.1, gamma = 2: 0.81 of the CE")


def test_gradients_match_central_differences(ns):
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=6) * 2, rng.integers(0, 2, 6)
    for gamma in (0.5, 2.0):
        _, grad = ns["binary_focal_loss"](z, y, gamma=gamma, alpha=0.25)
        num = numeric_grad(lambda v: ns["binary_focal_loss"](v, y, gamma=gamma, alpha=0.25)[0], z.copy())
        assert_close(grad, num, rtol=1e-5, atol=1e-8, case=f"binary, gamma = {gamma}: the gradient must include "
                     "the derivative of the modulating factor (1 - p_t)^gamma", inputs={"z": z, "y": y})
    Z, t, alpha = rng.normal(size=(4, 3)) * 2, rng.integers(0, 3, 4), np.array([0.2, 0.5, 0.3])
    for gamma in (0.5, 2.0):
        _, grad = ns["softmax_focal_loss"](Z, t, gamma=gamma, alpha=alpha)
        num = numeric_grad(lambda v: ns["softmax_focal_loss"](v, t, gamma=gamma, alpha=alpha)[0], Z.copy())
        assert_close(grad, num, rtol=1e-5, atol=1e-8, case=f"softmax, gamma = {gamma}: the gradient must include "
                     "the derivative of the modulating factor (1 - p_t)^gamma", inputs={"Z": Z, "t": t})


def test_saturated_logits_stay_finite(ns):
    loss, grad = ns["binary_focal_loss"](np.array([1000.0, -1000.0]), np.array([1, 1]), gamma=2.0, alpha=0.25)
    assert np.isfinite(loss) and np.all(np.isfinite(grad)), f"loss {loss}, grad {grad}: compute log p_t from the logit"
    assert_close(loss, 0.25 * 1000.0 / 2, case="z = -1000 for a positive: log p_t = -1000 (use logaddexp)")
    assert_close(grad, [0.0, -0.25 / 2], case="saturated logits: gradient 0 when right, -alpha / N when very wrong")
    loss, grad = ns["softmax_focal_loss"](np.array([[0.0, 1000.0, 0.0]]), np.array([0]), gamma=2.0)
    assert_close(loss, 1000.0, case="logits (0, 1000, 0), true class 0: log-softmax, not log(softmax)")
    assert_close(grad, [[-1.0, 1.0, 0.0]], case="saturated softmax: gradient p - onehot")


def test_two_class_softmax_equals_binary_and_alpha_weights_per_class(ns):
    rng = np.random.default_rng(1)
    Z, t = rng.normal(size=(5, 2)), rng.integers(0, 2, 5)
    soft, g_soft = ns["softmax_focal_loss"](Z, t, gamma=2.0)
    binary, g_bin = ns["binary_focal_loss"](Z[:, 1] - Z[:, 0], t, gamma=2.0, alpha=None)
    assert_close(soft, binary, case="two-class softmax focal loss = binary focal loss of z1 - z0")
    assert_close(g_soft, np.column_stack([-g_bin, g_bin]), case="two-class gradients: (-g, g)")
    weights = np.array([2.0, 5.0])
    weighted, _ = ns["softmax_focal_loss"](Z, t, gamma=2.0, alpha=weights)
    per_example = np.array([ns["softmax_focal_loss"](Z[i:i + 1], t[i:i + 1], gamma=2.0)[0] for i in range(5)])
    assert_close(weighted, np.mean(weights[t] * per_example), case="alpha[c] weights the examples of class c")
