"""Speculative sampling: acceptance rate, exactness and tokens per call against a scalar
reference implementation and closed forms."""

import math
import random
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz import registry
from studyapp.viz.explorers import speculative as sp

SETTINGS = [(0.0, 1.0), (0.5, 1.0), (1.0, 0.5), (2.5, 1.0), (1.5, 2.0), (0.0, 0.3)]


def test_distributions_and_acceptance_rate():
    p = sp.target()
    assert np.isclose(p.sum(), 1) and np.allclose(sp.draft(0.0, 1.0), p)
    for m, t in SETTINGS:
        q = sp.draft(m, t)
        assert np.isclose(q.sum(), 1)
        alpha = sp.acceptance_rate(p, q)
        assert math.isclose(alpha, 1 - 0.5 * np.abs(p - q).sum())      # 1 − TV(p, q)
        # E_{x~q}[min(1, p/q)] is the same number
        assert math.isclose(alpha, float(np.sum(q * sp.accept_probability(p, q))))
    assert sp.acceptance_rate([0.5, 0.3, 0.2], [0.2, 0.5, 0.3]) == pytest.approx(0.2 + 0.3 + 0.2)


def test_residual_and_exactness_in_closed_form():
    p = sp.target()
    for m, t in SETTINGS[1:]:
        q = sp.draft(m, t)
        r = sp.residual(p, q)
        assert np.isclose(r.sum(), 1) and np.all(r[q >= p] == 0)
        assert np.allclose(sp.emitted_distribution(p, q), p)
    assert not sp.residual(p, p).any()


def test_expected_tokens_closed_form():
    for alpha in (0.0, 0.3, 0.6, 0.8, 0.95):
        for k in range(1, 9):
            assert math.isclose(sp.expected_tokens(alpha, k), sum(alpha ** i for i in range(k + 1)))
    assert sp.expected_tokens(1.0, 4) == 5
    # Leviathan et al. (2023), α = 0.8, γ = 5: (1 − 0.8⁶)/(1 − 0.8) ≈ 3.69
    assert sp.expected_tokens(0.8, 5) == pytest.approx(3.689, abs=1e-3)
    assert sp.speedup(0.8, 5, 0.0) == sp.expected_tokens(0.8, 5)
    assert sp.speedup(0.8, 5, 0.1) == pytest.approx(3.689 / 1.5, abs=1e-3)


def scalar_step(p, q, k, rng):
    """One speculative step written the plain way: returns the emitted tokens."""
    out = []
    for _ in range(k):
        x = rng.choices(range(len(q)), weights=q)[0]
        if rng.random() < min(1.0, p[x] / q[x]):
            out.append(x)
            continue
        r = np.maximum(p - q, 0)
        out.append(rng.choices(range(len(p)), weights=r / r.sum())[0])
        return out
    out.append(rng.choices(range(len(p)), weights=p)[0])
    return out


@pytest.mark.parametrize(("m", "t", "k"), [(1.0, 1.0, 4), (2.5, 1.0, 3), (0.5, 0.4, 6)])
def test_scalar_reference_and_vectorised_simulation_agree_with_theory(m, t, k):
    p, q = sp.target(), sp.draft(m, t)
    alpha = sp.acceptance_rate(p, q)
    rng = random.Random(0)
    steps = [scalar_step(p, q, k, rng) for _ in range(20000)]
    first = np.bincount([s[0] for s in steps], minlength=6) / len(steps)
    assert np.abs(first - p).max() < 0.015
    assert np.mean([len(s) for s in steps]) == pytest.approx(sp.expected_tokens(alpha, k),
                                                             rel=0.03)
    sim = sp.simulate(p, q, k, 100000, 1)
    freq = np.bincount(sim["first"], minlength=6) / 100000
    se = np.sqrt(p * (1 - p) / 100000)
    assert np.all(np.abs(freq - p) < 5 * se)
    counts = sim["accepted"] + 1
    assert abs(counts.mean() - sp.expected_tokens(alpha, k)) < 5 * counts.std() / math.sqrt(
        100000)
    # all emitted tokens, not only the first, follow p (positions are i.i.d. in this model)
    emitted = np.concatenate([sim["drafts"][i, :a] for i, a in enumerate(sim["accepted"][:5000])]
                             + [sim["extra"][:5000]])
    assert np.abs(np.bincount(emitted, minlength=6) / len(emitted) - p).max() < 0.02


def test_simulation_bookkeeping():
    p, q = sp.target(), sp.draft(2.0, 1.0)
    sim = sp.simulate(p, q, 5, 2000, 3)
    for i in range(200):
        a = sim["accepted"][i]
        assert sim["passed"][i, :a].all() and (a == 5 or not sim["passed"][i, a])
        assert sim["first"][i] == (sim["drafts"][i, 0] if a > 0 else sim["extra"][i])
        if a < 5:                                  # resampled tokens come from the residual
            assert sp.residual(p, q)[sim["extra"][i]] > 0
    # longer drafts reuse the first positions' draws
    longer = sp.simulate(p, q, 7, 2000, 3)
    assert np.array_equal(longer["drafts"][:, :5], sim["drafts"])


def test_figure_updates_and_shows_the_step():
    cls = registry.get("speculative")
    e = cls()
    params = cls.defaults()
    e.build(Figure(), params)
    moved = e.update({**params, "seed": 4})
    assert moved is not None and e.cells in moved
    k = params["K"]
    faces = e.cells.get_facecolor().reshape(6, k + 1, 4)           # positions 1 … K + 1
    sim = sp.simulate(sp.target(), sp.draft(1.0, 1.0), k, params["steps"], 4)
    coloured = (faces[..., 3] > 0.5).sum(axis=0)
    a = sim["accepted"][0]
    assert coloured[:a].tolist() == [1] * a                       # one accepted token each
    # the bonus token, or the rejected draft beside its resample (never the same token)
    assert coloured[a] == (1 if a == k else 2)
    if a < k:                       # later drafts thrown away, no bonus position
        assert coloured[a + 1:].tolist() == [1] * (k - a - 1) + [0]
    assert e.update({**params, "seed": 4, "K": 7}) is not None
    assert len(e.cells.get_facecolor()) == 6 * 8                  # a longer draft, more cells
    first = e.cells.get_paths()[0].vertices
    assert np.allclose(first.min(axis=0), [0, 5]) and np.allclose(first.max(axis=0), [0.9, 5.9])
    assert np.allclose(e.p_bars.heights, sp.target())
    assert e.update({**params, "Tq": 0.25}) is None               # q no longer fits: rescale


# --- challenges --------------------------------------------------------------------------------
def _floats(text):
    return [float(x) for x in re.findall(r"\d+\.\d+", text)]


def test_challenge_answers_against_independent_arithmetic():
    for seed in range(10):
        c = sp._challenge_expected_tokens(random.Random(seed))
        alpha = _floats(c.prompt)[0]
        k = int(re.search(r"K = (\d+)", c.prompt)[1])
        assert math.isclose(float(c.answer), sum(alpha ** i for i in range(k + 1)), rel_tol=1e-3)
        # the revealed state has about that acceptance rate
        assert abs(sp.acceptance_rate(sp.target(), sp.draft(c.params["mismatch"],
                                                             c.params["Tq"])) - alpha) < 0.006

        c = sp._challenge_acceptance(random.Random(seed))
        p_text, q_text = re.findall(r"= \(([^)]*)\)", c.prompt)
        p, q = _floats(p_text), _floats(q_text)
        assert math.isclose(float(c.answer), sum(min(a, b) for a, b in zip(p, q, strict=True)),
                            rel_tol=1e-3)

        c = sp._challenge_accept_token(random.Random(seed))
        q_x, p_x = _floats(c.prompt)[:2]
        assert math.isclose(float(c.answer), min(1.0, p_x / q_x), rel_tol=1e-3)

        c = sp._challenge_exactness(random.Random(seed))
        assert c.answer.startswith("p(")
