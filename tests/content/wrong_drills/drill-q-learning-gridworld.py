# mistake: no bootstrap from a terminal state
import numpy as np


def q_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + gamma * np.max(Q[s_next])                 # ignores done
    Q[s, a] += alpha * (target - Q[s, a])
    return Q


def epsilon_greedy(q_row, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(q_row)))
    return int(np.argmax(q_row))


def q_learning(step, n_states, n_actions, start_states, episodes, alpha=0.5, gamma=0.9,
               epsilon=0.2, max_steps=100, seed=0):
    rng = np.random.default_rng(seed)
    Q = np.zeros((n_states, n_actions))
    for _ in range(episodes):
        s = start_states[rng.integers(len(start_states))]
        for _ in range(max_steps):
            a = epsilon_greedy(Q[s], epsilon, rng)
            s_next, r, done = step(s, a)
            q_update(Q, s, a, r, s_next, done, alpha, gamma)
            if done:
                break
            s = s_next
    return Q


def greedy_policy(Q):
    return np.argmax(Q, axis=1)
