# mistake: log-sum-exp
import numpy as np


def log_gaussian(X, mean, cov):
    L = np.linalg.cholesky(cov)
    y = np.linalg.solve(L, (X - mean).T)
    log_det = 2.0 * np.log(np.diag(L)).sum()
    return -0.5 * (X.shape[1] * np.log(2 * np.pi) + log_det + (y ** 2).sum(axis=0))


def e_step(X, weights, means, covs):
    # densities straight in probability space
    joint = np.stack([w * np.exp(log_gaussian(X, m, c)) for w, m, c in zip(weights, means, covs)], axis=1)
    px = joint.sum(axis=1, keepdims=True)
    return joint / px, float(np.log(px).sum())


def m_step(X, resp, reg_covar=1e-6):
    n_k = resp.sum(axis=0)
    means = resp.T @ X / n_k[:, None]
    covs = np.empty((resp.shape[1], X.shape[1], X.shape[1]))
    for k in range(resp.shape[1]):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / n_k[k] + reg_covar * np.eye(X.shape[1])
    return n_k / len(X), means, covs
