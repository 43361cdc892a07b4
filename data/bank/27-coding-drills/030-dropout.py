# --- starter ---
import numpy as np


def dropout_forward(x, p, train, rng):
    """Inverted dropout with drop probability p. Returns (out, cache)."""
    raise NotImplementedError


def dropout_backward(dout, cache):
    """Gradient of the loss w.r.t. x given the upstream gradient dout."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def dropout_forward(x, p, train, rng):
    if not train or p == 0:
        return x, None
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask


def dropout_backward(dout, cache):
    return dout if cache is None else dout * cache
# --- tests ---
import numpy as np


def test_eval_mode_is_identity(ns):
    x = np.arange(6.0).reshape(2, 3)
    out, cache = ns["dropout_forward"](x, 0.5, False, np.random.default_rng(0))
    assert np.array_equal(out, x), "evaluation mode must return the input unchanged"
    assert np.array_equal(ns["dropout_backward"](np.ones_like(x), cache), np.ones_like(x))


def test_training_keeps_the_expectation(ns):
    x = np.ones(200_000)
    out, _ = ns["dropout_forward"](x, 0.3, True, np.random.default_rng(1))
    kept = out[out != 0]
    assert np.allclose(kept, 1 / 0.7), f"kept units should be scaled to {1 / 0.7:.4f}, got {kept[:3]}"
    assert abs((out == 0).mean() - 0.3) < 0.01, f"dropped share {(out == 0).mean():.3f}, expected 0.3"
    assert abs(out.mean() - 1.0) < 0.01, f"mean {out.mean():.4f}, expected about 1"


def test_backward_uses_the_same_mask(ns):
    x = np.random.default_rng(2).normal(size=(4, 5))
    out, cache = ns["dropout_forward"](x, 0.5, True, np.random.default_rng(3))
    dx = ns["dropout_backward"](np.ones_like(x), cache)
    assert np.array_equal(dx == 0, out == 0), "dropped units must get zero gradient"
    assert np.allclose(dx[dx != 0], 2.0), "kept units pass the gradient scaled by 1/(1-p)"
