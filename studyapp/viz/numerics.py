"""The numerics several explorers share, defined once: softmax, sigmoid, entropy, erf and
the normal distribution. Each works elementwise on arrays (softmax and entropy along an
axis) and stays finite for large inputs."""

from __future__ import annotations

import math

import numpy as np


def softmax(logits, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """exp(z/T) normalised along ``axis``; −∞ logits get probability 0."""
    z = np.asarray(logits, float) / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def sigmoid(x):
    """1 / (1 + e^−x), with full relative precision far out on both tails (e^−x overflows
    to infinity below x ≈ −709, where the answer's limit, 0, is exact enough)."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-np.asarray(x, float)))


def entropy(p, axis: int = -1):
    """Entropy in nats of the distributions along ``axis`` (0 log 0 = 0)."""
    p = np.asarray(p, float)
    return -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=axis)


def erf(x) -> np.ndarray:
    return np.vectorize(math.erf, otypes=[float])(x)


def normal_pdf(x, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """The density of N(μ, σ²)."""
    return np.exp(-0.5 * ((np.asarray(x, float) - mu) / sigma) ** 2) / (sigma * math.sqrt(
        2 * math.pi))


def normal_cdf(x):
    """Φ(x), the standard normal's distribution function."""
    return 0.5 * (1.0 + erf(np.asarray(x, float) / math.sqrt(2)))
