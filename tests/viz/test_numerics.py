"""The shared numerics against closed forms, the math module and (when present) torch."""

import math

import numpy as np
import pytest

from studyapp.viz.numerics import entropy, erf, normal_cdf, normal_pdf, sigmoid, softmax


def test_softmax_limits_and_entropy():
    z = np.array([2.0, 1.0, 0.5, -0.5])
    assert np.allclose(softmax(z, 0.01), [1, 0, 0, 0], atol=1e-12)
    assert np.allclose(softmax(z, 1e6), 0.25, atol=1e-6)
    p = softmax(z)
    assert np.isclose(p.sum(), 1) and np.allclose(p, np.exp(z) / np.exp(z).sum())
    assert np.isclose(entropy(np.full(4, 0.25)), math.log(4))
    assert entropy(softmax(z, 0.5)) < entropy(p) < entropy(softmax(z, 3))


def test_softmax_normalises_each_row_and_gives_masked_logits_nothing():
    z = np.array([[1000.0, 999.0, -np.inf], [0.0, 0.0, 0.0]])
    p = softmax(z)
    assert np.allclose(p.sum(axis=1), 1)
    e = math.exp(-1)
    assert np.allclose(p, [[1 / (1 + e), e / (1 + e), 0.0], [1 / 3, 1 / 3, 1 / 3]])
    assert np.allclose(softmax(z.T, axis=0), p.T)


def test_softmax_matches_torch():
    torch = pytest.importorskip("torch")
    z = np.array([3.0, -1.0, 0.25, 7.0])
    ref = torch.softmax(torch.tensor(z) / 0.7, dim=0).numpy()
    assert np.allclose(softmax(z, 0.7), ref, atol=1e-12)


def test_entropy_of_rows_counts_zero_probabilities_as_nothing():
    rows = np.array([[0.5, 0.5, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25], [1.0, 0.0, 0.0, 0.0]])
    assert np.allclose(entropy(rows, axis=1), [math.log(2), math.log(4), 0.0])


@pytest.mark.parametrize("x", [-700.0, -40.0, -3.0, -1e-8, 0.0, 0.5, 12.0, 700.0])
def test_sigmoid_keeps_its_relative_precision_on_both_tails(x):
    expected = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
    assert math.isclose(sigmoid(x), expected, rel_tol=1e-14)
    assert isinstance(sigmoid(x), float)
    assert math.isclose(sigmoid(x) + sigmoid(-x), 1.0, rel_tol=1e-15)


def test_sigmoid_on_arrays_and_without_overflow():
    x = np.array([-1e4, -1.0, 0.0, 1.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(x)
    assert s.shape == x.shape
    assert np.allclose(s, [0.0, 1 / (1 + math.e), 0.5, 1 / (1 + 1 / math.e), 1.0])


def test_erf_and_the_normal_distribution():
    xs = np.linspace(-4, 4, 17)
    assert np.allclose(erf(xs), [math.erf(x) for x in xs])
    assert np.allclose(normal_cdf([0.0, 1.0, 1.959964, -1.0]),
                       [0.5, 0.841344746, 0.975, 0.158655254], atol=1e-6)
    grid = np.linspace(-9, 11, 20001)
    density = normal_pdf(grid, 1.0, 2.0)
    assert np.isclose(np.trapezoid(density, grid), 1.0, atol=1e-6)
    assert np.isclose(np.trapezoid(grid * density, grid), 1.0, atol=1e-6)
    assert np.isclose(normal_pdf(1.0, 1.0, 2.0), 1 / (2 * math.sqrt(2 * math.pi)))
    # Φ' = φ
    h = 1e-5
    assert np.allclose((normal_cdf(xs + h) - normal_cdf(xs - h)) / (2 * h), normal_pdf(xs),
                       atol=1e-8)
