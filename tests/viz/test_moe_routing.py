"""Mixture-of-experts routing against loops, hand-worked numbers and the bank's figures."""

import math
import random
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz import registry
from studyapp.viz.explorers import moe_routing as moe


def loop_route(logits, k):
    experts, gates = [], []
    for row in logits:
        order = sorted(range(len(row)), key=lambda i: (-row[i], i))[:k]
        top = max(row[i] for i in order)
        w = [math.exp(row[i] - top) for i in order]
        experts.append(order)
        gates.append([x / sum(w) for x in w])
    return np.array(experts), np.array(gates)


def test_route_matches_a_sorted_loop_and_gates_sum_to_one():
    for seed, k in [(0, 1), (1, 2), (2, 2)]:
        logits = moe.router_logits(20, 6, 1.5, 1.0, seed)
        chosen, gates, probs = moe.route(logits, k)
        ref_e, ref_g = loop_route(logits, k)
        assert np.array_equal(chosen, ref_e)
        assert np.allclose(gates, ref_g)
        assert np.allclose(gates.sum(axis=1), 1.0)
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        assert np.allclose(probs, e / e.sum(axis=1, keepdims=True))


def test_hand_worked_token():
    chosen, gates, _ = moe.route(np.array([[2.0, 1.0, 0.0, -1.0]]), 2)
    assert chosen.tolist() == [[0, 1]]
    assert np.allclose(gates, [[1 / (1 + math.exp(-1)), 1 - 1 / (1 + math.exp(-1))]])


def test_skew_favours_the_first_experts():
    logits = moe.router_logits(512, 8, 3.0, 1.0, 0)
    load = moe.loads(moe.route(logits, 1)[0], 8)
    assert load[0] > load[3] > load[7]
    assert np.allclose(moe.router_logits(4, 3, 2.0, 0.0, 5), [[2.0, 1.0, 0.0]] * 4)


def test_capacity_matches_the_bank_example():
    # 4096 tokens, top-2 of 8 experts, capacity factor 1.25 (the routing question's test)
    assert moe.capacity(4096, 8, 2, 1.25) == int(1.25 * 2 * 4096 / 8) == 1280
    assert moe.capacity(32, 8, 1, 1.0) == 4
    assert moe.capacity(30, 8, 1, 1.0) == 3                     # floored


def loop_dispatch(chosen, experts, cap):
    """Fill slots by (rank, token) order, one assignment at a time."""
    order = sorted((r, t) for t in range(chosen.shape[0]) for r in range(chosen.shape[1]))
    used = [0] * experts
    keep = np.zeros(chosen.shape, bool)
    for r, t in order:
        e = chosen[t, r]
        if used[e] < cap:
            used[e] += 1
            keep[t, r] = True
    return keep


@pytest.mark.parametrize(("k", "cf", "skew"), [(1, 1.0, 2.0), (2, 1.25, 3.0), (2, 0.5, 0.0)])
def test_dispatch_keeps_capacity_and_drops_the_overflow(k, cf, skew):
    logits = moe.router_logits(32, 8, skew, 1.0, 3)
    chosen = moe.route(logits, k)[0]
    cap = moe.capacity(32, 8, k, cf)
    keep = moe.dispatch(chosen, 8, cap)
    assert np.array_equal(keep, loop_dispatch(chosen, 8, cap))
    load = moe.loads(chosen, 8)
    kept = np.bincount(chosen[keep], minlength=8)
    assert np.array_equal(kept, np.minimum(load, cap))
    assert (~keep).sum() == moe.dropped_count(load, cap) == sum(max(x - cap, 0) for x in load)
    if k == 2:                               # first choices are served before second choices
        for e in range(8):
            firsts = keep[:, 0][chosen[:, 0] == e]
            seconds = keep[:, 1][chosen[:, 1] == e]
            if seconds.any():
                assert firsts.all()


def test_aux_loss_limits_and_a_hand_worked_value():
    assert moe.aux_loss([0.25] * 4, [0.25] * 4) == pytest.approx(1.0)        # uniform
    assert moe.aux_loss([1, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0]) == 8.0   # collapse
    assert moe.aux_loss([0.5, 0.5, 0, 0], [0.4, 0.4, 0.1, 0.1]) == pytest.approx(1.6)
    # the routing question's test: uniform probabilities, balanced choice → 1
    t, e = 1000, 8
    f, p = moe.balance_terms((np.arange(t) % e)[:, None], np.full((t, e), 1 / e))
    assert moe.aux_loss(f, p) == pytest.approx(1.0)


def test_balance_terms_count_assignments():
    chosen = np.array([[0, 1], [0, 2], [1, 0]])
    probs = np.array([[0.5, 0.3, 0.2], [0.6, 0.1, 0.3], [0.2, 0.7, 0.1]])
    f, p = moe.balance_terms(chosen, probs)
    assert np.allclose(f, [3 / 6, 2 / 6, 1 / 6])
    assert np.allclose(p, [1.3 / 3, 1.1 / 3, 0.6 / 3])


def test_figure_moves_only_its_artists_and_follows_the_state():
    cls = registry.get("moe-routing")
    e = cls()
    params = cls.defaults()
    e.build(Figure(), params)
    moved = e.update({**params, "skew": 1.1})
    assert moved is not None and all(hasattr(a, "draw") for a in moved)
    s = moe.state({**params, "skew": 1.1})
    assert np.allclose(e.kept_bars.heights, np.minimum(s["load"], s["cap"]))
    assert np.allclose(e.over_bars.heights, s["load"])
    assert e.cap_line.get_ydata()[0] == s["cap"]
    assert len(e.dropped_marks.get_xdata()) == moe.dropped_count(s["load"], s["cap"])
    assert e.update({**params, "experts": 4}) is None                   # new layout
    text = dict(e.readouts({**params, "experts": 4}))
    assert text["Token 0's gate weights"].endswith("= 1.000")


# --- challenges --------------------------------------------------------------------------------
def _numbers(text):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)]


def test_challenge_answers_against_independent_arithmetic():
    for seed in range(10):
        c = moe._challenge_aux_loss(random.Random(seed))
        f_text, p_text = re.findall(r"\(([^)]*)\)", c.prompt)[:2]
        f, p = _numbers(f_text), _numbers(p_text)
        assert len(f) == len(p) == 4 and math.isclose(sum(f), 1.0)
        assert math.isclose(float(c.answer), 4 * sum(a * b for a, b in zip(f, p, strict=True)),
                            rel_tol=1e-3)

        c = moe._challenge_dropped(random.Random(seed))
        k, cf = c.params["k"], c.params["cf"]
        loads = [int(x) for x in re.search(r"receive ([\d, ]+) token", c.prompt)[1].split(",")]
        assert sum(loads) == 32 * k
        cap = int(cf * k * 32 / 8)
        assert int(c.answer) == sum(max(x - cap, 0) for x in loads)
        # the revealed state routes the same loads
        assert moe.state({**moe.MoeRouting.defaults(), **c.params})["load"].tolist() == loads

        c = moe._challenge_capacity(random.Random(seed))
        tokens, experts = (int(x) for x in re.findall(r"(\d+) (?:tokens|experts)", c.prompt))
        cf = float(re.search(r"capacity factor ([\d.]+)", c.prompt)[1])
        k = int(re.search(r"top-(\d)", c.prompt)[1])
        assert int(c.answer) == int(cf * k * tokens / experts)
