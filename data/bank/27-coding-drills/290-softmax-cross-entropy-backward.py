# --- starter ---
import numpy as np


def softmax_backward(p, dp):
    """Gradient w.r.t. the logits given p = softmax(z) and the upstream gradient dp = dL/dp, both (N, C)."""
    raise NotImplementedError


def cross_entropy_probs_backward(p, q):
    """dL/dp of L = -mean_n sum_c q[n, c] log p[n, c] for probabilities p and targets q, both (N, C)."""
    raise NotImplementedError


def smoothed_targets(labels, num_classes, smoothing=0.0):
    """(N, C) targets: 1 - smoothing + smoothing / C on the label, smoothing / C elsewhere."""
    raise NotImplementedError


def fused_softmax_cross_entropy(logits, q):
    """Mean cross-entropy of softmax(logits) against target rows q (N, C), and its gradient w.r.t. logits.

    Returns (loss, dlogits); finite for any logits.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def softmax_backward(p, dp):
    # J = diag(p) - p p^T, so J @ dp = p * (dp - <dp, p>) row by row
    return p * (dp - (dp * p).sum(axis=-1, keepdims=True))


def cross_entropy_probs_backward(p, q):
    return -q / p / p.shape[0]


def smoothed_targets(labels, num_classes, smoothing=0.0):
    q = np.full((len(labels), num_classes), smoothing / num_classes)
    q[np.arange(len(labels)), labels] += 1.0 - smoothing
    return q


def fused_softmax_cross_entropy(logits, q):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    n = logits.shape[0]
    loss = -(q * log_p).sum() / n
    return float(loss), (np.exp(log_p) - q) / n
# --- tests ---
import math

import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_softmax_backward_matches_the_full_jacobian(ns):
    rng = np.random.default_rng(0)
    p, dp = softmax(rng.normal(size=(4, 5))), rng.normal(size=(4, 5))
    expected = np.array([(np.diag(row) - np.outer(row, row)) @ g for row, g in zip(p, dp)])
    assert_close(ns["softmax_backward"](p, dp), expected, case="J @ dp with J = diag(p) - p p^T: the softmax "
                 "Jacobian has off-diagonal terms -p_i p_j", inputs={"p": p, "dp": dp})


def test_chained_backward_equals_softmax_minus_targets(ns):
    rng = np.random.default_rng(1)
    z = rng.normal(size=(3, 4))
    q = np.eye(4)[[2, 0, 3]]
    p = softmax(z)
    dp = ns["cross_entropy_probs_backward"](p, q)
    assert_close(dp, -q / p / 3, case="dL/dp = -q / p / N")
    chained = ns["softmax_backward"](p, dp)
    assert_close(chained, (p - q) / 3, case="softmax backward of the CE gradient = (p - onehot) / N "
                 "(needs the off-diagonal terms of the softmax Jacobian)", inputs={"z": z})
    _, fused = ns["fused_softmax_cross_entropy"](z, q)
    assert_close(fused, chained, case="the fused gradient equals the chained one")


def test_hand_checked_case(ns):
    z, q = np.array([[0.0, math.log(3.0)]]), np.array([[0.0, 1.0]])
    loss, grad = ns["fused_softmax_cross_entropy"](z, q)
    # p = (1/4, 3/4)
    assert_close(loss, -math.log(0.75), case="loss = -log 3/4")
    assert_close(grad, [[0.25, -0.25]], case="gradient = p - onehot = (1/4, 3/4 - 1)")


def test_fused_version_survives_large_logits(ns):
    loss, grad = ns["fused_softmax_cross_entropy"](np.array([[0.0, 1000.0]]), np.array([[1.0, 0.0]]))
    assert np.isfinite(loss) and np.all(np.isfinite(grad)), (f"loss {loss}, grad {grad}: compute log-softmax "
                                                             "with the max subtracted")
    assert_close(loss, 1000.0, case="logits (0, 1000), target class 0: loss 1000")
    assert_close(grad, [[-1.0, 1.0]], case="logits (0, 1000), target class 0: gradient (0 - 1, 1 - 0)")


def test_label_smoothing_targets_and_gradient(ns):
    q = ns["smoothed_targets"](np.array([2, 0]), 4, smoothing=0.1)
    assert_close(q, [[0.025, 0.025, 0.925, 0.025], [0.925, 0.025, 0.025, 0.025]],
                 case="smoothing 0.1 over 4 classes: 0.9 + 0.1/4 on the label, 0.1/4 elsewhere")
    assert_close(ns["smoothed_targets"](np.array([1]), 3), [[0.0, 1.0, 0.0]], case="smoothing 0 is one-hot")
    rng = np.random.default_rng(2)
    z = rng.normal(size=(2, 4)) * 3
    loss, grad = ns["fused_softmax_cross_entropy"](z, q)
    assert_close(loss, -(q * np.log(softmax(z))).sum() / 2, case="loss with smoothed targets")
    assert_close(grad, (softmax(z) - q) / 2, case="gradient with smoothed targets is (p - q) / N")
    assert_close(grad.sum(axis=1), np.zeros(2), atol=1e-12, case="each row of the gradient sums to 0")


def test_gradient_check_and_shift_invariance(ns):
    rng = np.random.default_rng(3)
    z = rng.normal(size=(3, 5))
    q = softmax(rng.normal(size=(3, 5)))                     # any target distribution
    loss, grad = ns["fused_softmax_cross_entropy"](z, q)
    numeric = np.zeros_like(z)
    for idx in np.ndindex(*z.shape):
        up, down = z.copy(), z.copy()
        up[idx] += 1e-6
        down[idx] -= 1e-6
        numeric[idx] = (ns["fused_softmax_cross_entropy"](up, q)[0] - ns["fused_softmax_cross_entropy"](down, q)[0]) / 2e-6
    assert_close(grad, numeric, rtol=1e-5, atol=1e-8, case="gradient against central differences")
    loss2, grad2 = ns["fused_softmax_cross_entropy"](z + 50.0, q)
    assert_close([loss2], [loss], case="adding a constant to every logit leaves the loss unchanged")
    assert_close(grad2, grad, case="adding a constant to every logit leaves the gradient unchanged")
