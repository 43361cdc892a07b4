"""The math of each explorer against independent references, and each figure's wiring."""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz import registry
from studyapp.viz.explorers import (
    dropout,
    gaussians,
    init_depth,
    lr_schedules,
    optimizers,
    step_size,
)
from studyapp.viz.explorers import softmax as sm
from studyapp.viz.numerics import normal_pdf, softmax
from studyapp.viz.spec import format_link, parse_link


# --- softmax -------------------------------------------------------------------------------
def test_top_k_and_top_p_masks():
    p = np.array([0.5, 0.3, 0.15, 0.05])
    assert sm.keep_mask(p, top_k=2).tolist() == [True, True, False, False]
    assert sm.keep_mask(p, top_p=0.8).tolist() == [True, True, False, False]
    assert sm.keep_mask(p, top_p=0.81).tolist() == [True, True, True, False]
    assert sm.keep_mask(p, top_p=0.1).tolist() == [True, False, False, False]
    assert np.allclose(sm.filtered(p, sm.keep_mask(p, top_k=2)), [0.625, 0.375, 0, 0])


# --- step size -----------------------------------------------------------------------------
@pytest.mark.parametrize(("eta", "expected"), [(0.5, "converges monotonically"),
                                               (1.5, "converges with oscillation"),
                                               (2.0, "oscillates forever"), (2.1, "diverges")])
def test_step_size_regimes(eta, expected):
    assert step_size.regime(eta, 1.0) == expected
    x = step_size.iterates(eta, 1.0, 1.0, 50)
    assert (abs(x[-1]) < 1e-3) == (eta < 2.0) or eta == 2.0


def test_step_size_matches_gradient_descent():
    x, path = 2.0, [2.0]
    for _ in range(10):
        x -= 0.3 * (1.7 * x)                  # f'(x) = L x
        path.append(x)
    assert np.allclose(step_size.iterates(0.3, 1.7, 2.0, 10), path)


# --- gaussians -----------------------------------------------------------------------------
@pytest.mark.parametrize(("m1", "s1", "m2", "s2"), [(0, 1, 1.5, 2), (-2, 0.5, 2, 1), (0, 1, 0, 1)])
def test_kl_closed_form_matches_numeric_integral(m1, s1, m2, s2):
    x = gaussians.GRID
    p, q = normal_pdf(x, m1, s1), normal_pdf(x, m2, s2)
    assert np.isclose(gaussians.kl(m1, s1, m2, s2), gaussians.numeric_kl(p, q), atol=1e-6)
    assert 0 <= gaussians.js(p, q) <= math.log(2) + 1e-9
    h = -np.trapezoid(p * np.log(np.maximum(p, 1e-300)), x)
    assert np.isclose(gaussians.entropy(s1), h, atol=1e-6)


# --- dropout -------------------------------------------------------------------------------
def test_inverted_dropout_keeps_the_expectation_and_plain_needs_rescaling():
    rng = np.random.default_rng(0)
    a = np.full(400_000, 2.0)
    inv = dropout.dropout(a, 0.3, True, rng)
    plain = dropout.dropout(a, 0.3, False, rng)
    assert abs(inv.mean() - dropout.eval_output(a, 0.3, True)[0]) < 0.01
    assert abs(plain.mean() - dropout.eval_output(a, 0.3, False)[0]) < 0.01
    assert abs(inv.var() - dropout.train_variance(2.0, 0.3)) < 0.02
    assert set(np.unique(inv)) == {0.0, 2.0 / 0.7}


# --- schedules -----------------------------------------------------------------------------
def test_schedules_closed_forms():
    v = lr_schedules.schedule_values
    assert np.allclose(v("step", 90, lr=1.0, gamma=0.1, step_size=30)[[0, 29, 30, 60]],
                       [1, 1, 0.1, 0.01])
    cos = v("cosine", 100, lr=1.0)
    assert cos[0] == 1.0 and np.isclose(cos[50], 0.5)
    warm = v("warmup_cosine", 100, lr=1.0, warmup=10)
    assert np.isclose(warm[9], 1.0) and np.isclose(warm[0], 0.1) and warm[-1] < 0.01
    inv = v("inverse_sqrt", 100, lr=1.0, warmup=16)
    assert np.isclose(inv.max(), 1.0) and np.isclose(inv[63], 0.5)
    restart = v("cosine_restarts", 100, lr=1.0, period=25)
    assert restart[25] == 1.0 and restart[24] < 0.01
    cycle = v("one_cycle", 100, lr=1.0)
    assert np.isclose(cycle.max(), 1.0) and np.isclose(cycle[0], 1 / 25)


def test_schedules_match_torch():
    torch = pytest.importorskip("torch")
    sched = torch.optim.lr_scheduler

    def run(make, steps):
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        s = make(opt)
        out = []
        for _ in range(steps):
            out.append(opt.param_groups[0]["lr"])
            opt.step()
            s.step()
        return np.array(out)

    v = lr_schedules.schedule_values
    assert np.allclose(run(lambda o: sched.StepLR(o, 30, 0.5), 100),
                       v("step", 100, lr=0.1, gamma=0.5, step_size=30), atol=1e-12)
    assert np.allclose(run(lambda o: sched.CosineAnnealingLR(o, 100), 100),
                       v("cosine", 100, lr=0.1), atol=1e-9)
    assert np.allclose(run(lambda o: sched.CosineAnnealingWarmRestarts(o, 25), 100),
                       v("cosine_restarts", 100, lr=0.1, period=25), atol=1e-9)
    assert np.allclose(run(lambda o: sched.OneCycleLR(o, 0.1, total_steps=100), 100),
                       v("one_cycle", 100, lr=0.1), atol=1e-9)


# --- optimizers ----------------------------------------------------------------------------
BASE = {"lr": 0.05, "momentum": 0.9, "beta2": 0.999, "weight_decay": 0.0, "steps": 30,
        "x_start": -2.5, "y_start": 2.0, "kappa": 10.0}


@pytest.mark.parametrize("surface", optimizers.SURFACES)
def test_surface_gradients_match_finite_differences(surface):
    p = np.array([0.7, -1.3])
    eps = 1e-6
    grad = optimizers.loss_and_grad(surface, p, 7.0)[1]
    for i in range(2):
        e = np.eye(2)[i] * eps
        numeric = (optimizers.loss_and_grad(surface, p + e, 7.0)[0]
                   - optimizers.loss_and_grad(surface, p - e, 7.0)[0]) / (2 * eps)
        assert np.isclose(grad[i], numeric, rtol=1e-5, atol=1e-6)


def test_sgd_and_momentum_by_hand():
    path = optimizers.trajectory("saddle", "sgd", {**BASE, "steps": 2})
    x, y = -2.5, 2.0
    for _ in range(2):
        x, y = x - 0.05 * x, y + 0.05 * y      # gradient of (x² − y²)/2 is (x, −y)
    assert np.allclose(path[-1], [x, y])
    slow = {**BASE, "kappa": 100.0, "lr": 0.01, "steps": 200}
    m = optimizers.trajectory("quadratic", "momentum", slow)
    s = optimizers.trajectory("quadratic", "sgd", slow)
    loss = lambda p: optimizers.loss_and_grad("quadratic", p, 100.0)[0]
    assert loss(m[-1]) < 0.01 * loss(s[-1])


def test_divergence_stops_the_trajectory():
    path = optimizers.trajectory("quadratic", "sgd", {**BASE, "lr": 0.5, "steps": 300})
    assert len(path) < 301 and np.all(np.isfinite(path))


@pytest.mark.parametrize("opt", optimizers.OPTIMIZERS)
def test_optimizers_match_torch(opt):
    torch = pytest.importorskip("torch")
    params = {**BASE, "weight_decay": 0.01}
    ours = optimizers.trajectory("rosenbrock", opt, {**params, "lr": 0.001})
    w = torch.tensor([params["x_start"], params["y_start"]], dtype=torch.float64,
                     requires_grad=True)
    make = {
        "sgd": lambda: torch.optim.SGD([w], lr=0.001, weight_decay=0.01),
        "momentum": lambda: torch.optim.SGD([w], lr=0.001, momentum=0.9, weight_decay=0.01),
        "nesterov": lambda: torch.optim.SGD([w], lr=0.001, momentum=0.9, nesterov=True,
                                            weight_decay=0.01),
        "adagrad": lambda: torch.optim.Adagrad([w], lr=0.001, weight_decay=0.01),
        "rmsprop": lambda: torch.optim.RMSprop([w], lr=0.001, alpha=0.999, weight_decay=0.01),
        "adam": lambda: torch.optim.Adam([w], lr=0.001, betas=(0.9, 0.999), weight_decay=0.01),
        "adamw": lambda: torch.optim.AdamW([w], lr=0.001, betas=(0.9, 0.999), weight_decay=0.01),
    }[opt]()
    assert len(ours) >= 4
    for step in range(len(ours) - 1):          # ours stops early where the iterate blows up
        make.zero_grad()
        x, y = w[0], w[1]
        ((1 - x) ** 2 + 100 * (y - x * x) ** 2).backward()
        make.step()
        assert np.allclose(w.detach().numpy(), ours[step + 1], atol=1e-6)


# --- initialisation through depth -----------------------------------------------------------
def test_matching_initialisations_keep_the_scale():
    kaiming, _, _ = init_depth.layer_stats("kaiming", "relu", 20, 256, 0.0, 0)
    second_moment_ratio = kaiming[-1] / kaiming[0]
    assert 0.3 < second_moment_ratio < 3
    xavier, _, _ = init_depth.layer_stats("xavier", "tanh", 10, 256, 0.0, 0)
    assert 0.2 < xavier[-1] / xavier[0] <= 1.0
    tiny, grads, _ = init_depth.layer_stats("normal", "tanh", 10, 256, 0.01, 0)
    assert tiny[-1] < 1e-6 and grads[0] < 1e-6
    huge, _, _ = init_depth.layer_stats("normal", "linear", 10, 256, 0.2, 0)
    assert huge[-1] > 1e3


# --- every explorer through the declared interface -------------------------------------------
@pytest.mark.parametrize("explorer_id", registry.ids())
def test_build_update_presets_readouts_and_links(explorer_id):
    cls = registry.get(explorer_id)
    explorer = cls()
    fig = Figure()
    params = cls.defaults()
    explorer.build(fig, params)
    assert fig.axes
    for preset in cls.presets:
        result = explorer.update({**params, **preset.params})
        assert result is None or all(hasattr(a, "draw") for a in result)
        readouts = explorer.readouts({**params, **preset.params})
        assert readouts and all(label and value for label, value in readouts)
        link = format_link(cls, {**params, **preset.params})
        assert parse_link(link, registry.EXPLORERS)[1] == {
            k: v for k, v in {**params, **preset.params}.items()
            if cls.param(k).format(v) != cls.param(k).format(cls.param(k).default)}


def test_explorer_figures_move_with_their_parameters():
    fig = Figure()
    e = registry.get("softmax")()
    e.build(fig, e.defaults())
    e.update({**e.defaults(), "T": 0.1})
    assert np.isclose(e.kept.heights[0], softmax([2, 1, 0.5, -0.5, -1], 0.1)[0])
    g = registry.get("gaussians")()
    g.build(Figure(), g.defaults())
    g.update({**g.defaults(), "mu1": 3.0})
    assert np.isclose(gaussians.GRID[np.argmax(g.p_line.get_ydata())], 3.0, atol=0.01)
    o = registry.get("optimizers")()
    o.build(Figure(), o.defaults())
    o.update({**o.defaults(), "x_start": 1.0, "y_start": -1.0})
    assert tuple(o.lines["sgd"].get_xydata()[0]) == (1.0, -1.0)
    assert o.on_click(0.5, 0.25, o.ax, o.defaults())["x_start"] == 0.5
