# mistake: derivative of the modulating factor
import numpy as np


def binary_focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    p = 1.0 / (1.0 + np.exp(-logits))
    sign = 2.0 * targets - 1.0
    log_pt = -np.logaddexp(0.0, -sign * logits)
    pt = np.exp(log_pt)
    a = 1.0 if alpha is None else np.where(targets == 1, alpha, 1.0 - alpha)
    weight = a * (1.0 - pt) ** gamma                   # treated as a constant weight on the BCE
    loss = -weight * log_pt
    return float(loss.mean()), weight * (p - targets) / len(logits)


def softmax_focal_loss(logits, targets, gamma=2.0, alpha=None):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    rows = np.arange(n)
    a = np.ones(n) if alpha is None else np.asarray(alpha, dtype=float)[targets]
    weight = a * (1.0 - p[rows, targets]) ** gamma
    onehot = np.zeros_like(p)
    onehot[rows, targets] = 1.0
    return float((-weight * log_p[rows, targets]).mean()), weight[:, None] * (p - onehot) / n
