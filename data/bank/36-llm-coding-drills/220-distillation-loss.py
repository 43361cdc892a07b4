# --- starter ---
import numpy as np


def distillation_loss(student_logits, teacher_logits, labels, temperature=2.0, alpha=0.5):
    """student_logits, teacher_logits: (N, C); labels: (N,) ints.
    loss = alpha * T^2 * mean_n KL(softmax(teacher/T) || softmax(student/T))
           + (1 - alpha) * mean_n CE(softmax(student), labels).
    Return (loss as a float, gradient of loss w.r.t. student_logits of shape (N, C))."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def distillation_loss(student_logits, teacher_logits, labels, temperature=2.0, alpha=0.5):
    s = np.asarray(student_logits, dtype=float)
    t = np.asarray(teacher_logits, dtype=float)
    n = s.shape[0]
    T = temperature
    log_q_s, log_q_t = log_softmax(s / T), log_softmax(t / T)
    q_s, q_t = np.exp(log_q_s), np.exp(log_q_t)
    soft = T ** 2 * np.sum(q_t * (log_q_t - log_q_s)) / n           # T^2 keeps its gradient scale
    log_p = log_softmax(s)
    hard = -np.mean(log_p[np.arange(n), labels])
    loss = alpha * soft + (1 - alpha) * hard
    onehot = np.eye(s.shape[1])[labels]
    grad = alpha * T * (q_s - q_t) / n + (1 - alpha) * (np.exp(log_p) - onehot) / n
    return float(loss), grad
# --- tests ---
import math

import numpy as np

T2 = "multiply the soft term by T^2 (Hinton et al.) so that its gradient does not shrink like 1/T^2"


def ref_loss(s, t, y, T, alpha):
    """Slow reference: loops with math.exp / math.log."""
    n, c = s.shape
    soft = hard = 0.0
    def log_probs(z, temp):
        m = max(z) / temp
        lse = m + math.log(sum(math.exp(v / temp - m) for v in z))
        return [v / temp - lse for v in z]
    for i in range(n):
        lqs, lqt, lp = log_probs(s[i], T), log_probs(t[i], T), log_probs(s[i], 1.0)
        soft += sum(math.exp(a) * (a - b) for a, b in zip(lqt, lqs))
        hard += -lp[y[i]]
    return alpha * T * T * soft / n + (1 - alpha) * hard / n


def batch(seed, n=4, c=5, scale=2.0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, c)) * scale, rng.normal(size=(n, c)) * scale, rng.integers(0, c, size=n)


def test_hand_worked_two_classes(ns):
    s = np.zeros((1, 2))
    loss, grad = ns["distillation_loss"](s, s.copy(), np.array([0]), temperature=3.0, alpha=0.5)
    assert_close(loss, 0.5 * math.log(2), case="student == teacher: soft term 0; hard term -log(1/2); alpha = 0.5")
    assert_close(grad, [[-0.25, 0.25]], case="gradient = (1 - alpha) (softmax(s) - onehot) = 0.5 [0.5 - 1, 0.5]")
    t = np.array([[math.log(3.0), 0.0]])                 # teacher at T = 1: [0.75, 0.25]
    loss, grad = ns["distillation_loss"](s, t, np.array([0]), temperature=1.0, alpha=1.0)
    assert_close(loss, 0.75 * math.log(1.5) + 0.25 * math.log(0.5),
                 case="alpha = 1, T = 1: KL([0.75, 0.25] || [0.5, 0.5]) = 0.1308")
    assert_close(grad, [[-0.25, 0.25]], case="alpha = 1, T = 1: gradient q_s - q_t = [0.5 - 0.75, 0.5 - 0.25]")


def test_soft_term_vanishes_when_the_student_matches_the_teacher(ns):
    s, _, y = batch(0)
    shift = np.random.default_rng(1).normal(size=(4, 1)) * 5
    for T in (1.0, 2.0, 8.0):
        loss, grad = ns["distillation_loss"](s, s + shift, y, temperature=T, alpha=1.0)
        assert_close(loss, 0.0, atol=1e-10, case=f"T = {T}: identical distributions (logits differ by a per-row constant) give KL 0")
        assert_close(grad, np.zeros_like(s), atol=1e-10, case=f"T = {T}: and a zero soft gradient")


def test_matches_a_slow_reference_on_a_seeded_batch(ns):
    for seed, T, alpha in [(2, 2.0, 0.5), (3, 4.0, 0.9), (4, 1.0, 0.0)]:
        s, t, y = batch(seed)
        loss, _ = ns["distillation_loss"](s, t, y, temperature=T, alpha=alpha)
        assert_close(loss, ref_loss(s, t, y, T, alpha),
                     case=f"T = {T}, alpha = {alpha}: alpha T^2 KL(teacher || student) + (1 - alpha) CE, both means over the batch; {T2}")


def test_gradient_matches_finite_differences(ns):
    s, t, y = batch(5, n=3, c=4)
    _, grad = ns["distillation_loss"](s, t, y, temperature=3.0, alpha=0.7)
    num = np.zeros_like(s)
    h = 1e-5
    for idx in np.ndindex(*s.shape):
        up, down = s.copy(), s.copy()
        up[idx] += h
        down[idx] -= h
        num[idx] = (ns["distillation_loss"](up, t, y, 3.0, 0.7)[0] - ns["distillation_loss"](down, t, y, 3.0, 0.7)[0]) / (2 * h)
    assert_close(grad, num, rtol=1e-5, atol=1e-8, case="gradient against central differences of your own loss")
    assert_close(grad, ref_grad(s, t, y, 3.0, 0.7), case=f"gradient: alpha T (q_s - q_t) / N + (1 - alpha)(p - onehot) / N; {T2}")


def ref_grad(s, t, y, T, alpha):
    def sm(z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    n = len(s)
    return alpha * T * (sm(s / T) - sm(t / T)) / n + (1 - alpha) * (sm(s) - np.eye(s.shape[1])[y]) / n


def test_the_t_squared_factor_keeps_the_soft_gradient_scale(ns):
    s, t, y = batch(6, scale=1.0)
    n, c = s.shape
    centred = (s - s.mean(axis=1, keepdims=True)) - (t - t.mean(axis=1, keepdims=True))
    limit = centred / (c * n)                              # T (q_s - q_t) / N  ->  (centred difference) / (C N)
    _, grad = ns["distillation_loss"](s, t, y, temperature=1000.0, alpha=1.0)
    assert_close(grad, limit, rtol=1e-2, atol=1e-6,
                 case=f"T = 1000: the soft gradient tends to matching centred logits, (z_s - z_t, centred) / (C N); {T2}")


def test_large_logits_stay_finite(ns):
    s, t, y = batch(7, scale=500.0)
    loss, grad = ns["distillation_loss"](s, t, y, temperature=2.0, alpha=0.5)
    assert np.isfinite(loss) and np.all(np.isfinite(grad)), f"logits of size 500 gave loss {loss}: use log-softmax"
    assert_close(loss, ref_loss(s, t, y, 2.0, 0.5), rtol=1e-6, case="logits of size 500: log-softmax, not log(softmax)")
