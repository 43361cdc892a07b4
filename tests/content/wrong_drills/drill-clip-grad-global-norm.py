# mistake: global norm
import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0, eps=1e-6):
    out, norms = [], []
    for g in grads:                                   # clips each tensor on its own
        g = np.asarray(g, dtype=float)
        if norm_type == float("inf"):
            n = float(np.max(np.abs(g))) if g.size else 0.0
        else:
            n = float(np.sum(np.abs(g) ** norm_type) ** (1.0 / norm_type))
        if not np.isfinite(n):
            raise ValueError("non-finite gradient norm")
        norms.append(n)
        out.append(g * min(1.0, max_norm / (n + eps)))
    if norm_type == float("inf"):
        total = max(norms, default=0.0)
    else:
        total = float(np.sum(np.array(norms) ** norm_type) ** (1.0 / norm_type)) if norms else 0.0
    return out, total
