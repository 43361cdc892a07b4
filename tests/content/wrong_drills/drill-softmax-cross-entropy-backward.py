# mistake: off-diagonal
import numpy as np


def softmax_backward(p, dp):
    return p * (1 - p) * dp                    # only the diagonal of the Jacobian


def cross_entropy_probs_backward(p, q):
    return -q / p / p.shape[0]


def smoothed_targets(labels, num_classes, smoothing=0.0):
    q = np.full((len(labels), num_classes), smoothing / num_classes)
    q[np.arange(len(labels)), labels] += 1.0 - smoothing
    return q


def fused_softmax_cross_entropy(logits, q):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return float(-(q * log_p).sum() / logits.shape[0]), (np.exp(log_p) - q) / logits.shape[0]
