# --- starter ---
import numpy as np


def maxpool_forward(x, k, stride):
    """x: (N, C, H, W). Returns (out, cache)."""
    raise NotImplementedError


def maxpool_backward(dout, cache):
    """Gradient w.r.t. x."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def maxpool_forward(x, k, stride):
    n, c, h, w = x.shape
    ho, wo = (h - k) // stride + 1, (w - k) // stride + 1
    out = np.empty((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + k, j * stride:j * stride + k].max(axis=(2, 3))
    return out, (x, k, stride)


def maxpool_backward(dout, cache):
    x, k, stride = cache
    dx = np.zeros_like(x)
    n, c, ho, wo = dout.shape
    for i in range(ho):
        for j in range(wo):
            window = x[:, :, i * stride:i * stride + k, j * stride:j * stride + k].reshape(n, c, -1)
            u, v = np.unravel_index(window.argmax(axis=2), (k, k))
            for a in range(n):
                for b in range(c):
                    dx[a, b, i * stride + u[a, b], j * stride + v[a, b]] += dout[a, b, i, j]
    return dx
# --- tests ---
import numpy as np


def test_forward_known_values(ns):
    x = np.array([[[[1.0, 3.0, 2.0, 0.0], [4.0, 2.0, 1.0, 5.0], [0.0, 1.0, 9.0, 2.0], [3.0, 8.0, 1.0, 1.0]]]])
    out, _ = ns["maxpool_forward"](x, 2, 2)
    expected = np.array([[[[4.0, 5.0], [8.0, 9.0]]]])
    assert np.array_equal(out, expected), f"got {out.tolist()}, expected {expected.tolist()}"


def test_backward_routes_to_the_maximum(ns):
    x = np.array([[[[1.0, 3.0, 2.0, 0.0], [4.0, 2.0, 1.0, 5.0], [0.0, 1.0, 9.0, 2.0], [3.0, 8.0, 1.0, 1.0]]]])
    _, cache = ns["maxpool_forward"](x, 2, 2)
    dx = ns["maxpool_backward"](np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    expected = np.zeros_like(x)
    expected[0, 0, 1, 0], expected[0, 0, 1, 3], expected[0, 0, 3, 1], expected[0, 0, 2, 2] = 1, 2, 3, 4
    assert np.array_equal(dx, expected), f"got {dx.tolist()}"


def test_overlapping_windows_add_gradients(ns):
    x = np.array([[[[0.0, 0.0, 0.0], [0.0, 9.0, 0.0], [0.0, 0.0, 0.0]]]])
    _, cache = ns["maxpool_forward"](x, 2, 1)
    dx = ns["maxpool_backward"](np.ones((1, 1, 2, 2)), cache)
    assert dx[0, 0, 1, 1] == 4.0, f"the centre wins all four windows: expected 4, got {dx[0, 0, 1, 1]}"
    assert dx.sum() == 4.0, "total gradient must be conserved"
