# mistake: both directions
import numpy as np


def info_nce(queries, keys, temperature):
    q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    k = keys / np.linalg.norm(keys, axis=1, keepdims=True)
    logits = q @ k.T / temperature
    logits = logits - logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return float(-np.mean(np.diag(log_probs)))


def clip_loss(image_emb, text_emb, temperature=0.07):
    # classify the right caption for each image
    return info_nce(image_emb, text_emb, temperature)
