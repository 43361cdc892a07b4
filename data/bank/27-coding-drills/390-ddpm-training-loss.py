# --- starter ---
import numpy as np


def linear_beta_schedule(T, beta_start=1e-4, beta_end=0.02):
    """Betas rising linearly from beta_start to beta_end, shape (T,)."""
    raise NotImplementedError


def alpha_bars(betas):
    """Cumulative products of (1 - beta), shape (T,); index 0 is the paper's t = 1."""
    raise NotImplementedError


def q_sample(x0, t, noise, alpha_bar):
    """Sample x_t ~ q(x_t | x_0) for a batch: x0 and noise (B, ...), t integer indices (B,)."""
    raise NotImplementedError


def ddpm_loss(model, x0, t, noise, alpha_bar):
    """Noise-prediction loss: mean over all elements of (model(x_t, t) - noise)^2, as a float."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def linear_beta_schedule(T, beta_start=1e-4, beta_end=0.02):
    return np.linspace(beta_start, beta_end, T)


def alpha_bars(betas):
    return np.cumprod(1.0 - betas)


def q_sample(x0, t, noise, alpha_bar):
    a = alpha_bar[np.asarray(t)].reshape((-1,) + (1,) * (x0.ndim - 1))   # (B, 1, 1, ...)
    return np.sqrt(a) * x0 + np.sqrt(1.0 - a) * noise


def ddpm_loss(model, x0, t, noise, alpha_bar):
    x_t = q_sample(x0, t, noise, alpha_bar)
    return float(np.mean((model(x_t, t) - noise) ** 2))
# --- tests ---
import math

import numpy as np

FORMULA = "x_t = sqrt(alpha_bar_t) * x0 + sqrt(1 - alpha_bar_t) * noise"


def test_linear_schedule_and_its_cumulative_products(ns):
    betas = ns["linear_beta_schedule"](1000)
    assert np.shape(betas) == (1000,), f"expected 1000 betas, got shape {np.shape(betas)}"
    assert_close([betas[0], betas[499], betas[-1]], [1e-4, 1e-4 + 499 * (0.02 - 1e-4) / 999, 0.02],
                 case="betas rise linearly from 1e-4 to 0.02 (np.linspace)")
    ab = ns["alpha_bars"](betas)
    prod, expected = 1.0, []
    for b in betas:
        prod *= 1.0 - b
        expected.append(prod)
    assert_close(ab, expected, case="alpha_bar_t = product of (1 - beta_s) for s <= t")
    assert 3e-5 < ab[-1] < 5e-5, f"alpha_bar at T = 1000 should be about 4e-5 (almost pure noise), got {ab[-1]}"


def test_q_sample_hand_checked(ns):
    ab = np.array([0.64, 0.36])
    got = ns["q_sample"](np.array([[1.0], [2.0]]), np.array([0, 1]), np.array([[0.5], [-1.0]]), ab)
    # t = 0: 0.8 * 1 + 0.6 * 0.5 = 1.1; t = 1: 0.6 * 2 + 0.8 * (-1) = 0.4
    assert_close(got, [[1.1], [0.4]], case=FORMULA)


def test_each_example_uses_its_own_timestep_across_image_axes(ns):
    rng = np.random.default_rng(0)
    ab = ns["alpha_bars"](ns["linear_beta_schedule"](50))
    x0, noise = rng.normal(size=(3, 2, 4, 4)), rng.normal(size=(3, 2, 4, 4))
    t = np.array([0, 49, 17])
    expected = np.stack([math.sqrt(ab[k]) * x0[i] + math.sqrt(1 - ab[k]) * noise[i] for i, k in enumerate(t)])
    assert_close(ns["q_sample"](x0, t, noise, ab), expected,
                 case=f"(B, C, H, W) batch with timesteps {t.tolist()}: alpha_bar[t[i]] broadcast over C, H, W; {FORMULA}",
                 inputs={"t": t})


def test_closed_form_matches_composing_single_steps(ns):
    betas = ns["linear_beta_schedule"](200, 1e-3, 0.05)
    ab = ns["alpha_bars"](betas)
    mean_coef, var = 1.0, 0.0
    coefs, variances = [], []
    for b in betas:                        # x_t = sqrt(1 - b) x_{t-1} + sqrt(b) eps_t, fresh eps each step
        mean_coef *= math.sqrt(1 - b)
        var = (1 - b) * var + b
        coefs.append(mean_coef)
        variances.append(var)
    t = np.arange(200)
    signal = ns["q_sample"](np.ones((200, 1)), t, np.zeros((200, 1)), ab)[:, 0]
    noise = ns["q_sample"](np.zeros((200, 1)), t, np.ones((200, 1)), ab)[:, 0]
    assert_close(signal, coefs, case="coefficient of x0 must equal the product of sqrt(1 - beta) over the steps")
    assert_close(noise ** 2, variances, case="noise variance must equal that of t composed one-step noisings, "
                 "1 - alpha_bar_t")


def test_loss_uses_x_t_and_t_and_predicts_the_noise(ns):
    rng = np.random.default_rng(1)
    ab = ns["alpha_bars"](ns["linear_beta_schedule"](100))
    x0, noise = rng.normal(size=(4, 3, 2, 2)), rng.normal(size=(4, 3, 2, 2))
    t = np.array([5, 99, 0, 42])
    calls = []

    def oracle(x_t, steps):                # knows x0, so it can recover the exact noise from (x_t, t)
        calls.append(np.array(steps))
        a = ab[np.asarray(steps)].reshape(-1, 1, 1, 1)
        return (x_t - np.sqrt(a) * x0) / np.sqrt(1 - a)

    assert_close(ns["ddpm_loss"](oracle, x0, t, noise, ab), 0.0, atol=1e-12,
                 case=f"a model that recovers the noise from (x_t, t) has zero loss; pass x_t built as {FORMULA}")
    assert len(calls) == 1 and np.array_equal(calls[0], t), "call the model once, with the batch's timesteps t"
    zero = ns["ddpm_loss"](lambda x_t, s: np.zeros_like(x_t), x0, t, noise, ab)
    assert_close(zero, np.mean(noise ** 2), case="predicting zeros costs the mean squared noise (target = noise, not x0)")
    off = ns["ddpm_loss"](lambda x_t, s: oracle(x_t, s) + 0.5, x0, t, noise, ab)
    assert_close(off, 0.25, case="an error of 0.5 everywhere: the loss is the mean over all elements, 0.25")


def test_unit_variance_data_stays_unit_variance(ns):
    rng = np.random.default_rng(2)
    ab = ns["alpha_bars"](ns["linear_beta_schedule"](1000))
    for t in (0, 300, 999):
        x0, noise = rng.normal(size=(4000, 1)), rng.normal(size=(4000, 1))
        x_t = ns["q_sample"](x0, np.full(4000, t), noise, ab)
        assert_close(np.var(x_t), 1.0, rtol=0.0, atol=0.08,
                     case=f"variance-preserving: x0 ~ N(0, 1) gives Var(x_t) = 1 at t = {t}; {FORMULA}")
