# --- starter ---
import numpy as np


def pass_at_k(n, c, k):
    """Unbiased pass@k from n samples of which c are correct (0 <= c <= n, 1 <= k <= n).
    Return a float; raise ValueError if k is not in 1..n."""
    raise NotImplementedError


def mean_pass_at_k(n_samples, n_correct, k):
    """Benchmark score: the mean of pass_at_k over problems (arrays of equal length)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def pass_at_k(n, c, k):
    if not 1 <= k <= n:
        raise ValueError(f"k must lie in 1..n, got k={k}, n={n}")
    if n - c < k:                                  # every k-subset contains a correct sample
        return 1.0
    # C(n-c, k) / C(n, k) = prod_{i=n-c+1}^{n} (1 - k / i), computed without huge binomials
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def mean_pass_at_k(n_samples, n_correct, k):
    return float(np.mean([pass_at_k(int(n), int(c), k) for n, c in zip(n_samples, n_correct)]))
# --- tests ---
import math
from itertools import combinations

import numpy as np

PLUG_IN = "use 1 - C(n-c, k) / C(n, k), not the plug-in 1 - (1 - c/n)^k, which is biased low"


def brute_force(outcomes, k):
    """Fraction of all k-subsets of the samples that contain at least one correct one."""
    subsets = list(combinations(outcomes, k))
    return sum(any(s) for s in subsets) / len(subsets)


def test_hand_worked_values(ns):
    f = ns["pass_at_k"]
    assert_close(f(10, 3, 1), 0.3, case="k = 1 is the fraction correct, c / n")
    assert_close(f(10, 3, 2), 1 - 21 / 45, case=f"n = 10, c = 3, k = 2: 1 - C(7,2)/C(10,2) = 24/45; {PLUG_IN}")
    assert_close(f(10, 3, 8), 1.0, case="n - c = 7 < k = 8: every 8-subset holds a correct sample, so 1")


def test_matches_brute_force_enumeration_of_subsets(ns):
    rng = np.random.default_rng(0)
    for trial in range(8):
        n = int(rng.integers(2, 13))
        outcomes = (rng.random(n) < rng.uniform(0.1, 0.6)).astype(int).tolist()
        c = sum(outcomes)
        for k in range(1, n + 1):
            assert_close(ns["pass_at_k"](n, c, k), brute_force(outcomes, k),
                         case=f"trial {trial}: n={n}, c={c}, k={k} against enumerating all k-subsets; {PLUG_IN}")


def test_edge_cases(ns):
    f = ns["pass_at_k"]
    assert_close(f(5, 0, 3), 0.0, case="no correct sample: 0")
    assert_close(f(5, 5, 1), 1.0, case="all correct: 1")
    assert_close(f(1, 1, 1), 1.0, case="n = k = 1, correct")
    assert_close(f(7, 1, 7), 1.0, case="k = n with one correct sample: the only subset contains it")
    for bad in (0, 6):
        try:
            f(5, 2, bad)
        except ValueError:
            continue
        raise AssertionError(f"pass_at_k(5, 2, {bad}) must raise ValueError (k must lie in 1..n)")


def test_large_n_stays_accurate(ns):
    n, c, k = 2000, 10, 100
    log_ratio = (math.lgamma(n - c + 1) - math.lgamma(n - c - k + 1)) - (math.lgamma(n + 1) - math.lgamma(n - k + 1))
    expected = 1 - math.exp(log_ratio)
    got = ns["pass_at_k"](n, c, k)
    assert np.isfinite(got), f"n = 2000 gave {got}: float factorials overflow; use the product form or exact integers"
    assert_close(got, expected, rtol=1e-9, case="n = 2000, c = 10, k = 100 against log-gamma")


def test_is_unbiased_for_the_true_success_rate(ns):
    n, k, p = 20, 5, 0.1
    pmf = [math.comb(n, c) * p ** c * (1 - p) ** (n - c) for c in range(n + 1)]
    mean = sum(w * ns["pass_at_k"](n, c, k) for c, w in enumerate(pmf))
    assert_close(mean, 1 - (1 - p) ** k, rtol=1e-9,
                 case=f"E[estimate] over c ~ Binomial(20, 0.1) must equal 1 - 0.9^5 = 0.40951; {PLUG_IN} (0.377 here)")


def test_benchmark_mean_over_problems(ns):
    n = np.array([10, 10, 5, 20])
    c = np.array([3, 0, 5, 1])
    expected = (1 - 21 / 45 + 0 + 1 + 1 - (19 * 18) / (20 * 19)) / 4
    assert_close(ns["mean_pass_at_k"](n, c, 2), expected,
                 case="the mean of per-problem estimates (problems may have different n)")
