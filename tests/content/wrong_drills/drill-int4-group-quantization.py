# mistake: sign-extend
import numpy as np


def quantize_int4(w, group_size=32):
    d_out, d_in = w.shape
    g = w.reshape(d_out, d_in // group_size, group_size)
    s = np.abs(g).max(axis=2) / 7.0
    s[s == 0] = 1.0
    return np.clip(np.round(g / s[:, :, None]), -8, 7).astype(np.int8).reshape(d_out, d_in), s


def pack_int4(q):
    n = q.astype(np.uint8) & 0x0F
    return (n[:, 0::2] | (n[:, 1::2] << 4)).astype(np.uint8)


def unpack_int4(packed):
    out = np.empty((packed.shape[0], packed.shape[1] * 2), dtype=np.int8)
    out[:, 0::2] = packed & 0x0F                       # nibbles 8..15 stay positive
    out[:, 1::2] = packed >> 4
    return out


def dequantize_int4(q, scales, group_size=32):
    return q.astype(float) * np.repeat(scales, group_size, axis=1)
