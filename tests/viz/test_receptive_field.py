"""Receptive fields against the bank's worked examples, brute-force dependence on the input,
finite-difference gradients and the closed-form width of the all-ones network."""

import math
import random
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz import registry
from studyapp.viz.explorers import receptive_field as rf

STACKS = [
    [(3, 1, 1)] * 3,
    [(3, 1, 1), (2, 2, 1), (3, 1, 1)],
    [(7, 2, 1), (3, 2, 1), (3, 1, 1), (3, 1, 1)],
    [(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)],
    [(2, 1, 1), (2, 1, 2), (2, 1, 4), (2, 1, 8), (2, 1, 16), (2, 1, 32)],
    [(5, 2, 1), (3, 1, 2), (2, 3, 1)],
]


def test_fields_match_the_bank_examples():
    # data/bank/12-convolutional-networks/050-receptive-field.md
    assert rf.fields(STACKS[0])[0][-1] == 7
    assert rf.fields(STACKS[1])[0] == [1, 3, 4, 8]
    assert rf.fields(STACKS[3])[0][-1] == 31
    assert rf.fields(STACKS[2]) == ([1, 7, 11, 19, 27], [1, 2, 4, 4, 4])
    assert rf.fields(STACKS[4])[0][-1] == 64


def test_layers_are_padded_and_clamped():
    assert rf.layers_of((3.0, 2.0, 3.0), (1.0, 2.0), (1.0,)) == [(3, 1, 1), (2, 2, 1), (3, 1, 1)]
    assert rf.layers_of((0.0, 99.0), (9.0,), (0.0, 100.0)) == [(1, 4, 1), (11, 1, 64)]
    assert len(rf.layers_of((3.0,) * 6, (1.0,), (1.0,))) == 6


def loop_network(layers, x):
    """A one-channel network of valid convolutions with weights 1, written as loops."""
    for k, s, d in layers:
        n_out = (len(x) - d * (k - 1) - 1) // s + 1
        x = [sum(x[o * s + t * d] for t in range(k)) for o in range(n_out)]
    return x


@pytest.mark.parametrize("layers", STACKS)
def test_field_and_jump_by_brute_force(layers):
    """Perturb each input pixel and see which outputs move: unit 0 depends on a span of
    exactly r pixels, and each next unit's span starts j pixels later."""
    r, j = rf.fields(layers)
    n = r[-1] + 2 * j[-1] + 3
    base = loop_network(layers, [0.0] * n)
    hit = {}
    for i in range(n):
        x = [0.0] * n
        x[i] = 1.0
        for o, (a, b) in enumerate(zip(loop_network(layers, x), base, strict=False)):
            if a != b:
                hit.setdefault(o, []).append(i)
    assert max(hit[0]) - min(hit[0]) + 1 == r[-1]
    assert min(hit[1]) - min(hit[0]) == j[-1]
    # the cone marks exactly the pixels that move unit 0
    assert rf.cone(layers, len(layers), 0)[0].tolist() == hit[0]
    assert rf.unit_counts(layers, n)[-1] == len(base)


def test_unit_gradient_matches_finite_differences():
    layers = [(3, 1, 1), (2, 2, 1), (3, 1, 2)]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 20, 3))
    ws = rf.random_weights(layers, 3, 2, "random", rng)
    g = rf.unit_gradient(layers, ws, x, 1, relu=True)

    def y(xx):
        return rf.forward(layers, ws, xx, relu=True)[0][:, 1, 0]

    eps = 1e-6
    for b, i, c in [(0, 3, 0), (1, 7, 2), (0, 12, 1), (1, 0, 0), (0, 19, 2)]:
        up, down = x.copy(), x.copy()
        up[b, i, c] += eps
        down[b, i, c] -= eps
        assert g[b, i, c] == pytest.approx((y(up) - y(down))[b] / (2 * eps), abs=1e-6)


def explicit_profile(layers):
    """The all-ones linear network's gradient profile as a convolution of box kernels
    upsampled by the jump and dilation of each layer."""
    _, j = rf.fields(layers)
    profile = np.ones(1)
    for i, (k, _, d) in enumerate(layers):
        box = np.zeros((k - 1) * d * j[i] + 1)
        box[:: d * j[i]] = 1
        profile = np.convolve(profile, box)
    return profile


@pytest.mark.parametrize("layers", STACKS)
def test_uniform_linear_profile_is_the_convolution_of_boxes(layers):
    n, _ = rf.grid_size(layers)
    unit = rf.middle_unit(layers, len(layers), n)
    prof = rf.input_gradient(layers, len(layers), n, unit, "uniform", False, 2, 1, 0)
    start = unit * rf.fields(layers)[1][-1]
    ref = explicit_profile(layers)
    assert np.allclose(prof[start: start + len(ref)] / prof.max(), ref / ref.max())
    assert prof[:start].sum() == prof[start + len(ref):].sum() == 0
    assert rf.spread(prof)[1] == pytest.approx(rf.uniform_erf_std(layers))
    assert rf.spread(ref)[1] == pytest.approx(rf.uniform_erf_std(layers))


def test_effective_field_is_narrower_and_grows_more_slowly_than_the_field():
    widths, flats = {}, {}
    for depth in (2, 6):
        layers = [(3, 1, 1)] * depth
        n, _ = rf.grid_size(layers)
        unit = rf.middle_unit(layers, depth, n)
        prof = rf.input_gradient(layers, depth, n, unit, "random", True, 8, 32, 0)
        widths[depth] = rf.spread(prof)[1]
        flats[depth] = math.sqrt((rf.fields(layers)[0][-1] ** 2 - 1) / 12)   # flat field's σ
        assert widths[depth] < flats[depth]
    # the field triples-ish (5 → 13) while σ grows about like √3 (random weights, ReLU)
    assert widths[6] / widths[2] < 2.3 < flats[6] / flats[2]
    # all-ones: σ = √(2L/3) exactly
    for depth in (1, 3, 6):
        assert rf.uniform_erf_std([(3, 1, 1)] * depth) == pytest.approx(math.sqrt(2 * depth / 3))


def test_figure_layer_slider_blits_and_new_layers_rebuild():
    cls = registry.get("receptive-field")
    e = cls()
    params = cls.defaults()
    e.build(Figure(), params)
    moved = e.update({**params, "layer": 2})
    assert moved is not None and e.mesh in moved
    values = e.mesh.get_array().reshape(len(rf.layers_of(params["kernels"], (), ())) + 1, -1)
    assert (values[-1] == 1).sum() == 5                      # layer 2 of 3×3 convs sees 5
    assert e.update({**params, "kernels": (3.0, 3.0)}) is None
    huge = {**params, "kernels": (11.0,) * 6, "dilations": (64.0,) * 6}
    assert e.update(huge) is None and e.mesh is None
    assert dict(e.readouts(huge))["Effective field"].startswith("not simulated")
    e.update({**huge, "layer": 3})                           # no crash without a cone


# --- challenges --------------------------------------------------------------------------------
def _parse_layers(prompt):
    return [(int(k), int(s), int(d) if d else 1) for k, s, d in
            re.findall(r"k=(\d+), s=(\d+)(?:, d=(\d+))?", prompt)]


def test_challenge_answers_against_independent_arithmetic():
    for seed in range(12):
        c = rf._challenge_stacked(random.Random(seed))
        n, k = (int(x) for x in re.match(r"(\d+) stacked (\d+)×", c.prompt).groups())
        assert int(c.answer) == 1 + n * (k - 1)

        for template in (rf._challenge_mixed, rf._challenge_jump):
            c = template(random.Random(seed))
            layers = _parse_layers(c.prompt)
            assert len(layers) == len(c.params["kernels"])
            r, jump = 1, 1
            for k, s, d in layers:
                r += (k - 1) * d * jump
                jump *= s
            assert int(c.answer) == (r if template is rf._challenge_mixed else jump)
            if template is rf._challenge_mixed:
                # the brute-force span of the revealed stack agrees
                n = r + 2 * jump + 3
                deps = [i for i in range(n)
                        if loop_network(layers, [1.0 if t == i else 0.0 for t in range(n)])[0]]
                assert max(deps) - min(deps) + 1 == r

        c = rf._challenge_erf(random.Random(seed))
        depth = int(re.match(r"(\d+) stacked", c.prompt)[1])
        profile = np.ones(1)
        for _ in range(depth):
            profile = np.convolve(profile, np.ones(3))
        xs = np.arange(len(profile))
        mean = (profile * xs).sum() / profile.sum()
        sd = math.sqrt((profile * (xs - mean) ** 2).sum() / profile.sum())
        assert math.isclose(float(c.answer), sd, rel_tol=1e-3)


def test_a_rebuilt_layout_keeps_the_dark_theme():
    from studyapp.viz.theme import DARK, apply_theme

    cls = registry.get("receptive-field")
    e = cls()
    fig = Figure()
    e.build(fig, cls.defaults())
    apply_theme(fig, True)                                 # as the view does after build
    e.update({**cls.defaults(), "kernels": (5.0, 3.0)})    # new axes
    assert all(np.allclose(ax.get_facecolor()[:3], Figure(facecolor=DARK["bg"])
                           .get_facecolor()[:3]) for ax in fig.axes)
