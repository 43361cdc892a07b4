# --- starter ---
import numpy as np


def filter_probs(logits, temperature=1.0, top_k=0, top_p=1.0):
    """Probabilities after temperature, top-k and top-p; removed tokens are exactly 0."""
    raise NotImplementedError


def sample(logits, rng, **kw):
    """Draw one token index with numpy Generator rng."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def filter_probs(logits, temperature=1.0, top_k=0, top_p=1.0):
    z = np.asarray(logits, dtype=float) / temperature
    p = np.exp(z - z.max())
    p /= p.sum()
    order = np.argsort(-p, kind="stable")
    keep = np.ones(len(p), dtype=bool)
    if top_k:
        keep[order[top_k:]] = False
    mass_before = np.cumsum(p[order]) - p[order]
    keep[order[mass_before >= top_p]] = False
    keep[order[0]] = True
    p = np.where(keep, p, 0.0)
    return p / p.sum()


def sample(logits, rng, **kw):
    p = filter_probs(logits, **kw)
    return int(rng.choice(len(p), p=p))
# --- tests ---
import numpy as np

LOGITS = np.log(np.array([0.5, 0.2, 0.15, 0.1, 0.05]))


def test_no_filtering_is_softmax(ns):
    p = ns["filter_probs"](LOGITS)
    assert np.allclose(p, [0.5, 0.2, 0.15, 0.1, 0.05]), f"got {p}"


def test_top_k(ns):
    p = ns["filter_probs"](LOGITS, top_k=2)
    assert np.allclose(p, [0.5 / 0.7, 0.2 / 0.7, 0, 0, 0]), f"got {p}"


def test_top_p_keeps_the_crossing_token(ns):
    p = ns["filter_probs"](LOGITS, top_p=0.8)
    assert np.allclose(p, [0.5 / 0.85, 0.2 / 0.85, 0.15 / 0.85, 0, 0]), f"got {p}"
    p = ns["filter_probs"](LOGITS, top_p=0.1)
    assert np.allclose(p, [1, 0, 0, 0, 0]), f"the top token must always survive, got {p}"


def test_temperature_sharpens(ns):
    cold = ns["filter_probs"](LOGITS, temperature=0.5)
    expected = np.array([0.5, 0.2, 0.15, 0.1, 0.05]) ** 2
    assert np.allclose(cold, expected / expected.sum()), f"got {cold}"


def test_sampling_frequencies(ns):
    rng = np.random.default_rng(0)
    draws = [ns["sample"](LOGITS, rng, top_k=2) for _ in range(4000)]
    assert set(draws) == {0, 1}, f"sampled outside the top 2: {set(draws)}"
    assert abs(draws.count(0) / 4000 - 0.5 / 0.7) < 0.03, "frequencies must follow the kept probabilities"
