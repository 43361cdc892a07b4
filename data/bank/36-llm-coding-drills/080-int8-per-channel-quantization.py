# --- starter ---
import numpy as np


def quantize_int8(w):
    """w: (d_out, d_in). Return (q int8 (d_out, d_in), scale (d_out,)), scale = max|row| / 127."""
    raise NotImplementedError


def dequantize_int8(q, scale):
    """Return q * scale[:, None] as floats."""
    raise NotImplementedError


def quantization_error(w):
    """Return (max_abs per row (d_out,), relative Frobenius error) of the int8 round trip."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def quantize_int8(w):
    w = np.asarray(w, dtype=float)
    scale = np.abs(w).max(axis=1) / 127.0
    scale = np.where(scale > 0, scale, 1.0)                 # all-zero rows
    q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


def dequantize_int8(q, scale):
    return q.astype(float) * scale[:, None]


def quantization_error(w):
    w = np.asarray(w, dtype=float)
    diff = w - dequantize_int8(*quantize_int8(w))
    norm = np.linalg.norm(w)
    return np.abs(diff).max(axis=1), float(np.linalg.norm(diff) / norm) if norm > 0 else 0.0
# --- tests ---
import numpy as np

PER_CHANNEL = "one scale per output channel (row), not one per tensor"


def test_quantizes_the_hand_worked_row(ns):
    w = np.array([[0.5, -1.27, 0.01], [0.0, 0.0, 0.0]])
    q, scale = ns["quantize_int8"](w)
    assert np.asarray(q).dtype == np.int8, f"q must be int8, got {np.asarray(q).dtype}"
    assert np.array_equal(q, [[50, -127, 1], [0, 0, 0]]), f"codes {np.asarray(q).tolist()}, expected [[50, -127, 1], [0, 0, 0]]"
    assert_close(scale[0], 0.01, case="scale of [0.5, -1.27, 0.01] is 1.27 / 127")
    assert np.isfinite(scale[1]) and scale[1] > 0, f"an all-zero row needs a positive finite scale, got {scale[1]}"
    assert_close(ns["dequantize_int8"](q, scale), [[0.5, -1.27, 0.01], [0, 0, 0]],
                 case="these values sit exactly on the grid, so the round trip is exact")


def test_each_row_gets_its_own_scale(ns):
    w = np.array([[1000.0, -400.0, 3.0], [0.001, -0.0005, 0.0002]])
    q, scale = ns["quantize_int8"](w)
    assert_close(scale, [1000 / 127, 0.001 / 127], case=PER_CHANNEL)
    back = ns["dequantize_int8"](q, scale)
    assert_close(back[1], w[1], atol=0.001 / 254 + 1e-15, rtol=0,
                 case=f"the small row keeps its precision: {PER_CHANNEL}")


def test_round_trip_error_is_at_most_half_a_step_per_channel(ns):
    rng = np.random.default_rng(0)
    w = rng.normal(size=(16, 64)) * rng.uniform(0.01, 10, size=(16, 1))
    q, scale = ns["quantize_int8"](w)
    err = np.abs(ns["dequantize_int8"](q, scale) - w).max(axis=1)
    bound = np.asarray(scale) / 2
    worst = int(np.argmax(err / bound))
    assert np.all(err <= bound * (1 + 1e-9)), \
        f"row {worst}: error {err[worst]:.4g} exceeds half a step {bound[worst]:.4g} (round to nearest; {PER_CHANNEL})"


def test_codes_match_a_loop_and_the_row_maximum_maps_to_127(ns):
    rng = np.random.default_rng(1)
    w = rng.normal(size=(5, 12))
    q, scale = ns["quantize_int8"](w)
    for o in range(5):
        s = max(abs(v) for v in w[o]) / 127
        assert_close(scale[o], s, case=f"row {o}: scale = max|row| / 127")
        codes = [int(np.round(v / s)) for v in w[o]]
        assert np.array_equal(q[o], codes), f"row {o}: codes {np.asarray(q[o]).tolist()}, expected {codes}"
        assert int(np.abs(q[o]).max()) == 127, f"row {o}: the largest |weight| must map to +-127"
    assert int(np.asarray(q).min()) >= -127, "symmetric int8 uses -127..127, never -128"


def test_reports_the_error_per_row_and_overall(ns):
    rng = np.random.default_rng(2)
    w = rng.normal(size=(6, 32))
    w[3] = 0.0
    max_abs, rel = ns["quantization_error"](w)
    s = np.where(np.abs(w).max(axis=1) > 0, np.abs(w).max(axis=1) / 127, 1.0)
    back = np.clip(np.round(w / s[:, None]), -127, 127) * s[:, None]
    assert_close(max_abs, np.abs(w - back).max(axis=1), case="max_abs: largest error of each row (row 3 is all zeros)")
    assert_close(rel, np.linalg.norm(w - back) / np.linalg.norm(w), case="rel_fro: ||W - W_hat||_F / ||W||_F")
    assert 0 < rel < 0.02, f"relative error {rel:.3g} is implausible for int8 Gaussian weights"
