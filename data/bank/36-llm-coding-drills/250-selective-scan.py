# --- starter ---
import numpy as np


def selective_scan_sequential(x, delta, A, B, C):
    """x, delta: (T, D) with delta > 0; A: (D, N) with negative entries; B, C: (T, N).
    h_t = exp(delta_t * A) * h_{t-1} + delta_t * B_t * x_t  (h: (D, N), h_{-1} = 0)
    y_t = h_t @ C_t. Loop over time; return y of shape (T, D)."""
    raise NotImplementedError


def selective_scan_parallel(x, delta, A, B, C):
    """Same output as selective_scan_sequential, without a Python loop over time."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def selective_scan_sequential(x, delta, A, B, C):
    T, D = x.shape
    h = np.zeros((D, A.shape[1]))
    y = np.zeros((T, D))
    for t in range(T):
        a_bar = np.exp(delta[t][:, None] * A)                          # (D, N) decay, input-dependent via delta
        b_x = delta[t][:, None] * B[t][None, :] * x[t][:, None]        # (D, N) discretised input
        h = a_bar * h + b_x
        y[t] = h @ C[t]
    return y


def selective_scan_parallel(x, delta, A, B, C):
    T = x.shape[0]
    log_a = delta[:, :, None] * A[None, :, :]                          # (T, D, N), all <= 0
    S = np.cumsum(log_a, axis=0)                                       # log of the cumulative product
    b_x = delta[:, :, None] * B[:, None, :] * x[:, :, None]            # (T, D, N)
    causal = np.tril(np.ones((T, T), dtype=bool))[:, :, None, None]    # s <= t
    diff = np.where(causal, S[:, None] - S[None, :], -np.inf)          # (T, T, D, N): S_t - S_s <= 0
    decay = np.exp(diff)                                               # prod_{r=s+1}^{t} a_bar_r, never overflows
    h = np.einsum("tsdn,sdn->tdn", decay, b_x)
    return np.einsum("tdn,tn->td", h, C)
# --- tests ---
import math

import numpy as np

STABLE = ("strong decay: never divide by the cumulative product (it underflows to 0); "
          "use exp(S_t - S_s) for s <= t, with S the cumulative sum of delta * A")


def inputs(seed, T=12, D=3, N=4, delta_scale=1.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(T, D))
    delta = np.log1p(np.exp(rng.normal(size=(T, D)))) * delta_scale   # softplus, > 0
    A = -np.exp(rng.normal(size=(D, N)))                               # negative
    B, C = rng.normal(size=(T, N)), rng.normal(size=(T, N))
    return x, delta, A, B, C


def ref_scan(x, delta, A, B, C):
    """Slow reference: scalar loops over time, channels and state."""
    T, D = x.shape
    N = A.shape[1]
    h = [[0.0] * N for _ in range(D)]
    y = np.zeros((T, D))
    for t in range(T):
        for d in range(D):
            for n in range(N):
                h[d][n] = math.exp(delta[t, d] * A[d, n]) * h[d][n] + delta[t, d] * B[t, n] * x[t, d]
            y[t, d] = sum(h[d][n] * C[t, n] for n in range(N))
    return y


def test_hand_worked_two_steps(ns):
    x, delta = np.array([[2.0], [4.0]]), np.ones((2, 1))
    A, B, C = np.array([[-math.log(2.0)]]), np.ones((2, 1)), np.array([[1.0], [2.0]])
    for name in ("selective_scan_sequential", "selective_scan_parallel"):
        assert_close(ns[name](x, delta, A, B, C), [[2.0], [10.0]],
                     case=f"{name}: decay exp(-ln 2) = 1/2; h = 2, then 0.5 * 2 + 4 = 5; y = [1 * 2, 2 * 5]")


def test_sequential_matches_a_slow_reference(ns):
    for seed in range(3):
        args = inputs(seed)
        assert_close(ns["selective_scan_sequential"](*args), ref_scan(*args),
                     case=f"seed {seed}: h_t = exp(delta_t A) h_(t-1) + delta_t B_t x_t, y_t = h_t . C_t")


def test_parallel_equals_sequential_on_seeded_inputs(ns):
    for seed, T, D, N in [(10, 1, 2, 3), (11, 9, 3, 4), (12, 20, 4, 8), (13, 33, 2, 2)]:
        args = inputs(seed, T, D, N)
        assert_close(ns["selective_scan_parallel"](*args), ns["selective_scan_sequential"](*args), rtol=1e-6, atol=1e-9,
                     case=f"T={T}, D={D}, N={N}: the cumulative-product form equals the recurrence")


def test_strong_decay_over_a_long_sequence_stays_finite(ns):
    args = inputs(20, T=64, D=3, N=4, delta_scale=30.0)          # cumulative delta * A reaches about -7000
    expected = ref_scan(*args)
    for name in ("selective_scan_parallel", "selective_scan_sequential"):
        got = np.asarray(ns[name](*args))
        assert np.all(np.isfinite(got)), f"{name} gave {preview(got)}; {STABLE}"
        assert_close(got, expected, rtol=1e-6, atol=1e-9, case=f"{name}, strong decay; {STABLE}")


def test_constant_parameters_reduce_to_a_convolution(ns):
    rng = np.random.default_rng(30)
    T, D, N = 16, 2, 3
    x = rng.normal(size=(T, D))
    dt = np.array([0.3, 0.7])
    A = -np.exp(rng.normal(size=(D, N)))
    b, c = rng.normal(size=N), rng.normal(size=N)
    delta, B, C = np.tile(dt, (T, 1)), np.tile(b, (T, 1)), np.tile(c, (T, 1))
    expected = np.zeros((T, D))
    for d in range(D):
        kernel = np.array([np.sum(c * np.exp(k * dt[d] * A[d]) * dt[d] * b) for k in range(T)])
        expected[:, d] = np.convolve(x[:, d], kernel)[:T]
    assert_close(ns["selective_scan_parallel"](x, delta, A, B, C), expected,
                 case="time-invariant delta, B, C (an S4-style model): y = x convolved with K_k = sum_n C_n exp(k dt A_n) dt B_n")


def test_is_causal_and_linear_in_the_input(ns):
    x, delta, A, B, C = inputs(40, T=10)
    f = ns["selective_scan_parallel"]
    y = np.asarray(f(x, delta, A, B, C))
    x2 = x.copy()
    x2[6:] += 5.0
    assert_close(np.asarray(f(x2, delta, A, B, C))[:6], y[:6], case="changing inputs from t = 6 on leaves y_0..y_5 unchanged (causal)")
    z = np.random.default_rng(41).normal(size=x.shape)
    assert_close(f(x + 2 * z, delta, A, B, C), y + 2 * np.asarray(f(z, delta, A, B, C)),
                 case="for fixed delta, B, C the scan is linear in x")
