# mistake: not renormalised
import numpy as np


def route(logits, k):
    z = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    experts = np.argsort(-logits, axis=1, kind="stable")[:, :k]
    gates = np.take_along_axis(probs, experts, axis=1)      # full-softmax probabilities of the top k
    return experts, gates, probs


def load_balancing_loss(probs, experts, n_experts):
    f = np.bincount(experts.ravel(), minlength=n_experts) / experts.size
    return float(n_experts * np.sum(f * probs.mean(axis=0)))
