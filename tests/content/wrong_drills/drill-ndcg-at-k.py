# mistake: ideal DCG must also be cut at k
import numpy as np


def dcg_at_k(relevance, k, gain="exponential"):
    rel = np.asarray(relevance, dtype=float)[:k]
    gains = 2.0 ** rel - 1.0 if gain == "exponential" else rel
    return float(np.sum(gains / np.log2(np.arange(2, len(rel) + 2))))


def ndcg_at_k(relevance, k, gain="exponential"):
    rel = np.sort(np.asarray(relevance, dtype=float))[::-1]
    ideal = dcg_at_k(rel, len(rel), gain)            # the ideal list is scored in full
    return dcg_at_k(relevance, k, gain) / ideal if ideal > 0 else 0.0


def ndcg_from_scores(scores, relevance, k, gain="exponential"):
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    return ndcg_at_k(np.asarray(relevance, dtype=float)[order], k, gain)
