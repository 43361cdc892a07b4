# mistake: weight each bin by its share of samples
import numpy as np


def expected_calibration_error(probs, labels, n_bins=15):
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    gaps = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            gaps.append(abs(correct[in_bin].mean() - conf[in_bin].mean()))
    return float(np.mean(gaps))                # every non-empty bin counts the same


def temperature_nll(logits, labels, T):
    z = logits / T
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(labels)), labels].mean())


def fit_temperature(logits, labels, lo=1e-2, hi=1e2):
    a, b = np.log(lo), np.log(hi)
    r = (np.sqrt(5) - 1) / 2
    for _ in range(100):
        c, d = b - r * (b - a), a + r * (b - a)
        if temperature_nll(logits, labels, np.exp(c)) < temperature_nll(logits, labels, np.exp(d)):
            b = d
        else:
            a = c
    return float(np.exp((a + b) / 2))
