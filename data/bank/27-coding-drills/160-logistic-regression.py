# --- starter ---
import numpy as np


def sigmoid(z):
    """Elementwise logistic function of a float array, without overflow for any z."""
    raise NotImplementedError


def log_loss_and_grad(w, b, X, y):
    """Mean binary cross-entropy of p = sigmoid(X @ w + b) against y in {0, 1}.

    X: (N, D) float64, y: (N,) of 0/1, w: (D,), b: float.
    Returns (loss: float, dw: (D,), db: float).
    """
    raise NotImplementedError


def fit_logistic_regression(X, y, lr=0.1, epochs=1000):
    """Full-batch gradient descent from w = 0, b = 0; `epochs` steps. Returns (w, b)."""
    raise NotImplementedError


def predict_proba(X, w, b):
    """P(y = 1 | x) for every row of X, shape (N,)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))                      # never overflows: the exponent is <= 0
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_loss_and_grad(w, b, X, y):
    z = X @ w + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z)   # softplus(z) - y z, finite for any z
    r = (sigmoid(z) - y) / len(y)
    return float(loss), X.T @ r, float(r.sum())


def fit_logistic_regression(X, y, lr=0.1, epochs=1000):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        _, dw, db = log_loss_and_grad(w, b, X, y)
        w = w - lr * dw
        b = b - lr * db
    return w, b


def predict_proba(X, w, b):
    return sigmoid(X @ w + b)
# --- tests ---
import math

import numpy as np


def data(n=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    p = 1 / (1 + np.exp(-(X @ np.array([1.5, -1.0]) + 0.3)))
    return X, (rng.random(n) < p).astype(float)


def test_sigmoid_hand_values_and_no_overflow_for_large_inputs(ns):
    z = np.array([0.0, math.log(3.0), -math.log(3.0), 1000.0, -1000.0])
    with np.errstate(over="raise"):
        try:
            got = ns["sigmoid"](z)
        except FloatingPointError as exc:
            raise AssertionError(f"sigmoid overflowed ({exc}): exponentiate -|z| only, "
                                 "e.g. np.exp(-np.abs(z)), or split positive and negative z") from None
    assert_close(got, [0.5, 0.75, 0.25, 1.0, 0.0], case="sigmoid(0), sigmoid(±ln 3), sigmoid(±1000)",
                 inputs={"z": z})


def test_loss_and_gradient_on_a_hand_checked_case(ns):
    X, y = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([1.0, 0.0])
    loss, dw, db = ns["log_loss_and_grad"](np.zeros(2), 0.0, X, y)
    # p = 0.5 for both rows; dw = X.T @ (p - y) / N = ([-0.5 + 1.5] / 2, [-1 - 0.5] / 2)
    assert_close(loss, math.log(2), case="w = 0: the loss is ln 2", inputs={"X": X, "y": y})
    assert_close(dw, [0.5, -0.75], case="log-loss gradient is X.T @ (p - y) / N, "
                 "with no sigmoid-derivative factor p(1-p)", inputs={"X": X, "y": y})
    assert_close(db, 0.0, case="db = mean(p - y)")
    loss, dw, db = ns["log_loss_and_grad"](np.array([math.log(3.0), 0.0]), 0.0, np.array([[1.0, 0.0]]),
                                           np.array([1.0]))
    assert_close(loss, -math.log(0.75), case="z = ln 3, y = 1: loss is -ln 0.75")
    assert_close(dw, [-0.25, 0.0], case="z = ln 3, y = 1: dw = (0.75 - 1) * x, "
                 "with no sigmoid-derivative factor p(1-p)")
    assert_close(db, -0.25, case="z = ln 3, y = 1: db = 0.75 - 1")


def test_loss_is_finite_for_confident_predictions(ns):
    X, y = np.array([[1.0], [1.0]]), np.array([1.0, 0.0])
    loss, dw, db = ns["log_loss_and_grad"](np.array([800.0]), 0.0, X, y)
    # z = 800: the right row costs softplus(800) - 800 = 0, the wrong one softplus(800) = 800
    assert np.isfinite(loss), (f"loss is {loss} for z = 800: compute it as logaddexp(0, z) - y*z "
                               "instead of taking log(1 - p) of a probability that rounds to 1")
    assert_close(loss, 400.0, case="z = 800 with labels (1, 0): mean of 0 and 800")
    assert_close(dw, [0.5], case="z = 800 with labels (1, 0): dw = ((1 - 1) + (1 - 0)) / 2")


def test_gradient_matches_central_differences(ns):
    X, y = data(30, seed=1)
    w, b = np.array([0.4, -0.7]), 0.2
    _, dw, db = ns["log_loss_and_grad"](w, b, X, y)

    def f(w_, b_):
        z = X @ w_ + b_
        return np.mean(np.logaddexp(0, z) - y * z)

    h = 1e-6
    num_w = [(f(w + h * e, b) - f(w - h * e, b)) / (2 * h) for e in np.eye(2)]
    assert_close(dw, num_w, rtol=1e-5, atol=1e-8, case="dw against central differences of the loss")
    assert_close(db, (f(w, b + h) - f(w, b - h)) / (2 * h), rtol=1e-5, atol=1e-8,
                 case="db against central differences of the loss")


def test_fit_follows_the_gradient_descent_trajectory(ns):
    X, y = data()
    w_got, b_got = ns["fit_logistic_regression"](X, y, lr=0.5, epochs=50)
    w, b = np.zeros(2), 0.0
    for _ in range(50):                          # slow reference: one example at a time
        gw, gb = np.zeros(2), 0.0
        for x_n, y_n in zip(X, y):
            p_n = 1 / (1 + math.exp(-(x_n @ w + b)))
            gw += (p_n - y_n) * x_n / len(y)
            gb += (p_n - y_n) / len(y)
        w, b = w - 0.5 * gw, b - 0.5 * gb
    assert_close(w_got, w, case="w after 50 full-batch steps of lr 0.5 from zeros")
    assert_close(b_got, b, case="b after 50 full-batch steps of lr 0.5 from zeros")


def test_fit_reaches_a_stationary_point_and_predicts_probabilities(ns):
    X, y = data()
    w, b = ns["fit_logistic_regression"](X, y, lr=1.0, epochs=3000)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    assert_close(X.T @ (p - y) / len(y), [0.0, 0.0], atol=1e-6,
                 case="after 3000 steps the log-loss gradient must vanish (non-separable data)")
    got = ns["predict_proba"](X, w, b)
    assert_close(got, p, case="predict_proba = sigmoid(X @ w + b), shape (N,)")
    assert_close(got.mean(), y.mean(), atol=1e-6,
                 case="with an intercept, the fitted probabilities average to the positive rate")
