# mistake: sigma = exp(0.5 * logvar)
import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(logvar) * eps                 # treats exp(logvar), the variance, as the std


def reparameterize_backward(grad_z, logvar, eps):
    return grad_z, grad_z * eps * np.exp(logvar)


def gaussian_kl(mu, logvar):
    return 0.5 * np.sum(mu ** 2 + np.exp(logvar) - 1.0 - logvar, axis=1)


def vae_loss(x, recon_logits, mu, logvar, beta=1.0):
    bce = np.sum(np.logaddexp(0.0, recon_logits) - x * recon_logits, axis=1)
    return float(np.mean(bce + beta * gaussian_kl(mu, logvar)))
