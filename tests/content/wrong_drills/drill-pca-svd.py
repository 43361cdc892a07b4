# mistake: subtract the column means
import numpy as np


def pca_fit(X, k):
    mean = X.mean(axis=0)
    _, s, vt = np.linalg.svd(X, full_matrices=False)            # SVD of the raw, uncentred data
    biggest = np.abs(vt).argmax(axis=1)
    vt = vt * np.sign(vt[np.arange(len(vt)), biggest])[:, None]
    var = s ** 2 / (len(X) - 1)
    return mean, vt[:k], var[:k], var[:k] / var.sum()


def pca_transform(X, mean, components):
    return (X - mean) @ components.T


def pca_inverse_transform(Z, mean, components):
    return Z @ components + mean
