# mistake: reshuffle every epoch
import numpy as np


def batch_indices(n, batch_size, rng=None, shuffle=True, drop_last=False):
    order = rng.permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    return [order[i:i + batch_size] for i in range(0, stop, batch_size)]


def sgd_train(X, y, w0, grad_fn, lr, batch_size, epochs, seed=0, shuffle=True, drop_last=False):
    rng = np.random.default_rng(seed)
    batches = batch_indices(len(X), batch_size, rng, shuffle, drop_last)   # shuffled once, reused
    w = np.array(w0, dtype=float)
    steps = 0
    for _ in range(epochs):
        for idx in batches:
            w = w - lr * grad_fn(w, X[idx], y[idx])
            steps += 1
    return w, steps
