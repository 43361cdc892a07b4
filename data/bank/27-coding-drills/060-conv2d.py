# --- starter ---
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    """x: (N, C_in, H, W), w: (C_out, C_in, K, K), b: (C_out,) -> (N, C_out, H_out, W_out)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    k = w.shape[-1]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (xp.shape[2] - k) // stride + 1
    w_out = (xp.shape[3] - k) // stride + 1
    out = np.empty((x.shape[0], w.shape[0], h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = xp[:, :, i * stride:i * stride + k, j * stride:j * stride + k]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3]))
    return out + b[None, :, None, None]
# --- tests ---
import numpy as np


def naive(x, w, b, s, p):
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    k = w.shape[-1]
    ho, wo = (xp.shape[2] - k) // s + 1, (xp.shape[3] - k) // s + 1
    out = np.zeros((x.shape[0], w.shape[0], ho, wo))
    for n in range(x.shape[0]):
        for o in range(w.shape[0]):
            for i in range(ho):
                for j in range(wo):
                    out[n, o, i, j] = b[o] + (xp[n, :, i * s:i * s + k, j * s:j * s + k] * w[o]).sum()
    return out


def test_known_3x3_example_is_not_flipped(ns):
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.zeros((1, 1, 2, 2))
    w[0, 0, 0, 0] = 1.0
    got = ns["conv2d"](x, w, np.zeros(1))
    expected = np.array([[[[0.0, 1.0], [3.0, 4.0]]]])
    assert np.allclose(got, expected), f"got {got.tolist()}, expected {expected.tolist()} (kernel must not be flipped)"


def test_matches_naive_loops_with_stride_and_padding(ns):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(2, 3, 7, 6)), rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    for s, p in ((1, 0), (2, 1), (3, 2)):
        got, expected = ns["conv2d"](x, w, b, stride=s, padding=p), naive(x, w, b, s, p)
        assert got.shape == expected.shape, f"stride {s}, padding {p}: shape {got.shape}, expected {expected.shape}"
        assert np.allclose(got, expected), f"stride {s}, padding {p}: values differ"
