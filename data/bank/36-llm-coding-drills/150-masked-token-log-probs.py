# --- starter ---
import numpy as np


def token_log_probs(logits, tokens):
    """logits: (B, T, V) floats; tokens: (B, T) ints. Return (B, T - 1):
    entry [b, t] = log softmax(logits[b, t])[tokens[b, t + 1]]."""
    raise NotImplementedError


def sequence_log_prob(logits, tokens, loss_mask):
    """loss_mask: (B, T), 1 for response tokens, 0 for prompt and padding.
    Return (B,): the summed log-probability of each sequence's response tokens."""
    raise NotImplementedError


def masked_nll(logits, tokens, loss_mask):
    """Mean negative log-probability over all response tokens of the batch (0.0 if none)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def token_log_probs(logits, tokens):
    logp = log_softmax(np.asarray(logits, dtype=float)[:, :-1])         # position t predicts t + 1
    targets = np.asarray(tokens)[:, 1:]
    return np.take_along_axis(logp, targets[..., None], axis=-1)[..., 0]


def sequence_log_prob(logits, tokens, loss_mask):
    mask = np.asarray(loss_mask, dtype=float)[:, 1:]                     # shifted with the targets
    return (token_log_probs(logits, tokens) * mask).sum(axis=-1)


def masked_nll(logits, tokens, loss_mask):
    mask = np.asarray(loss_mask, dtype=float)[:, 1:]
    count = mask.sum()
    if count == 0:
        return 0.0
    return float(-(token_log_probs(logits, tokens) * mask).sum() / count)
# --- tests ---
import math

import numpy as np

SHIFT = "the mask must be shifted with the targets (loss_mask[:, 1:]): logits[:, t] are scored on tokens[:, t + 1]"


def ref_log_probs(logits, tokens):
    """Slow reference: a loop with math.log / math.exp."""
    B, T, V = logits.shape
    out = np.zeros((B, T - 1))
    for b in range(B):
        for t in range(T - 1):
            row = [float(v) for v in logits[b, t]]
            top = max(row)
            lse = top + math.log(sum(math.exp(v - top) for v in row))
            out[b, t] = row[tokens[b, t + 1]] - lse
    return out


def batch(seed, B=3, T=7, V=11, scale=2.0):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(B, T, V)) * scale
    tokens = rng.integers(0, V, size=(B, T))
    prompt = rng.integers(1, T - 1, size=B)                 # prompt lengths
    length = rng.integers(prompt + 1, T + 1)                # real length; the rest is padding
    pos = np.arange(T)[None, :]
    mask = ((pos >= prompt[:, None]) & (pos < length[:, None])).astype(int)
    return logits, tokens, mask


def test_hand_worked_two_token_vocabulary(ns):
    logits = np.array([[[0.0, math.log(3.0)], [0.0, 0.0], [5.0, 5.0]]])   # p(1) = 3/4, then 1/2, 1/2
    tokens = np.array([[0, 1, 0]])
    assert_close(ns["token_log_probs"](logits, tokens), [[math.log(0.75), math.log(0.5)]],
                 case="logits[:, t] score tokens[:, t + 1]; the last position predicts nothing")
    mask = np.array([[0, 0, 1]])                              # prompt = first two tokens
    assert_close(ns["sequence_log_prob"](logits, tokens, mask), [math.log(0.5)],
                 case=f"prompt [0, 1], response [0]: only log p(token 2) = log 1/2 counts; {SHIFT}")
    assert_close(ns["masked_nll"](logits, tokens, mask), math.log(2.0),
                 case=f"one response token with p = 1/2: loss log 2; {SHIFT}")


def test_matches_a_slow_reference_on_a_seeded_batch(ns):
    logits, tokens, mask = batch(0)
    lp = ref_log_probs(logits, tokens)
    assert_close(ns["token_log_probs"](logits, tokens), lp, case="per-token log-probabilities")
    m = mask[:, 1:]
    assert_close(ns["sequence_log_prob"](logits, tokens, mask), (lp * m).sum(axis=1),
                 case=f"summed response log-probability per sequence; {SHIFT}", inputs={"loss_mask": mask})
    assert_close(ns["masked_nll"](logits, tokens, mask), -(lp * m).sum() / m.sum(),
                 case=f"token-level mean over the whole batch; {SHIFT}", inputs={"loss_mask": mask})


def test_prompt_and_padding_positions_do_not_affect_the_loss(ns):
    logits, tokens, mask = batch(1)
    base = ns["masked_nll"](logits, tokens, mask)
    changed = logits.copy()
    ignored = mask[:, 1:] == 0                               # positions whose target is prompt or padding
    changed[:, :-1][ignored] += np.random.default_rng(2).normal(size=(int(ignored.sum()), logits.shape[2])) * 10
    changed[:, -1] += 7.0                                    # the last position predicts nothing
    assert_close(ns["masked_nll"](changed, tokens, mask), base,
                 case=f"changing logits that predict prompt or padding tokens must not change the loss; {SHIFT}")


def test_is_invariant_to_a_constant_added_to_each_position(ns):
    logits, tokens, mask = batch(3)
    shifted = logits + np.random.default_rng(4).normal(size=logits.shape[:2] + (1,)) * 50
    assert_close(ns["token_log_probs"](shifted, tokens), ns["token_log_probs"](logits, tokens),
                 case="log-softmax ignores a constant added to a position's logits")


def test_large_logits_stay_finite(ns):
    logits, tokens, mask = batch(5, scale=1000.0)
    lp = ns["token_log_probs"](logits, tokens)
    assert np.all(np.isfinite(lp)), f"got {preview(lp)}: subtract the max logit (log-sum-exp) before exp"
    assert_close(lp, ref_log_probs(logits, tokens), case="logits of size 1000: use log-sum-exp")


def test_no_response_tokens_gives_zero_and_short_sequences_work(ns):
    logits, tokens, _ = batch(6)
    zero = np.zeros_like(tokens)
    assert_close(ns["masked_nll"](logits, tokens, zero), 0.0, case="an all-zero mask: return 0.0, not nan")
    assert_close(ns["sequence_log_prob"](logits, tokens, zero), np.zeros(3), case="an all-zero mask: sums are 0")
    one = ns["token_log_probs"](logits[:, :1], tokens[:, :1])
    assert np.shape(one) == (3, 0), f"T = 1 has no targets: expected shape (3, 0), got {np.shape(one)}"
