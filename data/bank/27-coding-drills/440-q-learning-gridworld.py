# --- starter ---
import numpy as np


def q_update(Q, s, a, r, s_next, done, alpha, gamma):
    """One Q-learning update of Q[s, a] in place; returns Q.
    Target r + gamma * max_a' Q[s_next, a'], or just r when done (s_next is terminal)."""
    raise NotImplementedError


def epsilon_greedy(q_row, epsilon, rng):
    """With probability epsilon a uniformly random action (rng.integers), else argmax(q_row)
    (lowest index among ties). Returns an int."""
    raise NotImplementedError


def q_learning(step, n_states, n_actions, start_states, episodes, alpha=0.5, gamma=0.9,
               epsilon=0.2, max_steps=100, seed=0):
    """Tabular Q-learning from Q = 0 with rng = np.random.default_rng(seed).

    Each episode starts in a state drawn uniformly from start_states and runs until
    step(s, a) -> (s_next, reward, done) reports done, or for max_steps steps. Returns Q."""
    raise NotImplementedError


def greedy_policy(Q):
    """Best action per state (lowest index among ties), int array (n_states,)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def q_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r if done else r + gamma * np.max(Q[s_next])     # no bootstrap from a terminal state
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
            q_update(Q, s, a, r, s_next, done, alpha, gamma)   # off-policy: bootstraps with the max
            if done:
                break
            s = s_next
    return Q


def greedy_policy(Q):
    return np.argmax(Q, axis=1).astype(np.int64)
# --- tests ---
import numpy as np

ROWS, COLS, WALLS, TERMINAL = 3, 4, {5}, {3: 1.0, 7: -1.0}
MOVES = [(-1, 0), (0, 1), (1, 0), (0, -1)]                    # up, right, down, left
STARTS = [s for s in range(12) if s not in WALLS and s not in TERMINAL]


def grid_step(s, a):
    """3 x 4 grid, state = 4 * row + col. Goal (0, 3): +1, pit (1, 3): -1, wall (1, 1), -0.04 per move."""
    r, c = divmod(s, COLS)
    nr, nc = r + MOVES[a][0], c + MOVES[a][1]
    if not (0 <= nr < ROWS and 0 <= nc < COLS) or nr * COLS + nc in WALLS:
        nr, nc = r, c                                        # bump: stay put
    s2 = nr * COLS + nc
    return (s2, TERMINAL[s2], True) if s2 in TERMINAL else (s2, -0.04, False)


def value_iteration(step, n_states, n_actions, skip, gamma):
    Q = np.zeros((n_states, n_actions))
    for _ in range(400):
        for s in range(n_states):
            if s in skip:
                continue
            for a in range(n_actions):
                s2, r, done = step(s, a)
                Q[s, a] = r + (0.0 if done else gamma * Q[s2].max())
    return Q


def random_mdp(seed):
    rng = np.random.default_rng(seed)
    nxt, rew = rng.integers(0, 6, size=(6, 3)), rng.normal(size=(6, 3))
    return lambda s, a: (int(nxt[s, a]), float(rew[s, a]), int(nxt[s, a]) >= 4)   # states 4, 5 terminal


def check_optimal(Q, Q_star, states, label):
    Q = np.asarray(Q)
    assert_close(Q.max(axis=1)[states], Q_star.max(axis=1)[states], rtol=0.0, atol=1e-3,
                 case=f"{label}: max_a Q(s, a) must converge to the optimal values from value iteration")
    for s in states:
        a = int(np.argmax(Q[s]))
        assert Q_star[s, a] >= Q_star[s].max() - 1e-9, f"{label}: greedy action {a} in state {s} is not optimal"


def test_hand_checked_update_and_terminal_transitions(ns):
    Q = np.zeros((3, 2))
    Q[0, 1], Q[2] = 1.0, [1.0, 3.0]
    out = ns["q_update"](Q, 0, 1, 0.5, 2, False, 0.5, 0.9)
    assert out is Q, "update Q in place and return it"
    # target 0.5 + 0.9 * 3 = 3.2; Q[0, 1] = 1 + 0.5 * (3.2 - 1) = 2.1
    assert_close(Q, [[0.0, 2.1], [0.0, 0.0], [1.0, 3.0]], case="target r + gamma * max Q[s_next]; only Q[s, a] changes")
    ns["q_update"](Q, 1, 0, 0.5, 2, True, 0.5, 0.9)
    assert_close(Q[1, 0], 0.25, case="done: no bootstrap from a terminal state, the target is r alone (0.5), "
                 "even though Q[s_next] is not zero")


def test_epsilon_greedy_explores_at_the_right_rate(ns):
    rng = np.random.default_rng(0)
    row = np.array([0.0, 2.0, 1.0, 2.0])
    greedy = [ns["epsilon_greedy"](row, 0.0, rng) for _ in range(50)]
    assert set(greedy) == {1}, f"epsilon = 0 must always pick argmax, lowest index among ties (1); got {set(greedy)}"
    picks = np.array([ns["epsilon_greedy"](row, 0.4, rng) for _ in range(4000)])
    freq = np.bincount(picks, minlength=4) / 4000
    assert_close(freq, [0.1, 0.7, 0.1, 0.1], rtol=0.0, atol=0.03,
                 case="epsilon = 0.4: greedy action with 1 - eps + eps / 4, each other with eps / 4")


def test_learns_the_optimal_policy_on_the_grid_world(ns):
    Q_star = value_iteration(grid_step, 12, 4, set(TERMINAL) | WALLS, 0.9)
    Q = ns["q_learning"](grid_step, 12, 4, STARTS, 400, alpha=0.5, gamma=0.9, epsilon=0.3, seed=1)
    check_optimal(Q, Q_star, STARTS, "3 x 4 grid world, gamma 0.9")
    policy = np.asarray(ns["greedy_policy"](Q))
    assert policy.shape == (12,) and np.array_equal(policy, np.argmax(Q, axis=1)), \
        f"greedy_policy must be the argmax per state (lowest index on ties), got {policy}"
    assert policy[8] in (0, 1) and policy[2] == 1, f"from the start (2, 0) go up or right; next to the goal go right: {policy}"


def test_random_mdps_against_value_iteration(ns):
    for mdp in (3, 7):
        step = random_mdp(mdp)
        Q_star = value_iteration(step, 6, 3, {4, 5}, 0.8)
        Q = ns["q_learning"](step, 6, 3, [0, 1, 2, 3], 400, alpha=0.5, gamma=0.8, epsilon=0.5, max_steps=30, seed=2)
        check_optimal(Q, Q_star, [0, 1, 2, 3], f"random deterministic MDP {mdp}, gamma 0.8")


def test_gamma_zero_learns_immediate_rewards(ns):
    Q = ns["q_learning"](grid_step, 12, 4, STARTS, 300, gamma=0.0, epsilon=1.0, max_steps=10, seed=3)
    expected = np.array([[grid_step(s, a)[1] for a in range(4)] for s in STARTS])
    assert_close(np.asarray(Q)[STARTS], expected, atol=1e-6,
                 case="gamma = 0: Q(s, a) converges to the reward of the move (no bootstrapping)")


def test_episodes_stop_at_max_steps(ns):
    calls = []

    def endless(s, a):                                      # a ring with no terminal state
        calls.append(s)
        return (s + 1) % 5, 0.0, False

    Q = ns["q_learning"](endless, 5, 2, [0], 7, max_steps=13, seed=0)
    assert len(calls) == 7 * 13, f"7 episodes of at most 13 steps in an endless task: expected 91 steps, got {len(calls)}"
    assert np.asarray(Q).shape == (5, 2), f"Q must have shape (n_states, n_actions), got {np.shape(Q)}"
