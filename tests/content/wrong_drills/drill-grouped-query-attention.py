# mistake: tiling KV heads
import numpy as np


def gqa_attention(q, k, v, causal=True):
    n_heads, n_kv = q.shape[1], k.shape[1]
    if n_heads % n_kv:
        raise ValueError("n_heads must be a multiple of n_kv_heads")
    reps = n_heads // n_kv
    k = np.tile(k, (1, reps, 1, 1))                 # [a, b] -> [a, b, a, b]
    v = np.tile(v, (1, reps, 1, 1))
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if causal:
        t = scores.shape[-1]
        scores = np.where(np.triu(np.ones((t, t), dtype=bool), k=1), -np.inf, scores)
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return w / w.sum(axis=-1, keepdims=True) @ v
