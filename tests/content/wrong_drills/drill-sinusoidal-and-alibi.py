# mistake: exponent 2i/d
import math

import numpy as np


def sinusoidal_encoding(num_positions, d_model, base=10000.0):
    pe = np.zeros((num_positions, d_model))
    pos = np.arange(num_positions)[:, None]
    i = np.arange(d_model // 2)[None, :]
    angles = pos / base ** (i / d_model)          # frequency index divided by d
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe


def alibi_slopes(n_heads):
    def pow2(n):
        return [2 ** (-8 * (k + 1) / n) for k in range(n)]
    closest = 2 ** int(math.log2(n_heads))
    slopes = pow2(closest)
    if closest < n_heads:
        slopes += pow2(2 * closest)[0::2][: n_heads - closest]
    return np.array(slopes)


def alibi_bias(n_heads, seq_len):
    i, j = np.arange(seq_len)[:, None], np.arange(seq_len)[None, :]
    bias = -alibi_slopes(n_heads)[:, None, None] * (i - j)
    return np.where(j > i, -np.inf, bias)
