# --- starter ---
import math


def warmup_cosine(step, total_steps, peak_lr, warmup_steps, min_lr=0.0):
    """Learning rate at 0-based step: linear warm-up to peak_lr at step warmup_steps - 1,
    then cosine decay reaching min_lr at step total_steps - 1; min_lr from total_steps on.
    Raise ValueError for step < 0 or unless 0 <= warmup_steps < total_steps."""
    raise NotImplementedError


def wsd(step, total_steps, peak_lr, warmup_steps, decay_steps, min_lr=0.0, shape="linear"):
    """Warmup-stable-decay: the same warm-up, peak_lr until the last decay_steps steps, then a
    decay of the given shape ("linear", "sqrt" = 1 - sqrt, "cosine") reaching min_lr at step
    total_steps - 1; min_lr from total_steps on. Raise ValueError for step < 0, an unknown shape,
    or unless warmup_steps >= 0, decay_steps >= 1 and warmup_steps + decay_steps <= total_steps."""
    raise NotImplementedError
# --- solution ---
import math


def _warmup(step, peak_lr, warmup_steps):
    return peak_lr * (step + 1) / warmup_steps


def warmup_cosine(step, total_steps, peak_lr, warmup_steps, min_lr=0.0):
    if step < 0 or not 0 <= warmup_steps < total_steps:
        raise ValueError("need step >= 0 and 0 <= warmup_steps < total_steps")
    if step < warmup_steps:
        return _warmup(step, peak_lr, warmup_steps)
    if step >= total_steps:
        return min_lr
    u = (step - warmup_steps + 1) / (total_steps - warmup_steps)   # in (0, 1], 1 at the last step
    return min_lr + 0.5 * (peak_lr - min_lr) * (1 + math.cos(math.pi * u))


DECAY_SHAPES = {
    "linear": lambda u: 1 - u,
    "sqrt": lambda u: 1 - math.sqrt(u),
    "cosine": lambda u: 0.5 * (1 + math.cos(math.pi * u)),
}


def wsd(step, total_steps, peak_lr, warmup_steps, decay_steps, min_lr=0.0, shape="linear"):
    if shape not in DECAY_SHAPES:
        raise ValueError(f"unknown decay shape {shape!r}")
    if step < 0 or warmup_steps < 0 or decay_steps < 1 or warmup_steps + decay_steps > total_steps:
        raise ValueError("need step >= 0, warmup_steps >= 0, decay_steps >= 1 and warmup + decay <= total")
    if step < warmup_steps:
        return _warmup(step, peak_lr, warmup_steps)
    decay_start = total_steps - decay_steps
    if step < decay_start:
        return peak_lr
    if step >= total_steps:
        return min_lr
    u = (step - decay_start + 1) / decay_steps                      # in (0, 1], 1 at the last step
    return min_lr + (peak_lr - min_lr) * DECAY_SHAPES[shape](u)
# --- tests ---
import math

import numpy as np


def schedule(fn, n, *args, **kw):
    return np.array([fn(t, *args, **kw) for t in range(n)])


def test_warmup_cosine_hand_checked_values(ns):
    got = schedule(ns["warmup_cosine"], 14, 12, 1.0, 4, min_lr=0.1)
    c = lambda u: 0.1 + 0.45 * (1 + math.cos(math.pi * u))
    expected = [0.25, 0.5, 0.75, 1.0, c(1 / 8), c(2 / 8), c(3 / 8), 0.55, c(5 / 8), c(6 / 8), c(7 / 8), 0.1, 0.1, 0.1]
    assert_close(got, expected, case="peak 1, warm-up 4, total 12, min 0.1: warm-up (t+1)/W, then cosine with "
                 "u = (t - W + 1)/(T - W); the last step must reach min_lr and stay there")


def test_wsd_hand_checked_values_for_each_decay_shape(ns):
    stem = [1.0, 2.0, 2.0, 2.0, 2.0, 2.0]                    # warm-up 2 steps, stable until step 5
    tails = {"linear": [1.5, 1.0, 0.5, 0.0],
             "sqrt": [1.0, 2 * (1 - math.sqrt(0.5)), 2 * (1 - math.sqrt(0.75)), 0.0],
             "cosine": [1 + math.sqrt(0.5), 1.0, 1 - math.sqrt(0.5), 0.0]}
    for shape, tail in tails.items():
        got = schedule(ns["wsd"], 11, 10, 2.0, 2, 4, shape=shape)
        assert_close(got, stem + tail + [0.0], case=f"WSD {shape}: peak 2, warm-up 2, 4 decay steps of 10 with "
                     "u = (t - (T - D) + 1)/D; the last step must reach min_lr")


def test_wsd_holds_the_peak_and_shares_the_warmup_with_cosine(ns):
    w = schedule(ns["wsd"], 100, 100, 3e-4, 10, 20, min_lr=3e-5)
    c = schedule(ns["warmup_cosine"], 100, 100, 3e-4, 10, min_lr=3e-5)
    assert_close(w[:10], c[:10], case="both schedules share the linear warm-up")
    assert_close(w[9:80], np.full(71, 3e-4), case="WSD holds peak_lr from the end of warm-up until the decay starts")
    assert w[80] < 3e-4 and c[10] < 3e-4, "the first decay step must already be below the peak"


def test_edge_cases(ns):
    assert_close(ns["wsd"](0, 10, 1.0, 0, 3), 1.0, case="no warm-up: WSD starts at the peak")
    assert_close(ns["warmup_cosine"](0, 4, 1.0, 0), 0.5 * (1 + math.cos(math.pi / 4)),
                 case="no warm-up: cosine starts decaying at step 0 with u = 1/T")
    one = schedule(ns["wsd"], 6, 6, 1.0, 2, 1, min_lr=0.2)
    assert_close(one, [0.5, 1.0, 1.0, 1.0, 1.0, 0.2], case="decay_steps = 1: only the last step is at min_lr")
    assert_close(ns["warmup_cosine"](5, 6, 1.0, 5, min_lr=0.3), 0.3,
                 case="warmup_steps = total_steps - 1: the single decay step must reach min_lr")
    assert_close([ns["wsd"](t, 10, 1.0, 2, 3, min_lr=0.1) for t in (10, 50)], [0.1, 0.1],
                 case="steps past the end stay at min_lr")
    for call in (lambda: ns["wsd"](0, 10, 1.0, 8, 3), lambda: ns["wsd"](0, 10, 1.0, 2, 0),
                 lambda: ns["wsd"](0, 10, 1.0, 2, 3, shape="step"), lambda: ns["warmup_cosine"](0, 5, 1.0, 5),
                 lambda: ns["warmup_cosine"](-1, 5, 1.0, 1)):
        try:
            call()
        except ValueError:
            continue
        raise AssertionError("invalid schedules (warm-up + decay > total, decay_steps < 1, unknown shape, "
                             "warmup_steps >= total_steps, negative step) must raise ValueError")


def test_random_configurations_against_a_table(ns):
    rng = np.random.default_rng(0)
    shapes = {"linear": lambda u: 1 - u, "sqrt": lambda u: 1 - np.sqrt(u), "cosine": lambda u: 0.5 * (1 + np.cos(np.pi * u))}
    for _ in range(12):
        T = int(rng.integers(5, 60))
        W, D = int(rng.integers(0, T // 2)), int(rng.integers(1, T // 2 + 1))
        peak, low = float(rng.uniform(1e-4, 1e-2)), float(rng.uniform(0, 1e-4))
        shape = str(rng.choice(list(shapes)))
        table = np.concatenate([peak * np.arange(1, W + 1) / W, np.full(T - W - D, peak),
                                low + (peak - low) * shapes[shape](np.arange(1, D + 1) / D), [low, low]])
        got = schedule(ns["wsd"], T + 2, T, peak, W, D, min_lr=low, shape=shape)
        assert_close(got, table, case=f"WSD T={T}, W={W}, D={D}, shape {shape}", inputs={"expected": table})
        u = np.arange(1, T - W + 1) / (T - W)
        table = np.concatenate([peak * np.arange(1, W + 1) / W, low + 0.5 * (peak - low) * (1 + np.cos(np.pi * u)),
                                [low]])
        got = schedule(ns["warmup_cosine"], T + 1, T, peak, W, min_lr=low)
        assert_close(got, table, case=f"warm-up + cosine T={T}, W={W}", inputs={"expected": table})


def test_rates_rise_then_never_rise_again_and_stay_in_range(ns):
    for shape in ("linear", "sqrt", "cosine"):
        lr = schedule(ns["wsd"], 40, 40, 1.0, 7, 15, min_lr=0.05, shape=shape)
        assert np.all(np.diff(lr[:7]) > 0), f"{shape}: warm-up must increase, got {preview(lr[:7])}"
        assert np.all(np.diff(lr[6:]) <= 1e-15), f"{shape}: after warm-up the rate must never increase"
        assert lr.min() >= 0.05 - 1e-15 and lr.max() <= 1.0 + 1e-15, f"{shape}: rates outside [min_lr, peak]"
