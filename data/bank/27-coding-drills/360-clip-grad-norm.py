# --- starter ---
import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0, eps=1e-6):
    """Clip a list of gradient arrays by their global norm, like torch.nn.utils.clip_grad_norm_.

    total = p-norm of all entries of all arrays together (norm_type may be float('inf')).
    If max_norm / (total + eps) < 1, every array is multiplied by that factor.
    Returns (list of new arrays, total norm before clipping as a float).
    Raise ValueError if the total norm is not finite. Do not modify the inputs.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0, eps=1e-6):
    grads = [np.asarray(g, dtype=float) for g in grads]
    if not grads:
        return [], 0.0
    if norm_type == float("inf"):
        total = max((float(np.max(np.abs(g))) for g in grads if g.size), default=0.0)
    else:
        # per-tensor norms first, then the norm of those norms: same as concatenating everything
        per_tensor = [np.sum(np.abs(g) ** norm_type) for g in grads]
        total = float(np.sum(per_tensor) ** (1.0 / norm_type))
    if not np.isfinite(total):
        raise ValueError(f"the total gradient norm is {total}")
    coef = min(max_norm / (total + eps), 1.0)
    return [g * coef for g in grads], total
# --- tests ---
import numpy as np


def test_hand_checked_three_four_five(ns):
    grads = [np.array([3.0, 4.0]), np.array([[0.0]])]
    clipped, total = ns["clip_grad_norm"](grads, 1.0)
    assert_close(total, 5.0, case="total norm of (3, 4, 0) is 5")
    coef = 1.0 / (5.0 + 1e-6)
    assert_close(clipped[0], [3.0 * coef, 4.0 * coef], case="scaled by max_norm / (total + 1e-6)")
    assert_close(clipped[1], [[0.0]], case="shape of each array is kept")


def test_gradients_below_the_threshold_are_unchanged(ns):
    grads = [np.array([3.0, 4.0]), np.array(0.5)]
    clipped, total = ns["clip_grad_norm"](grads, 10.0)
    assert_close(total, np.sqrt(25.25), case="total norm is returned even when nothing is clipped")
    for got, g in zip(clipped, grads):
        assert_close(got, g, case="norm below max_norm: the factor is capped at 1, gradients unchanged")


def test_one_global_norm_scales_every_tensor_by_the_same_factor(ns):
    big, small = np.array([30.0, 40.0]), np.array([0.3, 0.4])
    clipped, total = ns["clip_grad_norm"]([big, small], 5.0)
    norm = np.sqrt(2500.25)
    assert_close(total, norm, case="global norm over all tensors together, sqrt(50^2 + 0.5^2)")
    coef = 5.0 / (norm + 1e-6)
    assert_close(clipped[0], big * coef, case="global norm: the large tensor is scaled by max_norm / total")
    assert_close(clipped[1], small * coef, case="global norm, not per tensor: the small tensor (norm 0.5 "
                 "< max_norm) must be scaled by the same factor, keeping the update's direction")


def test_random_shapes_against_concatenation(ns):
    rng = np.random.default_rng(0)
    shapes = [(3, 4), (5,), (), (0,), (2, 2, 2)]
    grads = [rng.normal(size=s) * 3 for s in shapes]
    before = [g.copy() for g in grads]
    flat = np.concatenate([g.ravel() for g in grads])
    for max_norm in (0.1, 2.0, 100.0):
        clipped, total = ns["clip_grad_norm"](grads, max_norm)
        assert_close(total, np.linalg.norm(flat), case="total norm equals the norm of all entries concatenated")
        coef = min(1.0, max_norm / (np.linalg.norm(flat) + 1e-6))
        for got, g, s in zip(clipped, grads, shapes):
            assert_close(got, g * coef, case=f"max_norm = {max_norm}, array of shape {s}")
        new_norm = np.linalg.norm(np.concatenate([np.ravel(c) for c in clipped]))
        assert new_norm <= max_norm + 1e-9, f"after clipping the global norm is {new_norm} > max_norm {max_norm}"
    for g, b in zip(grads, before):
        assert np.array_equal(g, b), "the input gradients were modified: return new arrays"


def test_infinity_and_one_norms(ns):
    grads = [np.array([1.0, -7.0]), np.array([[2.0, 3.0]])]
    clipped, total = ns["clip_grad_norm"](grads, 3.5, norm_type=float("inf"))
    assert_close(total, 7.0, case="norm_type = inf: the largest absolute entry over all arrays")
    assert_close(clipped[0], grads[0] * 3.5 / (7.0 + 1e-6), case="inf norm: scaled by max_norm / (max |g| + eps)")
    clipped, total = ns["clip_grad_norm"](grads, 1.3, norm_type=1.0)
    assert_close(total, 13.0, case="norm_type = 1: the sum of absolute values over all arrays")
    assert_close(clipped[1], grads[1] * 1.3 / (13.0 + 1e-6), case="1-norm: scaled by max_norm / (total + eps)")


def test_empty_list_and_non_finite_gradients(ns):
    clipped, total = ns["clip_grad_norm"]([], 1.0)
    assert list(clipped) == [] and total == 0.0, f"empty list: expected ([], 0.0), got ({clipped}, {total})"
    for bad in (np.array([1.0, np.inf]), np.array([np.nan, 0.0])):
        try:
            ns["clip_grad_norm"]([np.ones(2), bad], 1.0)
        except ValueError:
            continue
        raise AssertionError(f"a gradient containing {bad} gives a non-finite total norm: raise ValueError")
