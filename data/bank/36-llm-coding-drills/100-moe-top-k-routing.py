# --- starter ---
import numpy as np


def route(logits, k):
    """logits: (N, E). Return (experts (N, k) int, by decreasing logit, ties to the lower index;
    gates (N, k) = softmax over the chosen logits; probs (N, E) = full softmax)."""
    raise NotImplementedError


def load_balancing_loss(probs, experts, n_experts):
    """E * sum_i f_i * P_i with f_i = count of expert i in experts / (N * k), P_i = mean of probs[:, i]."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def route(logits, k):
    logits = np.asarray(logits, dtype=float)
    experts = np.argsort(-logits, axis=1, kind="stable")[:, :k]
    gates = softmax(np.take_along_axis(logits, experts, axis=1))
    return experts, gates, softmax(logits)


def load_balancing_loss(probs, experts, n_experts):
    counts = np.bincount(np.asarray(experts).ravel(), minlength=n_experts)
    f = counts / np.asarray(experts).size
    p = np.asarray(probs).mean(axis=0)
    return float(n_experts * np.sum(f * p))
# --- tests ---
import math

import numpy as np

RENORM = "gates are a softmax over the k chosen logits and sum to 1 (full-softmax probabilities are not renormalised)"


def loop_route(logits, k):
    experts, gates = [], []
    for row in logits:
        order = sorted(range(len(row)), key=lambda i: (-row[i], i))[:k]
        top = max(row[i] for i in order)
        w = [math.exp(row[i] - top) for i in order]
        experts.append(order)
        gates.append([x / sum(w) for x in w])
    return np.array(experts), np.array(gates)


def test_routes_the_hand_worked_token(ns):
    experts, gates, probs = ns["route"](np.array([[2.0, 1.0, 0.0, -1.0]]), 2)
    assert np.array_equal(experts, [[0, 1]]), f"experts {np.asarray(experts).tolist()}, expected [[0, 1]]"
    s = 1 / (1 + math.exp(-1))
    assert_close(gates, [[s, 1 - s]], case=f"logits [2, 1, 0, -1], k=2; {RENORM}")
    e = np.exp([2.0, 1.0, 0.0, -1.0])
    assert_close(probs, [e / e.sum()], case="probs: the full softmax over all experts")


def test_gates_sum_to_one_over_the_chosen_experts(ns):
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(50, 8)) * 2
    experts, gates, _ = ns["route"](logits, 2)
    assert_close(np.sum(gates, axis=1), np.ones(50), case=RENORM)
    gates = np.asarray(gates)
    assert np.all(gates[:, 0] >= gates[:, 1]), "gates must come in order of decreasing logit"
    assert np.all(np.asarray(experts)[:, 0] != np.asarray(experts)[:, 1]), "a token's k experts must be distinct"


def test_matches_a_sorted_loop_on_seeded_logits(ns):
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(20, 6))
    experts, gates, _ = ns["route"](logits, 3)
    ref_e, ref_g = loop_route(logits, 3)
    assert np.array_equal(experts, ref_e), "chosen experts differ from the three largest logits in decreasing order"
    assert_close(gates, ref_g, case=f"seeded 20 tokens, 6 experts, k=3; {RENORM}", inputs={"logits": logits})


def test_ties_go_to_the_lower_index_and_huge_logits_stay_finite(ns):
    experts, _, _ = ns["route"](np.array([[1.0, 3.0, 3.0, 0.0]]), 2)
    assert np.array_equal(experts, [[1, 2]]), f"tied logits: experts {np.asarray(experts).tolist()}, expected [[1, 2]]"
    experts, gates, probs = ns["route"](np.array([[1000.0, 999.0, -1000.0]]), 2)
    assert np.all(np.isfinite(gates)) and np.all(np.isfinite(probs)), "logits of +-1000 overflowed: subtract the max"
    s = 1 / (1 + math.exp(-1))
    assert_close(gates, [[s, 1 - s]], case=f"logits [1000, 999, -1000]; {RENORM}")


def test_k_equal_to_the_number_of_experts_gives_the_full_softmax(ns):
    logits = np.array([[0.5, -1.0, 2.0]])
    experts, gates, probs = ns["route"](logits, 3)
    assert np.array_equal(experts, [[2, 0, 1]]), f"experts {np.asarray(experts).tolist()}, expected [[2, 0, 1]]"
    assert_close(gates, np.asarray(probs)[:, [2, 0, 1]], case="k = E: gates are the full softmax in sorted order")


def test_the_loss_is_one_when_balanced_and_e_when_collapsed(ns):
    loss = ns["load_balancing_loss"]
    balanced = loss(np.full((4, 4), 0.25), np.array([[0], [1], [2], [3]]), 4)
    assert_close(balanced, 1.0, case="uniform probabilities, one token per expert: loss 1")
    collapsed = loss(np.tile([1.0, 0.0, 0.0, 0.0], (4, 1)), np.zeros((4, 1), dtype=int), 4)
    assert_close(collapsed, 4.0, case="every token on expert 0 with probability 1: loss E = 4")


def test_the_loss_matches_a_loop_for_top_two_routing(ns):
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(30, 5))
    experts, _ = loop_route(logits, 2)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    f = [sum(1 for row in experts for e in row if e == i) / (30 * 2) for i in range(5)]
    p = [sum(probs[n, i] for n in range(30)) / 30 for i in range(5)]
    expected = 5 * sum(fi * pi for fi, pi in zip(f, p))
    assert_close(ns["load_balancing_loss"](probs, experts, 5), expected,
                 case="E * sum f_i P_i with f_i = count_i / (N * k)")
