# --- starter ---
import numpy as np


def log_gaussian(X, mean, cov):
    """log N(x | mean, cov) for each row of X (N, D); mean (D,), cov (D, D) positive definite. Shape (N,)."""
    raise NotImplementedError


def e_step(X, weights, means, covs):
    """Responsibilities (N, K) and the total log-likelihood sum_n log sum_k pi_k N(x_n | mu_k, Sigma_k).

    weights (K,), means (K, D), covs (K, D, D). Returns (resp, log_likelihood).
    """
    raise NotImplementedError


def m_step(X, resp, reg_covar=1e-6):
    """New (weights (K,), means (K, D), covs (K, D, D)) from responsibilities resp (N, K).

    Covariances divide by N_k and get reg_covar added to their diagonal.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def log_gaussian(X, mean, cov):
    L = np.linalg.cholesky(cov)                          # cov = L L^T
    y = np.linalg.solve(L, (X - mean).T)                 # (D, N): L y = x - mean
    log_det = 2.0 * np.log(np.diag(L)).sum()
    return -0.5 * (X.shape[1] * np.log(2 * np.pi) + log_det + (y ** 2).sum(axis=0))


def e_step(X, weights, means, covs):
    log_joint = np.stack([np.log(w) + log_gaussian(X, m, c)
                          for w, m, c in zip(weights, means, covs)], axis=1)       # (N, K)
    top = log_joint.max(axis=1, keepdims=True)
    log_px = top + np.log(np.exp(log_joint - top).sum(axis=1, keepdims=True))     # log-sum-exp
    return np.exp(log_joint - log_px), float(log_px.sum())


def m_step(X, resp, reg_covar=1e-6):
    n_k = resp.sum(axis=0)                                                         # (K,)
    means = resp.T @ X / n_k[:, None]
    covs = np.empty((resp.shape[1], X.shape[1], X.shape[1]))
    for k in range(resp.shape[1]):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / n_k[k] + reg_covar * np.eye(X.shape[1])
    return n_k / len(X), means, covs
# --- tests ---
import math

import numpy as np

LOG_2PI = math.log(2 * math.pi)


def two_clusters(seed=0):
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal([-2.0, 0.0], 0.7, size=(40, 2)),
                           rng.normal([2.0, 1.0], [1.0, 0.5], size=(60, 2))])


def test_log_gaussian_on_hand_checked_points(ns):
    got = ns["log_gaussian"](np.array([[0.0], [2.0]]), np.zeros(1), np.eye(1))
    assert_close(got, [-0.5 * LOG_2PI, -0.5 * LOG_2PI - 2.0], case="standard normal at 0 and 2")
    got = ns["log_gaussian"](np.array([[2.0, 1.0]]), np.zeros(2), np.diag([4.0, 1.0]))
    # Mahalanobis 4/4 + 1/1 = 2, log det = ln 4: -(2 ln 2pi + ln 4 + 2) / 2
    assert_close(got, [-LOG_2PI - math.log(2.0) - 1.0], case="diag(4, 1) covariance at (2, 1)")


def test_log_gaussian_matches_the_density_formula(ns):
    rng = np.random.default_rng(1)
    A = rng.normal(size=(3, 3))
    cov, mean, X = A @ A.T + 0.5 * np.eye(3), rng.normal(size=3), rng.normal(size=(6, 3))
    inv = np.linalg.inv(cov)
    expected = [-0.5 * (3 * LOG_2PI + math.log(np.linalg.det(cov)) + (x - mean) @ inv @ (x - mean)) for x in X]
    assert_close(ns["log_gaussian"](X, mean, cov), expected, case="full 3 x 3 covariance",
                 inputs={"cov": cov, "X": X})


def test_e_step_on_two_symmetric_components(ns):
    X = np.array([[-2.0], [0.0], [0.5], [3.0]])
    resp, ll = ns["e_step"](X, np.array([0.5, 0.5]), np.array([[-1.0], [1.0]]), np.ones((2, 1, 1)))
    # means -1 and +1 with unit variance: the log-odds of component 2 are 2x
    s = 1 / (1 + np.exp(-2 * X[:, 0]))
    assert_close(resp, np.column_stack([1 - s, s]), case="responsibility of the +1 component is sigmoid(2x)",
                 inputs={"X": X})
    dens = 0.5 * np.exp(-0.5 * (X[:, 0] + 1) ** 2) + 0.5 * np.exp(-0.5 * (X[:, 0] - 1) ** 2)
    assert_close(ll, np.sum(np.log(dens / math.sqrt(2 * math.pi))),
                 case="log-likelihood is the sum over points of log sum_k pi_k N(x | mu_k, Sigma_k)")


def test_e_step_survives_a_point_far_from_every_component(ns):
    X = np.array([[1000.0], [0.0]])
    resp, ll = ns["e_step"](X, np.array([0.5, 0.5]), np.array([[-1.0], [1.0]]), np.ones((2, 1, 1)))
    assert np.all(np.isfinite(resp)) and np.isfinite(ll), (
        f"resp {resp.tolist()}, log-likelihood {ll}: every density of x = 1000 underflows to 0; "
        "normalise in log space with log-sum-exp")
    assert_close(resp, [[0.0, 1.0], [0.5, 0.5]], case="x = 1000 belongs to the +1 component; "
                 "normalise in log space with log-sum-exp")
    expected = (math.log(0.5) - 0.5 * LOG_2PI - 0.5 * 999.0 ** 2) + math.log(math.exp(-0.5) / math.sqrt(2 * math.pi))
    assert_close(ll, expected, case="log-likelihood with x = 1000 (log-sum-exp)")


def test_m_step_matches_weighted_sums_in_a_loop(ns):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(30, 2))
    resp = rng.random(size=(30, 3))
    resp /= resp.sum(axis=1, keepdims=True)
    weights, means, covs = ns["m_step"](X, resp, reg_covar=1e-3)
    for k in range(3):
        n_k = sum(resp[n, k] for n in range(30))
        mu = sum(resp[n, k] * X[n] for n in range(30)) / n_k
        cov = sum(resp[n, k] * np.outer(X[n] - mu, X[n] - mu) for n in range(30)) / n_k + 1e-3 * np.eye(2)
        assert_close(weights[k], n_k / 30, case=f"weight {k} = N_k / N")
        assert_close(means[k], mu, case=f"mean {k} = sum_n r_nk x_n / N_k")
        assert_close(covs[k], cov, case=f"covariance {k}: weighted outer products / N_k, plus reg_covar on the diagonal")


def test_m_step_with_hard_assignments_gives_cluster_statistics(ns):
    X = two_clusters()
    resp = np.zeros((100, 2))
    resp[:40, 0] = resp[40:, 1] = 1.0
    weights, means, covs = ns["m_step"](X, resp, reg_covar=0.0)
    assert_close(weights, [0.4, 0.6], case="one-hot responsibilities: weights are the cluster shares")
    assert_close(means, [X[:40].mean(axis=0), X[40:].mean(axis=0)], case="one-hot: cluster means")
    assert_close(covs, [np.cov(X[:40].T, bias=True), np.cov(X[40:].T, bias=True)],
                 case="one-hot: cluster covariances divide by N_k (the maximum-likelihood estimate)")


def test_em_never_decreases_the_log_likelihood(ns):
    X = two_clusters(1)
    weights, means, covs = np.array([0.5, 0.5]), np.array([[-0.5, 0.0], [0.5, 0.0]]), np.stack([np.eye(2)] * 2)
    history = []
    for _ in range(10):
        resp, ll = ns["e_step"](X, weights, means, covs)
        assert_close(resp.sum(axis=1), np.ones(100), case="responsibilities of each point sum to 1")
        history.append(ll)
        weights, means, covs = ns["m_step"](X, resp, reg_covar=0.0)
    drops = [b - a for a, b in zip(history, history[1:]) if b < a - 1e-8]
    assert not drops, f"EM must never lower the log-likelihood; history {np.round(history, 4).tolist()}"
    assert_close(weights.sum(), 1.0, case="mixture weights sum to 1")
