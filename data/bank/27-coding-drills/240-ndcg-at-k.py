# --- starter ---
import numpy as np


def dcg_at_k(relevance, k, gain="exponential"):
    """DCG of the first k positions of a ranked list of graded relevances (n,), position 1 first.

    gain: "exponential" (2**rel - 1) or "linear" (rel). An empty list gives 0.0.
    """
    raise NotImplementedError


def ndcg_at_k(relevance, k, gain="exponential"):
    """DCG@k divided by the DCG@k of the same relevances in ideal order; 0.0 if that is 0."""
    raise NotImplementedError


def ndcg_from_scores(scores, relevance, k, gain="exponential"):
    """NDCG@k of the items ranked by decreasing score (equal scores keep their input order)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def dcg_at_k(relevance, k, gain="exponential"):
    rel = np.asarray(relevance, dtype=float)[:k]
    gains = 2.0 ** rel - 1.0 if gain == "exponential" else rel
    discounts = np.log2(np.arange(2, len(rel) + 2))        # position i (from 1) -> log2(i + 1)
    return float(np.sum(gains / discounts))


def ndcg_at_k(relevance, k, gain="exponential"):
    ideal = dcg_at_k(np.sort(np.asarray(relevance, dtype=float))[::-1], k, gain)
    return dcg_at_k(relevance, k, gain) / ideal if ideal > 0 else 0.0


def ndcg_from_scores(scores, relevance, k, gain="exponential"):
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    return ndcg_at_k(np.asarray(relevance, dtype=float)[order], k, gain)
# --- tests ---
import math

import numpy as np


def slow_dcg(rel, k, gain):
    total = 0.0
    for i, r in enumerate(rel[:k], start=1):
        total += ((2 ** r - 1) if gain == "exponential" else r) / math.log2(i + 1)
    return total


def test_dcg_on_a_hand_checked_list(ns):
    rel = np.array([3, 2, 3, 0, 1, 2])
    expected = 3 + 2 / math.log2(3) + 3 / 2 + 0 + 1 / math.log2(6) + 2 / math.log2(7)     # 6.8611
    assert_close(ns["dcg_at_k"](rel, 6, gain="linear"), expected,
                 case="linear gain: position i is discounted by log2(i + 1), positions from 1", inputs={"rel": rel})
    assert_close(ns["dcg_at_k"](rel, 2, gain="exponential"), 7 + 3 / math.log2(3),
                 case="exponential gain 2^rel - 1 at k = 2", inputs={"rel": rel})
    assert_close(ns["ndcg_at_k"](rel, 6, gain="linear"), 6.861126688593502 / 7.1409951840957,
                 case="linear NDCG@6 against the ideal order 3, 3, 2, 2, 1, 0")


def test_ideal_dcg_is_cut_at_k_too(ns):
    rel = np.array([0, 3, 2, 0, 1])
    # DCG@2 = 0 + 7 / log2 3; ideal top two are 3 and 2: 7 + 3 / log2 3
    assert_close(ns["ndcg_at_k"](rel, 2), (7 / math.log2(3)) / (7 + 3 / math.log2(3)),
                 case="ideal DCG must also be cut at k (top k of the sorted relevances)", inputs={"rel": rel})


def test_edge_cases(ns):
    assert_close(ns["ndcg_at_k"](np.array([3, 2, 2, 0]), 3), 1.0, case="a list already in ideal order")
    assert ns["ndcg_at_k"](np.array([0, 1, 2, 3]), 4) < 1.0, "a reversed list must score below 1"
    assert_close(ns["ndcg_at_k"](np.zeros(4), 3), 0.0, case="no relevant item: NDCG is 0 by convention, not nan")
    assert_close(ns["dcg_at_k"](np.array([]), 5), 0.0, case="empty list: DCG 0")
    assert_close(ns["ndcg_at_k"](np.array([]), 5), 0.0, case="empty list: NDCG 0")
    rel = np.array([1, 0, 2])
    assert_close(ns["ndcg_at_k"](rel, 10), ns["ndcg_at_k"](rel, 3), case="k larger than the list uses the whole list")


def test_matches_a_loop_on_random_lists(ns):
    rng = np.random.default_rng(0)
    for trial in range(30):
        rel = rng.integers(0, 5, size=rng.integers(1, 13))
        k = [1, 3, 5, 10][trial % 4]
        for gain in ("exponential", "linear"):
            ideal = slow_dcg(sorted(rel.tolist(), reverse=True), k, gain)
            expected = slow_dcg(rel.tolist(), k, gain) / ideal if ideal > 0 else 0.0
            assert_close(ns["ndcg_at_k"](rel, k, gain=gain), expected,
                         case=f"trial {trial}, {gain} gain, k = {k} (ideal DCG also cut at k)", inputs={"rel": rel})


def test_ranks_by_score_and_ignores_order_below_k(ns):
    got = ns["ndcg_from_scores"](np.array([0.2, 0.9, 0.5]), np.array([1, 0, 2]), 3)
    # ranked relevances 0, 2, 1: (3 / log2 3 + 1 / 2) / (3 + 1 / log2 3)
    assert_close(got, (3 / math.log2(3) + 0.5) / (3 + 1 / math.log2(3)), case="rank by decreasing score")
    got = ns["ndcg_from_scores"](np.array([0.5, 0.5, 0.1]), np.array([0, 2, 1]), 1)
    assert_close(got, 0.0, case="equal scores keep their input order (stable sort)")
    rng = np.random.default_rng(1)
    rel = rng.integers(0, 4, 10)
    tail = rel.copy()
    tail[4:] = rng.permutation(tail[4:])
    assert_close(ns["ndcg_at_k"](tail, 4), ns["ndcg_at_k"](rel, 4),
                 case="reordering items below position k leaves NDCG@k unchanged")
