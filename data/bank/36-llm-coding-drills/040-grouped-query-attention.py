# --- starter ---
import numpy as np


def gqa_attention(q, k, v, causal=True):
    """q: (B, n_heads, T, d); k, v: (B, n_kv_heads, T, d). Query head h uses KV head
    h // (n_heads // n_kv_heads). Returns (B, n_heads, T, d). ValueError if not divisible."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def gqa_attention(q, k, v, causal=True):
    n_heads, n_kv = q.shape[1], k.shape[1]
    if n_heads % n_kv:
        raise ValueError(f"n_heads={n_heads} is not a multiple of n_kv_heads={n_kv}")
    group = n_heads // n_kv
    k = np.repeat(k, group, axis=1)                 # [a, b] -> [a, a, b, b]
    v = np.repeat(v, group, axis=1)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if causal:
        t = scores.shape[-1]
        scores = np.where(np.triu(np.ones((t, t), dtype=bool), k=1), -np.inf, scores)
    scores = scores - scores.max(axis=-1, keepdims=True)
    w = np.exp(scores)
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ v
# --- tests ---
import math

import numpy as np


def head_attention(q, k, v, causal):
    """One head, (T, d) arrays, as a loop over queries."""
    t_len, d = q.shape
    out = np.zeros_like(q)
    for i in range(t_len):
        keys = range(i + 1) if causal else range(t_len)
        s = [float(q[i] @ k[j]) / math.sqrt(d) for j in keys]
        top = max(s)
        w = [math.exp(x - top) for x in s]
        out[i] = sum(wj / sum(w) * v[j] for wj, j in zip(w, keys))
    return out


def loop_reference(q, k, v, causal=True):
    b_len, n_heads = q.shape[:2]
    group = n_heads // k.shape[1]
    out = np.zeros_like(q)
    for b in range(b_len):
        for h in range(n_heads):
            out[b, h] = head_attention(q[b, h], k[b, h // group], v[b, h // group], causal)
    return out


def test_one_group_per_head_is_multi_head_attention(ns):
    rng = np.random.default_rng(0)
    q, k, v = (rng.normal(size=(2, 3, 5, 4)) for _ in range(3))
    assert_close(ns["gqa_attention"](q, k, v), loop_reference(q, k, v),
                 case="n_kv_heads == n_heads = 3: every query head has its own KV head (plain MHA)")


def test_a_single_kv_head_is_shared_by_all_query_heads(ns):
    rng = np.random.default_rng(1)
    q = rng.normal(size=(1, 4, 5, 4))
    k, v = rng.normal(size=(1, 1, 5, 4)), rng.normal(size=(1, 1, 5, 4))
    assert_close(ns["gqa_attention"](q, k, v), loop_reference(q, k, v),
                 case="n_kv_heads = 1 (multi-query attention): all 4 query heads read KV head 0")


def test_consecutive_query_heads_share_a_kv_head(ns):
    rng = np.random.default_rng(2)
    q = rng.normal(size=(1, 4, 3, 2))
    k = rng.normal(size=(1, 2, 3, 2))
    v = np.zeros((1, 2, 3, 2))
    v[:, 1] = 1.0                                   # KV head 0 holds zeros, head 1 holds ones
    got = np.asarray(ns["gqa_attention"](q, k, v))
    expected = np.zeros((1, 4, 3, 2))
    expected[:, 2:] = 1.0
    assert_close(got, expected,
                 case="4 query heads, 2 KV heads: heads 0,1 read KV head 0 and heads 2,3 read KV head 1 "
                      "(np.repeat gives [a, a, b, b]; tiling KV heads with np.tile gives [a, b, a, b])")


def test_matches_a_loop_with_eight_query_heads_and_two_kv_heads(ns):
    rng = np.random.default_rng(3)
    q = rng.normal(size=(2, 8, 6, 4)) * 2
    k, v = rng.normal(size=(2, 2, 6, 4)), rng.normal(size=(2, 2, 6, 4))
    assert_close(ns["gqa_attention"](q, k, v), loop_reference(q, k, v),
                 case="seeded B=2, 8 query heads, 2 KV heads, T=6, causal", inputs={"q": q})


def test_non_causal_attention_sees_every_key(ns):
    rng = np.random.default_rng(4)
    q = rng.normal(size=(1, 6, 4, 3))
    k, v = rng.normal(size=(1, 3, 4, 3)), rng.normal(size=(1, 3, 4, 3))
    assert_close(ns["gqa_attention"](q, k, v, causal=False), loop_reference(q, k, v, causal=False),
                 case="causal=False: no mask, 6 query heads over 3 KV heads")
    got = np.asarray(ns["gqa_attention"](q, k, v, causal=True))
    assert_close(got[:, :, 0], np.repeat(v[:, :, 0], 2, axis=1),
                 case="causal=True: position 0 sees only itself, so it returns its KV head's first value")


def test_rejects_head_counts_that_do_not_divide(ns):
    q = np.zeros((1, 6, 2, 2))
    k = v = np.zeros((1, 4, 2, 2))
    try:
        ns["gqa_attention"](q, k, v)
    except ValueError:
        return
    raise AssertionError("n_heads=6 with n_kv_heads=4 must raise ValueError")
