# --- starter ---
import numpy as np


def pca_fit(X, k):
    """PCA of X (N, D) float via the SVD of the centred data, keeping k components.

    Returns (mean (D,), components (k, D), explained_variance (k,), explained_variance_ratio (k,)).
    Variances use N - 1; each component's largest-magnitude entry is positive.
    """
    raise NotImplementedError


def pca_transform(X, mean, components):
    """Coordinates of the rows of X (M, D) along the components: shape (M, k)."""
    raise NotImplementedError


def pca_inverse_transform(Z, mean, components):
    """Back from coordinates Z (M, k) to the original space: shape (M, D)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def pca_fit(X, k):
    mean = X.mean(axis=0)
    _, s, vt = np.linalg.svd(X - mean, full_matrices=False)     # thin SVD: fine for N < D too
    biggest = np.abs(vt).argmax(axis=1)
    vt = vt * np.sign(vt[np.arange(len(vt)), biggest])[:, None]  # deterministic signs
    var = s ** 2 / (len(X) - 1)
    return mean, vt[:k], var[:k], var[:k] / var.sum()


def pca_transform(X, mean, components):
    return (X - mean) @ components.T


def pca_inverse_transform(Z, mean, components):
    return Z @ components + mean
# --- tests ---
import numpy as np


def data(n=50, seed=0):
    rng = np.random.default_rng(seed)
    mix = rng.normal(size=(4, 4)) * np.array([3.0, 1.5, 0.7, 0.2])[:, None]
    return rng.normal(size=(n, 4)) @ mix + np.array([10.0, -5.0, 3.0, 0.0])


def fit(ns, X, k):
    got = ns["pca_fit"](X, k)
    assert got is not None and len(got) == 4, \
        "pca_fit returns (mean, components, explained_variance, explained_variance_ratio)"
    return got


def test_points_on_a_line_have_one_component(ns):
    X = np.array([[1.0, 1.0], [2.0, 3.0], [3.0, 5.0]])          # y = 2x - 1
    mean, comps, var, ratio = fit(ns, X, 1)
    case = "points on y = 2x - 1: subtract the column means before the SVD"
    assert_close(mean, [2.0, 3.0], case=case + " (mean)", inputs={"X": X})
    assert_close(comps, [[1 / 5 ** 0.5, 2 / 5 ** 0.5]], case=case + " (component (1, 2)/sqrt 5)",
                 inputs={"X": X})
    # projections are -sqrt 5, 0, sqrt 5: sum of squares 10 over N - 1 = 2
    assert_close(var, [5.0], case="explained variance uses N - 1: 10 / 2", inputs={"X": X})
    assert_close(ratio, [1.0], case="all the variance lies on the line")
    z = ns["pca_transform"](X, mean, comps)
    assert_close(z, [[-5 ** 0.5], [0.0], [5 ** 0.5]], case="coordinates along the line", inputs={"X": X})
    assert_close(ns["pca_inverse_transform"](z, mean, comps), X,
                 case="the line is reconstructed exactly from one coordinate")


def test_matches_the_eigendecomposition_of_the_covariance(ns):
    X = data()
    mean, comps, var, ratio = fit(ns, X, 3)
    evals, evecs = np.linalg.eigh(np.cov(X, rowvar=False))    # slow reference, ascending order
    evals, evecs = evals[::-1], evecs[:, ::-1].T
    evecs *= np.sign(evecs[np.arange(4), np.abs(evecs).argmax(axis=1)])[:, None]
    case = "covariance eigenvectors: subtract the column means before the SVD"
    assert_close(comps, evecs[:3], rtol=1e-6, atol=1e-7, case=case, inputs={"X": X})
    assert_close(var, evals[:3], case="explained variance = covariance eigenvalues (N - 1)",
                 inputs={"X": X})
    assert_close(ratio, evals[:3] / evals.sum(), case="ratio = eigenvalue / total variance")
    assert_close(comps @ comps.T, np.eye(3), atol=1e-10, case="components are orthonormal rows")


def test_projected_coordinates_are_centred_and_uncorrelated(ns):
    X = data(seed=1)
    mean, comps, var, _ = fit(ns, X, 4)
    z = ns["pca_transform"](X, mean, comps)
    assert_close(z.mean(axis=0), np.zeros(4), atol=1e-9,
                 case="coordinates have mean 0: subtract the column means before projecting")
    assert_close(np.cov(z, rowvar=False), np.diag(var), atol=1e-9,
                 case="covariance of the coordinates is diag(explained_variance)")


def test_reconstruction_error_equals_the_discarded_variance(ns):
    X = data(seed=2)
    mean, comps, var, ratio = fit(ns, X, 2)
    back = ns["pca_inverse_transform"](ns["pca_transform"](X, mean, comps), mean, comps)
    total = X.var(axis=0, ddof=1).sum()
    assert_close(((X - back) ** 2).sum() / (len(X) - 1), total - var.sum(),
                 case="squared reconstruction error / (N - 1) = variance of the dropped components")
    assert_close(ratio.sum(), var.sum() / total, case="explained_variance_ratio is relative to "
                 "the total variance of all components, not of the k kept")
    _, c4, _, r4 = fit(ns, X, 4)
    assert_close(ns["pca_inverse_transform"](ns["pca_transform"](X, mean, c4), mean, c4), X,
                 case="k = D: transform then inverse_transform is the identity")
    assert_close(r4.sum(), 1.0, case="k = D: ratios sum to 1")


def test_wide_data_and_a_new_row_use_the_training_mean(ns):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5, 8)) + 4.0                        # N < D: rank of centred data is 4
    mean, comps, var, _ = fit(ns, X, 4)
    assert comps.shape == (4, 8) and var.shape == (4,), f"shapes {comps.shape}, {var.shape}"
    back = ns["pca_inverse_transform"](ns["pca_transform"](X, mean, comps), mean, comps)
    assert_close(back, X, atol=1e-9, case="N = 5 < D = 8: four components reconstruct exactly")
    new = rng.normal(size=(1, 8))
    assert_close(ns["pca_transform"](new, mean, comps), (new - mean) @ comps.T,
                 case="a single new row is centred with the training mean, not its own")


def test_signs_are_deterministic(ns):
    X = data(seed=4)
    _, comps, _, _ = fit(ns, X, 3)
    top = comps[np.arange(3), np.abs(comps).argmax(axis=1)]
    assert np.all(top > 0), f"each component's largest-magnitude entry must be positive, got {top}"
    _, flipped, _, _ = fit(ns, -X, 3)
    assert_close(flipped, comps, atol=1e-9, case="negating the data must not change the components")
