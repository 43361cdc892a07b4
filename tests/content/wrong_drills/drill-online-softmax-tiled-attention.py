# mistake: accumulator was not rescaled
import numpy as np


def online_softmax_update(m, l, acc, scores, v_block):
    m_new = np.maximum(m, scores.max(axis=1))
    p = np.exp(scores - m_new[:, None])
    l_new = np.exp(m - m_new) * l + p.sum(axis=1)
    acc_new = acc + p @ v_block                      # forgot the exp(m - m_new) factor
    return m_new, l_new, acc_new


def tiled_attention(q, k, v, block_size, causal=False):
    t = q.shape[0]
    m, l, acc = np.full(t, -np.inf), np.zeros(t), np.zeros((t, v.shape[1]))
    for start in range(0, k.shape[0], block_size):
        scores = q @ k[start:start + block_size].T / np.sqrt(q.shape[1])
        if causal:
            cols = np.arange(start, start + scores.shape[1])
            scores = np.where(cols[None, :] > np.arange(t)[:, None], -np.inf, scores)
        m, l, acc = online_softmax_update(m, l, acc, scores, v[start:start + block_size])
    return acc / l[:, None]
