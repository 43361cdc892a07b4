# mistake: split halves (x[i], x[i + d/2])
import numpy as np


def apply_rope(x, positions, base=10000.0):
    # rotate_half layout: pairs (x[i], x[i + d/2]) instead of adjacent pairs
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    theta = base ** (-np.arange(0, d, 2) / d)
    angles = np.asarray(positions, dtype=float)[:, None] * theta[None, :]
    cos, sin = np.cos(angles), np.sin(angles)
    first, second = x[..., : d // 2], x[..., d // 2:]
    return np.concatenate([first * cos - second * sin, first * sin + second * cos], axis=-1)
