# --- starter ---
import numpy as np


def residual_distribution(p, q):
    """max(0, p - q) normalised; return p when p == q (all-zero residual)."""
    raise NotImplementedError


def speculative_step(p_target, q_draft, draft_tokens, rng):
    """p_target: (K+1, V); q_draft: (K, V); draft_tokens: (K,) ints; rng: np.random.Generator.
    Return the emitted tokens (1-D int array, length 1..K+1)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def residual_distribution(p, q):
    r = np.maximum(np.asarray(p, dtype=float) - q, 0.0)
    total = r.sum()
    return r / total if total > 0 else np.asarray(p, dtype=float)


def speculative_step(p_target, q_draft, draft_tokens, rng):
    vocab = p_target.shape[1]
    out = []
    for i, x in enumerate(draft_tokens):
        if rng.random() < p_target[i, x] / q_draft[i, x]:
            out.append(int(x))                                   # accepted
        else:
            out.append(int(rng.choice(vocab, p=residual_distribution(p_target[i], q_draft[i]))))
            return np.array(out)
    out.append(int(rng.choice(vocab, p=p_target[len(draft_tokens)])))   # bonus token
    return np.array(out)
# --- tests ---
import numpy as np

P = np.array([0.1, 0.2, 0.3, 0.4])
Q = P[::-1].copy()
RESIDUAL = "replacements come from the residual max(0, p - q) (resampling from p instead of the residual is biased)"
_RUNS = {}


def one_draft_runs(ns, n=4000):
    """n seeded steps with K = 1: drafts sampled from Q, target P at both positions."""
    if "k1" not in _RUNS:
        rng = np.random.default_rng(0)
        drafts = rng.choice(4, size=(n, 1), p=Q)
        p_target, q_draft = np.stack([P, P]), Q[None, :]
        _RUNS["k1"] = [np.asarray(ns["speculative_step"](p_target, q_draft, d, rng)).tolist() for d in drafts]
    return _RUNS["k1"]


def test_residual_distribution_of_hand_worked_pairs(ns):
    res = ns["residual_distribution"]
    assert_close(res(np.array([0.4, 0.4, 0.2]), np.array([0.2, 0.2, 0.6])), [0.5, 0.5, 0.0],
                 case="max(0, p - q) = [0.2, 0.2, 0], normalised")
    assert_close(res(np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.5, 0.3])), [1.0, 0.0, 0.0],
                 case="only token 0 has p > q")
    assert_close(res(P, P), P, case="p == q: the residual is empty, return p")


def test_identical_draft_and_target_accept_everything_and_add_a_bonus(ns):
    p_target = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5], [0.0, 0.0, 1.0]])
    q_draft = p_target[:2].copy()
    for seed in range(20):
        got = np.asarray(ns["speculative_step"](p_target, q_draft, np.array([1, 2]), np.random.default_rng(seed))).tolist()
        assert got == [1, 2, 2], f"seed {seed}: p == q must accept both drafts [1, 2] and add the bonus 2 from p_target[K]; got {got}"


def test_a_token_the_target_rules_out_is_replaced_from_the_residual(ns):
    p_target = np.array([[0.3, 0.7, 0.0], [0.0, 0.5, 0.5], [1.0, 0.0, 0.0]])
    q_draft = np.array([[0.3, 0.7, 0.0], [0.5, 0.5, 0.0]])
    for seed in range(20):
        got = np.asarray(ns["speculative_step"](p_target, q_draft, np.array([1, 0]), np.random.default_rng(seed))).tolist()
        assert got == [1, 2], (f"seed {seed}: draft 1 is accepted (p == q); draft 0 has target probability 0, so it is "
                               f"rejected and the residual max(0, p - q) = [0, 0, 0.5] forces token 2; got {got}. {RESIDUAL}")


def test_the_first_emitted_token_follows_the_target(ns):
    runs = one_draft_runs(ns)
    counts = np.bincount([r[0] for r in runs], minlength=4)
    expected = len(runs) * P
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    tv = 0.5 * float(np.abs(counts / len(runs) - P).sum())
    assert chi2 < 21.11, (f"first emitted token over {len(runs)} seeded steps: counts {counts.tolist()}, expected "
                          f"{expected.tolist()}; chi-square {chi2:.1f} >= 21.11 (3 dof, p < 1e-4), total variation {tv:.3f}. {RESIDUAL}")


def test_the_acceptance_rate_is_the_overlap_of_p_and_q(ns):
    runs = one_draft_runs(ns)
    lengths = [len(r) for r in runs]
    assert set(lengths) <= {1, 2}, f"with K = 1 a step emits 1 or 2 tokens, got lengths {sorted(set(lengths))}"
    rate = lengths.count(2) / len(runs)
    assert abs(rate - 0.6) < 0.04, (f"acceptance rate {rate:.3f}, expected sum(min(p, q)) = 0.6 within 0.04: "
                                    "accept with probability min(1, p(x) / q(x))")


def test_mean_tokens_per_step_matches_the_geometric_formula(ns):
    rng = np.random.default_rng(1)
    p_target, q_draft = np.stack([P] * 4), np.stack([Q] * 3)
    drafts = rng.choice(4, size=(3000, 3), p=Q)
    lengths = [len(np.asarray(ns["speculative_step"](p_target, q_draft, d, rng))) for d in drafts]
    mean = float(np.mean(lengths))
    assert min(lengths) >= 1 and max(lengths) <= 4, f"K = 3: lengths must lie in 1..4, got {min(lengths)}..{max(lengths)}"
    assert abs(mean - 2.176) < 0.1, (f"K = 3, acceptance 0.6: mean tokens per step {mean:.3f}, expected "
                                     "(1 - 0.6^4) / 0.4 = 2.176 within 0.1 (stop at the first rejection, add a bonus after K accepts)")
