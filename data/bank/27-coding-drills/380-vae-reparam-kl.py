# --- starter ---
import numpy as np


def reparameterize(mu, logvar, eps):
    """z = mu + sigma * eps with sigma = exp(0.5 * logvar); all arrays (B, D)."""
    raise NotImplementedError


def reparameterize_backward(grad_z, logvar, eps):
    """Given dL/dz (B, D), return (dL/dmu, dL/dlogvar), both (B, D)."""
    raise NotImplementedError


def gaussian_kl(mu, logvar):
    """KL( N(mu, diag(exp(logvar))) || N(0, I) ) per example, shape (B,)."""
    raise NotImplementedError


def vae_loss(x, recon_logits, mu, logvar, beta=1.0):
    """Negative ELBO with a Bernoulli decoder: mean over the batch of
    [sum over pixels of BCE(recon_logits, x)] + beta * KL. x in [0, 1], (B, P). Returns a float."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar) * eps


def reparameterize_backward(grad_z, logvar, eps):
    # dz/dmu = 1, dz/dlogvar = 0.5 * sigma * eps
    return grad_z, grad_z * eps * 0.5 * np.exp(0.5 * logvar)


def gaussian_kl(mu, logvar):
    return 0.5 * np.sum(mu ** 2 + np.exp(logvar) - 1.0 - logvar, axis=1)


def vae_loss(x, recon_logits, mu, logvar, beta=1.0):
    # BCE with logits, stable: log(1 + e^l) - x l
    bce = np.sum(np.logaddexp(0.0, recon_logits) - x * recon_logits, axis=1)
    return float(np.mean(bce + beta * gaussian_kl(mu, logvar)))
# --- tests ---
import math

import numpy as np

LABEL = "z = mu + sigma * eps with sigma = exp(0.5 * logvar)"


def test_hand_checked_reparameterisation(ns):
    mu, logvar, eps = np.array([[1.0, -1.0]]), np.array([[math.log(4.0), 0.0]]), np.array([[0.5, 2.0]])
    assert_close(ns["reparameterize"](mu, logvar, eps), [[2.0, 1.0]],
                 case=f"{LABEL}: sigma = (2, 1)", inputs={"mu": mu, "logvar": logvar, "eps": eps})


def test_hand_checked_kl_values(ns):
    kl = ns["gaussian_kl"](np.array([[0.0, 0.0], [1.0, 2.0], [0.0, 0.0]]),
                           np.array([[0.0, 0.0], [0.0, 0.0], [math.log(2.0), 0.0]]))
    assert_close(kl, [0.0, 2.5, 0.5 * (2.0 - 1.0 - math.log(2.0))],
                 case="KL = 0.5 * sum(mu^2 + exp(logvar) - 1 - logvar) per example, summed over latent dims")


def test_kl_matches_numerical_integration(ns):
    rng = np.random.default_rng(0)
    mu, logvar = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    expected = np.zeros(3)
    for b in range(3):
        for d in range(2):
            m, s = mu[b, d], math.exp(0.5 * logvar[b, d])
            z = np.linspace(m - 12 * s, m + 12 * s, 4001)
            log_q = -0.5 * ((z - m) / s) ** 2 - math.log(s) - 0.5 * math.log(2 * math.pi)
            log_p = -0.5 * z ** 2 - 0.5 * math.log(2 * math.pi)
            f = np.exp(log_q) * (log_q - log_p)
            expected[b] += (f.sum() - 0.5 * (f[0] + f[-1])) * (z[1] - z[0])
    assert_close(ns["gaussian_kl"](mu, logvar), expected, rtol=1e-6, atol=1e-8,
                 case="closed-form KL against numerical integration of q log(q/p)", inputs={"mu": mu, "logvar": logvar})


def test_monte_carlo_kl_with_reparameterised_samples_agrees(ns):
    rng = np.random.default_rng(1)
    mu, logvar = np.array([[0.5, -1.0]]), np.log(np.array([[0.25, 2.0]]))
    eps = rng.standard_normal((50000, 2))
    z = ns["reparameterize"](np.repeat(mu, 50000, 0), np.repeat(logvar, 50000, 0), eps)
    assert_close(z.std(axis=0), np.sqrt([0.25, 2.0]), rtol=0.03,
                 case=f"sample std of z must be sqrt(var); {LABEL}")
    sd = np.exp(0.5 * logvar)
    log_q = np.sum(-0.5 * ((z - mu) / sd) ** 2 - np.log(sd), axis=1)
    log_p = np.sum(-0.5 * z ** 2, axis=1)
    closed = ns["gaussian_kl"](mu, logvar)[0]
    assert_close(np.mean(log_q - log_p), closed, rtol=0.0, atol=0.03,
                 case="Monte Carlo E_q[log q - log p] over reparameterised samples vs the closed-form KL")


def test_gradients_flow_through_the_sample(ns):
    rng = np.random.default_rng(2)
    mu, logvar, eps, c = (rng.normal(size=(2, 3)) for _ in range(4))
    loss = lambda m, lv: float(np.sum(c * np.sin(ns["reparameterize"](m, lv, eps))))
    grad_z = c * np.cos(ns["reparameterize"](mu, logvar, eps))
    g_mu, g_lv = ns["reparameterize_backward"](grad_z, logvar, eps)
    h = 1e-6
    num_mu, num_lv = np.zeros_like(mu), np.zeros_like(logvar)
    for idx in np.ndindex(*mu.shape):
        d = np.zeros_like(mu)
        d[idx] = h
        num_mu[idx] = (loss(mu + d, logvar) - loss(mu - d, logvar)) / (2 * h)
        num_lv[idx] = (loss(mu, logvar + d) - loss(mu, logvar - d)) / (2 * h)
    assert_close(g_mu, num_mu, rtol=1e-5, atol=1e-8, case="dL/dmu = dL/dz")
    assert_close(g_lv, num_lv, rtol=1e-5, atol=1e-8,
                 case="dL/dlogvar = dL/dz * eps * 0.5 * exp(0.5 * logvar)", inputs={"logvar": logvar, "eps": eps})


def test_vae_loss_hand_checked_and_averaged_over_the_batch(ns):
    x, logits = np.array([[1.0, 0.0]]), np.zeros((1, 2))
    mu, logvar = np.array([[1.0, 2.0]]), np.zeros((1, 2))
    assert_close(ns["vae_loss"](x, logits, mu, logvar), 2 * math.log(2.0) + 2.5,
                 case="BCE summed over pixels (2 ln 2) plus KL (2.5)")
    assert_close(ns["vae_loss"](x, logits, mu, logvar, beta=0.5), 2 * math.log(2.0) + 1.25,
                 case="beta scales only the KL term")
    two = ns["vae_loss"](np.repeat(x, 2, 0), np.zeros((2, 2)), np.repeat(mu, 2, 0), np.zeros((2, 2)))
    assert_close(two, 2 * math.log(2.0) + 2.5, case="two identical examples: the loss is a mean over the batch")


def test_extreme_values_stay_finite_and_kl_is_never_negative(ns):
    loss = ns["vae_loss"](np.array([[1.0, 0.0, 1.0]]), np.array([[-1000.0, 1000.0, 1000.0]]),
                          np.zeros((1, 2)), np.zeros((1, 2)))
    assert_close(loss, 2000.0, case="logits of -1000 for a 1 pixel cost 1000: use a stable BCE with logits")
    kl = ns["gaussian_kl"](np.zeros((2, 1)), np.array([[-50.0], [30.0]]))
    assert np.all(np.isfinite(kl)), f"KL for logvar = -50 and 30 must be finite, got {kl}"
    rng = np.random.default_rng(3)
    kl = ns["gaussian_kl"](rng.normal(size=(50, 4)) * 2, rng.normal(size=(50, 4)) * 2)
    assert np.all(kl >= 0), f"KL divergence must be non-negative, got min {kl.min()}"
