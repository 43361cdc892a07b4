# --- starter ---
import numpy as np


def sgd_momentum_step(theta, grad, velocity, lr, momentum, weight_decay=0.0, nesterov=False):
    """One torch.optim.SGD step (dampening 0). Returns (theta, velocity)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def sgd_momentum_step(theta, grad, velocity, lr, momentum, weight_decay=0.0, nesterov=False):
    g = grad + weight_decay * theta
    v = momentum * velocity + g
    step = g + momentum * v if nesterov else v
    return theta - lr * step, v
# --- tests ---
import numpy as np


def test_two_steps_by_hand(ns):
    theta, v = np.array([1.0, -2.0]), np.zeros(2)
    theta, v = ns["sgd_momentum_step"](theta, np.array([0.5, 1.0]), v, 0.1, 0.9)
    assert np.allclose(theta, [0.95, -2.1]) and np.allclose(v, [0.5, 1.0]), f"step 1: {theta}, {v}"
    theta, v = ns["sgd_momentum_step"](theta, np.array([0.5, 1.0]), v, 0.1, 0.9)
    assert np.allclose(v, [0.95, 1.9]), f"velocity after step 2: {v}, expected [0.95, 1.9]"
    assert np.allclose(theta, [0.855, -2.29]), f"theta after step 2: {theta}, expected [0.855, -2.29]"


def test_nesterov_and_weight_decay(ns):
    theta, v = np.array([2.0]), np.array([1.0])
    new, v2 = ns["sgd_momentum_step"](theta, np.array([1.0]), v, 0.1, 0.5, weight_decay=0.5, nesterov=True)
    # g = 1 + 0.5*2 = 2; v = 0.5*1 + 2 = 2.5; step = 2 + 0.5*2.5 = 3.25
    assert np.allclose(v2, [2.5]), f"velocity {v2}, expected [2.5]"
    assert np.allclose(new, [2.0 - 0.325]), f"theta {new}, expected [1.675]"


def test_minimises_a_quadratic(ns):
    theta, v = np.array([5.0, -3.0]), np.zeros(2)
    for _ in range(300):
        theta, v = ns["sgd_momentum_step"](theta, 2 * theta, v, 0.05, 0.9)
    assert np.allclose(theta, 0, atol=1e-6), f"did not converge: {theta}"
