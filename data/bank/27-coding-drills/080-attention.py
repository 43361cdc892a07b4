# --- starter ---
import numpy as np


def attention(q, k, v, causal=False):
    """q: (..., T, d), k: (..., S, d), v: (..., S, d_v). Returns (out, weights)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def attention(q, k, v, causal=False):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if causal:
        t, s = scores.shape[-2:]
        scores = np.where(np.triu(np.ones((t, s), dtype=bool), k=1), -np.inf, scores)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
# --- tests ---
import numpy as np


def loop_reference(q, k, v, causal):
    t, s = q.shape[0], k.shape[0]
    out = np.zeros((t, v.shape[1]))
    for i in range(t):
        allowed = range(i + 1) if causal else range(s)
        scores = np.array([q[i] @ k[j] / np.sqrt(q.shape[1]) for j in allowed])
        w = np.exp(scores - scores.max())
        w /= w.sum()
        out[i] = sum(wj * v[j] for wj, j in zip(w, allowed))
    return out


def test_matches_a_loop_without_mask(ns):
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(4, 8)), rng.normal(size=(6, 8)), rng.normal(size=(6, 3))
    out, weights = ns["attention"](q, k, v)
    assert np.allclose(weights.sum(axis=-1), 1), "each query's weights must sum to 1"
    assert np.allclose(out, loop_reference(q, k, v, False)), "output differs from the reference"


def test_causal_mask_hides_the_future(ns):
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=(5, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    out, weights = ns["attention"](q, k, v, causal=True)
    assert np.allclose(np.triu(weights, k=1), 0), "weights above the diagonal must be 0"
    assert np.allclose(out, loop_reference(q, k, v, True)), "output differs from the reference"
    assert np.allclose(out[0], v[0]), "the first position can only attend to itself"


def test_batched_heads(ns):
    rng = np.random.default_rng(2)
    q, k, v = rng.normal(size=(2, 3, 5, 4)), rng.normal(size=(2, 3, 5, 4)), rng.normal(size=(2, 3, 5, 6))
    out, _ = ns["attention"](q, k, v, causal=True)
    assert out.shape == (2, 3, 5, 6), f"shape {out.shape}"
    assert np.allclose(out[1, 2], loop_reference(q[1, 2], k[1, 2], v[1, 2], True))
