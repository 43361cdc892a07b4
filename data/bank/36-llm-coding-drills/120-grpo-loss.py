# --- starter ---
import numpy as np


def group_advantages(rewards, eps=1e-4):
    """rewards: (B, G). Return (r - row mean) / (row std with ddof=1 + eps)."""
    raise NotImplementedError


def grpo_loss(logp, logp_old, logp_ref, advantages, mask, clip_eps=0.2, beta=0.04):
    """logp, logp_old, logp_ref, mask: (N, T); advantages: (N,). Clipped surrogate minus
    beta * KL(k3) per token, mean over each sequence's real tokens, then over sequences; negated."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def group_advantages(rewards, eps=1e-4):
    r = np.asarray(rewards, dtype=float)
    mean = r.mean(axis=1, keepdims=True)
    std = r.std(axis=1, ddof=1, keepdims=True)
    return (r - mean) / (std + eps)


def grpo_loss(logp, logp_old, logp_ref, advantages, mask, clip_eps=0.2, beta=0.04):
    mask = np.asarray(mask, dtype=float)
    adv = np.asarray(advantages, dtype=float)[:, None]
    ratio = np.exp(np.where(mask > 0, logp - logp_old, 0.0))
    surrogate = np.minimum(ratio * adv, np.clip(ratio, 1 - clip_eps, 1 + clip_eps) * adv)
    log_ref_ratio = np.where(mask > 0, logp_ref - logp, 0.0)
    kl = np.exp(log_ref_ratio) - log_ref_ratio - 1.0
    per_token = surrogate - beta * kl
    per_sequence = (per_token * mask).sum(axis=1) / mask.sum(axis=1)
    return float(-per_sequence.mean())
# --- tests ---
import math

import numpy as np

MIN = "the surrogate is the min of the clipped and unclipped terms (dropping the min keeps only the clipped term)"


def loop_loss(logp, old, ref, adv, mask, clip_eps, beta):
    total = 0.0
    for i in range(len(adv)):
        terms = []
        for t in range(logp.shape[1]):
            if mask[i, t]:
                rho = math.exp(logp[i, t] - old[i, t])
                clipped = min(max(rho, 1 - clip_eps), 1 + clip_eps)
                d = ref[i, t] - logp[i, t]
                terms.append(min(rho * adv[i], clipped * adv[i]) - beta * (math.exp(d) - d - 1))
        total += sum(terms) / len(terms)
    return -total / len(adv)


def test_advantages_of_the_hand_worked_group(ns):
    got = ns["group_advantages"](np.array([[1.0, 0.0, 0.0, 0.0]]))
    assert_close(got, np.array([[0.75, -0.25, -0.25, -0.25]]) / 0.5001,
                 case="rewards [1, 0, 0, 0]: mean 0.25, sample std (ddof=1) 0.5, eps 1e-4")


def test_advantages_have_zero_mean_per_group_and_equal_rewards_give_zero(ns):
    rng = np.random.default_rng(0)
    rewards = rng.normal(size=(5, 8)) * rng.uniform(0.1, 10, size=(5, 1)) + rng.normal(size=(5, 1)) * 5
    rewards[2] = 3.0
    adv = np.asarray(ns["group_advantages"](rewards))
    assert np.all(np.isfinite(adv)), f"a group of equal rewards gave {preview(adv[2])}: eps keeps the division finite"
    assert_close(adv.mean(axis=1), np.zeros(5), atol=1e-9, case="advantages have zero mean within each group (row)")
    assert_close(adv[2], np.zeros(8), case="a group with equal rewards carries no signal")
    stds = rewards.std(axis=1, ddof=1)
    for b in (0, 1, 3, 4):
        assert_close(adv[b], (rewards[b] - rewards[b].mean()) / (stds[b] + 1e-4),
                     case=f"group {b}: normalised within its own row, sample std")


def test_clipping_keeps_the_pessimistic_term(ns):
    logp_old = np.zeros((4, 1))
    logp = np.log(np.array([[1.5], [0.5], [0.5], [1.5]]))
    adv = np.array([1.0, 1.0, -1.0, -1.0])
    got = ns["grpo_loss"](logp, logp_old, logp.copy(), adv, np.ones((4, 1)), clip_eps=0.2, beta=0.0)
    assert_close(got, 0.15, case=f"ratios 1.5, 0.5, 0.5, 1.5 with advantages +1, +1, -1, -1 give 1.2, 0.5, -0.8, -1.5: {MIN}")


def test_kl_penalty_uses_the_k3_estimator(ns):
    logp = np.array([[-1.0, -2.0]])
    ref = logp + np.array([[0.5, -0.3]])
    got = ns["grpo_loss"](logp, logp.copy(), ref, np.array([0.0]), np.ones((1, 2)), beta=0.1)
    kl = [math.exp(0.5) - 0.5 - 1, math.exp(-0.3) + 0.3 - 1]
    assert_close(got, 0.1 * sum(kl) / 2, case="advantage 0: loss = beta * mean of exp(d) - d - 1 with d = logp_ref - logp")


def test_padding_is_ignored_and_each_sequence_is_averaged_over_its_own_tokens(ns):
    logp = np.log(np.array([[1.1, 0.9, 7.0, 7.0], [1.3, 1.0, 0.95, 1.05]]))
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1]], dtype=float)
    adv = np.array([2.0, -1.0])
    old = np.zeros((2, 4))
    got = ns["grpo_loss"](logp, old, logp.copy(), adv, mask, beta=0.0)
    seq0 = (1.1 * 2 + 0.9 * 2) / 2
    seq1 = (-1.3 + -1.0 + -0.95 + -1.05) / 4
    assert_close(got, -(seq0 + seq1) / 2, case="per-sequence token mean over real tokens, then mean over sequences")
    logp2 = logp.copy()
    logp2[0, 2:] = -50.0
    again = ns["grpo_loss"](logp2, old, logp2.copy(), adv, mask, beta=0.04)
    base = ns["grpo_loss"](logp, old, logp.copy(), adv, mask, beta=0.04)
    assert_close(again, base, case="changing padded positions must not change the loss")


def test_matches_a_loop_on_seeded_rollouts(ns):
    rng = np.random.default_rng(1)
    n, t = 6, 5
    old = rng.normal(-2, 0.5, size=(n, t))
    logp = old + rng.normal(0, 0.3, size=(n, t))
    ref = old + rng.normal(0, 0.3, size=(n, t))
    mask = np.ones((n, t))
    mask[1, 3:] = 0
    mask[4, 1:] = 0
    adv = rng.normal(size=n)
    got = ns["grpo_loss"](logp, old, ref, adv, mask, clip_eps=0.2, beta=0.04)
    assert_close(got, loop_loss(logp, old, ref, adv, mask, 0.2, 0.04),
                 case=f"seeded 6 sequences with padding; {MIN}", inputs={"advantages": adv})


def test_on_policy_with_equal_reference_is_minus_the_mean_advantage(ns):
    rng = np.random.default_rng(2)
    logp = rng.normal(-1, 0.2, size=(4, 3))
    adv = np.asarray(ns["group_advantages"](np.array([[1.0, 0.0, 1.0, 1.0]])))[0]
    got = ns["grpo_loss"](logp, logp.copy(), logp.copy(), adv, np.ones((4, 3)))
    assert_close(got, 0.0, atol=1e-9, case="ratio 1, KL 0 and zero-mean advantages: loss 0")
