# --- starter ---
import numpy as np


def attention_mask(lengths, seq_len, padding_side="right"):
    """lengths: (B,) real-token counts. Return a bool array (B, T, T), True where query i may
    attend to key j: j <= i (causal) and key j is a real token, not padding.
    padding_side "right": tokens 0..len-1 are real; "left": tokens T-len..T-1 are real."""
    raise NotImplementedError


def masked_attention(q, k, v, mask):
    """q, k: (B, T, d); v: (B, T, d_v); mask: (B, T, T) bool. Scaled dot-product attention.
    Return (out (B, T, d_v), weights (B, T, T)); a query row with no allowed key gets
    all-zero weights and a zero output (never nan)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def attention_mask(lengths, seq_len, padding_side="right"):
    lengths = np.asarray(lengths)
    pos = np.arange(seq_len)
    if padding_side == "right":
        real = pos[None, :] < lengths[:, None]                 # (B, T) real keys
    else:
        real = pos[None, :] >= seq_len - lengths[:, None]
    causal = pos[None, :] <= pos[:, None]                      # (T, T): key j <= query i
    return causal[None, :, :] & real[:, None, :]               # padding masks keys (the last axis)


def masked_attention(q, k, v, mask):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    scores = np.where(mask, scores, -np.inf)
    top = scores.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)                 # fully masked rows: avoid -inf - -inf
    e = np.where(mask, np.exp(scores - top), 0.0)
    total = e.sum(axis=-1, keepdims=True)
    weights = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    return weights @ v, weights
# --- tests ---
import math

import numpy as np

KEYS = "real queries must give zero weight to padded keys (the padding mask acts on the key axis)"


def real_positions(length, T, side):
    return list(range(length)) if side == "right" else list(range(T - length, T))


def ref_attention(q, k, v, lengths, side):
    """Slow reference: loops; each query attends to real keys at or before it."""
    B, T, _ = q.shape
    out, w = np.zeros((B, T, v.shape[2])), np.zeros((B, T, T))
    for b in range(B):
        real = real_positions(lengths[b], T, side)
        for i in range(T):
            keys = [j for j in real if j <= i]
            if not keys:
                continue
            s = [float(q[b, i] @ k[b, j]) / math.sqrt(q.shape[2]) for j in keys]
            e = [math.exp(x - max(s)) for x in s]
            for j, ej in zip(keys, e):
                w[b, i, j] = ej / sum(e)
                out[b, i] += w[b, i, j] * v[b, j]
    return out, w


def qkv(seed, B=3, T=6, d=4, scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(B, T, d)) * scale, rng.normal(size=(B, T, d)) * scale, rng.normal(size=(B, T, 5)))


def test_hand_worked_masks(ns):
    right = np.asarray(ns["attention_mask"](np.array([3, 1]), 3, "right")).astype(int)
    assert right.tolist()[0] == [[1, 0, 0], [1, 1, 0], [1, 1, 1]], f"length 3 of 3: plain causal mask, got {right[0].tolist()}"
    assert right.tolist()[1] == [[1, 0, 0], [1, 0, 0], [1, 0, 0]], \
        f"length 1, right padding: every query sees key 0 only; got {right[1].tolist()}: {KEYS}"
    left = np.asarray(ns["attention_mask"](np.array([3, 1]), 3, "left")).astype(int)
    assert left.tolist()[1] == [[0, 0, 0], [0, 0, 0], [0, 0, 1]], \
        f"length 1, left padding: only the last token is real, and only query 2 can see it; got {left[1].tolist()}: {KEYS}"


def test_matches_a_slow_reference_with_both_padding_sides(ns):
    for side in ("right", "left"):
        q, k, v = qkv(1 if side == "right" else 2)
        lengths = np.array([6, 4, 2])
        out, w = ns["masked_attention"](q, k, v, ns["attention_mask"](lengths, 6, side))
        ref_out, ref_w = ref_attention(q, k, v, lengths, side)
        assert_close(w, ref_w, case=f"{side} padding, lengths [6, 4, 2]: attention weights; {KEYS}")
        assert_close(out, ref_out, case=f"{side} padding: outputs")


def test_weights_ignore_padding_and_the_future_and_rows_sum_to_one(ns):
    q, k, v = qkv(3, B=4, T=7)
    lengths = np.array([7, 5, 3, 1])
    for side in ("right", "left"):
        mask = np.asarray(ns["attention_mask"](lengths, 7, side))
        _, w = ns["masked_attention"](q, k, v, mask)
        w = np.asarray(w)
        for b, n in enumerate(lengths):
            real = real_positions(n, 7, side)
            pad = [j for j in range(7) if j not in real]
            rows = [i for i in real]
            assert_close(w[b][np.ix_(rows, pad)], np.zeros((len(rows), len(pad))), case=f"{side} padding, length {n}: {KEYS}")
            assert_close(np.triu(w[b], 1), np.zeros((7, 7)), case=f"{side} padding, length {n}: future keys get weight 0")
            assert_close(w[b, rows].sum(axis=-1), np.ones(len(rows)), case=f"{side} padding, length {n}: each real query's weights sum to 1")


def test_real_outputs_equal_the_unpadded_sequence_alone(ns):
    q, k, v = qkv(4, B=2, T=6)
    lengths = np.array([6, 3])
    for side in ("right", "left"):
        out, _ = ns["masked_attention"](q, k, v, ns["attention_mask"](lengths, 6, side))
        real = real_positions(3, 6, side)
        alone_q, alone_k, alone_v = q[1:2, real], k[1:2, real], v[1:2, real]
        alone, _ = ns["masked_attention"](alone_q, alone_k, alone_v, ns["attention_mask"](np.array([3]), 3, side))
        assert_close(np.asarray(out)[1, real], np.asarray(alone)[0],
                     case=f"{side} padding: a padded sequence's real outputs equal those of the sequence run alone; {KEYS}")
        k2, v2 = k.copy(), v.copy()
        pad = [j for j in range(6) if j not in real]
        k2[1, pad] += 100.0
        v2[1, pad] -= 50.0
        out2, _ = ns["masked_attention"](q, k2, v2, ns["attention_mask"](lengths, 6, side))
        assert_close(np.asarray(out2)[1, real], np.asarray(out)[1, real],
                     case=f"{side} padding: changing padded keys and values must not change real outputs; {KEYS}")


def test_fully_masked_rows_are_zero_not_nan(ns):
    q, k, v = qkv(5, B=1, T=5)
    mask = ns["attention_mask"](np.array([2]), 5, "left")
    out, w = ns["masked_attention"](q, k, v, mask)
    out, w = np.asarray(out), np.asarray(w)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(w)), \
        f"left padding leaves queries 0-2 with no allowed key; got {preview(w[0, 0])}: return zeros, not nan"
    assert_close(w[0, :3], np.zeros((3, 5)), case="queries with no allowed key: all-zero weights")
    assert_close(out[0, :3], np.zeros((3, 5)), case="queries with no allowed key: zero output")


def test_huge_scores_stay_finite(ns):
    q, k, v = qkv(6, scale=40.0)
    lengths = np.array([6, 5, 3])
    out, w = ns["masked_attention"](q, k, v, ns["attention_mask"](lengths, 6, "right"))
    assert np.all(np.isfinite(np.asarray(out))), "scores in the thousands: subtract the row max before exp"
    ref_out, _ = ref_attention(q, k, v, lengths, "right")
    assert_close(out, ref_out, case="inputs scaled by 40: stable softmax")
