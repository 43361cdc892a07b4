# --- starter ---
import numpy as np


def lstm_cell(x, h_prev, c_prev, W, U, b):
    """One LSTM step for a batch.

    x (B, D), h_prev (B, H), c_prev (B, H), W (D, 4H), U (H, 4H), b (4H,);
    the 4H columns are the gates in the order i, f, g, o. Returns (h, c), each (B, H).
    """
    raise NotImplementedError


def lstm_forward(xs, h0, c0, W, U, b):
    """Run the cell over xs (T, B, D) from (h0, c0). Returns (hs (T, B, H), (h_T, c_T))."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def sigmoid(a):
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def lstm_cell(x, h_prev, c_prev, W, U, b):
    H = h_prev.shape[1]
    a = x @ W + h_prev @ U + b                      # (B, 4H) pre-activations of all gates
    i = sigmoid(a[:, :H])                           # input gate
    f = sigmoid(a[:, H:2 * H])                      # forget gate
    g = np.tanh(a[:, 2 * H:3 * H])                  # candidate cell values
    o = sigmoid(a[:, 3 * H:])                       # output gate
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def lstm_forward(xs, h0, c0, W, U, b):
    h, c, hs = h0, c0, []
    for x in xs:
        h, c = lstm_cell(x, h, c, W, U, b)
        hs.append(h)
    return np.array(hs).reshape(len(xs), *h0.shape), (h, c)
# --- tests ---
import math

import numpy as np


def params(D=4, H=5, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    return (scale * rng.normal(size=(D, 4 * H)), scale * rng.normal(size=(H, 4 * H)),
            scale * rng.normal(size=4 * H))


def gate_bias(H, i, f, g, o):
    return np.concatenate([np.full(H, v) for v in (i, f, g, o)])


def test_zero_weights_give_half_open_gates(ns):
    D, H = 3, 2
    x, h_prev, c_prev = np.ones((1, D)), np.zeros((1, H)), np.array([[2.0, -4.0]])
    h, c = ns["lstm_cell"](x, h_prev, c_prev, np.zeros((D, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H))
    # every sigmoid gate is 1/2 and the candidate tanh(0) = 0
    assert_close(c, [[1.0, -2.0]], case="c = f * c_prev + i * g = 0.5 * c_prev + 0.5 * 0")
    assert_close(h, 0.5 * np.tanh([[1.0, -2.0]]), case="h = o * tanh(c) = 0.5 * tanh(c)")


def test_gate_order_is_input_forget_candidate_output(ns):
    D, H = 3, 2
    x, h_prev, c_prev = np.ones((2, D)), np.zeros((2, H)), np.array([[0.3, -1.5], [2.0, 0.0]])
    W, U = np.zeros((D, 4 * H)), np.zeros((H, 4 * H))
    h, c = ns["lstm_cell"](x, h_prev, c_prev, W, U, gate_bias(H, -100.0, 100.0, 0.5, 0.0))
    label = "gate order i, f, g, o: columns [0:H] input, [H:2H] forget, [2H:3H] candidate (tanh), [3H:4H] output"
    assert_close(c, c_prev, case=label + " — input closed, forget open: c = c_prev")
    assert_close(h, 0.5 * np.tanh(c_prev), case=label + " — output bias 0: h = 0.5 tanh(c)")
    h, c = ns["lstm_cell"](x, h_prev, c_prev, W, U, gate_bias(H, 100.0, -100.0, 1.0, 100.0))
    assert_close(c, np.full((2, H), math.tanh(1.0)), case=label + " — input open, forget closed: c = tanh(1)")
    assert_close(h, np.full((2, H), math.tanh(math.tanh(1.0))), case=label + " — output open: h = tanh(c)")


def test_matches_a_scalar_loop_on_random_inputs(ns):
    D, H, B = 4, 5, 3
    W, U, b = params(D, H)
    rng = np.random.default_rng(1)
    x, h_prev, c_prev = rng.normal(size=(B, D)), rng.normal(size=(B, H)), rng.normal(size=(B, H))
    h, c = ns["lstm_cell"](x, h_prev, c_prev, W, U, b)
    sig = lambda v: 1 / (1 + math.exp(-v))              # noqa: E731
    eh, ec = np.zeros((B, H)), np.zeros((B, H))
    for n in range(B):
        for j in range(H):
            pre = [sum(x[n, d] * W[d, k * H + j] for d in range(D)) +
                   sum(h_prev[n, m] * U[m, k * H + j] for m in range(H)) + b[k * H + j] for k in range(4)]
            ec[n, j] = sig(pre[1]) * c_prev[n, j] + sig(pre[0]) * math.tanh(pre[2])
            eh[n, j] = sig(pre[3]) * math.tanh(ec[n, j])
    assert_close(c, ec, case="cell state against a scalar loop (gate order i, f, g, o)", inputs={"x": x})
    assert_close(h, eh, case="hidden state against a scalar loop (gate order i, f, g, o)", inputs={"x": x})
    perm = [2, 0, 1]
    hp, cp = ns["lstm_cell"](x[perm], h_prev[perm], c_prev[perm], W, U, b)
    assert_close(hp, h[perm], case="batch rows are independent: permuting the batch permutes the outputs")


def test_sequence_forward_repeats_the_cell(ns):
    D, H, B, T = 3, 4, 2, 6
    W, U, b = params(D, H, seed=2)
    rng = np.random.default_rng(3)
    xs, h0, c0 = rng.normal(size=(T, B, D)), rng.normal(size=(B, H)), rng.normal(size=(B, H))
    hs, (hT, cT) = ns["lstm_forward"](xs, h0, c0, W, U, b)
    h, c, expected = h0, c0, []
    for t in range(T):
        h, c = ns["lstm_cell"](xs[t], h, c, W, U, b)
        expected.append(h)
    assert_close(hs, np.array(expected), case="hs[t] is the hidden state after step t, shape (T, B, H)")
    assert_close(hT, h, case="final hidden state")
    assert_close(cT, c, case="final cell state (carried, not reset, between steps)")
    hs, (hT, cT) = ns["lstm_forward"](np.zeros((0, B, D)), h0, c0, W, U, b)
    assert np.shape(hs) == (0, B, H), f"T = 0: hs must have shape (0, {B}, {H}), got {np.shape(hs)}"
    assert_close(cT, c0, case="T = 0: the initial state is returned")


def test_open_forget_gate_carries_the_cell_state_over_long_sequences(ns):
    D, H, B, T = 2, 3, 2, 50
    rng = np.random.default_rng(4)
    W, U = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H))
    W[:, :2 * H] = 0.0                                   # gates i and f ignore the inputs ...
    U[:, :2 * H] = 0.0
    b = gate_bias(H, -30.0, 30.0, 0.0, 0.0)              # ... input closed, forget open
    c0 = rng.normal(size=(B, H))
    _, (hT, cT) = ns["lstm_forward"](rng.normal(size=(T, B, D)) * 5, np.zeros((B, H)), c0, W, U, b)
    assert_close(cT, c0, rtol=1e-9, atol=1e-9, case="forget gate 1 and input gate 0 keep c unchanged for 50 steps")
    big = ns["lstm_cell"](1000 * np.ones((1, D)), np.zeros((1, H)), np.zeros((1, H)), W, U, b)[0]
    assert np.all(np.isfinite(big)) and np.all(np.abs(big) <= 1), f"saturated inputs: h = {big}, must be finite, |h| <= 1"
