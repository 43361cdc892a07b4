# --- starter ---
import numpy as np


def sinusoidal_encoding(num_positions, d_model, base=10000.0):
    """(num_positions, d_model) table: PE[p, 2i] = sin(p / base^(2i/d)), PE[p, 2i+1] = cos(same angle).
    d_model is even."""
    raise NotImplementedError


def alibi_slopes(n_heads):
    """(n_heads,) ALiBi slopes, following the paper's recipe for any head count."""
    raise NotImplementedError


def alibi_bias(n_heads, seq_len):
    """(n_heads, seq_len, seq_len) bias added to causal attention scores:
    -slope[h] * (i - j) for key j <= query i, and -inf for j > i."""
    raise NotImplementedError
# --- solution ---
import math

import numpy as np


def sinusoidal_encoding(num_positions, d_model, base=10000.0):
    pos = np.arange(num_positions)[:, None]
    inv_freq = base ** (-np.arange(0, d_model, 2) / d_model)         # pair i: base^(-2i/d)
    angles = pos * inv_freq[None, :]                                  # (T, d/2)
    pe = np.empty((num_positions, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe


def power_of_two_slopes(n):
    return 2.0 ** (-8.0 * np.arange(1, n + 1) / n)                   # 2^(-8/n), 2^(-16/n), ...


def alibi_slopes(n_heads):
    closest = 2 ** int(math.floor(math.log2(n_heads)))
    slopes = power_of_two_slopes(closest)
    if closest < n_heads:                                              # the paper's interleaving recipe
        extra = power_of_two_slopes(2 * closest)[0::2][: n_heads - closest]
        slopes = np.concatenate([slopes, extra])
    return slopes


def alibi_bias(n_heads, seq_len):
    i = np.arange(seq_len)[:, None]
    j = np.arange(seq_len)[None, :]
    distance = (i - j).astype(float)
    bias = -alibi_slopes(n_heads)[:, None, None] * distance[None]
    return np.where(j[None] > i[None], -np.inf, bias)
# --- tests ---
import math

import numpy as np

EXPONENT = "the angle for pair i is p / base^(2i/d) (exponent 2i/d counts pairs, so even and odd columns share it)"


def ref_table(T, d, base):
    """Slow reference: one entry at a time."""
    pe = np.zeros((T, d))
    for p in range(T):
        for i in range(d // 2):
            angle = p / base ** (2 * i / d)
            pe[p, 2 * i] = math.sin(angle)
            pe[p, 2 * i + 1] = math.cos(angle)
    return pe


def softmax_rows(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_hand_worked_sinusoidal_rows(ns):
    pe = ns["sinusoidal_encoding"](3, 4)
    assert_close(pe[0], [0, 1, 0, 1], case="position 0: sin 0 = 0 and cos 0 = 1 in every pair")
    assert_close(pe[1], [math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)],
                 case=f"position 1, d = 4: angles 1 and 1/100; {EXPONENT}")
    assert np.shape(pe) == (3, 4), f"expected shape (3, 4), got {np.shape(pe)}"


def test_sinusoidal_table_matches_a_slow_reference(ns):
    for T, d, base in [(16, 8, 10000.0), (9, 6, 100.0), (40, 32, 10000.0)]:
        assert_close(ns["sinusoidal_encoding"](T, d, base), ref_table(T, d, base),
                     case=f"T={T}, d={d}, base={base}: interleaved sin/cos; {EXPONENT}")


def test_dot_products_depend_only_on_the_offset(ns):
    pe = ns["sinusoidal_encoding"](64, 16)
    assert_close(np.linalg.norm(pe, axis=1), np.full(64, math.sqrt(8)), case="every row has norm sqrt(d/2)")
    for k in (1, 5, 17):
        dots = np.sum(pe[:-k] * pe[k:], axis=1)
        assert_close(dots, np.full(len(dots), dots[0]), rtol=1e-9, atol=1e-9,
                     case=f"PE[p] . PE[p + {k}] = sum_i cos({k} w_i) for every p (each pair rotates by a fixed angle)")


def test_alibi_slopes_for_powers_of_two_and_other_head_counts(ns):
    assert_close(ns["alibi_slopes"](8), 2.0 ** -np.arange(1, 9), case="8 heads: 1/2, 1/4, ..., 1/256")
    assert_close(ns["alibi_slopes"](4), 2.0 ** (-2.0 * np.arange(1, 5)), case="4 heads: 2^-2, 2^-4, 2^-6, 2^-8")
    expected = np.concatenate([2.0 ** -np.arange(1, 9), 2.0 ** -np.array([0.5, 1.5, 2.5, 3.5])])
    assert_close(ns["alibi_slopes"](12), expected,
                 case="12 heads: the 8 slopes for 8 heads, then every other slope of the 16-head set (2^-0.5, 2^-1.5, ...)")


def test_alibi_bias_hand_worked_and_causal(ns):
    got = np.asarray(ns["alibi_bias"](2, 3))
    inf = -np.inf
    expected = np.array([[[0, inf, inf], [-1 / 16, 0, inf], [-2 / 16, -1 / 16, 0]],
                         [[0, inf, inf], [-1 / 256, 0, inf], [-2 / 256, -1 / 256, 0]]])
    assert_close(got, expected, case="2 heads (slopes 1/16, 1/256), 3 tokens: -slope * (i - j) below the diagonal, -inf above")


def test_alibi_attention_matches_a_loop_and_ignores_the_future(ns):
    rng = np.random.default_rng(0)
    H, T = 6, 7
    scores = rng.normal(size=(H, T, T)) * 2
    weights = softmax_rows(scores + np.asarray(ns["alibi_bias"](H, T)))
    slopes = ns["alibi_slopes"](H)
    assert_close(slopes, np.concatenate([2.0 ** (-8 * np.arange(1, 5) / 4), 2.0 ** -np.array([1.0, 3.0])]),
                 case="6 heads: the 4-head slopes, then 2^-1 and 2^-3 from the 8-head set")
    for h in range(H):
        for i in range(T):
            s = [scores[h, i, j] - slopes[h] * (i - j) for j in range(i + 1)]
            e = [math.exp(v - max(s)) for v in s]
            assert_close(weights[h, i, : i + 1], [v / sum(e) for v in e], case=f"head {h}, query {i}: softmax of score - m_h (i - j)")
            assert_close(weights[h, i, i + 1 :], np.zeros(T - i - 1), case=f"head {h}, query {i}: future keys get weight 0")
