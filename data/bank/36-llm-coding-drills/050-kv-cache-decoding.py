# --- starter ---
import numpy as np


def prefill(x, w_q, w_k, w_v, n_heads):
    """x: (T, d). Causal multi-head attention over the prompt.
    Returns (out (T, d), (k, v)) with k, v of shape (n_heads, T, d // n_heads)."""
    raise NotImplementedError


def decode_step(x_t, cache, w_q, w_k, w_v, n_heads):
    """x_t: (d,); cache: (k, v), each (n_heads, t, d_head), t >= 0.
    Returns (out_t (d,), (k_new, v_new)) with t + 1 rows; leaves the given arrays unchanged."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def heads(t, n_heads):
    """(T, d) -> (n_heads, T, d_head)."""
    return t.reshape(t.shape[0], n_heads, -1).transpose(1, 0, 2)


def softmax_rows(s):
    s = s - s.max(axis=-1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=-1, keepdims=True)


def prefill(x, w_q, w_k, w_v, n_heads):
    x = np.asarray(x, dtype=float)
    t, d = x.shape
    q, k, v = heads(x @ w_q, n_heads), heads(x @ w_k, n_heads), heads(x @ w_v, n_heads)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d // n_heads)
    scores = np.where(np.triu(np.ones((t, t), dtype=bool), k=1), -np.inf, scores)
    out = softmax_rows(scores) @ v                                   # (H, T, d_head)
    return out.transpose(1, 0, 2).reshape(t, d), (k, v)


def decode_step(x_t, cache, w_q, w_k, w_v, n_heads):
    x_t = np.asarray(x_t, dtype=float)[None, :]                      # (1, d)
    d = x_t.shape[1]
    k = np.concatenate([cache[0], heads(x_t @ w_k, n_heads)], axis=1)
    v = np.concatenate([cache[1], heads(x_t @ w_v, n_heads)], axis=1)
    q = heads(x_t @ w_q, n_heads)                                    # (H, 1, d_head)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d // n_heads)        # (H, 1, t+1): no mask
    out = softmax_rows(scores) @ v                                   # (H, 1, d_head)
    return out.reshape(d), (k, v)
# --- tests ---
import math

import numpy as np

MASK = "the new query attends to all cached keys and itself (a top-left causal mask hides them)"


def recompute(x, wq, wk, wv, n_heads, t):
    """Output at position t from scratch: loop over heads and keys 0..t."""
    d = x.shape[1]
    dh = d // n_heads
    q, k, v = x[: t + 1] @ wq, x[: t + 1] @ wk, x[: t + 1] @ wv
    out = np.zeros(d)
    for h in range(n_heads):
        c = slice(h * dh, (h + 1) * dh)
        s = [float(q[t, c] @ k[j, c]) / math.sqrt(dh) for j in range(t + 1)]
        top = max(s)
        w = [math.exp(x_ - top) for x_ in s]
        out[c] = sum(wj / sum(w) * v[j, c] for j, wj in enumerate(w))
    return out


def setup(seed, t=7, d=8, scale=1.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(t, d)) * scale
    ws = [rng.normal(size=(d, d)) / math.sqrt(d) for _ in range(3)]
    return x, ws


def empty(n_heads, dh):
    return np.zeros((n_heads, 0, dh)), np.zeros((n_heads, 0, dh))


def test_the_first_step_on_an_empty_cache_returns_its_own_value(ns):
    x, (wq, wk, wv) = setup(0)
    out, (k, v) = ns["decode_step"](x[0], empty(2, 4), wq, wk, wv, 2)
    assert_close(out, x[0] @ wv, case="first token: one key, weight 1, output x0 @ w_v")
    assert np.shape(k) == (2, 1, 4) and np.shape(v) == (2, 1, 4), \
        f"cache after one step must be (2, 1, 4) each, got {np.shape(k)} and {np.shape(v)}"


def test_cached_decoding_matches_full_recomputation_at_every_step(ns):
    x, (wq, wk, wv) = setup(1, scale=2.0)
    cache = empty(2, 4)
    for t in range(len(x)):
        out, cache = ns["decode_step"](x[t], cache, wq, wk, wv, 2)
        assert_close(out, recompute(x, wq, wk, wv, 2, t), case=f"step {t}: {MASK}", inputs={"x_t": x[t]})


def test_prefill_matches_a_loop_over_positions(ns):
    x, (wq, wk, wv) = setup(2, t=5)
    out, (k, v) = ns["prefill"](x, wq, wk, wv, 2)
    expected = np.stack([recompute(x, wq, wk, wv, 2, t) for t in range(5)])
    assert_close(out, expected, case="prefill: causal multi-head attention over the prompt")
    assert_close(k, (x @ wk).reshape(5, 2, 4).transpose(1, 0, 2),
                 case="prefill cache k: head h holds columns h*d_head:(h+1)*d_head of x @ w_k")
    assert_close(v, (x @ wv).reshape(5, 2, 4).transpose(1, 0, 2), case="prefill cache v")


def test_decoding_after_a_prefill_matches_recomputation(ns):
    x, (wq, wk, wv) = setup(3, t=7, d=12)
    _, cache = ns["prefill"](x[:4], wq, wk, wv, 3)
    for t in range(4, 7):
        out, cache = ns["decode_step"](x[t], cache, wq, wk, wv, 3)
        assert_close(out, recompute(x, wq, wk, wv, 3, t),
                     case=f"prompt of 4 tokens, then step {t}: {MASK}")


def test_the_cache_grows_by_the_new_key_and_value_only(ns):
    x, (wq, wk, wv) = setup(4, t=4)
    _, cache = ns["prefill"](x[:3], wq, wk, wv, 2)
    k0, v0 = np.array(cache[0]), np.array(cache[1])
    _, (k1, v1) = ns["decode_step"](x[3], cache, wq, wk, wv, 2)
    assert np.shape(k1) == (2, 4, 4), f"k after a step must be (2, 4, 4), got {np.shape(k1)}"
    assert_close(k1[:, :3], k0, case="earlier keys are kept unchanged")
    assert_close(k1[:, 3], (x[3] @ wk).reshape(2, 4), case="the new row is the new token's key")
    assert_close(v1[:, 3], (x[3] @ wv).reshape(2, 4), case="the new row is the new token's value")
    assert_close(cache[0], k0, case="decode_step must not modify the cache it was given")


def test_huge_scores_stay_finite(ns):
    x, (wq, wk, wv) = setup(5, t=4, scale=60.0)
    cache = empty(2, 4)
    for t in range(4):
        out, cache = ns["decode_step"](x[t], cache, wq, wk, wv, 2)
        assert np.all(np.isfinite(out)), f"step {t} gave {preview(out)}: subtract the max score before exp"
        assert_close(out, recompute(x, wq, wk, wv, 2, t), case=f"inputs scaled by 60, step {t}")
