# --- starter ---
import numpy as np


def mlp_loss_and_grads(params, x, y):
    """Two-layer ReLU MLP with loss ||yhat - y||^2 / (2N). Returns (loss, grads)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def mlp_loss_and_grads(params, x, y):
    n = x.shape[0]
    a1 = x @ params["W1"] + params["b1"]
    h = np.maximum(a1, 0)
    y_hat = h @ params["W2"] + params["b2"]
    loss = ((y_hat - y) ** 2).sum() / (2 * n)
    d2 = (y_hat - y) / n
    d1 = (d2 @ params["W2"].T) * (a1 > 0)
    grads = {"W2": h.T @ d2, "b2": d2.sum(axis=0), "W1": x.T @ d1, "b1": d1.sum(axis=0)}
    return loss, grads
# --- tests ---
import numpy as np


def setup():
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(size=(4, 6)), "b1": rng.normal(size=6),
              "W2": rng.normal(size=(6, 2)), "b2": rng.normal(size=2)}
    return params, rng.normal(size=(5, 4)), rng.normal(size=(5, 2))


def test_loss_value(ns):
    params, x, y = setup()
    h = np.maximum(x @ params["W1"] + params["b1"], 0)
    expected = ((h @ params["W2"] + params["b2"] - y) ** 2).sum() / 10
    loss, _ = ns["mlp_loss_and_grads"](params, x, y)
    assert np.isclose(loss, expected), f"got {loss}, expected {expected}"


def test_gradients_pass_a_finite_difference_check(ns):
    params, x, y = setup()
    _, grads = ns["mlp_loss_and_grads"](params, x, y)
    for name, value in params.items():
        assert grads[name].shape == value.shape, f"{name}: gradient shape {grads[name].shape}"
        numeric = np.zeros_like(value)
        for idx in np.ndindex(*value.shape):
            old = value[idx]
            value[idx] = old + 1e-6
            up, _ = ns["mlp_loss_and_grads"](params, x, y)
            value[idx] = old - 1e-6
            down, _ = ns["mlp_loss_and_grads"](params, x, y)
            value[idx] = old
            numeric[idx] = (up - down) / 2e-6
        assert np.allclose(grads[name], numeric, atol=1e-6), f"{name}: max error {np.abs(grads[name] - numeric).max():.2e}"
