# mistake: no sigmoid-derivative factor
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_loss_and_grad(w, b, X, y):
    z = X @ w + b
    p = sigmoid(z)
    loss = np.mean(np.logaddexp(0.0, z) - y * z)
    # chain rule through the sigmoid as if the loss were squared error
    r = (p - y) * p * (1 - p) / len(y)
    return float(loss), X.T @ r, float(r.sum())


def fit_logistic_regression(X, y, lr=0.1, epochs=1000):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        _, dw, db = log_loss_and_grad(w, b, X, y)
        w, b = w - lr * dw, b - lr * db
    return w, b


def predict_proba(X, w, b):
    return sigmoid(X @ w + b)
