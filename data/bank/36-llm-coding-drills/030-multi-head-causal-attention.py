# --- starter ---
import numpy as np


def mha_forward(x, w_q, w_k, w_v, w_o, n_heads):
    """x: (B, T, d_model); w_*: (d_model, d_model), used as x @ w. Causal multi-head
    self-attention; returns (B, T, d_model)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def split_heads(t, n_heads):
    b, s, d = t.shape
    return t.reshape(b, s, n_heads, d // n_heads).transpose(0, 2, 1, 3)   # (B, H, T, d_head)


def mha_forward(x, w_q, w_k, w_v, w_o, n_heads):
    x = np.asarray(x, dtype=float)
    b, t, d = x.shape
    q, k, v = (split_heads(x @ w, n_heads) for w in (w_q, w_k, w_v))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d // n_heads)          # (B, H, T, T)
    future = np.triu(np.ones((t, t), dtype=bool), k=1)
    scores = np.where(future, -np.inf, scores)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    heads = weights @ v                                                    # (B, H, T, d_head)
    merged = heads.transpose(0, 2, 1, 3).reshape(b, t, d)
    return merged @ w_o
# --- tests ---
import math

import numpy as np


def loop_reference(x, wq, wk, wv, wo, n_heads):
    b_len, t_len, d = x.shape
    dh = d // n_heads
    q, k, v = x @ wq, x @ wk, x @ wv
    merged = np.zeros_like(x)
    for b in range(b_len):
        for h in range(n_heads):
            cols = slice(h * dh, (h + 1) * dh)
            for i in range(t_len):
                scores = [float(q[b, i, cols] @ k[b, j, cols]) / math.sqrt(dh) for j in range(i + 1)]
                top = max(scores)
                w = [math.exp(s - top) for s in scores]
                total = sum(w)
                merged[b, i, cols] = sum(w[j] / total * v[b, j, cols] for j in range(i + 1))
    return merged @ wo


def weights(rng, d, scale=1.0):
    return [rng.normal(size=(d, d)) * scale / math.sqrt(d) for _ in range(4)]


def test_the_first_position_only_sees_itself(ns):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 4, 8))
    wq, wk, wv, wo = weights(rng, 8)
    out = ns["mha_forward"](x, wq, wk, wv, wo, 2)
    assert_close(np.asarray(out)[:, 0], x[:, 0] @ wv @ wo,
                 case="position 0 attends only to itself, so its output is x0 @ w_v @ w_o")


def test_one_head_is_plain_causal_attention(ns):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1, 5, 4))
    wq, wk, wv, wo = weights(rng, 4)
    s = (x[0] @ wq) @ (x[0] @ wk).T / 2.0
    s = np.where(np.triu(np.ones((5, 5), dtype=bool), k=1), -np.inf, s)
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    expected = (p @ (x[0] @ wv) @ wo)[None]
    assert_close(ns["mha_forward"](x, wq, wk, wv, wo, 1), expected,
                 case="n_heads=1, d=4: softmax(QK^T/2 + causal mask) V W_o")


def test_matches_a_loop_over_batch_heads_and_positions(ns):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 5, 8))
    wq, wk, wv, wo = weights(rng, 8, scale=2.0)
    assert_close(ns["mha_forward"](x, wq, wk, wv, wo, 2), loop_reference(x, wq, wk, wv, wo, 2),
                 case="seeded B=2, T=5, d=8, 2 heads: head h owns columns h*d_head:(h+1)*d_head; "
                      "reshape to (B, T, H, d_head) then transpose", inputs={"x": x})


def test_scales_scores_by_the_head_width(ns):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(1, 6, 16))
    wq, wk, wv, wo = weights(rng, 16, scale=3.0)
    assert_close(ns["mha_forward"](x, wq, wk, wv, wo, 4), loop_reference(x, wq, wk, wv, wo, 4),
                 case="4 heads of width 4: scores are scaled by 1/sqrt(d_head); scaling by sqrt(d_model) flattens them")


def test_future_tokens_do_not_change_earlier_outputs(ns):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(1, 6, 8))
    wq, wk, wv, wo = weights(rng, 8)
    changed = x.copy()
    changed[:, 3:] = rng.normal(size=(1, 3, 8)) * 5
    before = np.asarray(ns["mha_forward"](x, wq, wk, wv, wo, 4))
    after = np.asarray(ns["mha_forward"](changed, wq, wk, wv, wo, 4))
    assert_close(after[:, :3], before[:, :3],
                 case="causal mask: outputs at positions 0-2 ignore tokens 3-5")


def test_huge_scores_stay_finite(ns):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(1, 4, 8)) * 100
    wq, wk, wv, wo = weights(rng, 8)
    out = np.asarray(ns["mha_forward"](x, wq, wk, wv, wo, 2))
    assert np.all(np.isfinite(out)), "inputs scaled by 100 gave nan or inf: subtract the row max before exp"
    assert_close(out, loop_reference(x, wq, wk, wv, wo, 2), case="inputs scaled by 100 (scores in the thousands)")
