# mistake: scaling by sqrt(d_model)
import numpy as np


def mha_forward(x, w_q, w_k, w_v, w_o, n_heads):
    b, t, d = x.shape
    dh = d // n_heads
    q, k, v = ((x @ w).reshape(b, t, n_heads, dh).transpose(0, 2, 1, 3) for w in (w_q, w_k, w_v))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)      # scaled by the model width
    scores = np.where(np.triu(np.ones((t, t), dtype=bool), k=1), -np.inf, scores)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return (weights @ v).transpose(0, 2, 1, 3).reshape(b, t, d) @ w_o
