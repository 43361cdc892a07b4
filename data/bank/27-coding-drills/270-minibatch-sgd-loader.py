# --- starter ---
import numpy as np


def batch_indices(n, batch_size, rng=None, shuffle=True, drop_last=False):
    """One epoch of mini-batches over n examples: a list of int index arrays.

    With shuffle, the order is rng.permutation(n) (one call); otherwise 0..n-1.
    Batches are consecutive chunks of batch_size; a short final batch is dropped if drop_last.
    """
    raise NotImplementedError


def sgd_train(X, y, w0, grad_fn, lr, batch_size, epochs, seed=0, shuffle=True, drop_last=False):
    """Mini-batch SGD: w <- w - lr * grad_fn(w, X[idx], y[idx]) for every batch of every epoch.

    One rng = np.random.default_rng(seed) serves all epochs; w0 is not modified.
    Returns (w, number_of_steps).
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def batch_indices(n, batch_size, rng=None, shuffle=True, drop_last=False):
    order = rng.permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    return [order[i:i + batch_size] for i in range(0, stop, batch_size)]


def sgd_train(X, y, w0, grad_fn, lr, batch_size, epochs, seed=0, shuffle=True, drop_last=False):
    rng = np.random.default_rng(seed)
    w = np.array(w0, dtype=float)                 # a copy: the caller's w0 stays as it was
    steps = 0
    for _ in range(epochs):
        for idx in batch_indices(len(X), batch_size, rng, shuffle, drop_last):   # a new order each epoch
            w = w - lr * grad_fn(w, X[idx], y[idx])
            steps += 1
    return w, steps
# --- tests ---
import numpy as np


def as_lists(batches):
    return [np.asarray(b).tolist() for b in batches]


def test_batches_in_order_with_and_without_the_last_partial_batch(ns):
    got = as_lists(ns["batch_indices"](10, 4, shuffle=False))
    assert got == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], f"n = 10, batch 4, keep last: got {got}"
    got = as_lists(ns["batch_indices"](10, 4, shuffle=False, drop_last=True))
    assert got == [[0, 1, 2, 3], [4, 5, 6, 7]], f"n = 10, batch 4, drop_last: got {got}"


def test_shuffled_batches_follow_one_permutation(ns):
    got = ns["batch_indices"](10, 3, np.random.default_rng(0))
    order = np.random.default_rng(0).permutation(10)
    expected = [order[0:3], order[3:6], order[6:9], order[9:10]]
    assert as_lists(got) == as_lists(expected), f"expected chunks of rng.permutation(10) {order.tolist()}, got {as_lists(got)}"
    assert sorted(np.concatenate(got).tolist()) == list(range(10)), "an epoch visits every example exactly once"


def test_edge_cases(ns):
    got = as_lists(ns["batch_indices"](8, 4, shuffle=False, drop_last=True))
    assert got == [[0, 1, 2, 3], [4, 5, 6, 7]], f"n divisible by the batch size: drop_last drops nothing, got {got}"
    got = as_lists(ns["batch_indices"](3, 5, shuffle=False))
    assert got == [[0, 1, 2]], f"batch larger than n, keep last: one short batch, got {got}"
    got = ns["batch_indices"](3, 5, shuffle=False, drop_last=True)
    assert len(got) == 0, f"batch larger than n with drop_last: no batch at all, got {as_lists(got)}"
    assert len(ns["batch_indices"](0, 4, np.random.default_rng(0))) == 0, "n = 0 gives no batches"


def test_reshuffles_every_epoch_from_one_generator(ns):
    n, seen = 7, []
    X, y = np.arange(n, dtype=float)[:, None], np.zeros(n)

    def record(w, xb, yb):
        seen.append(xb[:, 0].astype(int).tolist())
        return np.zeros_like(w)

    w, steps = ns["sgd_train"](X, y, np.zeros(1), record, lr=0.1, batch_size=3, epochs=3, seed=5)
    rng = np.random.default_rng(5)
    expected = []
    for _ in range(3):
        order = rng.permutation(n).tolist()
        expected += [order[0:3], order[3:6], order[6:7]]
    assert seen == expected, ("reshuffle every epoch with one rng made from the seed: expected batches "
                              f"{expected}, got {seen}")
    assert steps == 9, f"3 epochs of ceil(7 / 3) = 3 batches make 9 steps, got {steps}"


def test_trains_least_squares_like_a_slow_reference(ns):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(23, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=23)
    grad = lambda w, xb, yb: 2 * xb.T @ (xb @ w - yb) / len(yb)    # noqa: E731 - mean squared error
    w0 = np.zeros(3)
    for drop_last in (False, True):
        w, steps = ns["sgd_train"](X, y, w0, grad, lr=0.05, batch_size=5, epochs=20, seed=1, drop_last=drop_last)
        ref_rng, ref = np.random.default_rng(1), np.zeros(3)
        for _ in range(20):
            order = ref_rng.permutation(23)
            for start in range(0, 20 if drop_last else 23, 5):
                idx = order[start:start + 5]
                ref = ref - 0.05 * 2 * X[idx].T @ (X[idx] @ ref - y[idx]) / len(idx)
        assert_close(w, ref, case=f"20 epochs of batch-5 SGD, drop_last={drop_last} "
                     "(reshuffle every epoch with one rng)")
        assert steps == 20 * (4 if drop_last else 5), f"drop_last={drop_last}: {steps} steps"
    assert np.array_equal(w0, np.zeros(3)), "sgd_train modified w0 in place: copy it first"
    assert np.abs(w - [1.0, -2.0, 0.5]).max() < 0.1, f"SGD should approach the true weights, got {w}"
