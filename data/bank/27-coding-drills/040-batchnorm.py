# --- starter ---
import numpy as np


def batchnorm_forward(x, gamma, beta, running, train, momentum=0.1, eps=1e-5):
    """x: (N, D). running: {"mean": (D,), "var": (D,)} updated in place when training.

    Returns (out, cache).
    """
    raise NotImplementedError


def batchnorm_backward(dout, cache):
    """Returns (dx, dgamma, dbeta) for a training-mode forward pass."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def batchnorm_forward(x, gamma, beta, running, train, momentum=0.1, eps=1e-5):
    if train:
        mu, var = x.mean(axis=0), x.var(axis=0)
        n = x.shape[0]
        running["mean"] = (1 - momentum) * running["mean"] + momentum * mu
        running["var"] = (1 - momentum) * running["var"] + momentum * var * n / (n - 1)
    else:
        mu, var = running["mean"], running["var"]
    sigma = np.sqrt(var + eps)
    x_hat = (x - mu) / sigma
    return gamma * x_hat + beta, (x_hat, gamma, sigma)


def batchnorm_backward(dout, cache):
    x_hat, gamma, sigma = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    dx = (n * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0)) / (n * sigma)
    return dx, dgamma, dbeta
# --- tests ---
import numpy as np


def fresh(d):
    return {"mean": np.zeros(d), "var": np.ones(d)}


def test_training_output_is_normalised(ns):
    x = np.random.default_rng(0).normal(3.0, 2.0, size=(64, 4))
    out, _ = ns["batchnorm_forward"](x, np.ones(4), np.zeros(4), fresh(4), True)
    assert np.allclose(out.mean(axis=0), 0, atol=1e-7), f"means {out.mean(axis=0)}"
    assert np.allclose(out.var(axis=0), 1, atol=1e-3), f"variances {out.var(axis=0)}"


def test_running_statistics_follow_pytorch(ns):
    x = np.random.default_rng(1).normal(size=(8, 3))
    running = fresh(3)
    ns["batchnorm_forward"](x, np.ones(3), np.zeros(3), running, True)
    assert np.allclose(running["mean"], 0.1 * x.mean(axis=0)), f"running mean {running['mean']}"
    expected_var = 0.9 + 0.1 * x.var(axis=0, ddof=1)
    assert np.allclose(running["var"], expected_var), f"running var {running['var']}, expected {expected_var}"


def test_eval_uses_running_statistics(ns):
    running = {"mean": np.array([1.0, -1.0]), "var": np.array([4.0, 0.25])}
    x = np.array([[3.0, -0.5]])
    out, _ = ns["batchnorm_forward"](x, np.ones(2), np.zeros(2), running, False)
    assert np.allclose(out, [[1.0, 1.0]], atol=1e-4), f"got {out}, expected [[1, 1]]"
    assert np.array_equal(running["mean"], [1.0, -1.0]), "evaluation must not change running stats"


def test_backward_matches_finite_differences(ns):
    rng = np.random.default_rng(2)
    x, gamma, beta, w = rng.normal(size=(5, 3)), rng.normal(size=3), rng.normal(size=3), rng.normal(size=(5, 3))

    def loss(x_, g_, b_):
        out, _ = ns["batchnorm_forward"](x_, g_, b_, fresh(3), True)
        return (out * w).sum()

    _, cache = ns["batchnorm_forward"](x, gamma, beta, fresh(3), True)
    dx, dgamma, dbeta = ns["batchnorm_backward"](w, cache)
    for name, value, grad, f in (("dx", x, dx, lambda v: loss(v, gamma, beta)),
                                 ("dgamma", gamma, dgamma, lambda v: loss(x, v, beta)),
                                 ("dbeta", beta, dbeta, lambda v: loss(x, gamma, v))):
        numeric = np.zeros_like(value)
        for idx in np.ndindex(*value.shape):
            step = np.zeros_like(value)
            step[idx] = 1e-5
            numeric[idx] = (f(value + step) - f(value - step)) / 2e-5
        assert np.allclose(grad, numeric, atol=1e-5), f"{name}: max error {np.abs(grad - numeric).max():.2e}"
