# --- starter ---
import math


def lr_at(step, peak, warmup, total, floor=0.0):
    """Learning rate at step (0-based): linear warm-up, then cosine decay to floor."""
    raise NotImplementedError
# --- solution ---
import math


def lr_at(step, peak, warmup, total, floor=0.0):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - 1 - warmup)
    return floor + 0.5 * (peak - floor) * (1 + math.cos(math.pi * progress))
# --- tests ---
import math


def test_warmup_is_linear_and_reaches_the_peak(ns):
    rates = [ns["lr_at"](s, 1e-3, 10, 100) for s in range(10)]
    assert math.isclose(rates[0], 1e-4), f"first rate {rates[0]}, expected 1e-4"
    assert math.isclose(rates[9], 1e-3), f"last warm-up rate {rates[9]}, expected the peak 1e-3"
    steps = [b - a for a, b in zip(rates, rates[1:])]
    assert all(math.isclose(d, 1e-4) for d in steps), "warm-up must grow by equal steps"


def test_cosine_ends_at_the_floor_and_is_monotone(ns):
    rates = [ns["lr_at"](s, 1.0, 10, 110, floor=0.1) for s in range(10, 110)]
    assert math.isclose(rates[0], 1.0), f"decay must start at the peak, got {rates[0]}"
    assert math.isclose(rates[-1], 0.1), f"last rate {rates[-1]}, expected the floor 0.1"
    assert math.isclose(rates[50], 0.1 + 0.45 * (1 + math.cos(math.pi * 50 / 99))), "midpoint value"
    assert all(b <= a for a, b in zip(rates, rates[1:])), "cosine phase must not increase"
