# mistake: sqrt(alpha_bar_t) * x0
import numpy as np


def linear_beta_schedule(T, beta_start=1e-4, beta_end=0.02):
    return np.linspace(beta_start, beta_end, T)


def alpha_bars(betas):
    return np.cumprod(1.0 - betas)


def q_sample(x0, t, noise, alpha_bar):
    a = alpha_bar[np.asarray(t)].reshape((-1,) + (1,) * (x0.ndim - 1))
    return a * x0 + (1.0 - a) * noise                 # mixes with alpha_bar instead of its square root


def ddpm_loss(model, x0, t, noise, alpha_bar):
    x_t = q_sample(x0, t, noise, alpha_bar)
    return float(np.mean((model(x_t, t) - noise) ** 2))
