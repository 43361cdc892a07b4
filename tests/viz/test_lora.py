"""LoRA explorer: the spectrum it builds, Eckart–Young errors against direct norms and
against other rank-r matrices, parameter counts; its challenges against independent
computations."""

import math
import random
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz.explorers import lora


def test_orthogonal_factors_and_the_power_spectrum():
    q = lora.orthogonal(lora.SIZE, 3)
    assert np.allclose(q.T @ q, np.eye(lora.SIZE))
    m = lora.update_matrix("power", p=1.3)
    s = np.linalg.svd(m, compute_uv=False)
    assert np.allclose(s, [i ** -1.3 for i in range(1, lora.SIZE + 1)])


@pytest.mark.parametrize("spectrum", ["power", "lowrank"])
def test_the_factors_given_are_an_svd_of_the_matrix(spectrum):
    m, u, s, vt = lora.svd(spectrum, p=0.7, r0=5, noise=0.3)
    assert np.allclose((u * s) @ vt, m)
    assert np.allclose(u.T @ u, np.eye(lora.SIZE)) and np.allclose(vt @ vt.T, np.eye(lora.SIZE))
    assert np.all(np.diff(s) <= 1e-12)
    assert np.allclose(s, np.linalg.svd(m, compute_uv=False))


def test_low_rank_plus_noise_has_a_gap_after_the_true_rank():
    s = np.linalg.svd(lora.update_matrix("lowrank", r0=8, noise=0.1), compute_uv=False)
    assert s[7] > 0.8 and s[8] < 0.25
    clean = np.linalg.svd(lora.update_matrix("lowrank", r0=5, noise=0.0), compute_uv=False)
    assert np.allclose(clean[:5], 1) and np.allclose(clean[5:], 0, atol=1e-12)


@pytest.mark.parametrize(("spectrum", "p"), [("power", 0.0), ("power", 1.0), ("lowrank", 1.0)])
def test_relative_errors_match_the_norm_of_the_truncation_residual(spectrum, p):
    m = lora.update_matrix(spectrum, p=p)
    errors = lora.relative_errors(np.linalg.svd(m, compute_uv=False))
    for r in (0, 1, 5, 17, 63, 64):
        residual = m - lora.truncated(m, r)
        assert math.isclose(errors[r], np.linalg.norm(residual) / np.linalg.norm(m),
                            abs_tol=1e-10)
    if p == 0.0:                                     # flat spectrum: √(1 − r/n)
        assert np.allclose(errors, np.sqrt(1 - lora.RANKS / lora.SIZE))


def test_eckart_young_no_other_rank_r_matrix_does_better():
    rng = np.random.default_rng(0)
    m = lora.update_matrix("power", p=0.8)
    for r in (1, 4, 8):
        best = np.linalg.norm(m - lora.truncated(m, r))
        assert np.linalg.matrix_rank(lora.truncated(m, r)) == r
        for _ in range(20):
            # best fit within a random column space: B = Q, A = Qᵀ m (least squares)
            q, _ = np.linalg.qr(rng.normal(size=(lora.SIZE, r)))
            assert np.linalg.norm(m - q @ (q.T @ m)) >= best - 1e-12
            # and a perturbation of the optimum
            b = lora.truncated(m, r) + 1e-3 * rng.normal(size=(lora.SIZE, 1)) @ \
                rng.normal(size=(1, lora.SIZE))
            u, s, vt = np.linalg.svd(b)
            assert np.linalg.norm(m - (u[:, :r] * s[:r]) @ vt[:r]) >= best - 1e-12


def test_random_subspace_errors_match_explicit_projections():
    m = lora.update_matrix("power", p=1.0)
    errors = lora.random_subspace_errors(m, seed=7)
    q = lora.orthogonal(lora.SIZE, 7)
    for r in (0, 3, 30, 64):
        p = q[:, :r] @ q[:, :r].T
        assert math.isclose(errors[r], np.linalg.norm(m - p @ m) / np.linalg.norm(m),
                            abs_tol=1e-7)        # √(total − captured) cancels at r = n
    svd = lora.relative_errors(np.linalg.svd(m, compute_uv=False))
    assert np.all(svd <= errors + 1e-7)


def test_parameter_counts_from_the_factor_shapes():
    for r, d, k in ((8, 4096, 4096), (16, 4096, 11008), (1, 768, 768)):
        b, a = np.zeros((d, r)), np.zeros((r, k))
        assert lora.lora_params(r, d, k) == b.size + a.size
    assert lora.lora_params(8, 4096, 4096) == 65_536
    assert lora.shape_dims("4096x11008") == (4096, 11008)


def test_each_control_moves_only_its_artists():
    e = lora.Lora()
    params = e.defaults()
    e.build(Figure(), params)
    moved = e.update({**params, "r": 20})
    assert e.err_point in moved and e.err_svd not in moved
    assert np.count_nonzero(e.kept.heights) == 20
    # every bar stays drawn as dropped under the opaque kept ones: r moves only the kept
    assert e.dropped.artist not in moved and np.count_nonzero(e.dropped.heights) == lora.SIZE
    assert e.kept.artist.get_zorder() > e.dropped.artist.get_zorder()
    m = lora.update_matrix("power", p=1.0)
    assert np.allclose(e.maps[0].get_array().reshape(lora.SIZE, lora.SIZE),
                       lora.truncated(m, 20))
    assert np.allclose(e.factors.get_paths()[0].vertices[:4, 0].max(), 20 / lora.SIZE)
    assert e.factors in moved
    assert e.update({**params, "r": 20, "alpha": 32.0}) == []     # α only changes read-outs
    moved = e.update({**params, "r": 20, "alpha": 32.0, "p": 2.0})
    assert e.err_svd in moved
    assert moved.index(e.dropped.artist) < moved.index(e.kept.artist)     # drawn under
    readouts = dict(e.readouts({**params, "alpha": 32.0}))
    assert readouts["Scale α/r"].startswith("4 ")
    assert "65,536" in readouts["Trained at 4096 × 4096"]


# --- challenges ------------------------------------------------------------------------------
def test_challenge_answers_by_independent_computation():
    for seed in range(30):
        c = lora.challenge_param_count(random.Random(seed))
        d, k = (int(v) for v in c.params["shape"].split("x"))
        r = c.params["r"]
        assert int(c.answer) == np.zeros((d, r)).size + np.zeros((r, k)).size
        c = lora.challenge_trained_share(random.Random(seed))
        d, k = (int(v) for v in c.params["shape"].split("x"))
        assert c.check(str(100 * c.params["r"] * (d + k) / (d * k)))
        c = lora.challenge_best_rank_error(random.Random(seed))
        values = [float(v) for v in re.search(r"values ([\d, ]+) \(", c.prompt)[1].split(",")]
        r = c.params["r"]
        u, v = lora.orthogonal(6, seed), lora.orthogonal(6, seed + 50)
        m = (u[:, :5] * values) @ v[:, :5].T
        uu, ss, vvt = np.linalg.svd(m)
        approx = (uu[:, :r] * ss[:r]) @ vvt[:r]
        assert c.check(str(np.linalg.norm(m - approx) / np.linalg.norm(m)))
