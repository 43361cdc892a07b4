# mistake: shifted with the targets
import numpy as np


def token_log_probs(logits, tokens):
    z = logits[:, :-1] - logits[:, :-1].max(axis=-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return np.take_along_axis(logp, tokens[:, 1:, None], axis=-1)[..., 0]


def sequence_log_prob(logits, tokens, loss_mask):
    mask = loss_mask[:, :-1]                  # mask aligned with the input positions
    return (token_log_probs(logits, tokens) * mask).sum(axis=-1)


def masked_nll(logits, tokens, loss_mask):
    mask = loss_mask[:, :-1]
    if mask.sum() == 0:
        return 0.0
    return float(-(token_log_probs(logits, tokens) * mask).sum() / mask.sum())
