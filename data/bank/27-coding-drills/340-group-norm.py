# --- starter ---
import numpy as np


def group_norm(x, num_groups, gamma=None, beta=None, eps=1e-5):
    """Group normalisation of x (N, C, *spatial) with contiguous channel groups.

    Statistics per (sample, group) over the group's channels and all spatial positions,
    biased variance; then per-channel gamma, beta of shape (C,) (None means 1 and 0).
    Raise ValueError if C is not divisible by num_groups.
    """
    raise NotImplementedError


def instance_norm(x, gamma=None, beta=None, eps=1e-5):
    """Instance normalisation: statistics per (sample, channel) over the spatial positions."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def group_norm(x, num_groups, gamma=None, beta=None, eps=1e-5):
    N, C = x.shape[:2]
    if C % num_groups:
        raise ValueError(f"{C} channels cannot be split into {num_groups} groups")
    g = x.reshape(N, num_groups, -1)                # group k holds channels k*C/G ... (k+1)*C/G - 1
    mean = g.mean(axis=2, keepdims=True)
    var = g.var(axis=2, keepdims=True)              # biased (divide by the count), as in PyTorch
    y = ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)
    shape = (1, C) + (1,) * (x.ndim - 2)            # per-channel affine, broadcast over space
    if gamma is not None:
        y = y * np.reshape(gamma, shape)
    if beta is not None:
        y = y + np.reshape(beta, shape)
    return y


def instance_norm(x, gamma=None, beta=None, eps=1e-5):
    return group_norm(x, x.shape[1], gamma, beta, eps)
# --- tests ---
import numpy as np


def loop_group_norm(x, G, gamma, beta, eps):
    N, C = x.shape[:2]
    out = np.empty_like(x)
    per = C // G
    for n in range(N):
        for k in range(G):
            block = x[n, k * per:(k + 1) * per]
            values = block.ravel().tolist()
            m = sum(values) / len(values)
            v = sum((t - m) ** 2 for t in values) / len(values)
            out[n, k * per:(k + 1) * per] = (block - m) / np.sqrt(v + eps)
    shape = (1, C) + (1,) * (x.ndim - 2)
    return out * gamma.reshape(shape) + beta.reshape(shape)


def test_hand_checked_one_group_and_two_groups(ns):
    x = np.array([[[[1.0, 3.0]], [[5.0, 7.0]]]])              # (1, 2, 1, 2)
    one = ns["group_norm"](x, 1, eps=0.0)
    assert_close(one, (x - 4.0) / np.sqrt(5.0), case="one group: mean 4 and biased variance 5 over all values",
                 inputs={"x": x})
    two = ns["group_norm"](x, 2, eps=0.0)
    assert_close(two, [[[[-1.0, 1.0]], [[-1.0, 1.0]]]],
                 case="two groups of one channel: each channel normalised on its own (mean 2 / 6, variance 1)")


def test_groups_are_contiguous_channels(ns):
    x = np.array([[[[0.0, 2.0]], [[0.0, 2.0]], [[10.0, 10.0]], [[0.0, 0.0]]]])   # (1, 4, 1, 2)
    out = ns["group_norm"](x, 2, eps=0.0)
    # group 0 = channels 0, 1: mean 1, std 1; group 1 = channels 2, 3: mean 5, std 5
    expected = [[[[-1.0, 1.0]], [[-1.0, 1.0]], [[1.0, 1.0]], [[-1.0, -1.0]]]]
    assert_close(out, expected, case="groups are contiguous channels: G = 2, C = 4 means {0, 1} and {2, 3}, "
                 "as in x.reshape(N, G, C // G, ...)", inputs={"x": x})


def test_matches_a_loop_reference_with_per_channel_affine(ns):
    rng = np.random.default_rng(0)
    for shape, G in [((2, 6, 3, 2), 3), ((3, 4, 5), 2), ((1, 8, 2, 2), 4)]:
        x = rng.normal(size=shape) * 3 + 1
        gamma, beta = rng.normal(size=shape[1]), rng.normal(size=shape[1])
        assert_close(ns["group_norm"](x, G, gamma, beta), loop_group_norm(x, G, gamma, beta, 1e-5),
                     case=f"x of shape {shape}, {G} groups: contiguous channel groups, biased variance, "
                          "gamma and beta per channel", inputs={"x": x})


def test_one_group_is_layer_norm_and_c_groups_is_instance_norm(ns):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 4, 3, 3))
    flat = x.reshape(2, -1)
    ln = ((flat - flat.mean(1, keepdims=True)) / np.sqrt(flat.var(1, keepdims=True) + 1e-5)).reshape(x.shape)
    assert_close(ns["group_norm"](x, 1), ln, case="G = 1: layer norm over (C, H, W)")
    per = x.reshape(2, 4, -1)
    inn = ((per - per.mean(2, keepdims=True)) / np.sqrt(per.var(2, keepdims=True) + 1e-5)).reshape(x.shape)
    assert_close(ns["instance_norm"](x), inn, case="instance norm: statistics per sample and channel over H, W")
    assert_close(ns["group_norm"](x, 4), inn, case="G = C: group norm equals instance norm")


def test_each_sample_is_normalised_on_its_own_and_invariant_to_group_affine_changes(ns):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 4, 2, 3))
    base = ns["group_norm"](x, 2, eps=0.0)
    other = x.copy()
    other[1] = other[1] * 50 + 7
    assert_close(ns["group_norm"](other, 2, eps=0.0)[0], base[0],
                 case="changing sample 1 must not change sample 0: no statistics across the batch")
    shifted = x.copy()
    shifted[:, 2:] = 3.0 * shifted[:, 2:] - 4.0            # rescale and shift group 1 only
    assert_close(ns["group_norm"](shifted, 2, eps=0.0), base,
                 case="eps = 0: output unchanged by a positive scale and a shift of one whole group")


def test_constant_groups_give_beta_and_instance_norm_on_1x1_maps_erases_the_input(ns):
    beta = np.array([0.5, -1.0, 2.0, 0.0])
    x = np.concatenate([np.full((1, 2, 2, 2), 3.0), np.full((1, 2, 2, 2), -7.0)], axis=1)
    out = ns["group_norm"](x, 2, np.ones(4), beta)
    assert_close(out, np.broadcast_to(beta[None, :, None, None], x.shape),
                 case="a constant group has zero variance: eps keeps it finite and the output is beta")
    rng = np.random.default_rng(3)
    y = ns["instance_norm"](rng.normal(size=(3, 4, 1, 1)), np.ones(4), beta)
    assert_close(y, np.broadcast_to(beta[None, :, None, None], (3, 4, 1, 1)),
                 case="instance norm of 1x1 feature maps: every value is its own mean, so only beta remains")


def test_rejects_channels_not_divisible_by_groups(ns):
    try:
        ns["group_norm"](np.zeros((1, 6, 2, 2)), 4)
    except ValueError:
        return
    raise AssertionError("6 channels in 4 groups must raise ValueError")
