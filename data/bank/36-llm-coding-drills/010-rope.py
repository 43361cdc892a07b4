# --- starter ---
import numpy as np


def apply_rope(x, positions, base=10000.0):
    """Rotate adjacent pairs (x[..., 2i], x[..., 2i+1]) of x, shape (..., T, d) with d even,
    by the angle positions[t] * base ** (-2i / d). positions: int array (T,). Same shape out."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def apply_rope(x, positions, base=10000.0):
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    theta = base ** (-np.arange(0, d, 2) / d)                            # (d/2,)
    angles = np.asarray(positions, dtype=float)[:, None] * theta[None, :]  # (T, d/2)
    cos, sin = np.cos(angles), np.sin(angles)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out
# --- tests ---
import numpy as np

LAYOUT = "pairs are adjacent (x[2i], x[2i+1]), not split halves (x[i], x[i + d/2])"


def loop_reference(x, positions, base):
    """One explicit 2x2 rotation per (row, pair) on a (T, d) array."""
    t_len, d = x.shape
    out = np.zeros_like(x)
    for t in range(t_len):
        for i in range(d // 2):
            a = positions[t] * base ** (-2 * i / d)
            rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
            out[t, 2 * i:2 * i + 2] = rot @ x[t, 2 * i:2 * i + 2]
    return out


def test_rotates_a_unit_vector_by_the_position_in_two_dimensions(ns):
    x = np.array([[1.0, 0.0], [1.0, 0.0]])
    got = ns["apply_rope"](x, np.array([0, 1]))
    assert_close(got, [[1.0, 0.0], [np.cos(1.0), np.sin(1.0)]],
                 case="d=2: position 0 is the identity, position 1 rotates by 1 rad", inputs={"x": x})


def test_matches_the_hand_worked_four_dimensional_case(ns):
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    got = ns["apply_rope"](x, np.array([2]), base=100.0)
    c, s, c2, s2 = np.cos(2.0), np.sin(2.0), np.cos(0.2), np.sin(0.2)
    expected = [[c - 2 * s, s + 2 * c, 3 * c2 - 4 * s2, 3 * s2 + 4 * c2]]
    assert_close(got, expected, case=f"d=4, base=100, position 2 (angles 2 and 0.2 rad); {LAYOUT}",
                 inputs={"x": x})


def test_matches_a_loop_of_two_by_two_rotations(ns):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 8))
    positions = np.array([0, 3, 4, 17, 250])
    got = ns["apply_rope"](x, positions)
    assert_close(got, loop_reference(x, positions, 10000.0),
                 case=f"seeded (5, 8) input, positions {positions.tolist()}; {LAYOUT}",
                 inputs={"x": x, "positions": positions})


def test_broadcasts_over_batch_and_head_axes(ns):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 4, 6))
    positions = np.array([7, 8, 9, 10])
    got = ns["apply_rope"](x, positions, base=500.0)
    assert np.shape(got) == x.shape, f"expected shape {x.shape}, got {np.shape(got)}"
    for b in range(2):
        for h in range(3):
            assert_close(got[b, h], loop_reference(x[b, h], positions, 500.0),
                         case=f"batch {b}, head {h}: the same positions apply to every leading index")


def test_preserves_the_norm_of_every_vector(ns):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(6, 16))
    got = ns["apply_rope"](x, np.arange(100, 106))
    assert_close(np.linalg.norm(got, axis=-1), np.linalg.norm(x, axis=-1),
                 case="a rotation keeps every row's length")


def test_query_key_scores_depend_only_on_the_offset(ns):
    rng = np.random.default_rng(3)
    q, k = rng.normal(size=(1, 8)), rng.normal(size=(1, 8))
    rope = ns["apply_rope"]

    def score(m, n):
        return np.sum(rope(q, np.array([m])) * rope(k, np.array([n])))

    for m, n in [(0, 5), (2, 9), (11, 3)]:
        base_score = score(m, n)
        direct = np.sum(q * rope(k, np.array([n - m])))
        assert_close(base_score, direct, case=f"score(q at {m}, k at {n}) equals q . R_(n-m) k")
        for shift in (1, 40, 1000):
            assert_close(score(m + shift, n + shift), base_score,
                         case=f"shifting both positions ({m}, {n}) by {shift} keeps the score")
