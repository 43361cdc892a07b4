# --- starter ---
import numpy as np


def cfg_combine(eps_cond, eps_uncond, guidance_scale):
    """Classifier-free guidance: eps_uncond + s * (eps_cond - eps_uncond)."""
    raise NotImplementedError


def ddim_step(x_t, eps, alpha_bar_t, alpha_bar_prev, eta=0.0, rng=None):
    """One DDIM update from noise level alpha_bar_t to alpha_bar_prev, given the predicted noise eps.
    Return (x_prev, x0_hat). eta = 0 is deterministic (rng unused); eta = 1 adds DDPM's posterior
    noise, drawn with rng.standard_normal."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def cfg_combine(eps_cond, eps_uncond, guidance_scale):
    eps_cond, eps_uncond = np.asarray(eps_cond, dtype=float), np.asarray(eps_uncond, dtype=float)
    return eps_uncond + guidance_scale * (eps_cond - eps_uncond)


def ddim_step(x_t, eps, alpha_bar_t, alpha_bar_prev, eta=0.0, rng=None):
    x_t, eps = np.asarray(x_t, dtype=float), np.asarray(eps, dtype=float)
    x0_hat = (x_t - np.sqrt(1 - alpha_bar_t) * eps) / np.sqrt(alpha_bar_t)
    sigma = 0.0
    if eta > 0:                                                      # DDPM-like noise; only for denoising steps
        sigma = eta * np.sqrt((1 - alpha_bar_prev) / (1 - alpha_bar_t) * (1 - alpha_bar_t / alpha_bar_prev))
    direction = np.sqrt(1 - alpha_bar_prev - sigma ** 2) * eps       # re-noise to the previous level
    x_prev = np.sqrt(alpha_bar_prev) * x0_hat + direction
    if sigma > 0:
        x_prev = x_prev + sigma * rng.standard_normal(x_t.shape)
    return x_prev, x0_hat
# --- tests ---
import math

import numpy as np

RENOISE = "x_prev = sqrt(alpha_bar_prev) * x0_hat + sqrt(1 - alpha_bar_prev) * eps (re-noise to the previous level)"


def ref_step(x_t, eps, a_t, a_prev):
    """Slow reference for eta = 0: one element at a time with math.sqrt."""
    out, x0 = np.zeros(len(x_t)), np.zeros(len(x_t))
    for i in range(len(x_t)):
        x0[i] = (x_t[i] - math.sqrt(1 - a_t) * eps[i]) / math.sqrt(a_t)
        out[i] = math.sqrt(a_prev) * x0[i] + math.sqrt(1 - a_prev) * eps[i]
    return out, x0


def test_guidance_combination(ns):
    c, u = np.array([0.8, -0.2]), np.array([0.5, 0.1])
    assert_close(ns["cfg_combine"](c, u, 7.5), [2.75, -2.15], case="s = 7.5: u + 7.5 (c - u) = [0.5 + 2.25, 0.1 - 2.25]")
    assert_close(ns["cfg_combine"](c, u, 1.0), c, case="s = 1 is the conditional prediction")
    assert_close(ns["cfg_combine"](c, u, 0.0), u, case="s = 0 is the unconditional prediction")
    e = np.random.default_rng(0).normal(size=(2, 3, 4))
    assert_close(ns["cfg_combine"](e, e.copy(), 9.0), e, case="equal predictions are unchanged by any scale")


def test_hand_worked_ddim_step(ns):
    x_prev, x0 = ns["ddim_step"](np.array([1.0]), np.array([0.5]), 0.36, 0.64)
    assert_close(x0, [1.0], case="x0_hat = (x_t - sqrt(1 - 0.36) eps) / sqrt(0.36) = (1 - 0.4) / 0.6 = 1")
    assert_close(x_prev, [1.1], case=f"x_prev = 0.8 * 1 + 0.6 * 0.5 = 1.1; {RENOISE}")


def test_exact_noise_recovers_x0_and_lands_on_the_same_trajectory(ns):
    rng = np.random.default_rng(1)
    x0, eps = rng.normal(size=(3, 8)), rng.normal(size=(3, 8))
    a_t, a_prev = 0.2, 0.7
    x_t = math.sqrt(a_t) * x0 + math.sqrt(1 - a_t) * eps
    x_prev, x0_hat = ns["ddim_step"](x_t, eps, a_t, a_prev)
    assert_close(x0_hat, x0, case="with the true noise, x0_hat is the true x0")
    assert_close(x_prev, math.sqrt(a_prev) * x0 + math.sqrt(1 - a_prev) * eps,
                 case=f"eta = 0 with the true noise lands on the same noising trajectory at alpha_bar_prev; {RENOISE}")
    again, _ = ns["ddim_step"](x_t, eps, a_t, a_prev, eta=0.0, rng=np.random.default_rng(99))
    assert_close(again, x_prev, case="eta = 0 is deterministic: the generator must not matter")
    last, _ = ns["ddim_step"](x_t, eps, a_t, 1.0)
    assert_close(last, x0, case="alpha_bar_prev = 1 (the final step) returns x0_hat")


def test_running_the_step_upward_inverts_it(ns):
    rng = np.random.default_rng(2)
    x_t, eps = rng.normal(size=16), rng.normal(size=16)
    x_prev, _ = ns["ddim_step"](x_t, eps, 0.3, 0.9)
    back, _ = ns["ddim_step"](x_prev, eps, 0.9, 0.3)
    assert_close(back, x_t, case=f"DDIM inversion: the same update from 0.9 back to 0.3 with the same eps returns x_t; {RENOISE}")


def test_matches_a_slow_reference_on_seeded_inputs(ns):
    rng = np.random.default_rng(3)
    for _ in range(5):
        a_t, a_prev = sorted(rng.uniform(0.01, 0.99, size=2))
        x_t, eps = rng.normal(size=10) * 2, rng.normal(size=10)
        x_prev, x0 = ns["ddim_step"](x_t, eps, a_t, a_prev)
        ref_prev, ref_x0 = ref_step(x_t, eps, a_t, a_prev)
        assert_close(x0, ref_x0, case=f"x0_hat at alpha_bar_t = {a_t:.3f}")
        assert_close(x_prev, ref_prev, case=f"alpha_bar {a_t:.3f} -> {a_prev:.3f}; {RENOISE}")


def test_eta_one_adds_the_ddpm_posterior_noise(ns):
    a_t, a_prev, n = 0.5, 0.8, 20000
    x_t, eps = np.full(n, 0.3), np.full(n, 0.5)
    x_prev, x0 = ns["ddim_step"](x_t, eps, a_t, a_prev, eta=1.0, rng=np.random.default_rng(4))
    sigma = math.sqrt((1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev))      # sqrt(0.15)
    x0_val = (0.3 - math.sqrt(0.5) * 0.5) / math.sqrt(0.5)
    mean = math.sqrt(a_prev) * x0_val + math.sqrt(1 - a_prev - sigma ** 2) * 0.5
    got_mean, got_std = float(np.mean(x_prev)), float(np.std(x_prev))
    assert abs(got_std - sigma) < 0.03 * sigma, \
        f"eta = 1: noise std {got_std:.4f}, expected the DDPM posterior std sqrt(0.15) = {sigma:.4f} within 3%"
    assert abs(got_mean - mean) < 4 * sigma / math.sqrt(n), \
        f"eta = 1: mean {got_mean:.4f}, expected sqrt(0.8) x0_hat + sqrt(1 - 0.8 - sigma^2) eps = {mean:.4f}"
