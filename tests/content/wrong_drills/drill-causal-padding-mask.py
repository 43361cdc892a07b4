# mistake: padded keys
import numpy as np


def attention_mask(lengths, seq_len, padding_side="right"):
    pos = np.arange(seq_len)
    if padding_side == "right":
        real = pos[None, :] < np.asarray(lengths)[:, None]
    else:
        real = pos[None, :] >= seq_len - np.asarray(lengths)[:, None]
    causal = np.tril(np.ones((seq_len, seq_len), dtype=bool))
    return causal[None] & real[:, :, None]        # drop the padded rows


def masked_attention(q, k, v, mask):
    s = q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1])
    s = np.where(mask, s, -1e30)
    e = np.exp(s - s.max(axis=-1, keepdims=True)) * mask
    total = e.sum(axis=-1, keepdims=True)
    w = e / np.where(total > 0, total, 1.0)
    return w @ v, w
