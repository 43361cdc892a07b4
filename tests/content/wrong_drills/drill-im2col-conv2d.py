# mistake: row order
import numpy as np


def out_size(n, k, stride, padding):
    return (n + 2 * padding - k) // stride + 1


def im2col(x, kh, kw, stride=1, padding=0):
    N, C, H, W = x.shape
    Ho, Wo = out_size(H, kh, stride, padding), out_size(W, kw, stride, padding)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = np.empty((N, kh, kw, C, Ho, Wo))          # channel-last patches (HWC order)
    for u in range(kh):
        for v in range(kw):
            cols[:, u, v] = xp[:, :, u:u + stride * Ho:stride, v:v + stride * Wo:stride]
    return cols.reshape(N, kh * kw * C, Ho * Wo)


def conv2d_im2col(x, w, b, stride=1, padding=0):
    N, _, H, W = x.shape
    C_out, _, kh, kw = w.shape
    Ho, Wo = out_size(H, kh, stride, padding), out_size(W, kw, stride, padding)
    out = w.reshape(C_out, -1) @ im2col(x, kh, kw, stride, padding) + b[:, None]
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
