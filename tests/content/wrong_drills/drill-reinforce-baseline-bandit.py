# mistake: onehot(a) - pi
import numpy as np


def softmax_policy(theta):
    z = np.asarray(theta, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def reinforce_gradient(theta, actions, rewards, baseline=0.0):
    onehot = np.eye(len(theta))[np.asarray(actions)]      # treats grad log pi(a) as onehot(a)
    advantage = np.asarray(rewards, dtype=float) - baseline
    return np.mean(advantage[:, None] * onehot, axis=0)


def train_bandit(pull, n_arms, steps, lr=0.1, baseline_decay=0.1, use_baseline=True, seed=0):
    rng = np.random.default_rng(seed)
    theta, b = np.zeros(n_arms), 0.0
    for _ in range(steps):
        a = int(rng.choice(n_arms, p=softmax_policy(theta)))
        r = pull(a)
        theta = theta + lr * reinforce_gradient(theta, [a], [r], b if use_baseline else 0.0)
        b += baseline_decay * (r - b)
    return theta, b
