# --- starter ---
import numpy as np


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """One GRU step for a batch, PyTorch GRUCell convention.

    x: (B, D), h: (B, H), W_ih: (3H, D), W_hh: (3H, H), b_ih and b_hh: (3H,).
    Row blocks of the weights and biases are stacked as (reset, update, new).
    Returns the next hidden state h' of shape (B, H).
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def sigmoid(a):
    return 0.5 * (1.0 + np.tanh(0.5 * a))          # equal to 1 / (1 + e^-a), never overflows


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    H = h.shape[1]
    gi = x @ W_ih.T + b_ih                          # (B, 3H): input contributions
    gh = h @ W_hh.T + b_hh                          # (B, 3H): recurrent contributions
    r = sigmoid(gi[:, :H] + gh[:, :H])
    z = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
    n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])  # reset gate scales (W_hn h + b_hn)
    return (1 - z) * n + z * h
# --- tests ---
import math

import numpy as np


def params(rng, D, H, scale=0.5):
    return (rng.normal(size=(3 * H, D)) * scale, rng.normal(size=(3 * H, H)) * scale,
            rng.normal(size=3 * H) * scale, rng.normal(size=3 * H) * scale)


def test_all_zero_weights_halve_the_state(ns):
    h = np.array([[0.8, -0.4], [1.0, 0.0]])
    out = ns["gru_cell"](np.ones((2, 3)), h, np.zeros((6, 3)), np.zeros((6, 2)), np.zeros(6), np.zeros(6))
    assert_close(out, 0.5 * h, case="zero weights: r = z = 0.5 and n = tanh(0) = 0, so h' = h / 2",
                 inputs={"h": h})


def test_hand_checked_single_unit_with_reset_applied_after_the_recurrent_matmul(ns):
    W_ih, W_hh = np.array([[0.0], [0.0], [1.0]]), np.array([[0.0], [0.0], [2.0]])
    b_ih, b_hh = np.zeros(3), np.array([0.0, 0.0, 1.0])
    out = ns["gru_cell"](np.array([[1.0]]), np.array([[0.5]]), W_ih, W_hh, b_ih, b_hh)
    # r = z = 0.5; n = tanh(1 + 0.5 * (2 * 0.5 + 1)) = tanh(2); h' = 0.5 tanh(2) + 0.5 * 0.5
    assert_close(out, [[0.5 * math.tanh(2.0) + 0.25]],
                 case="n = tanh(W_in x + b_in + r * (W_hn h + b_hn)): the reset gate also scales b_hn")


def test_gate_blocks_are_stacked_reset_update_new(ns):
    rng = np.random.default_rng(3)
    x, h = rng.normal(size=(3, 4)), np.tanh(rng.normal(size=(3, 2)))
    W_ih, W_hh, b_ih, b_hh = params(rng, 4, 2)
    keep = b_ih.copy()
    keep[2:4] = 40.0                                # update gate saturated open: z = 1
    out = ns["gru_cell"](x, h, W_ih, W_hh, keep, b_hh)
    assert_close(out, h, case="update gate z = 1 must keep the old state: h' = (1 - z) * n + z * h "
                 "(rows stacked reset, update, new)", inputs={"h": h})
    drop = b_ih.copy()
    drop[2:4] = -40.0                               # z = 0: h' = n
    drop[0:2] = -40.0                               # r = 0: n ignores the recurrent term
    out = ns["gru_cell"](x, h, W_ih, W_hh, drop, b_hh)
    n = np.tanh(x @ W_ih[4:].T + drop[4:])
    assert_close(out, n, case="z = 0 and r = 0: h' = n = tanh(W_in x + b_in); h' = (1 - z) * n + z * h "
                 "(rows stacked reset, update, new)")


def test_matches_a_per_unit_loop_on_a_random_batch(ns):
    rng = np.random.default_rng(0)
    B, D, H = 4, 3, 5
    x, h = rng.normal(size=(B, D)), np.tanh(rng.normal(size=(B, H)))
    W_ih, W_hh, b_ih, b_hh = params(rng, D, H)
    sig = lambda a: 1.0 / (1.0 + math.exp(-a))
    expected = np.zeros((B, H))
    for b in range(B):
        for j in range(H):
            pre = [sum(W_ih[g * H + j, k] * x[b, k] for k in range(D)) + b_ih[g * H + j] for g in range(3)]
            rec = [sum(W_hh[g * H + j, k] * h[b, k] for k in range(H)) + b_hh[g * H + j] for g in range(3)]
            r, z = sig(pre[0] + rec[0]), sig(pre[1] + rec[1])
            n = math.tanh(pre[2] + r * rec[2])
            expected[b, j] = (1 - z) * n + z * h[b, j]
    out = ns["gru_cell"](x, h, W_ih, W_hh, b_ih, b_hh)
    assert_close(out, expected, case="random batch against a per-unit loop (PyTorch GRUCell equations)",
                 inputs={"x": x, "h": h})


def test_rows_of_the_batch_are_independent_and_an_empty_batch_works(ns):
    rng = np.random.default_rng(1)
    x, h = rng.normal(size=(3, 2)), rng.normal(size=(3, 4))
    p = params(rng, 2, 4)
    batch = ns["gru_cell"](x, h, *p)
    rows = np.vstack([ns["gru_cell"](x[i:i + 1], h[i:i + 1], *p) for i in range(3)])
    assert_close(batch, rows, case="the batch result must equal each row run on its own")
    empty = ns["gru_cell"](np.zeros((0, 2)), np.zeros((0, 4)), *p)
    assert_close(empty, np.zeros((0, 4)), case="empty batch: return shape (0, H)")


def test_large_preactivations_stay_finite_and_bounded(ns):
    rng = np.random.default_rng(2)
    x, h = rng.normal(size=(4, 3)), np.tanh(rng.normal(size=(4, 3)))
    W_ih, W_hh, b_ih, b_hh = params(rng, 3, 3, scale=1000.0)
    out = ns["gru_cell"](x, h, W_ih, W_hh, b_ih, b_hh)
    assert np.all(np.isfinite(out)), f"pre-activations of ~1000 gave {preview(out)}: use a sigmoid that cannot overflow"
    assert np.all(np.abs(out) <= 1.0 + 1e-12), (
        f"h' is a convex mix of n in [-1, 1] and h in [-1, 1], so |h'| <= 1; got {preview(out)}")
