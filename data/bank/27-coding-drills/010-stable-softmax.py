# --- starter ---
import numpy as np


def softmax(z):
    """Probabilities along the last axis of z (any shape)."""
    raise NotImplementedError


def log_softmax(z):
    """Log-probabilities along the last axis of z, finite for large logits."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
# --- tests ---
import numpy as np


def test_matches_the_definition_on_small_logits(ns):
    z = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0]])
    expected = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    got = ns["softmax"](z)
    assert np.allclose(got, expected), f"got {got}, expected {expected}"


def test_huge_logits_do_not_overflow(ns):
    got = ns["softmax"](np.array([1000.0, 1001.0, 1002.0]))
    expected = np.array([0.09003057, 0.24472847, 0.66524096])
    assert np.allclose(got, expected), f"got {got}, expected {expected}"


def test_log_softmax_stays_finite(ns):
    got = ns["log_softmax"](np.array([0.0, 1000.0]))
    expected = np.array([-1000.0, 0.0])
    assert np.all(np.isfinite(got)), f"got {got}: not finite"
    assert np.allclose(got, expected), f"got {got}, expected {expected}"


def test_works_on_3d_input_along_last_axis(ns):
    z = np.random.default_rng(0).normal(size=(2, 3, 5))
    got = ns["softmax"](z)
    assert got.shape == z.shape, f"shape {got.shape}, expected {z.shape}"
    assert np.allclose(got.sum(axis=-1), 1.0), "rows along the last axis must sum to 1"
    assert np.allclose(np.exp(ns["log_softmax"](z)), got), "exp(log_softmax) must equal softmax"
