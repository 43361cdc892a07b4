# mistake: groups are contiguous channels
import numpy as np


def group_norm(x, num_groups, gamma=None, beta=None, eps=1e-5):
    N, C = x.shape[:2]
    if C % num_groups:
        raise ValueError("C must be divisible by num_groups")
    g = x.reshape(N, C // num_groups, num_groups, -1)     # interleaves: channel c goes to group c % G
    mean = g.mean(axis=(1, 3), keepdims=True)
    var = g.var(axis=(1, 3), keepdims=True)
    y = ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)
    shape = (1, C) + (1,) * (x.ndim - 2)
    if gamma is not None:
        y = y * np.reshape(gamma, shape)
    if beta is not None:
        y = y + np.reshape(beta, shape)
    return y


def instance_norm(x, gamma=None, beta=None, eps=1e-5):
    return group_norm(x, x.shape[1], gamma, beta, eps)
