# mistake: clip the tiny negatives
import numpy as np


def pairwise_sq_dists(A, B):
    return (A ** 2).sum(axis=1)[:, None] + (B ** 2).sum(axis=1)[None, :] - 2.0 * A @ B.T


def knn_predict(X_train, y_train, X_test, k):
    d = pairwise_sq_dists(X_test, X_train)
    nearest = np.argsort(d, axis=1, kind="stable")[:, :k]
    labels = y_train[nearest]
    return np.array([np.bincount(row).argmax() for row in labels])
