# mistake: resampling from p instead of the residual
import numpy as np


def residual_distribution(p, q):
    r = np.maximum(p - q, 0.0)
    return r / r.sum() if r.sum() > 0 else p


def speculative_step(p_target, q_draft, draft_tokens, rng):
    out = []
    for i, x in enumerate(draft_tokens):
        if rng.random() < p_target[i, x] / q_draft[i, x]:
            out.append(int(x))
        else:
            out.append(int(rng.choice(p_target.shape[1], p=p_target[i])))    # should use the residual
            return np.array(out)
    out.append(int(rng.choice(p_target.shape[1], p=p_target[-1])))
    return np.array(out)
