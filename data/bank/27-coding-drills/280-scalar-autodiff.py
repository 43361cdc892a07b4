# --- starter ---
import math


class Value:
    """A scalar that records how it was computed, for reverse-mode differentiation."""

    def __init__(self, data, _children=()):
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_children)
        self._backward = lambda: None

    def __add__(self, other):
        """Value + Value or Value + number."""
        raise NotImplementedError

    def __radd__(self, other):
        """number + Value."""
        raise NotImplementedError

    def __mul__(self, other):
        """Value * Value or Value * number."""
        raise NotImplementedError

    def __rmul__(self, other):
        """number * Value."""
        raise NotImplementedError

    def tanh(self):
        raise NotImplementedError

    def backward(self):
        """Set self.grad = 1 and fill .grad of every Value this one depends on."""
        raise NotImplementedError
# --- solution ---
import math


class Value:
    def __init__(self, data, _children=()):
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_children)
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad            # accumulate: a Value may feed several others
            other.grad += out.grad

        out._backward = _backward
        return out

    def __radd__(self, other):
        return self + other

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __rmul__(self, other):
        return self * other

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def _backward():
            self.grad += (1.0 - t * t) * out.grad

        out._backward = _backward
        return out

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:                         # iterative post-order DFS: children before parents
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev if id(child) not in seen)
        self.grad = 1.0
        for node in reversed(order):         # each node's grad is complete before it propagates
            node._backward()
# --- tests ---
import math

import numpy as np


def test_hand_checked_sum_of_a_product(ns):
    V = ns["Value"]
    a, b, c = V(2.0), V(-3.0), V(10.0)
    d = a * b + c
    d.backward()
    assert_close(d.data, 4.0, case="d = a*b + c = 2*(-3) + 10")
    assert_close([a.grad, b.grad, c.grad, d.grad], [-3.0, 2.0, 1.0, 1.0],
                 case="dd/da = b, dd/db = a, dd/dc = 1, dd/dd = 1")


def test_a_value_used_twice_accumulates_its_gradient(ns):
    V = ns["Value"]
    x = V(3.0)
    y = x * x + x
    y.backward()
    assert_close(x.grad, 7.0, case="y = x*x + x: a value used twice must accumulate (+=) its gradient, 2x + 1 = 7")
    x = V(3.0)
    z = x + x
    z.backward()
    assert_close(x.grad, 2.0, case="z = x + x: a value used twice must accumulate (+=) its gradient")


def test_numbers_on_either_side(ns):
    V = ns["Value"]
    x = V(1.5)
    y = 2 * x + 1
    y.backward()
    assert_close([y.data, x.grad], [4.0, 2.0], case="2 * x + 1 (number on the left: __rmul__, __radd__)")
    x = V(1.5)
    y = x * 2.0 + 1.0
    y.backward()
    assert_close([y.data, x.grad], [4.0, 2.0], case="x * 2.0 + 1.0 (number on the right)")


def test_tanh_value_and_derivative(ns):
    V = ns["Value"]
    x = V(0.5)
    t = x.tanh()
    t.backward()
    assert_close(t.data, math.tanh(0.5), case="tanh(0.5)")
    assert_close(x.grad, 1 - math.tanh(0.5) ** 2, case="d tanh(x)/dx = 1 - tanh(x)^2")


def test_shared_intermediate_needs_topological_order(ns):
    V = ns["Value"]
    x = V(0.7)
    a = x.tanh()
    d = a * a + a * 3.0                       # a reaches d by two paths and has a parent of its own
    d.backward()
    t = math.tanh(0.7)
    assert_close(a.grad, 2 * t + 3, case="dd/da = 2a + 3 (both paths into a)")
    assert_close(x.grad, (2 * t + 3) * (1 - t * t), case="dd/dx: a must receive all its gradient before "
                 "passing it on (process nodes in reverse topological order, each once; accumulate)")


def test_neuron_gradients_match_the_formula(ns):
    V = ns["Value"]
    rng = np.random.default_rng(0)
    xs, ws, b0 = rng.normal(size=3), rng.normal(size=3), 0.2
    w = [V(v) for v in ws]
    b = V(b0)
    out = b
    for wi, xi in zip(w, xs):
        out = out + wi * xi
    out = out.tanh()
    out.backward()
    o = math.tanh(float(ws @ xs) + b0)
    assert_close(out.data, o, case="tanh(w . x + b)")
    assert_close([wi.grad for wi in w], (1 - o * o) * xs, case="d out / d w_i = (1 - out^2) x_i")
    assert_close(b.grad, 1 - o * o, case="d out / d b = 1 - out^2")


def test_random_expression_against_central_differences(ns):
    V = ns["Value"]

    def th(v):
        return v.tanh() if isinstance(v, V) else math.tanh(v)

    def expr(a, b, c):
        e = th(a * b + c)
        f = e * a + 2.0 * e * e + b * (-1.0)
        g = th(f * c) * f + e
        for _ in range(20):                   # a longer chain that reuses a
            g = th(g * 0.9 + a * 0.1)
        return g

    rng = np.random.default_rng(1)
    for trial in range(3):
        point = rng.normal(size=3)
        leaves = [V(v) for v in point]
        out = expr(*leaves)
        out.backward()
        numeric = []
        for i in range(3):
            up, down = point.copy(), point.copy()
            up[i] += 1e-6
            down[i] -= 1e-6
            numeric.append((expr(*up) - expr(*down)) / 2e-6)
        assert_close(out.data, expr(*point), case=f"trial {trial}: forward value")
        assert_close([v.grad for v in leaves], numeric, rtol=1e-5, atol=1e-8,
                     case=f"trial {trial}: gradients against central differences (accumulate, topological order)")
