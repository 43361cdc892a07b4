# mistake: epsilon / K on every class
import numpy as np


def label_smoothing_cross_entropy(logits, targets, epsilon=0.1, ignore_index=-100):
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must lie in [0, 1]")
    logits, targets = np.asarray(logits, dtype=float), np.asarray(targets)
    N, K = logits.shape
    valid = targets != ignore_index
    n = int(valid.sum())
    grad = np.zeros_like(logits)
    if n == 0:
        return float("nan"), grad
    z = logits[valid]
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    q = np.full_like(z, epsilon / (K - 1))               # spreads epsilon over the K - 1 wrong classes only
    q[np.arange(n), targets[valid]] = 1.0 - epsilon
    loss = -(q * log_p).sum(axis=1).mean()
    grad[valid] = (np.exp(log_p) - q) / n
    return float(loss), grad
