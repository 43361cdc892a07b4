# mistake: dropping the min
import numpy as np


def group_advantages(rewards, eps=1e-4):
    return (rewards - rewards.mean(axis=1, keepdims=True)) / (rewards.std(axis=1, ddof=1, keepdims=True) + eps)


def grpo_loss(logp, logp_old, logp_ref, advantages, mask, clip_eps=0.2, beta=0.04):
    ratio = np.exp(np.where(mask > 0, logp - logp_old, 0.0))
    surrogate = np.clip(ratio, 1 - clip_eps, 1 + clip_eps) * advantages[:, None]   # no min
    d = np.where(mask > 0, logp_ref - logp, 0.0)
    per_token = surrogate - beta * (np.exp(d) - d - 1.0)
    return float(-((per_token * mask).sum(axis=1) / mask.sum(axis=1)).mean())
