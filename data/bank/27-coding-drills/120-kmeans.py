# --- starter ---
import numpy as np


def kmeans(x, init_centroids, max_iter=100):
    """Lloyd's algorithm from the given centroids. Returns (centroids, labels)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def kmeans(x, init_centroids, max_iter=100):
    mu = np.array(init_centroids, dtype=float)
    labels = None
    for _ in range(max_iter):
        new = ((x[:, None, :] - mu[None]) ** 2).sum(axis=-1).argmin(axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(len(mu)):
            members = x[labels == j]
            if len(members):
                mu[j] = members.mean(axis=0)
    return mu, labels
# --- tests ---
import numpy as np


def blobs():
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [10.0, 10.0], [-10.0, 10.0]])
    return np.concatenate([c + rng.normal(scale=0.5, size=(50, 2)) for c in centres]), centres


def test_finds_three_separated_blobs(ns):
    x, centres = blobs()
    mu, labels = ns["kmeans"](x, x[[0, 50, 100]] + 1.0)
    assert np.allclose(np.sort(mu, axis=0), np.sort(centres, axis=0), atol=0.3), f"centroids {mu}"
    assert len(set(labels[:50])) == 1 and len(set(labels)) == 3, "each blob must be one cluster"


def test_objective_never_increases(ns):
    x, _ = blobs()
    start = x[[0, 1, 2]]
    costs = []
    for it in range(1, 6):
        mu, labels = ns["kmeans"](x, start, max_iter=it)
        costs.append(((x - mu[labels]) ** 2).sum())
    assert all(b <= a + 1e-9 for a, b in zip(costs, costs[1:])), f"costs went up: {costs}"


def test_empty_cluster_does_not_crash(ns):
    x = np.array([[0.0], [0.1], [0.2]])
    mu, labels = ns["kmeans"](x, np.array([[0.1], [100.0]]))
    assert np.all(np.isfinite(mu)), f"centroids {mu}"
    assert np.all(labels == 0), f"labels {labels}"
