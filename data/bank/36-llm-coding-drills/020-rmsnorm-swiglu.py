# --- starter ---
import numpy as np


def rms_norm(x, weight, eps=1e-6):
    """x: (..., d), weight: (d,). Divide by sqrt(mean(x**2) + eps) over the last axis, times weight."""
    raise NotImplementedError


def swiglu_mlp(x, w_gate, w_up, w_down):
    """x: (..., d); w_gate, w_up: (d, h); w_down: (h, d). Return (silu(x @ w_gate) * (x @ w_up)) @ w_down."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def rms_norm(x, weight, eps=1e-6):
    x = np.asarray(x, dtype=float)
    rms = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return x / rms * weight


def silu(z):
    return z * 0.5 * (1.0 + np.tanh(0.5 * z))   # z * sigmoid(z), no overflow


def swiglu_mlp(x, w_gate, w_up, w_down):
    x = np.asarray(x, dtype=float)
    return (silu(x @ w_gate) * (x @ w_up)) @ w_down
# --- tests ---
import math

import numpy as np

NO_MEAN = "RMSNorm divides by the root mean square only (subtracting the mean turns it into LayerNorm)"


def test_rms_norm_matches_the_hand_worked_row(ns):
    got = ns["rms_norm"](np.array([3.0, 4.0]), np.array([1.0, 2.0]), eps=0.0)
    assert_close(got, [3 / math.sqrt(12.5), 8 / math.sqrt(12.5)],
                 case="[3, 4] has RMS sqrt(12.5); gain [1, 2]")


def test_rms_norm_does_not_subtract_the_mean(ns):
    x = np.array([[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]])
    got = ns["rms_norm"](x, np.array([1.0, 0.5, 2.0]), eps=1e-6)
    rms = np.sqrt(np.array([4.0, 14.0 / 3.0]) + 1e-6)[:, None]
    assert_close(got, x / rms * np.array([1.0, 0.5, 2.0]), case=NO_MEAN, inputs={"x": x})


def test_rms_norm_keeps_an_all_zero_row_finite(ns):
    got = ns["rms_norm"](np.zeros((2, 4)), np.ones(4), eps=1e-6)
    assert np.all(np.isfinite(got)), f"an all-zero row gave {preview(got)}: eps belongs inside the square root"
    assert_close(got, np.zeros((2, 4)), case="an all-zero row normalises to zeros")


def test_rms_norm_is_invariant_to_positive_rescaling(ns):
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=(3, 8)), rng.normal(size=8)
    assert_close(ns["rms_norm"](7.5 * x, g, eps=0.0), ns["rms_norm"](x, g, eps=0.0),
                 case="scaling the input by 7.5 leaves RMSNorm unchanged (eps = 0)")


def test_rms_norm_matches_a_loop_on_a_seeded_batch(ns):
    rng = np.random.default_rng(1)
    x, g = rng.normal(size=(2, 3, 6)) * 3 + 1, rng.normal(size=6)
    expected = np.zeros_like(x)
    for i in range(2):
        for j in range(3):
            row = x[i, j]
            expected[i, j] = row / math.sqrt(sum(v * v for v in row) / 6 + 1e-5) * g
    assert_close(ns["rms_norm"](x, g, eps=1e-5), expected,
                 case=f"seeded (2, 3, 6) batch over the last axis; {NO_MEAN}", inputs={"x": x})


def test_swiglu_matches_the_hand_worked_scalar_case(ns):
    got = ns["swiglu_mlp"](np.array([[1.0]]), np.array([[1.0]]), np.array([[2.0]]), np.array([[3.0]]))
    assert_close(got, [[6.0 / (1.0 + math.exp(-1.0))]],
                 case="x = 1, W_gate = 1, W_up = 2, W_down = 3: SiLU(1) * 2 * 3")


def test_swiglu_matches_a_loop_on_seeded_weights(ns):
    rng = np.random.default_rng(2)
    d, h = 4, 6
    x = rng.normal(size=(2, 3, d))
    wg, wu, wd = rng.normal(size=(d, h)), rng.normal(size=(d, h)), rng.normal(size=(h, d))
    expected = np.zeros_like(x)
    for i in range(2):
        for t in range(3):
            hidden = []
            for j in range(h):
                a = sum(x[i, t, k] * wg[k, j] for k in range(d))
                b = sum(x[i, t, k] * wu[k, j] for k in range(d))
                hidden.append(a / (1.0 + math.exp(-a)) * b)
            expected[i, t] = [sum(hidden[j] * wd[j, k] for j in range(h)) for k in range(d)]
    assert_close(ns["swiglu_mlp"](x, wg, wu, wd), expected,
                 case="seeded weights: SiLU goes on x @ w_gate, times x @ w_up, then @ w_down",
                 inputs={"x": x})


def test_swiglu_stays_finite_for_huge_gate_inputs(ns):
    x = np.array([[1.0]])
    got = ns["swiglu_mlp"](x, np.array([[1000.0, -1000.0]]), np.array([[1.0, 1.0]]), np.array([[1.0], [1.0]]))
    assert_close(got, [[1000.0]], case="gate inputs +1000 and -1000: SiLU gives 1000 and 0, no nan")
