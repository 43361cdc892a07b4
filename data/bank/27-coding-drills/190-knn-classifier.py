# --- starter ---
import numpy as np


def pairwise_sq_dists(A, B):
    """Squared Euclidean distances between the rows of A (M, D) and B (N, D): shape (M, N), >= 0."""
    raise NotImplementedError


def knn_predict(X_train, y_train, X_test, k):
    """Majority label of the k nearest training rows for each test row: int array (M,).

    Distance ties go to the lower training index; vote ties to the smallest label.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def pairwise_sq_dists(A, B):
    sq = (A ** 2).sum(axis=1)[:, None] + (B ** 2).sum(axis=1)[None, :] - 2.0 * A @ B.T
    return np.maximum(sq, 0.0)          # cancellation can leave tiny negatives


def knn_predict(X_train, y_train, X_test, k):
    d = pairwise_sq_dists(X_test, X_train)
    nearest = np.argsort(d, axis=1, kind="stable")[:, :k]       # (M, k); stable: lower index first
    labels = y_train[nearest]
    counts = (labels[:, :, None] == np.arange(y_train.max() + 1)).sum(axis=1)   # (M, C)
    return counts.argmax(axis=1)                                # first maximum: smallest label
# --- tests ---
import time

import numpy as np


def slow_knn(X_train, y_train, X_test, k):
    out = []
    for x in X_test:
        ranked = sorted((float(((x - t) ** 2).sum()), i) for i, t in enumerate(X_train))
        votes = {}
        for _, i in ranked[:k]:
            votes[int(y_train[i])] = votes.get(int(y_train[i]), 0) + 1
        best = max(votes.values())
        out.append(min(label for label, c in votes.items() if c == best))
    return np.array(out)


def test_distances_on_a_hand_checked_case(ns):
    A, B = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[3.0, 4.0], [0.0, 1.0]])
    assert_close(ns["pairwise_sq_dists"](A, B), [[25.0, 1.0], [13.0, 1.0]], atol=1e-10,
                 case="squared distances, rows of A against rows of B", inputs={"A": A, "B": B})


def test_distances_match_a_loop_for_rectangular_inputs(ns):
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(7, 3)), rng.normal(size=(5, 3))
    expected = np.array([[((a - b) ** 2).sum() for b in B] for a in A])
    assert_close(ns["pairwise_sq_dists"](A, B), expected, atol=1e-10,
                 case="(M, N) = (7, 5): entry (i, j) is |A_i - B_j|^2", inputs={"A": A, "B": B})


def test_distances_are_never_negative_far_from_the_origin(ns):
    A = 1e5 + np.random.default_rng(0).normal(size=(50, 3))
    d = ns["pairwise_sq_dists"](A, A)
    assert d.min() >= 0, (f"got a squared distance of {d.min():.3g}: clip the tiny negatives that "
                          "cancellation leaves in |a|^2 + |b|^2 - 2 a.b (np.maximum(d, 0))")
    assert_close(np.diag(d), np.zeros(50), atol=1e-4, case="distance of a point to itself")


def test_majority_vote_on_a_hand_checked_case(ns):
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    got = ns["knn_predict"](X, y, np.array([[0.5], [11.4], [6.1]]), 3)
    # 6.1: nearest are 10 (3.9), 2 (4.1), 11 (4.9) -> labels 1, 0, 1 -> 1
    assert_close(got, [0, 1, 1], case="k = 3 on two clusters in 1-D", inputs={"X_test": [0.5, 11.4, 6.1]})
    assert_close(ns["knn_predict"](X, y, X, 1), y, case="k = 1 on the training points returns their labels")


def test_ties_in_votes_and_in_distances(ns):
    got = ns["knn_predict"](np.array([[0.0], [2.0]]), np.array([4, 1]), np.array([[0.9]]), 2)
    assert_close(got, [1], case="vote tie (one 4, one 1): the smallest label wins")
    got = ns["knn_predict"](np.array([[-1.0], [1.0]]), np.array([5, 3]), np.array([[0.0]]), 1)
    assert_close(got, [5], case="distance tie: the lower training index is nearer")


def test_matches_a_slow_reference_with_many_ties(ns):
    rng = np.random.default_rng(1)
    X_train = rng.integers(0, 4, size=(30, 2)).astype(float)       # a 4 x 4 grid: many equal distances
    y_train = rng.integers(0, 3, size=30)
    X_test = rng.integers(0, 4, size=(20, 2)).astype(float)
    for k in (1, 3, 5, 30):
        assert_close(ns["knn_predict"](X_train, y_train, X_test, k), slow_knn(X_train, y_train, X_test, k),
                     case=f"k = {k} on integer grid points (distance ties by index, vote ties by label)")


def test_is_vectorised(ns):
    rng = np.random.default_rng(2)
    X_train, y_train = rng.normal(size=(1500, 8)), rng.integers(0, 4, size=1500)
    X_test = rng.normal(size=(400, 8))
    start = time.perf_counter()
    got = ns["knn_predict"](X_train, y_train, X_test, 5)
    took = time.perf_counter() - start
    assert took < 1.5, f"400 x 1500 pairs took {took:.2f} s: compute all distances with array operations"
    assert_close(got[:5], slow_knn(X_train, y_train, X_test[:5], 5), case="first five of 400 test rows")
