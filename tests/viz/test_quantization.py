"""Quantization explorer: uniform quantisers against an element-by-element loop, SNR against
the uniform-noise model, SmoothQuant's invariance; its challenges against independent
computations."""

import math
import random
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz.explorers import quantization as qz


def loop_quantize(w, bits, symmetric, granularity, group=64):
    """Element by element, one scale per block, written out separately from the module."""
    rows, cols = w.shape
    out = np.empty_like(w)
    if granularity == "tensor":
        members = [[(i, j) for i in range(rows) for j in range(cols)]]
    elif granularity == "channel":
        members = [[(i, j) for j in range(cols)] for i in range(rows)]
    else:
        members = [[(i, j) for j in range(g, g + group)] for i in range(rows)
                   for g in range(0, cols, group)]
    for block in members:
        values = [w[i, j] for i, j in block]
        if symmetric:
            qmax = 2 ** (bits - 1) - 1
            s = max(abs(v) for v in values) / qmax
            for (i, j), v in zip(block, values, strict=False):
                out[i, j] = s * min(qmax, max(-qmax, round(v / s)))
        else:
            lo, hi = min(values), max(values)
            s = (hi - lo) / (2 ** bits - 1)
            z = round(-lo / s)
            for (i, j), v in zip(block, values, strict=False):
                out[i, j] = s * (min(2 ** bits - 1, max(0, round(v / s) + z)) - z)
    return out


@pytest.mark.parametrize("granularity", ["tensor", "channel", "group"])
@pytest.mark.parametrize("symmetric", [True, False])
@pytest.mark.parametrize("bits", [3, 8])
def test_quantize_matches_an_elementwise_loop(granularity, symmetric, bits):
    w = np.random.default_rng(5).normal(size=(6, 64)) * np.linspace(0.5, 3, 64)
    w[2, 7] = 9.0
    expected = loop_quantize(w, bits, symmetric, granularity, group=16)
    assert np.allclose(qz.quantize(w, bits, symmetric, granularity, 16), expected)


def test_quantizer_properties():
    w = qz.weights(20.0)
    assert np.count_nonzero(np.abs(w) >= 20.0) == 4
    for symmetric in (True, False):
        w_hat = qz.quantize(w, 4, symmetric, "channel")
        for row in range(qz.ROWS):
            assert len(np.unique(w_hat[row])) <= (15 if symmetric else 16)
        s, _ = qz.scale_zero(qz.blocks(w, "channel"), 4, symmetric)
        assert np.all(np.abs(w - w_hat) <= s[:, None] / 2 + 1e-12)   # no clipping inside range
    # asymmetric quantisation represents zero exactly
    lo_hi = np.array([[-0.37, 2.9, 0.0, 1.1]])
    assert qz.quantize(lo_hi, 4, False)[0, 2] == 0.0


def test_snr_follows_the_uniform_noise_model_and_six_db_per_bit():
    w = qz.base_weights()
    power = np.mean(w ** 2)
    for bits in (6, 7, 8):
        step = np.abs(w).max() / (2 ** (bits - 1) - 1)
        model = 10 * math.log10(power / (step ** 2 / 12))
        assert abs(qz.snr_db(w, qz.quantize(w, bits)) - model) < 0.3
    gains = np.diff([qz.snr_db(w, qz.quantize(w, b)) for b in (5, 6, 7, 8)])
    assert np.all(np.abs(gains - 20 * math.log10(2)) < 0.4)


def test_one_outlier_ruins_per_tensor_int4_and_finer_scales_repair_it():
    w, clean = qz.weights(20.0), qz.base_weights()
    ruined = qz.snr_db(w, qz.quantize(w, 4))
    assert ruined < 5 and qz.snr_db(clean, qz.quantize(clean, 4)) > 13
    assert qz.snr_db(w, qz.quantize(w, 4, True, "channel")) > ruined + 8
    assert qz.snr_db(w, qz.quantize(w, 4, True, "group", 32)) > \
        qz.snr_db(w, qz.quantize(w, 4, True, "channel"))
    zero = np.mean(qz.quantize(w, 4)[np.abs(w) < 10] == 0)
    assert abs(zero - qz.gaussian_zero_fraction(np.abs(w).max(), 4)) < 0.01


def test_gaussian_zero_fraction_by_sampling():
    x = np.random.default_rng(0).normal(size=1_000_000)
    for m, bits in ((14.0, 4), (7.0, 4), (20.0, 8)):
        step = m / (2 ** (bits - 1) - 1)
        assert abs(np.mean(np.abs(x) < step / 2) - qz.gaussian_zero_fraction(m, bits)) < 0.002


def test_bits_per_weight():
    assert qz.bits_per_weight(4, "group", 64, True) == 4.25
    assert qz.bits_per_weight(4, "group", 128, False) == 4 + 20 / 128
    assert qz.bits_per_weight(8, "tensor", 64, True) == 8 + 16 / (qz.ROWS * qz.COLS)


def test_smoothquant_keeps_the_product_and_trades_activation_for_weight_error():
    x, w = qz.activations(30.0), qz.base_weights()
    for alpha in (0.0, 0.5, 1.0):
        s = qz.smoothing_scales(x, w, alpha)
        for j in (0, 77, 200):
            assert math.isclose(s[j], np.abs(x[:, j]).max() ** alpha
                                / np.abs(w[:, j]).max() ** (1 - alpha))
        assert np.allclose((x / s) @ (w * s).T, x @ w.T)
    errors = np.array([qz.smooth_errors(x, w, qz.smoothing_scales(x, w, a))
                       for a in (0.0, 0.5, 1.0)])
    assert errors[0, 0] > errors[1, 0] > errors[2, 0]        # activations get easier
    assert errors[0, 1] < errors[1, 1] < errors[2, 1]        # weights get harder
    plain = qz.smooth_errors(x, w, np.ones(qz.COLS))[2]
    assert errors[1, 2] < min(errors[0, 2], errors[2, 2]) and errors[1, 2] < plain / 3
    # at α = 1 every activation channel's range is 1
    assert np.allclose(np.abs(x / qz.smoothing_scales(x, w, 1.0)).max(axis=0), 1)


def test_each_control_moves_only_its_artists():
    e = qz.Quantization()
    params = e.defaults()
    e.build(Figure(), params)
    moved = e.update({**params, "bits": 8})
    assert moved and e.hist_q in moved and e.ch_w not in moved
    assert e.snr_curve not in moved                          # the curve spans every bit width
    x, y = e.snr_point.get_data()
    assert x[0] == 8 and math.isclose(y[0], qz.snr_db(qz.weights(20.0),
                                                      qz.quantize(qz.weights(20.0), 8)))
    moved = e.update({**params, "bits": 8, "alpha": 0.8})
    assert e.err_points in moved and e.hist_q not in moved
    assert np.allclose(e.err_lines[2].get_ydata(), e.curves[2])
    moved = e.update({**params, "bits": 3, "gran": "group", "group": "32"})
    w = qz.weights(20.0)
    assert e.snr_curve in moved and e.ref_curve not in moved
    assert math.isclose(e.snr_point.get_ydata()[0],
                        qz.snr_db(w, qz.quantize(w, 3, True, "group", 32)))
    assert math.isclose(e.snr_curve.get_ydata()[1], e.snr_point.get_ydata()[0])
    assert e.readouts(params)


# --- challenges ------------------------------------------------------------------------------
def test_challenge_answers_by_independent_formulas():
    for seed in range(30):
        rng = random.Random(seed)
        c = qz.challenge_int8_step(rng)
        a = float(c.prompt.split("|w| is ")[1].split(":")[0])
        assert c.check(str(a / 127))
        c = qz.challenge_asym_step(rng)
        bits = c.params["bits"]
        lo, hi = (float(v) for v in c.prompt.split("values from ")[1].split(":")[0].split(" to "))
        assert c.check(str((hi - lo) / (2 ** bits - 1)))
        c = qz.challenge_group_overhead(rng)
        assert c.check(str(c.params["bits"] + 16 / int(c.params["group"])))
        c = qz.challenge_smooth_scale(rng)
        x_max, w_max = (float(re.search(rf"max\|{m}_j\| = (\d+(?:\.\d+)?)", c.prompt)[1])
                        for m in "XW")
        alpha = c.params["alpha"]
        assert c.check(str(x_max ** alpha / w_max ** (1 - alpha)))
    x = np.random.default_rng(1).normal(size=1_000_000)
    for seed in range(8):
        c = qz.challenge_zero_fraction(random.Random(seed))
        m = c.params["outlier"]
        assert c.check(str(np.mean(np.round(x / (m / 7)) == 0)))
