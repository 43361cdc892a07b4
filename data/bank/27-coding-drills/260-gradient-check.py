# --- starter ---
import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference gradient of the scalar function f at x (float array of any shape).

    Perturbs one entry at a time and leaves x exactly as it was. Returns an array shaped like x.
    """
    raise NotImplementedError


def relative_error(a, b):
    """max |a - b| / max(|a|, |b|, 1e-8), elementwise then the largest; 0.0 for empty arrays."""
    raise NotImplementedError


def check_gradient(f, grad_f, x, eps=1e-6, tol=1e-6):
    """(passed, error): error = relative_error(grad_f(x), numerical_gradient(f, x, eps)), passed = error < tol."""
    raise NotImplementedError


def tanh_layer_loss(W, X, Y):
    """loss = sum((tanh(X @ W) - Y)**2) / (2 N) for X (N, D), W (D, H), Y (N, H). Returns (loss, dW)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + eps
        up = f(x)
        x[idx] = old - eps
        down = f(x)
        x[idx] = old                              # restore the saved value exactly
        grad[idx] = (up - down) / (2 * eps)
    return grad


def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == 0:
        return 0.0
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-8)
    return float(np.max(np.abs(a - b) / scale))


def check_gradient(f, grad_f, x, eps=1e-6, tol=1e-6):
    error = relative_error(grad_f(x), numerical_gradient(f, x, eps))
    return error < tol, error


def tanh_layer_loss(W, X, Y):
    n = X.shape[0]
    h = np.tanh(X @ W)
    r = h - Y
    loss = 0.5 * np.sum(r ** 2) / n
    dW = X.T @ (r * (1 - h ** 2)) / n
    return float(loss), dW
# --- tests ---
import numpy as np


def test_gradient_of_a_cubic(ns):
    x = np.array([1.0, 2.0, -1.0])
    got = ns["numerical_gradient"](lambda v: np.sum(v ** 3), x)
    assert_close(got, [3.0, 12.0, 3.0], atol=1e-6, case="d/dx sum(x^3) = 3x^2", inputs={"x": x})


def test_uses_the_central_difference(ns):
    x = np.array([1.0, -2.0])
    calls = []

    def f(v):
        calls.append(1)
        return float(np.sum(v ** 2))

    got = ns["numerical_gradient"](f, x, eps=1e-3)
    # central differences are exact for a quadratic; the forward difference is off by eps
    assert_close(got, [2.0, -4.0],
                 case="use the central difference (f(x + h) - f(x - h)) / 2h, error O(h^2)", inputs={"x": x})
    assert len(calls) == 4, f"f was called {len(calls)} times for 2 entries: the central difference needs 2 per entry"


def test_works_on_matrices_and_restores_x_exactly(ns):
    rng = np.random.default_rng(0)
    x, c = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    before = x.copy()
    got = ns["numerical_gradient"](lambda v: np.sum(np.sin(v) * c), x)
    assert got.shape == (2, 3), f"gradient shape {got.shape}, expected (2, 3)"
    assert_close(got, np.cos(before) * c, rtol=1e-6, atol=1e-8, case="gradient of sum(sin(x) * c) for x of shape (2, 3)")
    assert np.array_equal(x, before), ("x was changed by the check: save each entry and restore it, "
                                       "instead of adding and subtracting eps (which drifts in float)")


def test_relative_error_on_hand_values(ns):
    assert_close(ns["relative_error"](np.array([1.0, 0.0, 2.0]), np.array([1.1, 0.0, 2.0])), 0.1 / 1.1,
                 case="largest |a - b| / max(|a|, |b|)")
    assert_close(ns["relative_error"](np.zeros(3), np.zeros(3)), 0.0, case="two zero gradients agree")
    assert_close(ns["relative_error"](np.array([1e-10]), np.array([0.0])), 1e-2,
                 case="the denominator is floored at 1e-8")


def test_check_gradient_accepts_right_and_rejects_wrong_gradients(ns):
    x = np.random.default_rng(1).normal(size=5)
    f = lambda v: float(np.sum(np.logaddexp(0, v)))          # noqa: E731 - softplus sum
    right = lambda v: 1 / (1 + np.exp(-v))                   # noqa: E731
    ok, err = ns["check_gradient"](f, right, x.copy())
    assert ok and err < 1e-6, f"the correct softplus gradient failed the check: error {err}"
    ok, err = ns["check_gradient"](f, lambda v: 2 * right(v), x.copy())
    assert not ok, f"a gradient twice too large passed the check (error {err})"
    assert_close(err, 0.5, rtol=1e-4, case="relative error of a gradient twice too large is 1/2")


def test_tanh_layer_gradient_against_finite_differences(ns):
    rng = np.random.default_rng(2)
    X, W, Y = rng.normal(size=(6, 4)), 0.5 * rng.normal(size=(4, 3)), rng.normal(size=(6, 3))
    loss, dW = ns["tanh_layer_loss"](np.zeros((4, 3)), X, Y)
    assert_close(loss, 0.5 * np.sum(Y ** 2) / 6, case="W = 0: tanh(0) = 0, loss = sum(Y^2) / 2N")
    loss, dW = ns["tanh_layer_loss"](W, X, Y)
    expected_loss = 0.5 * np.sum((np.tanh(X @ W) - Y) ** 2) / 6
    assert_close(loss, expected_loss, case="loss = sum((tanh(XW) - Y)^2) / 2N")
    numeric = np.zeros_like(W)
    h = 1e-6
    for i in range(4):
        for j in range(3):
            Wp, Wm = W.copy(), W.copy()
            Wp[i, j] += h
            Wm[i, j] -= h
            numeric[i, j] = (0.5 * np.sum((np.tanh(X @ Wp) - Y) ** 2) - 0.5 * np.sum((np.tanh(X @ Wm) - Y) ** 2)) / (12 * h)
    assert_close(dW, numeric, rtol=1e-5, atol=1e-8, case="dW = X^T [(tanh(XW) - Y) * (1 - tanh^2)] / N")
    ok, err = ns["check_gradient"](lambda w: ns["tanh_layer_loss"](w, X, Y)[0],
                                   lambda w: ns["tanh_layer_loss"](w, X, Y)[1], W.copy())
    assert ok, f"your check_gradient rejects your own tanh layer gradient: relative error {err}"
