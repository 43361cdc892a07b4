# mistake: overlapping contributions must be summed
import numpy as np


def conv_transpose_output_size(n, k, stride, padding=0, output_padding=0):
    return (n - 1) * stride - 2 * padding + k + output_padding


def conv_transpose2d(x, w, b=None, stride=2, padding=0, output_padding=0):
    if not 0 <= output_padding < stride:
        raise ValueError("output_padding must be smaller than stride")
    N, _, H, W = x.shape
    _, C_out, kh, kw = w.shape
    full = np.zeros((N, C_out, (H - 1) * stride + kh + output_padding,
                     (W - 1) * stride + kw + output_padding))
    for i in range(H):
        for j in range(W):
            # writes each patch, so where patches overlap the later one wins
            full[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw] = \
                np.einsum("nc,cokl->nokl", x[:, :, i, j], w)
    Ho = conv_transpose_output_size(H, kh, stride, padding, output_padding)
    Wo = conv_transpose_output_size(W, kw, stride, padding, output_padding)
    out = full[:, :, padding:padding + Ho, padding:padding + Wo]
    return out if b is None else out + b[:, None, None]
