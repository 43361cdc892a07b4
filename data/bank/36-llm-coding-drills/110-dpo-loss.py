# --- starter ---
import numpy as np


def sequence_logps(logits, labels, mask):
    """logits: (N, T, V); labels: (N, T) ints aligned with logits; mask: (N, T) 1 on response tokens.
    Return (N,): sum over masked t of log_softmax(logits[n, t])[labels[n, t]]."""
    raise NotImplementedError


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta=0.1):
    """All (N,) sequence log-probs. Return (mean loss, chosen_rewards (N,), rejected_rewards (N,)),
    rewards = beta * (policy - reference), loss = -log sigmoid(chosen_reward - rejected_reward)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def sequence_logps(logits, labels, mask):
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_probs, np.asarray(labels)[..., None], axis=-1)[..., 0]
    return (picked * mask).sum(axis=-1)


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta=0.1):
    chosen = beta * (np.asarray(policy_chosen, dtype=float) - ref_chosen)
    rejected = beta * (np.asarray(policy_rejected, dtype=float) - ref_rejected)
    losses = np.logaddexp(0.0, -(chosen - rejected))      # -log sigmoid(margin), stable
    return float(losses.mean()), chosen, rejected
# --- tests ---
import math

import numpy as np

REF = "a different value means the reference log-probs were ignored"


def test_equal_policy_and_reference_give_log_two(ns):
    pc, pr = np.array([-12.0, -3.0, -40.0]), np.array([-15.0, -1.0, -40.5])
    loss, rc, rr = ns["dpo_loss"](pc, pr, pc.copy(), pr.copy(), beta=0.3)
    assert_close(loss, math.log(2), case=f"policy == reference: every margin is 0, loss log 2 ({REF})")
    assert_close(rc, np.zeros(3), case="chosen rewards are 0 when the policy equals the reference")


def test_matches_the_hand_worked_pair(ns):
    loss, rc, rr = ns["dpo_loss"](np.array([-10.0]), np.array([-12.0]), np.array([-11.0]), np.array([-11.0]), beta=0.5)
    assert_close(rc, [0.5], case="chosen reward 0.5 * (-10 - -11)")
    assert_close(rr, [-0.5], case="rejected reward 0.5 * (-12 - -11)")
    assert_close(loss, math.log1p(math.exp(-1.0)), case=f"margin 1: loss log(1 + e^-1) ({REF})")


def test_huge_margins_stay_finite(ns):
    zero = np.zeros(2)
    loss, _, _ = ns["dpo_loss"](np.array([-3000.0, -1000.0]), np.array([-1000.0, -3000.0]), zero, zero, beta=1.0)
    assert math.isfinite(loss), f"margins of -2000 and +2000 gave loss {loss}: use logaddexp(0, -z)"
    assert_close(loss, 1000.0, case="margins -2000 and +2000: losses 2000 and 0, mean 1000")


def test_matches_a_loop_on_seeded_log_probs(ns):
    rng = np.random.default_rng(0)
    pc, pr, rc, rr = (rng.normal(-50, 10, size=8) for _ in range(4))
    beta = 0.2
    losses = []
    for i in range(8):
        z = beta * ((pc[i] - rc[i]) - (pr[i] - rr[i]))
        losses.append(-math.log(1 / (1 + math.exp(-z))))
    loss, _, _ = ns["dpo_loss"](pc, pr, rc, rr, beta=beta)
    assert_close(loss, sum(losses) / 8, case=f"seeded 8 pairs, beta 0.2 ({REF})")


def test_gradient_in_the_chosen_log_prob_matches_the_closed_form(ns):
    rng = np.random.default_rng(1)
    pc, pr, rc, rr = (rng.normal(-20, 3, size=4) for _ in range(4))
    beta, h = 0.5, 1e-6
    z = beta * ((pc - rc) - (pr - rr))
    for i in range(4):
        up, down = pc.copy(), pc.copy()
        up[i] += h
        down[i] -= h
        numeric = (ns["dpo_loss"](up, pr, rc, rr, beta)[0] - ns["dpo_loss"](down, pr, rc, rr, beta)[0]) / (2 * h)
        expected = -beta / (1 + math.exp(z[i])) / 4
        assert_close(numeric, expected, rtol=1e-4, atol=1e-8,
                     case=f"pair {i}: d loss / d policy_chosen = -beta * sigmoid(-margin) / N")


def test_sequence_log_probs_sum_masked_token_log_softmax(ns):
    logits = np.array([[[0.0, 0.0], [2.0, 0.0], [1000.0, 0.0]]])
    labels = np.array([[1, 0, 1]])
    mask = np.array([[0.0, 1.0, 1.0]])
    got = ns["sequence_logps"](logits, labels, mask)
    expected = [-math.log1p(math.exp(-2.0)) - 1000.0]
    assert_close(got, expected, case="token 0 is prompt (masked); token 2 has logits [1000, 0] and label 1: log-prob -1000")


def test_sequence_log_probs_match_a_loop(ns):
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(3, 5, 7)) * 3
    labels = rng.integers(0, 7, size=(3, 5))
    mask = (rng.random((3, 5)) < 0.7).astype(float)
    expected = np.zeros(3)
    for n in range(3):
        for t in range(5):
            if mask[n, t]:
                row = logits[n, t]
                expected[n] += row[labels[n, t]] - math.log(sum(math.exp(v) for v in row))
    assert_close(ns["sequence_logps"](logits, labels, mask), expected, case="seeded (3, 5, 7) logits with a random mask")
