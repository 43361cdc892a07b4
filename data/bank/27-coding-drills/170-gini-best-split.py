# --- starter ---
import numpy as np


def gini(y):
    """Gini impurity 1 - sum_k p_k**2 of integer labels y (shape (n,)); 0.0 when n == 0."""
    raise NotImplementedError


def best_split(X, y):
    """Best axis-aligned split of X (N, D) float for labels y (N,) by weighted Gini impurity.

    The left child is X[:, feature] <= threshold; thresholds are midpoints between
    consecutive distinct values. Returns (feature, threshold, impurity), or
    (None, None, gini(y)) when no feature has two distinct values.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def gini(y):
    y = np.asarray(y)
    if y.size == 0:
        return 0.0
    p = np.bincount(y) / y.size
    return float(1.0 - np.sum(p ** 2))


def best_split(X, y):
    n, d = X.shape
    _, codes = np.unique(y, return_inverse=True)
    onehot = np.eye(codes.max() + 1)[codes]              # (N, K) class indicators
    total = onehot.sum(axis=0)
    n_left = np.arange(1, n)                             # split after sorted position i
    n_right = n - n_left
    found = []                                           # (impurities, feature, thresholds)
    for j in range(d):
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]
        left = np.cumsum(onehot[order], axis=0)[:-1]     # class counts of each left child
        right = total - left
        # n_L * G_L + n_R * G_R = n - sum(left**2) / n_L - sum(right**2) / n_R
        weighted = (n - (left ** 2).sum(axis=1) / n_left - (right ** 2).sum(axis=1) / n_right) / n
        distinct = xs[1:] > xs[:-1]                      # never split between equal values
        found.append((weighted[distinct], j, ((xs[:-1] + xs[1:]) / 2)[distinct]))
    candidates = [(imp, j, t) for imps, j, ts in found for imp, t in zip(imps, ts)]
    if not candidates:
        return None, None, gini(y)
    lowest = min(c[0] for c in candidates)
    imp, j, t = next(c for c in candidates if c[0] <= lowest + 1e-12)
    return int(j), float(t), float(imp)
# --- tests ---
import numpy as np


def reference(X, y):
    """Slow: every feature, every midpoint, Gini of each child from scratch."""
    def g(labels):
        if len(labels) == 0:
            return 0.0
        return 1.0 - sum((np.sum(labels == k) / len(labels)) ** 2 for k in set(labels.tolist()))

    candidates = []
    for j in range(X.shape[1]):
        values = sorted(set(X[:, j].tolist()))
        for a, b in zip(values, values[1:]):
            t = (a + b) / 2
            left, right = y[X[:, j] <= t], y[X[:, j] > t]
            candidates.append(((len(left) * g(left) + len(right) * g(right)) / len(y), j, t))
    lowest = min(c[0] for c in candidates)
    imp, j, t = next(c for c in candidates if c[0] <= lowest + 1e-12)
    return j, t, imp


def check(ns, X, y, expected, case):
    got = ns["best_split"](X, y)
    assert got is not None and len(got) == 3, f"{case}: return (feature, threshold, impurity), got {got!r}"
    assert got[0] == expected[0], f"{case}: feature {got[0]!r}, expected {expected[0]!r} (split {got})"
    assert_close(got[1], expected[1], case=f"{case}: threshold (midpoint between distinct values)",
                 inputs={"X": X, "y": y})
    assert_close(got[2], expected[2], case=f"{case}: weighted impurity n_L/n * G_L + n_R/n * G_R, "
                 "not an unweighted average of the two children", inputs={"X": X, "y": y})


def test_gini_of_hand_checked_label_sets(ns):
    for y, expected in [([0, 0, 1, 1], 0.5), ([2, 2, 2], 0.0), ([0, 1, 2], 2 / 3), ([7, 7, 3], 4 / 9)]:
        assert_close(ns["gini"](np.array(y)), expected, case=f"gini({y})")
    assert_close(ns["gini"](np.array([], dtype=int)), 0.0, case="gini of an empty node is 0")


def test_hand_checked_split_of_one_feature(ns):
    X, y = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]]), np.array([0, 0, 1, 1, 0])
    # t = 2.5: left [0, 0] is pure, right [1, 1, 0] has Gini 4/9, weighted 3/5 * 4/9 = 4/15
    check(ns, X, y, (0, 2.5, 4 / 15), "labels 0 0 1 1 0 on x = 1..5")


def test_picks_the_better_of_two_features(ns):
    X = np.array([[1.0, 0.5], [2.0, 3.0], [3.0, 1.0], [4.0, 4.0]])
    y = np.array([0, 1, 0, 1])
    # feature 0 reaches only 1/3; feature 1 separates the classes at (1.0 + 3.0) / 2
    check(ns, X, y, (1, 2.0, 0.0), "feature 1 separates the classes")


def test_never_splits_between_equal_values(ns):
    X, y = np.array([[1.0], [1.0], [2.0]]), np.array([0, 1, 1])
    # the only realisable split is x <= 1.5; putting one of the two 1.0s on each side is impossible
    check(ns, X, y, (0, 1.5, 1 / 3), "repeated values: split between equal values")


def test_constant_features_are_skipped_and_ties_go_to_the_first_candidate(ns):
    X = np.array([[5.0, 1.0], [5.0, 2.0], [5.0, 3.0]])
    check(ns, X, np.array([0, 1, 1]), (1, 1.5, 0.0), "feature 0 is constant")
    got = ns["best_split"](np.array([[5.0], [5.0]]), np.array([0, 1]))
    assert got[0] is None and got[1] is None, f"no feature can split: expected (None, None, 0.5), got {got}"
    assert_close(got[2], 0.5, case="no split possible: return the parent's Gini")
    X = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0]])
    # thresholds 1.5 and 3.5 both give 1/3 on both (identical) features: the first one wins
    check(ns, X, np.array([0, 1, 1, 0]), (0, 1.5, 1 / 3), "ties: lowest feature, then lowest threshold")


def test_matches_a_brute_force_search_on_random_data(ns):
    rng = np.random.default_rng(0)
    for trial in range(5):
        X = rng.integers(0, 6, size=(40, 3)).astype(float)     # integer values: many repeats
        y = rng.integers(0, 3, size=40)
        expected = reference(X, y)
        check(ns, X, y, expected, f"random trial {trial}")
        assert ns["best_split"](X, y)[2] <= ns["gini"](y) + 1e-12, \
            "the weighted impurity of the children can never exceed the parent's"
