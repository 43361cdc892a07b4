# --- starter ---
import numpy as np


def im2col(x, kh, kw, stride=1, padding=0):
    """Unfold x (N, C, H, W) into columns (N, C*kh*kw, H_out*W_out), torch unfold layout.

    Row c*kh*kw + u*kw + v holds input channel c at kernel offset (u, v);
    column i*W_out + j is the window of output position (i, j). Zero padding.
    """
    raise NotImplementedError


def conv2d_im2col(x, w, b, stride=1, padding=0):
    """Convolution (cross-correlation) as one matrix product over im2col columns.

    x: (N, C_in, H, W), w: (C_out, C_in, kh, kw), b: (C_out,). Returns (N, C_out, H_out, W_out).
    """
    raise NotImplementedError


def conv2d_loop(x, w, b, stride=1, padding=0):
    """The same convolution computed directly, one output position at a time."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def out_size(n, k, stride, padding):
    return (n + 2 * padding - k) // stride + 1


def im2col(x, kh, kw, stride=1, padding=0):
    N, C, H, W = x.shape
    Ho, Wo = out_size(H, kh, stride, padding), out_size(W, kw, stride, padding)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = np.empty((N, C, kh, kw, Ho, Wo), dtype=xp.dtype)
    for u in range(kh):                     # one strided slice per kernel offset
        for v in range(kw):
            cols[:, :, u, v] = xp[:, :, u:u + stride * Ho:stride, v:v + stride * Wo:stride]
    return cols.reshape(N, C * kh * kw, Ho * Wo)


def conv2d_im2col(x, w, b, stride=1, padding=0):
    N, _, H, W = x.shape
    C_out, _, kh, kw = w.shape
    Ho, Wo = out_size(H, kh, stride, padding), out_size(W, kw, stride, padding)
    cols = im2col(x, kh, kw, stride, padding)            # (N, C*kh*kw, Ho*Wo)
    out = w.reshape(C_out, -1) @ cols + b[:, None]       # (N, C_out, Ho*Wo)
    return out.reshape(N, C_out, Ho, Wo)


def conv2d_loop(x, w, b, stride=1, padding=0):
    N, _, H, W = x.shape
    C_out, _, kh, kw = w.shape
    Ho, Wo = out_size(H, kh, stride, padding), out_size(W, kw, stride, padding)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = np.empty((N, C_out, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            window = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out
# --- tests ---
import numpy as np

CONVS = ("conv2d_im2col", "conv2d_loop")


def test_columns_have_the_unfold_layout_on_a_hand_checked_input(ns):
    x = np.arange(18.0).reshape(1, 2, 3, 3)
    cols = ns["im2col"](x, 2, 2)
    expected = np.array([[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]], dtype=float)
    expected = np.concatenate([expected, expected + 9], axis=1).T[None]     # (1, 8, 4)
    assert_close(cols, expected, case="row order of the columns is (channel, kernel row, kernel column) "
                 "and column order is (output row, output column), like torch unfold", inputs={"x": x})


def test_hand_checked_convolution_does_not_flip_the_kernel(ns):
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 2.0], [0.0, 0.0]]]])
    for name in CONVS:
        out = ns[name](x, w, np.array([1.0]))
        # y[i, j] = 1 + x[i, j] + 2 x[i, j + 1]
        assert_close(out, [[[[3.0, 6.0], [12.0, 15.0]]]],
                     case=f"{name}: cross-correlation (kernel not flipped) plus bias", inputs={"x": x, "w": w})


def test_zero_padding_lets_corner_windows_see_fewer_inputs(ns):
    x, w = np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3))
    for name in CONVS:
        out = ns[name](x, w, np.zeros(1), padding=1)
        assert_close(out, [[[[4.0, 6.0, 4.0], [6.0, 9.0, 6.0], [4.0, 6.0, 4.0]]]],
                     case=f"{name}: padding=1 pads with zeros, so a corner window covers 4 of the 9 inputs")


def test_output_shape_follows_the_floor_formula(ns):
    rng = np.random.default_rng(5)
    # (H, W, kh, kw, stride, padding) -> (H_out, W_out) = floor((n + 2p - k) / s) + 1
    for H, W, kh, kw, s, p, Ho, Wo in [(5, 6, 3, 3, 2, 1, 3, 3), (4, 5, 2, 2, 3, 0, 1, 2),
                                       (3, 3, 3, 3, 1, 0, 1, 1), (7, 4, 3, 1, 2, 2, 5, 4)]:
        x = rng.normal(size=(2, 3, H, W))
        w, b = rng.normal(size=(4, 3, kh, kw)), rng.normal(size=4)
        cols = ns["im2col"](x, kh, kw, stride=s, padding=p)
        assert np.shape(cols) == (2, 3 * kh * kw, Ho * Wo), (
            f"im2col(H={H}, W={W}, k={kh}x{kw}, stride={s}, padding={p}): expected shape "
            f"{(2, 3 * kh * kw, Ho * Wo)}, got {np.shape(cols)}; H_out = floor((H + 2p - k) / s) + 1")
        for name in CONVS:
            out = ns[name](x, w, b, stride=s, padding=p)
            assert np.shape(out) == (2, 4, Ho, Wo), (
                f"{name}(H={H}, W={W}, k={kh}x{kw}, stride={s}, padding={p}): expected shape "
                f"{(2, 4, Ho, Wo)}, got {np.shape(out)}; H_out = floor((H + 2p - k) / s) + 1")


def test_both_versions_match_a_slow_reference_on_random_input(ns):
    rng = np.random.default_rng(0)
    N, C, H, W, C_out, kh, kw, s, p = 2, 2, 5, 6, 3, 3, 2, 2, 1
    x, w, b = rng.normal(size=(N, C, H, W)), rng.normal(size=(C_out, C, kh, kw)), rng.normal(size=C_out)
    Ho, Wo = (H + 2 * p - kh) // s + 1, (W + 2 * p - kw) // s + 1
    expected = np.zeros((N, C_out, Ho, Wo))
    for n in range(N):
        for o in range(C_out):
            for i in range(Ho):
                for j in range(Wo):
                    total = b[o]
                    for c in range(C):
                        for u in range(kh):
                            for v in range(kw):
                                r, q = i * s + u - p, j * s + v - p
                                if 0 <= r < H and 0 <= q < W:
                                    total += w[o, c, u, v] * x[n, c, r, q]
                    expected[n, o, i, j] = total
    for name in CONVS:
        assert_close(ns[name](x, w, b, stride=s, padding=p), expected,
                     case=f"{name}: stride 2, padding 1, 3x2 kernel against a 7-loop reference",
                     inputs={"x": x, "w": w})


def test_a_one_by_one_kernel_only_mixes_channels(ns):
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=(2, 3, 4, 4)), rng.normal(size=(5, 3, 1, 1)), rng.normal(size=5)
    expected = np.einsum("oc,nchw->nohw", w[:, :, 0, 0], x) + b[:, None, None]
    for name in CONVS:
        assert_close(ns[name](x, w, b), expected, case=f"{name}: a 1x1 convolution is a matmul over channels")
