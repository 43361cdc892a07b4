# mistake: sqrt(1 - alpha_bar_prev)
import numpy as np


def cfg_combine(eps_cond, eps_uncond, guidance_scale):
    return eps_uncond + guidance_scale * (eps_cond - eps_uncond)


def ddim_step(x_t, eps, alpha_bar_t, alpha_bar_prev, eta=0.0, rng=None):
    x0_hat = (x_t - np.sqrt(1 - alpha_bar_t) * eps) / np.sqrt(alpha_bar_t)
    sigma = eta * np.sqrt((1 - alpha_bar_prev) / (1 - alpha_bar_t) * (1 - alpha_bar_t / alpha_bar_prev))
    # keep the noise part of x_t, swap in the cleaner signal
    x_prev = np.sqrt(alpha_bar_prev) * x0_hat + np.sqrt(1 - alpha_bar_t - sigma ** 2) * eps
    if sigma > 0:
        x_prev = x_prev + sigma * rng.standard_normal(np.shape(x_t))
    return x_prev, x0_hat
