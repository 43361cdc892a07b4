# --- starter ---
import numpy as np


def filtered_probs(logits, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    """logits: (B, V). Return (B, V) probabilities after temperature, top-k, top-p and min-p,
    in that order; removed tokens are exactly 0 and each row sums to 1.
    temperature == 0 means greedy: a one-hot row at the argmax."""
    raise NotImplementedError


def sample_next_token(logits, rng, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    """Draw one token per row from filtered_probs with the numpy Generator rng. Return (B,) ints."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def filtered_probs(logits, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    z = np.asarray(logits, dtype=float)
    rows = np.arange(z.shape[0])[:, None]
    if temperature == 0:                                     # greedy: no division by zero
        p = np.zeros_like(z)
        p[rows[:, 0], z.argmax(axis=-1)] = 1.0
        return p
    z = z / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    order = np.argsort(-p, axis=-1, kind="stable")           # most probable first, ties by index
    q = p[rows, order]
    if top_k > 0:
        q[:, top_k:] = 0.0
        q /= q.sum(axis=-1, keepdims=True)
    if top_p < 1.0:
        mass_before = np.cumsum(q, axis=-1) - q
        q = np.where(mass_before < top_p, q, 0.0)            # keeps the token that crosses p
        q /= q.sum(axis=-1, keepdims=True)
    if min_p > 0.0:
        q = np.where(q >= min_p * q[:, :1], q, 0.0)          # q[:, 0] is the row's largest probability
        q /= q.sum(axis=-1, keepdims=True)
    out = np.zeros_like(p)
    out[rows, order] = q
    return out


def sample_next_token(logits, rng, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    p = filtered_probs(logits, temperature, top_k, top_p, min_p)
    cdf = np.cumsum(p, axis=-1)
    u = rng.random(len(p)) * cdf[:, -1]                      # u in [0, total)
    return (cdf <= u[:, None]).sum(axis=-1)                  # first index whose cdf exceeds u
# --- tests ---
import numpy as np

P = np.array([0.5, 0.2, 0.15, 0.1, 0.05])
LOGITS = np.log(P)[None, :]
CROSS = "top-p keeps the token that crosses p (the smallest set with mass >= p)"


def ref_filter(logits, temperature, top_k, top_p, min_p):
    """Slow reference for one row: Python lists, sorted by descending probability (ties by index)."""
    z = [float(v) / temperature for v in logits]
    top = max(z)
    e = [np.exp(v - top) for v in z]
    p = [v / sum(e) for v in e]
    order = sorted(range(len(p)), key=lambda i: (-p[i], i))
    kept = order[:top_k] if top_k > 0 else list(order)
    if top_p < 1.0:
        total = sum(p[i] for i in kept)
        chosen, mass = [], 0.0
        for i in kept:
            chosen.append(i)
            mass += p[i] / total
            if mass >= top_p:
                break
        kept = chosen
    if min_p > 0.0:
        kept = [i for i in kept if p[i] >= min_p * p[order[0]]]
    out = np.zeros(len(p))
    for i in kept:
        out[i] = p[i]
    return out / out.sum()


def test_each_filter_on_a_hand_worked_distribution(ns):
    f = ns["filtered_probs"]
    assert_close(f(LOGITS), P[None], case="no filtering: the softmax")
    assert_close(f(LOGITS, top_k=2), [[0.5 / 0.7, 0.2 / 0.7, 0, 0, 0]], case="top_k = 2 keeps 0.5 and 0.2")
    assert_close(f(LOGITS, top_p=0.8), [[0.5 / 0.85, 0.2 / 0.85, 0.15 / 0.85, 0, 0]],
                 case=f"top_p = 0.8: 0.5 + 0.2 = 0.7 < 0.8, so 0.15 is kept; {CROSS}")
    assert_close(f(LOGITS, min_p=0.35), [[0.5 / 0.7, 0.2 / 0.7, 0, 0, 0]],
                 case="min_p = 0.35 keeps p >= 0.35 * 0.5 = 0.175 (relative to the top probability)")
    cold = P ** 2 / (P ** 2).sum()
    assert_close(f(LOGITS, temperature=0.5), cold[None], case="temperature 0.5 squares and renormalises")


def test_top_p_uses_the_distribution_renormalised_after_top_k(ns):
    got = ns["filtered_probs"](LOGITS, top_k=3, top_p=0.75)
    assert_close(got, [[0.5 / 0.7, 0.2 / 0.7, 0, 0, 0]],
                 case="top_k = 3 renormalises to [0.588, 0.235, 0.176]; 0.588 + 0.235 >= 0.75, so top_p drops the third")


def test_temperature_zero_is_greedy_and_tiny_temperature_approaches_it(ns):
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(6, 9)) * 3
    onehot = np.eye(9)[logits.argmax(axis=-1)]
    assert_close(ns["filtered_probs"](logits, temperature=0.0), onehot, case="temperature 0: one-hot at the argmax")
    got = np.asarray(ns["sample_next_token"](logits, np.random.default_rng(1), temperature=0.0))
    assert got.tolist() == logits.argmax(axis=-1).tolist(), f"temperature 0 must return the argmax, got {got.tolist()}"
    assert_close(ns["filtered_probs"](logits, temperature=1e-3), onehot, atol=1e-6,
                 case="temperature 1e-3: essentially one-hot (subtract the max before exp to avoid overflow)")


def test_matches_a_slow_reference_for_seeded_settings(ns):
    rng = np.random.default_rng(2)
    settings = [(1.0, 0, 0.9, 0.0), (0.7, 5, 1.0, 0.0), (1.3, 0, 1.0, 0.1),
                (0.8, 6, 0.85, 0.05), (2.0, 3, 0.5, 0.3), (1.0, 0, 0.3, 0.0)]
    for temperature, top_k, top_p, min_p in settings:
        logits = rng.normal(size=(4, 12)) * 2
        expected = np.stack([ref_filter(row, temperature, top_k, top_p, min_p) for row in logits])
        got = ns["filtered_probs"](logits, temperature=temperature, top_k=top_k, top_p=top_p, min_p=min_p)
        assert_close(got, expected, case=f"T={temperature}, top_k={top_k}, top_p={top_p}, min_p={min_p}; {CROSS}",
                     inputs={"logits": logits})


def test_seeded_sample_frequencies_follow_the_truncated_distribution(ns):
    n = 4000
    rows = np.repeat(LOGITS, n, axis=0)
    draws = np.asarray(ns["sample_next_token"](rows, np.random.default_rng(3), top_p=0.8))
    assert draws.shape == (n,), f"expected {n} tokens, got shape {draws.shape}"
    counts = np.bincount(draws, minlength=5)
    assert counts[3] == 0 and counts[4] == 0, f"top_p = 0.8 removes tokens 3 and 4, but they were drawn: counts {counts.tolist()}"
    freq = counts / n
    target = np.array([0.5, 0.2, 0.15, 0, 0]) / 0.85
    assert np.abs(freq - target).max() < 0.035, (f"{n} seeded draws: frequencies {np.round(freq, 3).tolist()}, expected "
                                                 f"{np.round(target, 3).tolist()} within 0.035; {CROSS}")


def test_is_invariant_to_shifting_logits_and_stays_finite(ns):
    rng = np.random.default_rng(4)
    logits = rng.normal(size=(3, 8))
    kw = dict(temperature=0.9, top_k=6, top_p=0.9, min_p=0.05)
    base = ns["filtered_probs"](logits, **kw)
    assert_close(ns["filtered_probs"](logits + rng.normal(size=(3, 1)) * 1e4, **kw), base, rtol=1e-5, atol=1e-8,
                 case="adding a constant to a row of logits changes nothing (subtract the max before exp)")
    assert_close(base.sum(axis=-1), np.ones(3), case="each row sums to 1")
    one = ns["filtered_probs"](logits, top_p=1e-9, min_p=1.0)
    assert_close(one, np.eye(8)[logits.argmax(axis=-1)], case="the most probable token always survives")
