# --- starter ---
import numpy as np


def conv_transpose_output_size(n, k, stride, padding=0, output_padding=0):
    """Output length along one axis of a transposed convolution."""
    raise NotImplementedError


def conv_transpose2d(x, w, b=None, stride=2, padding=0, output_padding=0):
    """Transposed 2-D convolution, torch.nn.functional.conv_transpose2d semantics.

    x: (N, C_in, H, W), w: (C_in, C_out, kh, kw), b: None or (C_out,).
    Returns (N, C_out, H_out, W_out). Raise ValueError unless 0 <= output_padding < stride.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def conv_transpose_output_size(n, k, stride, padding=0, output_padding=0):
    return (n - 1) * stride - 2 * padding + k + output_padding


def conv_transpose2d(x, w, b=None, stride=2, padding=0, output_padding=0):
    if not 0 <= output_padding < stride:
        raise ValueError("output_padding must satisfy 0 <= output_padding < stride")
    N, _, H, W = x.shape
    _, C_out, kh, kw = w.shape
    # scatter every input pixel's kh x kw patch into a canvas, summing where patches overlap
    full = np.zeros((N, C_out, (H - 1) * stride + kh + output_padding,
                     (W - 1) * stride + kw + output_padding))
    for u in range(kh):
        for v in range(kw):
            full[:, :, u:u + stride * H:stride, v:v + stride * W:stride] += \
                np.einsum("nchw,co->nohw", x, w[:, :, u, v])
    Ho = conv_transpose_output_size(H, kh, stride, padding, output_padding)
    Wo = conv_transpose_output_size(W, kw, stride, padding, output_padding)
    out = full[:, :, padding:padding + Ho, padding:padding + Wo]   # padding crops the border
    return out if b is None else out + b[:, None, None]
# --- tests ---
import numpy as np


def conv2d(z, w, stride, padding):
    """Direct strided convolution; w has shape (C_in, C_out, k, k) and maps C_out -> C_in channels."""
    N, C, H, W = z.shape
    C_in, _, kh, kw = w.shape
    zp = np.pad(z, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    Ho, Wo = (H + 2 * padding - kh) // stride + 1, (W + 2 * padding - kw) // stride + 1
    out = np.zeros((N, C_in, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            win = zp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.einsum("nouv,couv->nc", win, w)
    return out


def test_stride_equal_to_kernel_size_repeats_each_pixel(ns):
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    out = ns["conv_transpose2d"](x, np.ones((1, 1, 2, 2)), stride=2)
    expected = np.kron(x[0, 0], np.ones((2, 2)))[None, None]
    assert_close(out, expected, case="kernel of ones, k = stride = 2: every pixel becomes a 2x2 block",
                 inputs={"x": x})


def test_overlapping_contributions_are_summed_and_padding_crops(ns):
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    w = np.ones((1, 1, 3, 3))
    full = np.array([[1, 1, 3, 2, 2], [1, 1, 3, 2, 2], [4, 4, 10, 6, 6], [3, 3, 7, 4, 4], [3, 3, 7, 4, 4]], float)
    assert_close(ns["conv_transpose2d"](x, w, stride=2), full[None, None],
                 case="k = 3, stride 2: overlapping contributions must be summed, not overwritten", inputs={"x": x})
    assert_close(ns["conv_transpose2d"](x, w, stride=2, padding=1), full[1:4, 1:4][None, None],
                 case="padding = 1 removes one row and column from each border of the full output")


def test_output_size_formula_and_actual_shapes_agree(ns):
    rng = np.random.default_rng(4)
    # (n, k, stride, padding, output_padding) -> (n - 1) s - 2p + k + op
    for n, k, s, p, op, size in [(4, 3, 2, 1, 1, 8), (3, 4, 2, 1, 0, 6), (5, 2, 2, 0, 0, 10),
                                 (1, 3, 2, 0, 1, 4), (3, 3, 3, 1, 2, 9), (4, 3, 1, 1, 0, 4)]:
        got = ns["conv_transpose_output_size"](n, k, s, p, op)
        assert got == size, (f"conv_transpose_output_size(n={n}, k={k}, stride={s}, padding={p}, "
                             f"output_padding={op}) = {got}, expected (n - 1) s - 2p + k + op = {size}")
        out = ns["conv_transpose2d"](rng.normal(size=(2, 3, n, n + 1)), rng.normal(size=(3, 2, k, k)),
                                     stride=s, padding=p, output_padding=op)
        want = (2, 2, size, ns["conv_transpose_output_size"](n + 1, k, s, p, op))
        assert np.shape(out) == want, f"n={n}, k={k}, stride={s}, padding={p}, output_padding={op}: " \
                                      f"expected shape {want}, got {np.shape(out)}"


def test_is_the_adjoint_of_the_strided_convolution(ns):
    rng = np.random.default_rng(0)
    for H, W, k, s, p, op in [(3, 4, 3, 2, 1, 1), (3, 3, 4, 2, 1, 0), (2, 3, 2, 2, 0, 0), (3, 2, 3, 3, 0, 2)]:
        w = rng.normal(size=(2, 3, k, k))            # transposed conv: 2 -> 3 channels
        x = rng.normal(size=(2, 2, H, W))
        y = ns["conv_transpose2d"](x, w, stride=s, padding=p, output_padding=op)
        z = rng.normal(size=np.shape(y))
        cz = conv2d(z, w, s, p)                       # the strided conv it transposes: 3 -> 2 channels
        assert cz.shape == x.shape, f"conv2d of the output has shape {cz.shape}, expected {x.shape}"
        assert_close(np.sum(y * z), np.sum(x * cz), rtol=1e-9, atol=1e-9,
                     case=f"<conv_transpose(x), z> = <x, conv2d(z)> for k={k}, stride={s}, padding={p}, "
                          f"output_padding={op}: the transposed conv is the gradient of conv2d")


def test_matches_zero_insertion_followed_by_an_ordinary_convolution(ns):
    rng = np.random.default_rng(1)
    k, s, p, op = 3, 2, 1, 1
    x, w, b = rng.normal(size=(2, 2, 3, 4)), rng.normal(size=(2, 3, k, k)), rng.normal(size=3)
    N, C_in, H, W = x.shape
    dil = np.zeros((N, C_in, (H - 1) * s + 1, (W - 1) * s + 1))
    dil[:, :, ::s, ::s] = x                                  # insert s - 1 zeros between pixels
    q = k - 1 - p
    dil = np.pad(dil, ((0, 0), (0, 0), (q, q + op), (q, q + op)))
    flipped = w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)      # (C_out, C_in, k, k)
    Ho, Wo = dil.shape[2] - k + 1, dil.shape[3] - k + 1
    expected = np.zeros((N, 3, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            expected[:, :, i, j] = np.einsum("ncuv,ocuv->no", dil[:, :, i:i + k, j:j + k], flipped) + b
    assert_close(ns["conv_transpose2d"](x, w, b, stride=s, padding=p, output_padding=op), expected,
                 case="stride 2, padding 1, output_padding 1: equal to zero insertion + padding k-1-p "
                      "+ stride-1 convolution with the flipped kernel", inputs={"x": x})


def test_bias_is_added_once_per_pixel_including_the_output_padding_row(ns):
    b = np.array([0.5, -2.0])
    out = ns["conv_transpose2d"](np.zeros((1, 1, 2, 2)), np.ones((1, 2, 3, 3)), b, stride=2,
                                 padding=1, output_padding=1)
    assert_close(out, np.broadcast_to(b[:, None, None], (2, 4, 4))[None],
                 case="zero input: every output pixel, including the output_padding row and column, equals the bias")


def test_rejects_output_padding_not_smaller_than_stride(ns):
    try:
        ns["conv_transpose2d"](np.zeros((1, 1, 2, 2)), np.ones((1, 1, 3, 3)), stride=2, output_padding=2)
    except ValueError:
        return
    raise AssertionError("output_padding=2 with stride=2 must raise ValueError (it needs output_padding < stride)")
