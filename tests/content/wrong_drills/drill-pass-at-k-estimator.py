# mistake: plug-in
import numpy as np


def pass_at_k(n, c, k):
    if not 1 <= k <= n:
        raise ValueError("k must lie in 1..n")
    p = c / n                                # estimated success rate per sample
    return float(1 - (1 - p) ** k)


def mean_pass_at_k(n_samples, n_correct, k):
    return float(np.mean([pass_at_k(n, c, k) for n, c in zip(n_samples, n_correct)]))
