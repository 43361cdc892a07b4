# mistake: top-left causal mask
import numpy as np


def attend(q, k, v):
    """Shared causal attention used for prefill and decoding: (H, Tq, dh) x (H, Tk, dh)."""
    tq, tk = q.shape[1], k.shape[1]
    s = q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1])
    s = np.where(np.triu(np.ones((tq, tk), dtype=bool), k=1), -np.inf, s)
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    return w / w.sum(axis=-1, keepdims=True) @ v


def split(t, n_heads):
    return t.reshape(t.shape[0], n_heads, -1).transpose(1, 0, 2)


def prefill(x, w_q, w_k, w_v, n_heads):
    q, k, v = split(x @ w_q, n_heads), split(x @ w_k, n_heads), split(x @ w_v, n_heads)
    out = attend(q, k, v)
    return out.transpose(1, 0, 2).reshape(x.shape), (k, v)


def decode_step(x_t, cache, w_q, w_k, w_v, n_heads):
    x_t = x_t[None, :]
    k = np.concatenate([cache[0], split(x_t @ w_k, n_heads)], axis=1)
    v = np.concatenate([cache[1], split(x_t @ w_v, n_heads)], axis=1)
    out = attend(split(x_t @ w_q, n_heads), k, v)
    return out.reshape(-1), (k, v)
