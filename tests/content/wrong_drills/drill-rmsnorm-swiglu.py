# mistake: subtracting the mean turns it into LayerNorm
import numpy as np


def rms_norm(x, weight, eps=1e-6):
    x = np.asarray(x, dtype=float)
    centred = x - x.mean(axis=-1, keepdims=True)
    return centred / np.sqrt(np.mean(centred ** 2, axis=-1, keepdims=True) + eps) * weight


def swiglu_mlp(x, w_gate, w_up, w_down):
    g = x @ w_gate
    return (g / (1.0 + np.exp(-g)) * (x @ w_up)) @ w_down
