"""Tiled attention with the online softmax equals full softmax attention; block counts and
HBM traffic follow Dao et al. (2022)."""

import math
import random

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz.explorers import flash_tiling as ft


def reference(q, k, v, causal=False):
    """Independent: one query row at a time, in a plain loop with a two-pass softmax."""
    out = np.zeros((len(q), v.shape[1]))
    for i in range(len(q)):
        keys = range(i + 1) if causal else range(len(k))
        s = [float(q[i] @ k[j]) / math.sqrt(q.shape[1]) for j in keys]
        top = max(s)
        w = [math.exp(x - top) for x in s]
        out[i] = sum(wj * v[j] for wj, j in zip(w, keys, strict=False)) / sum(w)
    return out


@pytest.mark.parametrize(("n", "d", "block", "causal"), [
    (64, 16, 16, False), (50, 8, 7, False), (64, 16, 16, True), (45, 32, 8, True),
    (16, 4, 16, False)])
def test_tiled_trace_ends_at_full_softmax_attention(n, d, block, causal):
    q, k, v = ft.random_qkv(n, d, 3)
    exact = reference(q, k, v, causal)
    assert np.allclose(ft.full_attention(q, k, v, causal), exact, atol=1e-12)
    for qb in range(-(-n // block)):
        rows = slice(qb * block, min((qb + 1) * block, n))
        trace = ft.tiled_trace(q[rows], k, v, block, causal, qb * block)
        assert len(trace["m"]) == ft.blocks_visited(n, block, qb, causal) + 1
        out = trace["o"][-1] / trace["l"][-1][:, None]
        assert np.abs(out - exact[rows]).max() < 1e-12
        # the final max and sum are the row max and Σ exp(s − max) over the visible keys
        s = ft.scores(q[rows], k, causal, qb * block)
        assert np.allclose(trace["m"][-1], s.max(axis=1))
        assert np.allclose(trace["l"][-1], np.exp(s - s.max(axis=1, keepdims=True)).sum(axis=1))


def test_running_state_is_the_softmax_of_the_keys_seen_so_far():
    q, k, v = ft.random_qkv(40, 8, 1)
    trace = ft.tiled_trace(q[:5], k, v, 10)
    for step in range(1, 5):
        seen = slice(0, 10 * step)
        s = q[:5] @ k[seen].T / math.sqrt(8)
        assert np.allclose(trace["m"][step], s.max(axis=1))
        partial = np.exp(s - trace["m"][step][:, None])
        assert np.allclose(trace["l"][step], partial.sum(axis=1))
        assert np.allclose(trace["o"][step], partial @ v[seen])
        # the rescale factor is exp(m_old − m_new) and never exceeds 1
        if step > 1:
            assert np.allclose(trace["scale"][step],
                               np.exp(trace["m"][step - 1] - trace["m"][step]))
        assert np.all(trace["scale"][step] <= 1)
    assert np.abs(trace["o"][2] / trace["l"][2][:, None]
                  - ft.full_attention(q[:5], k, v)).max() > 1e-3     # not yet the answer


def test_blocks_visited():
    assert ft.blocks_visited(64, 16, 0, False) == 4
    assert ft.blocks_visited(65, 16, 2, False) == 5                # the last block is short
    assert [ft.blocks_visited(64, 16, i, True) for i in range(4)] == [1, 2, 3, 4]
    # causal: the blocks visited are those holding a key some row of the block may see
    n, block = 70, 8
    for qb in range(-(-n // block)):
        rows = range(qb * block, min((qb + 1) * block, n))
        needed = {j // block for i in rows for j in range(i + 1)}
        assert ft.blocks_visited(n, block, qb, True) == len(needed)


def test_hbm_counts():
    n, d = 1024, 64
    # standard (Algorithm 0): read Q, K (2Nd), write S (N²); read S, write P (2N²);
    # read P (N²) and V (Nd), write O (Nd)
    assert ft.hbm_standard(n, d) == 2 * n * d + n * n + 2 * n * n + n * n + 2 * n * d
    # tiled, query blocks outside: Q in and O out once, K and V once per query block
    for block in (16, 64, 100):
        blocks = -(-n // block)
        assert ft.hbm_tiled(n, d, block) == n * d + n * d + blocks * 2 * n * d
    # Θ(N²d²/M): with B = M/(4d) the tiled count approaches 8N²d²/M at long N
    m = 4 * 128 * d
    big = 2 ** 17
    assert math.isclose(ft.hbm_tiled(big, d, m // (4 * d)) / (8 * big ** 2 * d ** 2 / m), 1,
                        rel_tol=0.01)
    # savings ≈ 2B/d at long N: blocks must be large next to d
    assert math.isclose(ft.hbm_standard(big, d) / ft.hbm_tiled(big, d, 128), 2 * 128 / d,
                        rel_tol=0.05)
    assert ft.hbm_tiled(big, 128, 4) > ft.hbm_standard(big, 128)
    assert ft.sram_elements(64, 128) == 4 * 128 * 64 + 128 ** 2


def test_explorer_steps_and_ends_exact():
    e = ft.FlashTiling()
    e.build(Figure(), e.defaults())
    state = {**e.defaults(), "step": 1}
    artists = e.update(state)
    assert artists is not None and e.mesh in artists              # a step only blits
    shown = e.mesh.get_array()
    assert shown.mask.reshape(16, 64)[:, 16:].all() and not shown.mask.reshape(16, 64)[:, :16].any()
    readouts = dict(e.readouts({**e.defaults(), "step": 128}))
    diff = readouts["Max |o/ℓ − softmax(QKᵀ/√d)V|"]
    assert float(diff.split()[0]) < 1e-12 and "exact" in diff
    half = dict(e.readouts({**e.defaults(), "step": 2}))
    assert float(half["Max |o/ℓ − softmax(QKᵀ/√d)V|"]) > 1e-3
    assert e.update({**e.defaults(), "block": 32}) is None        # a new tiling: redrawn
    causal = dict(e.readouts({**e.defaults(), "causal": True, "q_block": 1}))
    assert "visits 2" in causal["Blocks"]


def test_challenge_answers_agree_with_independent_computations():
    for seed in range(40):
        rng = random.Random(seed)
        c = ft._challenge_blocks(rng)
        p = c.params
        rows = range(p["q_block"] * p["block"], min((p["q_block"] + 1) * p["block"], p["seq"]))
        keys = {j for i in rows for j in (range(i + 1) if p["causal"] else range(p["seq"]))}
        assert int(c.answer) == len({j // p["block"] for j in keys})

        c = ft._challenge_rescale(rng)
        m_old = float(c.prompt.split("m = ")[1].split(". ")[0])
        block = [float(x) for x in c.prompt.split("scores ")[1].split(". ")[0].split(", ")]
        m_new = max([m_old, *block])
        assert c.check(str(math.exp(m_old - m_new)))

        c = ft._challenge_running_sum(rng)
        first, second = (tuple(float(x) for x in part.split(")")[0].split(", "))
                         for part in c.prompt.split("(")[1:3])
        m1 = max(first)
        ell = sum(math.exp(x - m1) for x in first)             # after the first block
        m2 = max(m1, *second)
        ell = ell * math.exp(m1 - m2) + sum(math.exp(x - m2) for x in second)
        assert c.check(str(ell))

        c = ft._challenge_standard_hbm(rng)
        n, d = (int(c.prompt.split(f"{key} = ")[1].split(" ")[0].rstrip(":,"))
                for key in ("N", "d"))
        assert int(c.answer) == 4 * n * d + 4 * n * n
