# mistake: reference log-probs were ignored
import numpy as np


def sequence_logps(logits, labels, mask):
    z = logits - logits.max(axis=-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return (np.take_along_axis(logp, labels[..., None], axis=-1)[..., 0] * mask).sum(axis=-1)


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta=0.1):
    chosen = beta * policy_chosen                       # no reference term
    rejected = beta * policy_rejected
    return float(np.logaddexp(0.0, rejected - chosen).mean()), chosen, rejected
