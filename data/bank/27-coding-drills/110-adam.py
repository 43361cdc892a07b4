# --- starter ---
import numpy as np


def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
              weight_decay=0.0, decoupled=True):
    """One Adam (decoupled=False) or AdamW (decoupled=True) step; t starts at 1.

    Returns (theta, m, v).
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
              weight_decay=0.0, decoupled=True):
    if not decoupled:
        grad = grad + weight_decay * theta
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    decay = lr * weight_decay * theta if decoupled else 0.0
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps) - decay, m, v
# --- tests ---
import numpy as np


def test_first_step_moves_by_about_lr(ns):
    theta = np.array([1.0, 1.0, 1.0])
    new, m, v = ns["adam_step"](theta, np.array([1e-4, 3.0, -50.0]), np.zeros(3), np.zeros(3), 1, lr=0.01)
    assert np.allclose(new, [0.99, 0.99, 1.01], atol=1e-6), f"got {new}, expected [0.99, 0.99, 1.01]"
    assert np.allclose(m, [1e-5, 0.3, -5.0]), f"m {m}"


def test_second_step_with_bias_correction(ns):
    theta, m, v = np.array([0.5]), np.zeros(1), np.zeros(1)
    theta, m, v = ns["adam_step"](theta, np.array([2.0]), m, v, 1, lr=0.1)
    theta, m, v = ns["adam_step"](theta, np.array([1.0]), m, v, 2, lr=0.1)
    m_hat, v_hat = m / (1 - 0.9 ** 2), v / (1 - 0.999 ** 2)
    expected = 0.5 - 0.1 - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8)
    assert np.allclose(m, [0.28]), f"m {m}, expected [0.28]"
    assert np.allclose(theta, expected), f"theta {theta}, expected {expected}"


def test_decoupled_versus_l2_weight_decay(ns):
    theta, g = np.array([2.0]), np.array([0.0])
    adamw, _, _ = ns["adam_step"](theta, g, np.zeros(1), np.zeros(1), 1, lr=0.1, weight_decay=0.5)
    assert np.allclose(adamw, [1.9]), f"AdamW with zero gradient must shrink by lr*wd*theta: got {adamw}"
    adam, _, _ = ns["adam_step"](theta, g, np.zeros(1), np.zeros(1), 1, lr=0.1, weight_decay=0.5, decoupled=False)
    assert np.allclose(adam, [1.9], atol=1e-6), f"Adam+L2 first step normalises the decay gradient: got {adam}"
