# mistake: central difference
import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    base = f(x)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + eps
        grad[idx] = (f(x) - base) / eps              # forward difference
        x[idx] = old
    return grad


def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-8)))


def check_gradient(f, grad_f, x, eps=1e-6, tol=1e-6):
    error = relative_error(grad_f(x), numerical_gradient(f, x, eps))
    return error < tol, error


def tanh_layer_loss(W, X, Y):
    h = np.tanh(X @ W)
    r = h - Y
    return float(0.5 * np.sum(r ** 2) / X.shape[0]), X.T @ (r * (1 - h ** 2)) / X.shape[0]
