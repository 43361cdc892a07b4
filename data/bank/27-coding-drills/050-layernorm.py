# --- starter ---
import numpy as np


def layernorm(x, gamma, beta, eps=1e-5):
    """Normalise x over its last axis, then scale by gamma and shift by beta."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def layernorm(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
# --- tests ---
import numpy as np


def test_each_row_is_normalised(ns):
    x = np.random.default_rng(0).normal(5, 3, size=(2, 4, 16))
    y = ns["layernorm"](x, np.ones(16), np.zeros(16))
    assert y.shape == x.shape, f"shape {y.shape}"
    assert np.allclose(y.mean(axis=-1), 0, atol=1e-7), "every token must have mean 0"
    assert np.allclose(y.var(axis=-1), 1, atol=1e-3), "every token must have variance 1"


def test_known_values(ns):
    y = ns["layernorm"](np.array([[1.0, 2.0, 3.0]]), np.array([1.0, 2.0, 1.0]), np.array([0.0, 0.0, 1.0]))
    expected = np.array([[-1.2247357, 0.0, 2.2247357]])
    assert np.allclose(y, expected, atol=1e-6), f"got {y}, expected {expected}"


def test_batch_of_one_works(ns):
    y = ns["layernorm"](np.array([[4.0, 4.0, 8.0, 8.0]]), np.ones(4), np.zeros(4))
    assert np.allclose(y, [[-1, -1, 1, 1]], atol=1e-5), f"got {y}"
