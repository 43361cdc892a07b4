"""Chinchilla's parametric law: the closed-form optimum against a numerical search and the
bank's worked numbers."""

import math
import random

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz.explorers import scaling_laws as sl

E, A, B, ALPHA, BETA = 1.69, 406.4, 410.7, 0.34, 0.28


def L(n, d):
    return E + A / n ** ALPHA + B / d ** BETA


def argmin_on_iso_flop(c: float) -> float:
    """Independent: golden-section search of L(N, C/6N) over log N."""
    lo, hi = math.log(1e6), math.log(1e15)
    g = (math.sqrt(5) - 1) / 2
    for _ in range(200):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if L(math.exp(a), c / 6 / math.exp(a)) < L(math.exp(b), c / 6 / math.exp(b)):
            hi = b
        else:
            lo = a
    return math.exp((lo + hi) / 2)


def test_published_constants():
    assert sl.CHINCHILLA == {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
    assert math.isclose(sl.loss(7e10, 1.4e12), L(7e10, 1.4e12))


@pytest.mark.parametrize("c", [1e18, 1e20, 5.76e23, 1e26])
def test_closed_form_optimum_is_the_iso_flop_minimum(c):
    n_opt, d_opt = sl.optimal(c)
    assert math.isclose(n_opt, argmin_on_iso_flop(c), rel_tol=1e-6)
    assert math.isclose(6 * n_opt * d_opt, c)
    grid = np.geomspace(n_opt / 10, n_opt * 10, 2001)
    assert sl.iso_flop_loss(grid, c).min() >= sl.loss(n_opt, d_opt) - 1e-12


def test_bank_worked_numbers():
    # the 20-tokens rule: Gopher's budget gives Chinchilla, Llama 3 8B's gives ~77B
    n, d = sl.rule_of_20(5.76e23)
    assert 68e9 < n < 70e9 and 1.38e12 < d < 1.40e12
    assert 77e9 < sl.rule_of_20(6 * 8e9 * 15e12)[0] < 78e9
    # the rounded fit puts Gopher's optimum near 32B and 93 tokens per parameter
    n3, d3 = sl.optimal(5.76e23)
    assert 31e9 < n3 < 33e9 and 90 < d3 / n3 < 95
    # Llama 3 8B over-trained: it loses little against a 77.5B compute-optimal model
    gap = sl.loss(8e9, 15e12) - sl.loss(77.5e9, 20 * 77.5e9)
    assert 0 < gap < 0.03
    # the compute-budget question: 7B on 2T tokens is 8.4e22 FLOPs, ~59k H100-hours at 40% MFU
    budget = dict(sl.ScalingLaws().readouts({"C": 6 * 7e9 * 2e12, "N": 7e9}))["Budget C"]
    hours = int(budget.split("≈ ")[1].split(" ")[0].replace(",", ""))
    assert "8.4 × 10²²" in budget and 58_000 < hours < 60_000


def test_extra_compute_for_a_smaller_model():
    c = 1e23
    n_opt, d_opt = sl.optimal(c)
    assert math.isclose(sl.extra_compute(n_opt, c), 1.0, rel_tol=1e-9)
    target = L(n_opt, d_opt)
    for shrink in (1.5, 2, 4):
        n = n_opt / shrink
        factor = sl.extra_compute(n, c)
        d_star = factor * c / (6 * n)
        assert math.isclose(L(n, d_star), target, rel_tol=1e-9)       # reaches the same loss
        assert factor > 1
    assert sl.extra_compute(n_opt / 2, c) < sl.extra_compute(n_opt / 4, c)
    assert sl.extra_compute(2 * n_opt, c) > 1                          # too big costs too
    tiny = 1e6                                                         # A/N^α alone too large
    assert sl.tokens_to_reach(tiny, target) == math.inf
    assert sl.extra_compute(tiny, c) == math.inf


def test_explorer_marks_the_optimum_and_the_chosen_size():
    e = sl.ScalingLaws()
    e.build(Figure(), e.defaults())
    state = {"C": 1e22, "N": 1e9}
    assert e.update(state) is not None                      # fixed limits: always blitted
    n_opt, d_opt = sl.optimal(1e22)
    assert np.allclose(e.opt_dot.get_data(), [[n_opt], [sl.loss(n_opt, d_opt)]])
    x, y = e.n_dot.get_data()
    assert x[0] == 1e9 and math.isclose(y[0], L(1e9, 1e22 / 6e9))
    _, gy = e.gap_line.get_data()                           # the loss gap at equal compute
    assert math.isclose(gy[1] - gy[0], L(1e9, 1e22 / 6e9) - L(n_opt, d_opt))
    cx, cy = e.cost_n.get_data()
    assert math.isclose(cx[0], 1e9 / n_opt) and math.isclose(cy[0], sl.extra_compute(1e9, 1e22))
    assert np.allclose(sl.extra_compute_curve(sl.SIZES[::20], 1e22),
                       [sl.extra_compute(n, 1e22) for n in sl.SIZES[::20]])
    floor = sl.smallest_reaching(L(n_opt, d_opt))           # A/N^α alone = L_opt − E there
    assert math.isclose(E + A / floor ** ALPHA, L(n_opt, d_opt))
    readouts = dict(e.readouts(state))
    assert "tokens/param" in readouts["Compute-optimal (fit)"]
    assert "never" in dict(e.readouts({"C": 1e22, "N": 1e7}))["To reach the optimal loss"]


def test_the_premium_depends_on_the_size_ratio_only():
    ratios = np.array([0.15, 0.3, 0.5, 2.0, 5.0, 20.0])
    curves = [sl.extra_compute_curve(ratios * sl.optimal(c)[0], c) for c in (1e18, 1e22, 1e26)]
    assert np.allclose(curves[0], curves[1]) and np.allclose(curves[1], curves[2])
    floors = [sl.smallest_reaching(float(sl.loss(*sl.optimal(c)))) / sl.optimal(c)[0]
              for c in (1e18, 1e22, 1e26)]
    assert np.allclose(floors, floors[0]) and 0.09 < floors[0] < 0.1


def test_challenge_answers_agree_with_independent_formulas():
    for seed in range(30):
        rng = random.Random(seed)
        c = sl._challenge_tokens_per_param(rng)
        budget = c.params["C"]
        n = argmin_on_iso_flop(budget)
        assert c.check(str(budget / 6 / n / n))

        c = sl._challenge_rule_of_20(rng)
        assert c.check(str(math.sqrt(c.params["C"] / 120) / 1e9))

        c = sl._challenge_smaller_model(rng)
        budget, n = c.params["C"], c.params["N"]
        n_opt = argmin_on_iso_flop(budget)
        target = L(n_opt, budget / 6 / n_opt)
        d_star = (B / (target - E - A / n ** ALPHA)) ** (1 / BETA)
        assert c.check(str(6 * n * d_star / budget))

        c = sl._challenge_six_nd(rng)
        assert c.check(str(c.params["C"] / 1e22))
