# --- starter ---
import numpy as np


def online_softmax_update(m, l, acc, scores, v_block):
    """m, l: (T,); acc: (T, d_v); scores: (T, b), may hold -inf; v_block: (b, d_v).
    Fold one key block into the running max, denominator and unnormalised output."""
    raise NotImplementedError


def tiled_attention(q, k, v, block_size, causal=False):
    """q: (T, d), k: (S, d), v: (S, d_v). softmax(q k^T / sqrt(d)) v over key blocks."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def online_softmax_update(m, l, acc, scores, v_block):
    m_new = np.maximum(m, scores.max(axis=1))
    rescale = np.exp(m - m_new)                      # 0 on the first block (m = -inf)
    p = np.exp(scores - m_new[:, None])              # (T, b); masked entries give 0
    l_new = rescale * l + p.sum(axis=1)
    acc_new = rescale[:, None] * acc + p @ v_block
    return m_new, l_new, acc_new


def tiled_attention(q, k, v, block_size, causal=False):
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    t, s = q.shape[0], k.shape[0]
    m = np.full(t, -np.inf)
    l = np.zeros(t)
    acc = np.zeros((t, v.shape[1]))
    rows = np.arange(t)[:, None]
    for start in range(0, s, block_size):
        stop = min(start + block_size, s)
        scores = q @ k[start:stop].T / np.sqrt(q.shape[1])
        if causal:
            scores = np.where(np.arange(start, stop)[None, :] > rows, -np.inf, scores)
        m, l, acc = online_softmax_update(m, l, acc, scores, v[start:stop])
    return acc / l[:, None]
# --- tests ---
import math

import numpy as np

RESCALE = "(if acc is off, the accumulator was not rescaled by exp(m_old - m_new))"


def loop_attention(q, k, v, causal):
    out = np.zeros((q.shape[0], v.shape[1]))
    for i in range(q.shape[0]):
        keys = range(i + 1) if causal else range(k.shape[0])
        s = [float(q[i] @ k[j]) / math.sqrt(q.shape[1]) for j in keys]
        top = max(s)
        w = [math.exp(x - top) for x in s]
        out[i] = sum(wj / sum(w) * v[j] for wj, j in zip(w, keys))
    return out


def empty_state(t, dv):
    return np.full(t, -np.inf), np.zeros(t), np.zeros((t, dv))


def test_one_block_gives_max_sum_and_weighted_values(ns):
    scores = np.array([[1.0, 3.0, 2.0], [0.0, -np.inf, 0.0]])
    v = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]])
    m, l, acc = ns["online_softmax_update"](*empty_state(2, 2), scores, v)
    e = np.exp(np.array([[-2.0, 0.0, -1.0], [0.0, 0.0, 0.0]])) * np.array([[1, 1, 1], [1, 0, 1]])
    assert_close(m, [3.0, 0.0], case="running max after one block (masked -inf ignored)")
    assert_close(l, e.sum(axis=1), case="denominator: sum of exp(score - max)")
    assert_close(acc, e @ v, case="unnormalised output: exp(score - max) @ v_block")


def test_a_block_with_a_larger_max_rescales_the_state(ns):
    rng = np.random.default_rng(0)
    s1, s2 = rng.normal(size=(3, 4)), rng.normal(size=(3, 2)) + 5.0
    v1, v2 = rng.normal(size=(4, 2)), rng.normal(size=(2, 2))
    upd = ns["online_softmax_update"]
    two = upd(*upd(*empty_state(3, 2), s1, v1), s2, v2)
    one = upd(*empty_state(3, 2), np.hstack([s1, s2]), np.vstack([v1, v2]))
    for name, got, want in zip(("m", "l", "acc"), two, one):
        assert_close(got, want, case=f"{name} after two blocks equals {name} after one merged block {RESCALE}")


def test_matches_full_attention_for_any_block_size(ns):
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=(4, 3)) * 2, rng.normal(size=(7, 3)) * 2, rng.normal(size=(7, 5))
    expected = loop_attention(q, k, v, causal=False)
    for block in (1, 2, 3, 5, 7, 11):
        assert_close(ns["tiled_attention"](q, k, v, block), expected,
                     case=f"block_size={block}, 4 queries over 7 keys {RESCALE}", inputs={"q": q})


def test_causal_tiles_match_masked_attention(ns):
    rng = np.random.default_rng(2)
    q, k, v = rng.normal(size=(6, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 3))
    expected = loop_attention(q, k, v, causal=True)
    for block in (1, 2, 4, 6):
        assert_close(ns["tiled_attention"](q, k, v, block, causal=True), expected,
                     case=f"causal, block_size={block}: query i sees keys j <= i")


def test_huge_scores_stay_finite(ns):
    rng = np.random.default_rng(3)
    q, k, v = rng.normal(size=(3, 4)) * 40, rng.normal(size=(8, 4)) * 40, rng.normal(size=(8, 2))
    got = ns["tiled_attention"](q, k, v, 3)
    assert np.all(np.isfinite(got)), f"scores near 1000 gave {preview(got)}: exponentiate scores minus the running max"
    assert_close(got, loop_attention(q, k, v, causal=False), case="scores in the hundreds to thousands, block_size=3")


def test_the_block_size_does_not_change_the_result(ns):
    rng = np.random.default_rng(4)
    q, k, v = rng.normal(size=(5, 6)), rng.normal(size=(9, 6)) * 3, rng.normal(size=(9, 4))
    ref = ns["tiled_attention"](q, k, v, 9)
    for block in (1, 4):
        assert_close(ns["tiled_attention"](q, k, v, block), ref,
                     case=f"block_size={block} against one block of 9 {RESCALE}")
