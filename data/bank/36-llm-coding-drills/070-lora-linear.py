# --- starter ---
import numpy as np


def lora_init(d_in, d_out, r, rng):
    """Return (A, B): A ~ N(0, 1/d_in) of shape (r, d_in), B = zeros (d_out, r)."""
    raise NotImplementedError


def lora_forward(x, W, A, B, alpha):
    """x: (..., d_in); W: (d_out, d_in). Return x @ W.T + (alpha / r) * x @ A.T @ B.T."""
    raise NotImplementedError


def lora_grads(x, W, A, B, alpha, grad_out):
    """x: (N, d_in); grad_out = dL/dy: (N, d_out). Return (dA, dB)."""
    raise NotImplementedError


def lora_merge(W, A, B, alpha):
    """Return W + (alpha / r) * B @ A."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def lora_init(d_in, d_out, r, rng):
    A = rng.normal(0.0, 1.0 / np.sqrt(d_in), size=(r, d_in))
    B = np.zeros((d_out, r))
    return A, B


def lora_forward(x, W, A, B, alpha):
    scale = alpha / A.shape[0]
    return x @ W.T + scale * (x @ A.T) @ B.T


def lora_grads(x, W, A, B, alpha, grad_out):
    scale = alpha / A.shape[0]
    h = x @ A.T                                  # (N, r)
    dB = scale * grad_out.T @ h                  # (d_out, r)
    dA = scale * (grad_out @ B).T @ x            # (r, d_in)
    return dA, dB


def lora_merge(W, A, B, alpha):
    return W + (alpha / A.shape[0]) * B @ A
# --- tests ---
import numpy as np

SCALE = "the update is scaled by alpha / r (a factor r too large means the / r was forgotten)"


def reference_forward(x, W, A, B, alpha):
    r = A.shape[0]
    flat = x.reshape(-1, x.shape[-1])
    out = np.zeros((flat.shape[0], W.shape[0]))
    for n, row in enumerate(flat):
        for o in range(W.shape[0]):
            low = sum(B[o, j] * sum(A[j, i] * row[i] for i in range(len(row))) for j in range(r))
            out[n, o] = sum(W[o, i] * row[i] for i in range(len(row))) + alpha / r * low
    return out.reshape(*x.shape[:-1], W.shape[0])


def test_the_hand_worked_rank_two_case(ns):
    W, A, B = np.array([[0.5, -1.0]]), np.eye(2), np.array([[1.0, 1.0]])
    got = ns["lora_forward"](np.array([[1.0, 2.0]]), W, A, B, 4.0)
    assert_close(got, [[4.5]], case=f"alpha=4, r=2, x=[1, 2]: -1.5 + 2 * 3; {SCALE}")
    assert_close(ns["lora_merge"](W, A, B, 4.0), [[2.5, 1.0]], case=f"merged weight W + 2 * B A; {SCALE}")


def test_initialisation_leaves_the_layer_unchanged_and_only_b_gets_a_gradient(ns):
    rng = np.random.default_rng(0)
    A, B = ns["lora_init"](6, 4, 3, rng)
    assert np.shape(A) == (3, 6) and np.shape(B) == (4, 3), f"A {np.shape(A)}, B {np.shape(B)}: want (3, 6), (4, 3)"
    assert np.all(np.asarray(B) == 0), "B must start at zero so the adapter is a no-op"
    assert 0.2 < np.std(A) * np.sqrt(6) < 3.0, f"A must be random with std about 1/sqrt(d_in), got std {np.std(A):.3g}"
    x, W, g = rng.normal(size=(5, 6)), rng.normal(size=(4, 6)), rng.normal(size=(5, 4))
    assert_close(ns["lora_forward"](x, W, A, B, 16.0), x @ W.T, case="at initialisation the layer is x @ W.T")
    dA, dB = ns["lora_grads"](x, W, A, B, 16.0, g)
    assert_close(dA, np.zeros((3, 6)), case="dL/dA is proportional to B, so it is 0 at initialisation")
    assert np.abs(np.asarray(dB)).max() > 1e-3, "dL/dB must be non-zero at initialisation"


def test_matches_a_loop_with_leading_batch_axes(ns):
    rng = np.random.default_rng(1)
    x, W = rng.normal(size=(2, 3, 5)), rng.normal(size=(4, 5))
    A, B = rng.normal(size=(2, 5)), rng.normal(size=(4, 2))
    assert_close(ns["lora_forward"](x, W, A, B, 8.0), reference_forward(x, W, A, B, 8.0),
                 case=f"seeded x (2, 3, 5), r=2, alpha=8; {SCALE}", inputs={"x": x})


def test_gradients_match_finite_differences(ns):
    rng = np.random.default_rng(2)
    x, W, g = rng.normal(size=(4, 5)), rng.normal(size=(3, 5)), rng.normal(size=(4, 3))
    A, B = rng.normal(size=(2, 5)), rng.normal(size=(3, 2))
    alpha, h = 6.0, 1e-5

    def loss(A_, B_):
        return float(np.sum(reference_forward(x, W, A_, B_, alpha) * g))

    num_a, num_b = np.zeros_like(A), np.zeros_like(B)
    for idx in np.ndindex(A.shape):
        e = np.zeros_like(A); e[idx] = h
        num_a[idx] = (loss(A + e, B) - loss(A - e, B)) / (2 * h)
    for idx in np.ndindex(B.shape):
        e = np.zeros_like(B); e[idx] = h
        num_b[idx] = (loss(A, B + e) - loss(A, B - e)) / (2 * h)
    dA, dB = ns["lora_grads"](x, W, A, B, alpha, g)
    assert_close(dA, num_a, rtol=1e-5, atol=1e-6, case=f"dL/dA against central differences; {SCALE}")
    assert_close(dB, num_b, rtol=1e-5, atol=1e-6, case=f"dL/dB against central differences; {SCALE}")


def test_the_merged_weight_reproduces_the_adapter_forward(ns):
    rng = np.random.default_rng(3)
    x, W = rng.normal(size=(6, 8)), rng.normal(size=(5, 8))
    A, B = rng.normal(size=(3, 8)), rng.normal(size=(5, 3))
    merged = ns["lora_merge"](W, A, B, 12.0)
    assert_close(x @ np.asarray(merged).T, ns["lora_forward"](x, W, A, B, 12.0),
                 case="x @ merged.T equals the unmerged adapter forward")
    assert np.linalg.matrix_rank(np.asarray(merged) - W) <= 3, "merged - W must have rank at most r = 3"
