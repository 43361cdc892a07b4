# --- starter ---
import numpy as np


def softmax_policy(theta):
    """Action probabilities pi = softmax(theta), shape (K,); finite for logits of +-1000."""
    raise NotImplementedError


def reinforce_gradient(theta, actions, rewards, baseline=0.0):
    """REINFORCE estimate of the gradient of J(theta) = E_pi[r]: the mean over samples i of
    (rewards[i] - baseline) * grad_theta log pi(actions[i]). Shape (K,)."""
    raise NotImplementedError


def train_bandit(pull, n_arms, steps, lr=0.1, baseline_decay=0.1, use_baseline=True, seed=0):
    """Gradient ascent with one sampled arm per step.

    rng = np.random.default_rng(seed); theta starts at 0 and the baseline b at 0.
    Each step: a ~ pi(theta) via rng, r = pull(a), theta += lr * reinforce_gradient(theta, [a], [r], b)
    (b replaced by 0 if not use_baseline), then b += baseline_decay * (r - b).
    Returns (theta, b).
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def softmax_policy(theta):
    z = np.asarray(theta, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def reinforce_gradient(theta, actions, rewards, baseline=0.0):
    pi = softmax_policy(theta)
    onehot = np.eye(len(pi))[np.asarray(actions)]                  # (n, K)
    advantage = np.asarray(rewards, dtype=float) - baseline        # (n,)
    # grad_theta log softmax(theta)[a] = onehot(a) - pi
    return np.mean(advantage[:, None] * (onehot - pi), axis=0)


def train_bandit(pull, n_arms, steps, lr=0.1, baseline_decay=0.1, use_baseline=True, seed=0):
    rng = np.random.default_rng(seed)
    theta, b = np.zeros(n_arms), 0.0
    for _ in range(steps):
        a = int(rng.choice(n_arms, p=softmax_policy(theta)))
        r = pull(a)
        theta = theta + lr * reinforce_gradient(theta, [a], [r], b if use_baseline else 0.0)
        b += baseline_decay * (r - b)                              # updated after use: independent of a
    return theta, b
# --- tests ---
import numpy as np

SCORE = "grad_theta log softmax(theta)[a] = onehot(a) - pi"


def exact_terms(ns, theta, mu, b):
    """The single-sample estimate for every action, with its probability (an exact expectation)."""
    pi = np.exp(theta - theta.max())
    pi /= pi.sum()
    grads = np.array([ns["reinforce_gradient"](theta, [a], [mu[a]], b) for a in range(len(theta))])
    return pi, grads


def test_hand_checked_single_sample(ns):
    g = ns["reinforce_gradient"](np.zeros(3), [1], [2.0], baseline=0.5)
    # (2 - 0.5) * ((0, 1, 0) - (1/3, 1/3, 1/3))
    assert_close(g, [-0.5, 1.0, -0.5], case=f"advantage 1.5 times {SCORE}")
    assert_close(ns["softmax_policy"](np.array([0.0, np.log(3.0)])), [0.25, 0.75], case="softmax of (0, ln 3)")


def test_batch_estimates_are_averaged(ns):
    theta = np.array([0.2, -0.1, 0.4])
    g = ns["reinforce_gradient"](theta, [0, 2, 2], [1.0, -2.0, 0.5], baseline=0.1)
    parts = [ns["reinforce_gradient"](theta, [a], [r], baseline=0.1) for a, r in [(0, 1.0), (2, -2.0), (2, 0.5)]]
    assert_close(g, np.mean(parts, axis=0), case="a batch of samples gives the mean of the single-sample estimates")


def test_expected_gradient_is_exact_and_unchanged_by_the_baseline(ns):
    rng = np.random.default_rng(0)
    theta, mu = rng.normal(size=4), rng.normal(size=4)
    J = lambda th: float(np.exp(th - th.max()) @ mu / np.exp(th - th.max()).sum())
    true = np.array([(J(theta + h) - J(theta - h)) / 2e-6 for h in np.eye(4) * 1e-6])
    for b in (0.0, 5.0, -3.0):
        pi, grads = exact_terms(ns, theta, mu, b)
        assert_close(pi @ grads, true, rtol=1e-5, atol=1e-8, case=f"baseline {b}: E[(r - b) grad log pi] must equal "
                     f"dJ/dtheta = pi * (mu - pi . mu); {SCORE}", inputs={"theta": theta, "mu": mu})


def test_a_good_baseline_reduces_the_variance(ns):
    theta, mu = np.array([0.5, 0.0, -0.5]), np.array([10.0, 10.5, 11.0])       # rewards far from 0
    def variance(b):
        pi, grads = exact_terms(ns, theta, mu, b)
        mean = pi @ grads
        return float(pi @ np.sum((grads - mean) ** 2, axis=1))
    pi = np.exp(theta) / np.exp(theta).sum()
    v0, vb = variance(0.0), variance(float(pi @ mu))
    assert vb < v0 / 50, f"with b = E[r] the estimator's variance should drop far below the b = 0 value: {vb:.4g} vs {v0:.4g}"


def test_saturated_logits_stay_finite(ns):
    theta = np.array([1000.0, 0.0, -1000.0])
    assert_close(ns["softmax_policy"](theta), [1.0, 0.0, 0.0], case="softmax of (1000, 0, -1000): subtract the max")
    g = ns["reinforce_gradient"](theta, [1], [1.0])
    assert_close(g, [-1.0, 1.0, 0.0], case=f"saturated policy: {SCORE}")


def test_training_finds_the_best_arm(ns):
    mu = np.array([0.2, 0.5, 0.9, 0.3])
    noise = np.random.default_rng(7)
    theta, b = ns["train_bandit"](lambda a: float(mu[a] + 0.1 * noise.normal()), 4, 1500, lr=0.5, seed=1)
    pi = np.exp(theta - np.max(theta))
    pi /= pi.sum()
    assert pi[2] > 0.9, f"after 1500 pulls the policy should prefer arm 2 (mean 0.9): pi = {np.round(pi, 3)}"
    assert 0.7 < b < 1.0, f"the running-mean baseline should track the recent rewards (about 0.9), got {b}"
