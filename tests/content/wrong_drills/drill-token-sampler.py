# mistake: the token that crosses p
import numpy as np


def filtered_probs(logits, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    z = np.asarray(logits, dtype=float)
    if temperature == 0:
        return np.eye(z.shape[1])[z.argmax(axis=-1)]
    z = z / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    out = np.zeros_like(p)
    for b in range(len(p)):
        order = np.argsort(-p[b], kind="stable")
        q = p[b, order].copy()
        if top_k > 0:
            q[top_k:] = 0
            q /= q.sum()
        if top_p < 1.0:
            keep = np.cumsum(q) <= top_p          # stop before the mass passes p
            keep[0] = True
            q = np.where(keep, q, 0)
            q /= q.sum()
        if min_p > 0.0:
            q = np.where(q >= min_p * q[0], q, 0)
            q /= q.sum()
        out[b, order] = q
    return out


def sample_next_token(logits, rng, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    p = filtered_probs(logits, temperature, top_k, top_p, min_p)
    return np.array([rng.choice(p.shape[1], p=row) for row in p])
