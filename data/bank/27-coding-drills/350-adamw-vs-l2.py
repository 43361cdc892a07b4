# --- starter ---
import numpy as np


def adamw_step(theta, grad, m, v, t, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    """One AdamW step (decoupled weight decay, torch.optim.AdamW). t starts at 1.

    grad is the loss gradient only. Returns new (theta, m, v); do not modify the inputs.
    """
    raise NotImplementedError


def adam_l2_step(theta, grad, m, v, t, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    """One Adam step with L2 regularisation: weight_decay * theta is added to the gradient
    (torch.optim.Adam with weight_decay). Returns new (theta, m, v)."""
    raise NotImplementedError


def optimize(grad_fn, theta0, steps, decoupled=True, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    """Run `steps` steps from theta0 with zero-initialised moments; grad_fn(theta) gives the
    loss gradient. decoupled=True uses adamw_step, False adam_l2_step. Returns the final theta."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def _adam_direction(grad, m, v, t, betas, eps):
    beta1, beta2 = betas
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return m_hat / (np.sqrt(v_hat) + eps), m, v


def adamw_step(theta, grad, m, v, t, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    direction, m, v = _adam_direction(grad, m, v, t, betas, eps)
    # the decay bypasses the moments: every weight shrinks by the same fraction lr * weight_decay
    return theta - lr * weight_decay * theta - lr * direction, m, v


def adam_l2_step(theta, grad, m, v, t, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    # the decay term joins the gradient, so it is averaged and divided by sqrt(v_hat) too
    direction, m, v = _adam_direction(grad + weight_decay * theta, m, v, t, betas, eps)
    return theta - lr * direction, m, v


def optimize(grad_fn, theta0, steps, decoupled=True, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    step = adamw_step if decoupled else adam_l2_step
    theta = np.array(theta0, dtype=float)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, steps + 1):
        theta, m, v = step(theta, grad_fn(theta), m, v, t, lr, weight_decay, betas, eps)
    return theta
# --- tests ---
import math

import numpy as np


def test_adamw_with_zero_gradient_decays_geometrically(ns):
    theta0 = np.array([2.0, -1.0])
    got = ns["optimize"](lambda th: np.zeros(2), theta0, 3, decoupled=True, lr=0.1, weight_decay=0.5)
    assert_close(got, theta0 * 0.95 ** 3, case="decoupled decay: with a zero loss gradient AdamW multiplies "
                 "theta by (1 - lr * weight_decay) = 0.95 per step", inputs={"theta0": theta0})


def test_first_steps_in_closed_form(ns):
    theta, m0, v0 = np.array([2.0, -1.0, 0.5]), np.zeros(3), np.zeros(3)
    g = np.array([1e-3, 0.3, -40.0])
    # after bias correction, step 1 has m_hat / sqrt(v_hat) = g / |g|: a move of lr per coordinate
    new, m, v = ns["adamw_step"](theta, g, m0, v0, 1, lr=0.1, weight_decay=0.5)
    assert_close(new, theta - 0.1 * g / (np.abs(g) + 1e-8) - 0.1 * 0.5 * theta,
                 case="AdamW step 1: theta - lr * g / (|g| + eps) - lr * weight_decay * theta (decoupled)")
    assert_close(m, 0.1 * g, case="first moment after step 1: (1 - beta1) * g")
    assert_close(v, 0.001 * g ** 2, case="second moment after step 1: (1 - beta2) * g^2")
    new, m, v = ns["adam_l2_step"](theta, g, m0, v0, 1, lr=0.1, weight_decay=0.5)
    total = g + 0.5 * theta
    assert_close(new, theta - 0.1 * total / (np.abs(total) + 1e-8),
                 case="Adam + L2 step 1: the decay joins the gradient, g + weight_decay * theta, and is normalised")
    assert_close(m, 0.1 * total, case="Adam + L2: the moments see g + weight_decay * theta")


def test_l2_under_adam_moves_by_lr_whatever_the_weight_decay(ns):
    theta0 = np.array([2.0, -1.0])
    for wd in (0.5, 1e-3):
        got = ns["optimize"](lambda th: np.zeros(2), theta0, 1, decoupled=False, lr=0.1, weight_decay=wd)
        grad = wd * theta0
        assert_close(got, theta0 - 0.1 * grad / (np.abs(grad) + 1e-8),
                     case=f"L2 under Adam, weight_decay = {wd}: the decay gradient is divided by sqrt(v_hat), "
                          "so the first step is about lr whatever its strength")


def test_multi_step_trajectories_match_a_scalar_reference(ns):
    rng = np.random.default_rng(0)
    theta0 = rng.normal(size=4)
    grads = rng.normal(size=(6, 4)) * np.array([0.01, 1.0, 10.0, 100.0])
    lr, wd, (b1, b2), eps = 0.05, 0.1, (0.8, 0.99), 1e-8
    for decoupled in (True, False):
        expected = []
        for i in range(4):
            th, m, v = theta0[i], 0.0, 0.0
            for t in range(1, 7):
                g = grads[t - 1, i] + (0.0 if decoupled else wd * th)
                m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
                step = (m / (1 - b1 ** t)) / (math.sqrt(v / (1 - b2 ** t)) + eps)
                th = th - lr * step - (lr * wd * th if decoupled else 0.0)
            expected.append(th)
        feed = iter(grads)
        got = ns["optimize"](lambda th: next(feed), theta0, 6, decoupled=decoupled, lr=lr, weight_decay=wd,
                             betas=(b1, b2), eps=eps)
        name = "AdamW (decoupled)" if decoupled else "Adam + L2"
        assert_close(got, expected, case=f"{name}: 6 steps against a scalar loop (t counts from 1, state carried)",
                     inputs={"theta0": theta0})


def test_l2_reaches_the_penalised_minimum_while_adamw_ignores_gradient_scale(ns):
    a, c, wd = np.array([1.0, 100.0]), np.array([1.0, 1.0]), 0.5
    grad_fn = lambda th: a * (th - c)                       # loss 0.5 * sum a (theta - c)^2
    l2 = ns["optimize"](grad_fn, np.zeros(2), 1000, decoupled=False, lr=0.01, weight_decay=wd)
    assert_close(l2, a * c / (a + wd), rtol=1e-4, atol=1e-6,
                 case="Adam + L2 converges to the minimiser of loss + (wd/2)|theta|^2, a c / (a + wd)")
    w = ns["optimize"](grad_fn, np.zeros(2), 1000, decoupled=True, lr=0.01, weight_decay=wd, eps=0.0)
    assert_close(w[1], w[0], case="decoupled decay: AdamW's path is unchanged when one coordinate's gradient "
                 "is scaled by 100 (eps = 0), so both coordinates are decayed alike")
    assert abs(w[0] - l2[0]) > 0.1, f"AdamW and Adam + L2 should end far apart for a = 1: {w[0]} vs {l2[0]}"


def test_zero_weight_decay_makes_both_plain_adam(ns):
    rng = np.random.default_rng(1)
    theta, g = rng.normal(size=5), rng.normal(size=5)
    m, v = rng.normal(size=5) * 0.1, rng.random(5) * 0.1
    a = ns["adamw_step"](theta, g, m, v, 4, lr=0.01, weight_decay=0.0)
    b = ns["adam_l2_step"](theta, g, m, v, 4, lr=0.01, weight_decay=0.0)
    for x, y, name in zip(a, b, ("theta", "m", "v")):
        assert_close(x, y, case=f"weight_decay = 0: both variants are plain Adam ({name} at t = 4)")
