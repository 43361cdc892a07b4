"""The math of the second set of explorers against closed forms and references."""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz import registry
from studyapp.viz.explorers import (
    attention,
    bias_variance,
    clt,
    conv_arithmetic,
    decoding,
    diffusion,
    gumbel,
    loss_functions,
    normalization_axes,
    pca_power,
    positional,
    regularization_paths,
    rnn_gradients,
    sampling,
)


# --- convolution arithmetic -----------------------------------------------------------------
@pytest.mark.parametrize(("n", "k", "s", "p", "d", "expected"), [
    (32, 3, 1, 1, 1, 32), (32, 3, 2, 1, 1, 16), (7, 3, 1, 0, 1, 5), (9, 3, 1, 0, 2, 5),
    (224, 7, 2, 3, 1, 112), (5, 7, 1, 0, 1, -1)])
def test_conv_output_sizes(n, k, s, p, d, expected):
    assert conv_arithmetic.output_size(n, k, s, p, d) == expected


def test_transposed_convolution_inverts_the_size_mapping():
    for n, k, s, p in [(4, 4, 2, 1), (16, 3, 2, 1), (7, 5, 3, 2)]:
        down = conv_arithmetic.output_size(n, k, s, p)
        up = conv_arithmetic.output_size(down, k, s, p, transposed=True)
        assert 0 <= n - up < s                     # equal up to the stride's rounding
    assert conv_arithmetic.output_size(4, 4, 2, 1, transposed=True) == 8


def test_conv_counts():
    assert conv_arithmetic.param_count(3, 64, 128) == 3 * 3 * 64 * 128 + 128
    assert conv_arithmetic.multiply_adds(56, 3, 64, 64) == 56 * 56 * 64 * 9 * 64
    cells = conv_arithmetic.window_cells(1, 2, 3, 2, 2)
    assert cells[0] == (2, 4) and cells[-1] == (6, 8)


def test_conv_shapes_match_torch():
    torch = pytest.importorskip("torch")
    for n, k, s, p, d in [(11, 3, 2, 1, 1), (20, 5, 3, 2, 2), (8, 1, 1, 0, 1)]:
        out = torch.nn.Conv2d(2, 4, k, s, p, d)(torch.zeros(1, 2, n, n)).shape[-1]
        assert out == conv_arithmetic.output_size(n, k, s, p, d)
        up = torch.nn.ConvTranspose2d(2, 4, k, s, p, dilation=d)(torch.zeros(1, 2, n, n))
        assert up.shape[-1] == conv_arithmetic.output_size(n, k, s, p, d, transposed=True)


# --- attention ------------------------------------------------------------------------------
def test_attention_rows_mask_and_scale():
    q, k = attention.random_heads(6, 64, 1, 0)[0]
    w = attention.attention_weights(q, k, scale=True, causal=True)
    assert np.allclose(w.sum(axis=1), 1) and np.all(np.triu(w, 1) == 0)
    assert w[0, 0] == 1.0                           # the first query can only see itself
    sharp = attention.attention_weights(q, k, scale=False).max(axis=1).mean()
    soft = attention.attention_weights(q, k, scale=True).max(axis=1).mean()
    assert sharp > soft


def test_attention_matches_torch_sdpa():
    torch = pytest.importorskip("torch")
    q, k = attention.random_heads(5, 8, 1, 3)[0]
    v = np.eye(5)
    ref = torch.nn.functional.scaled_dot_product_attention(
        torch.tensor(q)[None], torch.tensor(k)[None], torch.tensor(v)[None], is_causal=True)
    assert np.allclose(ref[0].numpy(), attention.attention_weights(q, k, True, True), atol=1e-12)


# --- positional encodings -------------------------------------------------------------------
def test_sinusoidal_formula_and_rope_relative_property():
    pe = positional.sinusoidal(10, 8)
    assert np.isclose(pe[3, 2], math.sin(3 / 10000 ** (2 / 8)))
    assert np.isclose(pe[3, 5], math.cos(3 / 10000 ** (4 / 8)))
    rng = np.random.default_rng(0)
    q, k = rng.normal(size=16), rng.normal(size=16)
    score = lambda m, n: positional.rope(q, m) @ positional.rope(k, n)
    assert np.isclose(score(7, 3), score(14, 10)) and np.isclose(score(0, 5), score(20, 25))
    assert np.isclose(np.linalg.norm(positional.rope(q, 9)), np.linalg.norm(q))


# --- decoding -------------------------------------------------------------------------------
def test_decoding_strategies():
    greedy = decoding.greedy(8)
    assert decoding.words(greedy) == "the cat sat on the cat sat on"
    assert decoding.beam_search(1, 8) == greedy
    assert decoding.log_prob(decoding.beam_search(4, 8)) >= decoding.log_prob(greedy) - 1e-12
    p = decoding.next_distribution(decoding.VOCAB.index("the"), top_k=2)
    assert np.count_nonzero(p) == 2 and np.isclose(p.sum(), 1)
    rng = np.random.default_rng(0)
    cold = decoding.sample(8, 0.01, 0, 1.0, rng)
    assert cold == greedy                            # T → 0 is greedy


# --- diffusion ------------------------------------------------------------------------------
def test_diffusion_schedules():
    lin = diffusion.betas("linear", 1000)
    assert np.isclose(lin[0], 1e-4) and np.isclose(lin[-1], 0.02)
    ab = diffusion.alpha_bar("cosine", 1000)
    t = np.arange(1, 1001) / 1000
    f = np.cos((t + 0.008) / 1.008 * np.pi / 2) ** 2 / math.cos(0.008 / 1.008 * np.pi / 2) ** 2
    assert np.allclose(ab[:-5], f[:-5], atol=1e-6)   # equal until the 0.999 clip bites
    assert diffusion.alpha_bar("linear", 1000)[499] < ab[499]
    x0 = np.full((200_000, 2), 1.0)
    noise = np.random.default_rng(0).normal(size=x0.shape)
    xt = diffusion.noised(x0, 0.36, noise)
    assert abs(xt.mean() - 0.6) < 0.01 and abs(xt.var() - 0.64) < 0.01


# --- bias and variance ----------------------------------------------------------------------
def test_bias_variance_decomposition_and_double_descent():
    fits, _, _ = bias_variance.polynomial_fits(1, 20, 0.3)
    low = bias_variance.decomposition(fits, 0.3)
    fits4, _, _ = bias_variance.polynomial_fits(4, 20, 0.3)
    mid = bias_variance.decomposition(fits4, 0.3)
    assert low["bias2"] > mid["bias2"] and low["variance"] < mid["variance"]
    grid_error = np.mean((fits4 - bias_variance.target(bias_variance.GRID)) ** 2)
    assert np.isclose(grid_error, mid["bias2"] + mid["variance"])   # the identity, exactly
    curve = bias_variance.double_descent(20, 0.3)
    assert np.argmax(curve) == 19                     # the peak at p = n
    assert curve[-1] < curve[0]                       # and a second descent below the start


# --- L1 and L2 ------------------------------------------------------------------------------
def test_ridge_closed_form_and_lasso_soft_threshold():
    a = np.eye(2)
    w_star = np.array([2.0, 0.6])
    assert np.allclose(regularization_paths.ridge(w_star, a, 1.0), w_star / 2)
    assert np.allclose(regularization_paths.lasso(w_star, a, 0.5), [1.5, 0.1])
    assert np.allclose(regularization_paths.lasso(w_star, a, 0.7), [1.3, 0.0])
    a = regularization_paths.quadratic(w_star, 0.5)
    w = regularization_paths.lasso(w_star, a, 0.3)
    grad = a @ (w - w_star)                           # KKT: |grad_j| ≤ λ, = λ where w_j ≠ 0
    assert np.all(np.abs(grad) <= 0.3 + 1e-9)
    assert np.allclose(grad[w != 0], -0.3 * np.sign(w[w != 0]))


# --- losses ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", loss_functions.REGRESSION + loss_functions.CLASSIFICATION)
def test_loss_gradients_match_finite_differences(name):
    r = np.array([-2.3, -0.4, 0.37, 1.7, 2.9])
    h = 1e-6
    grad = loss_functions.loss_and_grad(name, r, 0.8, 1.5)[1]
    numeric = (loss_functions.loss_and_grad(name, r + h, 0.8, 1.5)[0]
               - loss_functions.loss_and_grad(name, r - h, 0.8, 1.5)[0]) / (2 * h)
    assert np.allclose(grad, numeric, atol=1e-5)


def test_focal_with_gamma_zero_is_cross_entropy():
    r = np.linspace(-3, 3, 7)
    assert np.allclose(loss_functions.loss_and_grad("focal", r, gamma=0.0)[0],
                       loss_functions.loss_and_grad("bce", r)[0])


# --- normalization --------------------------------------------------------------------------
def test_normalization_statistics():
    x = normalization_axes.sample_batch(4, 8, seed=1)
    for kind, axes in [("batch", (0, 2, 3)), ("layer", (1, 2, 3)), ("instance", (2, 3))]:
        y = normalization_axes.normalize(x, kind)
        assert np.allclose(y.mean(axis=axes), 0, atol=1e-9)
        assert np.allclose(y.var(axis=axes), 1, atol=1e-3)
    g = normalization_axes.normalize(x, "group", groups=2).reshape(4, 2, 4, 4, 4)
    assert np.allclose(g.mean(axis=(2, 3, 4)), 0, atol=1e-9)
    assert normalization_axes.shared_cells("group", 4, 8, 2, 1, 5) == [(1, j) for j in range(4, 8)]


def test_normalization_matches_torch():
    torch = pytest.importorskip("torch")
    x = normalization_axes.sample_batch(4, 8, seed=2)
    t = torch.tensor(x)
    refs = {
        "batch": torch.nn.BatchNorm2d(8, affine=False, dtype=torch.float64)(t),
        "layer": torch.nn.LayerNorm([8, 4, 4], elementwise_affine=False, dtype=torch.float64)(t),
        "instance": torch.nn.InstanceNorm2d(8, dtype=torch.float64)(t),
        "group": torch.nn.GroupNorm(2, 8, affine=False, dtype=torch.float64)(t),
    }
    for kind, ref in refs.items():
        assert np.allclose(normalization_axes.normalize(x, kind, 2), ref.detach().numpy(),
                           atol=1e-6), kind
    bn = torch.nn.BatchNorm2d(8, affine=False, dtype=torch.float64)
    batches = np.stack([normalization_axes.sample_batch(8, 8, seed=s) for s in range(5)])
    for b in batches:
        bn(torch.tensor(b))
    mean, var = normalization_axes.running_stats(batches)
    assert np.allclose(bn.running_mean.numpy(), mean) and np.allclose(bn.running_var.numpy(), var)


# --- gradients through time -----------------------------------------------------------------
def test_linear_orthogonal_rnn_gradient_is_exactly_geometric():
    norms = rnn_gradients.gradient_norms(0.9, "linear", 30)
    assert np.allclose(norms, 0.9 ** np.arange(31))
    assert rnn_gradients.gradient_norms(1.0, "tanh", 30)[-1] < 1.0
    g = np.array([3.0, 4.0])
    assert np.allclose(rnn_gradients.clip(g, "norm", 1.0), [0.6, 0.8])
    assert np.allclose(rnn_gradients.clip(g, "value", 1.0), [1.0, 1.0])
    assert np.allclose(rnn_gradients.clip(g, "norm", 10.0), g)


def test_rnn_radius_drag_blits_the_curve_and_clipping_controls_the_arrows():
    e = registry.get("rnn-gradients")()
    params = e.defaults()
    e.build(Figure(), params)
    assert e.update({**params, "radius": 1.1}) == [e.curve]
    assert np.array_equal(e.curve.get_ydata(), np.clip(
        rnn_gradients.gradient_norms(1.1, params["activation"], params["steps"]), 1e-12, 1e12))
    assert e.update({**params, "radius": 1.1, "gx": 1.0}) == [e.raw, e.clipped, e.box]
    assert e.raw.xy == (1.0, params["gy"])


# --- sampling -------------------------------------------------------------------------------
def test_sampling_methods():
    rng = np.random.default_rng(0)
    x = sampling.inverse_transform_exponential(rng.random(200_000), 2.0)
    assert abs(x.mean() - 0.5) < 0.005
    _, _, ok, m = sampling.rejection(200_000, 2.0, rng)
    assert abs(ok.mean() - 1 / m) < 0.01
    grid = np.linspace(-6, 6, 4001)
    assert np.isclose(np.trapezoid(sampling.target_pdf(grid), grid), 1, atol=1e-4)
    estimate, ess = sampling.importance_estimate(200_000, 2.5, rng)
    assert abs(estimate - sampling.TRUE_SECOND_MOMENT) < 0.05 and ess > 20_000
    inside = np.hypot(*sampling.disc_points(100_000, True, rng).T) < 0.5
    assert abs(inside.mean() - 0.25) < 0.01


def test_sampling_drag_of_n_blits_the_samples_drawn_from_the_seed():
    e = registry.get("sampling")()
    params = {**e.defaults(), "method": "rejection", "n": 800, "seed": 3}
    e.build(Figure(), params)
    changed = e.update({**params, "n": 900})
    assert changed == [e.accepted, e.rejected]              # the proposal stays put
    x, height, ok, _ = sampling.rejection(900, params["scale"], np.random.default_rng(3))
    assert np.array_equal(e.accepted.get_xdata(), x[ok])    # the samples the read-outs count
    assert np.array_equal(e.rejected.get_ydata(), height[~ok])
    assert e.update({**params, "n": 900, "scale": 3.0})[0] is e.proposal
    assert np.allclose(e.proposal.get_ydata(),
                       sampling.envelope(3.0) * sampling.normal_pdf(sampling.X, 0, 3.0))


def test_central_limit_axis_shows_the_spikes_of_discrete_sums():
    e = registry.get("clt")()
    params = {**e.defaults(), "dist": "dice", "n": 2}
    e.build(Figure(), params)
    heights = e.hist.get_data().values
    assert heights.max() > 1.0 and e.ax.get_ylim()[1] >= heights.max()   # two dice: spikes
    assert e.update({**params, "dist": "exponential", "n": 30}) is None   # back to 1
    assert e.ax.get_ylim()[1] == 1.0


def test_central_limit_and_gumbel():
    rng = np.random.default_rng(0)
    one = clt.standardised_sums("exponential", 1, 0)
    many = clt.standardised_sums("exponential", 100, 0)
    assert abs(np.mean(one ** 3) - 2) < 0.5    # exponential skewness 2; 3 s.e. at 10^4 draws
    assert abs(np.mean(many ** 3) - 0.2) < 0.1          # 2/√100
    p = np.array([0.5, 0.3, 0.2])
    noise = gumbel.gumbel_noise((200_000, 3), rng)
    freq = np.bincount(np.argmax(np.log(p) + noise, axis=1)) / 200_000
    assert np.allclose(freq, p, atol=0.005)
    assert gumbel.relaxed(np.log(p), noise[:100], 0.05).max(axis=1).mean() > 0.95


# --- PCA ------------------------------------------------------------------------------------
def test_power_iteration_converges_at_the_eigenvalue_ratio():
    sigma = pca_power.covariance(2.0, 1.0, 30.0)
    values, vectors = np.linalg.eigh(sigma)
    assert np.allclose(values, [1.0, 4.0])
    assert np.allclose(np.abs(vectors[:, 1]), np.abs([math.cos(math.pi / 6), math.sin(math.pi / 6)]))
    path = pca_power.power_iteration(sigma, np.array([0.0, 1.0]), 6)
    errors = pca_power.angle_errors(path, vectors[:, 1])
    ratios = np.tan(errors[1:]) / np.tan(errors[:-1])
    assert np.allclose(ratios, 0.25, rtol=1e-3)


def test_pca_cloud_is_the_multivariate_normal_draw_of_seed_0():
    sigma = pca_power.covariance(2.0, 0.5, 30.0)
    expected = np.random.default_rng(0).multivariate_normal([0, 0], sigma, 400)
    assert np.allclose(pca_power.cloud(2.0, 0.5, 30.0, 400), expected, rtol=0, atol=1e-12)


def test_power_iteration_explorer_converges_as_it_opens():
    """The default start is not orthogonal to the first axis (it would never turn)."""
    e = registry.get("pca-power")()
    readouts = dict(e.readouts(e.defaults()))
    assert float(readouts["Angle error after 10 steps"].rstrip("°")) < 0.01


def test_figures_follow_parameters():
    e = registry.get("conv-arithmetic")()
    e.build(Figure(), e.defaults())
    assert e.update({**e.defaults(), "pos": 3}) is not None    # same layout: blit
    assert e.target.get_xy() == (3, 4)                         # 5×5 output, row 0, col 3
    d = registry.get("diffusion-schedules")()
    d.build(Figure(), d.defaults())
    d.update({**d.defaults(), "t": 1000})
    assert np.abs(np.column_stack(d.points.get_data())).std() < 1.2           # nearly pure N(0, 1) noise


@pytest.mark.parametrize("explorer_id", registry.ids())
def test_formulas_render_without_glued_commands(explorer_id):
    import re

    from studyapp.core.render import formula_error
    formula = registry.get(explorer_id).formula
    assert formula_error(formula) is None
    # "\quad" followed by a letter would be read as an unknown command and shown as text
    assert not re.search(r"\\q?quad[A-Za-z]", formula)
