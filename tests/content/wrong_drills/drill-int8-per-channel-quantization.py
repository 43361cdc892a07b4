# mistake: one per tensor
import numpy as np


def quantize_int8(w):
    w = np.asarray(w, dtype=float)
    s = np.abs(w).max() / 127.0 or 1.0                       # one scale for the whole matrix
    q = np.clip(np.round(w / s), -127, 127).astype(np.int8)
    return q, np.full(w.shape[0], s)


def dequantize_int8(q, scale):
    return q.astype(float) * scale[:, None]


def quantization_error(w):
    diff = w - dequantize_int8(*quantize_int8(w))
    return np.abs(diff).max(axis=1), float(np.linalg.norm(diff) / np.linalg.norm(w))
