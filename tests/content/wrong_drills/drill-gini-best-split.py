# mistake: not an unweighted average
import numpy as np


def gini(y):
    y = np.asarray(y)
    if y.size == 0:
        return 0.0
    p = np.bincount(y) / y.size
    return float(1.0 - np.sum(p ** 2))


def best_split(X, y):
    best = (None, None, gini(y))
    best_score = np.inf
    for j in range(X.shape[1]):
        values = np.unique(X[:, j])
        for t in (values[:-1] + values[1:]) / 2:
            left, right = y[X[:, j] <= t], y[X[:, j] > t]
            score = (gini(left) + gini(right)) / 2          # children averaged, sizes ignored
            if score < best_score - 1e-12:
                best_score = score
                best = (j, float(t), score)
    return best
