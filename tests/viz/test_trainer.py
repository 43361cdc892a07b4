"""The live trainer's model: data sets, backpropagation, optimisers, points from CSV."""

import math
import random

import numpy as np
import pytest

from studyapp.viz.explorers import trainer as t


@pytest.mark.parametrize("name", ["circles", "xor", "spiral", "gaussians"])
def test_data_sets_are_balanced_seeded_and_inside_the_map(name):
    x, y = t.make_data(name, 0.05, seed=3)
    again, _ = t.make_data(name, 0.05, seed=3)
    assert x.shape == (t.POINTS, 2) and np.array_equal(x, again)
    assert abs(y.mean() - 0.5) < 0.1
    assert np.abs(x).max() < t.EXTENT


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_backpropagation_matches_finite_differences(activation):
    x, y = t.make_data("spiral", 0.1, seed=1, n=30)
    layers = t.init_network((5, 3), seed=0)
    l2 = 0.01

    def objective(layers):
        p, _ = t.forward(layers, x, activation)
        return t.loss(p, y) + l2 / 2 * sum((w ** 2).sum() for w, _ in layers)

    grads = t.gradients(layers, x, y, activation, l2)
    rng = np.random.default_rng(0)
    for i, (w, b) in enumerate(layers):
        for array, grad, is_weight in ((w, grads[i][0], True), (b, grads[i][1], False)):
            index = tuple(rng.integers(0, n) for n in array.shape)
            numeric = []
            for sign in (1, -1):
                moved = array.copy()
                moved[index] += sign * 1e-6
                trial = list(layers)
                trial[i] = (moved, b) if is_weight else (w, moved)
                numeric.append(objective(trial))
            assert math.isclose((numeric[0] - numeric[1]) / 2e-6, grad[index], rel_tol=1e-4,
                                abs_tol=1e-8)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_every_optimiser_learns_the_circles(optimizer):
    x, y = t.make_data("circles", 0.05, seed=0)
    trainer = t.Trainer(x, y, (8, 8), "tanh", optimizer, seed=0)
    lr = {"sgd": 0.5, "momentum": 0.1, "adam": 0.03}[optimizer]
    for _ in range(400):
        trainer.step(lr, 0.0, 16)
    trainer.record()
    assert trainer.history[0][1] > 0.6 and trainer.history[-1][1] < 0.2
    assert trainer.history[-1][2] < 0.3                     # held-out points too


def test_without_hidden_layers_xor_stays_near_chance():
    x, y = t.make_data("xor", 0.0, seed=0)
    trainer = t.Trainer(x, y, (), "tanh", "adam", seed=0)
    for _ in range(400):
        trainer.step(0.05, 0.0, 32)
    trainer.record()
    assert trainer.history[-1][1] > 0.6                     # a line cannot split XOR


def test_points_from_csv_with_a_header_are_centred_and_scaled():
    x, y = t.parse_points("x,y,label\n10,10,0\n12,10,1\n10,12,1\n12,12,0\n")
    assert x.shape == (4, 2) and list(y) == [0, 1, 1, 0]
    assert np.allclose(x.mean(0), 0) and math.isclose(np.abs(x).max(), t.EXTENT * 0.9)


@pytest.mark.parametrize(("text", "message"), [
    ("1,2,0\n3,4,x\n", "row 2"),
    ("1,2,0\n3,4,2\n5,6,1\n7,8,0\n", "label 0 or 1"),
    ("1,2,0\n3,4,0\n5,6,0\n7,8,0\n", "both labels"),
])
def test_bad_points_are_refused_naming_the_row(text, message):
    with pytest.raises(ValueError, match=message):
        t.parse_points(text)


def test_challenges_answer_from_the_network_shape():
    for seed in range(5):
        challenge = t._parameter_count(random.Random(seed))
        widths = challenge.params["hidden"]
        sizes = (2, *widths, 1)
        layers = t.init_network(widths, 0)
        assert len(layers) == len(sizes) - 1
        assert int(challenge.answer) == sum(w.size + b.size for w, b in layers)
    assert t._initial_loss(random.Random(0)).check("0.693")
    assert t._linear_xor(random.Random(0)).check("no")


def test_frames_blit_only_what_moved():
    from matplotlib.figure import Figure

    e = t.TrainerExplorer()
    params = e.defaults()
    e.build(Figure(), params)
    noisier = e.update({**params, "noise": 0.2})            # new data, the same fresh network
    assert e.image not in noisier and set(e.train_points + e.test_points) <= set(noisier)
    assert e.train_line not in noisier                      # one loss point draws nothing
    assert e.update({**params, "noise": 0.2, "lr": 0.1}) == []   # applies to the next steps
    trained = e.tick({**params, "noise": 0.2})
    assert trained is None or {e.image, *e.train_points, e.train_line, e.test_line} <= set(trained)
    np.testing.assert_allclose(e.image.get_array(), e.trainer.grid())


def test_a_drag_over_the_noise_finds_its_data_and_the_fresh_map_again():
    from matplotlib.figure import Figure

    e = t.TrainerExplorer()
    params = e.defaults()
    e.build(Figure(), params)
    first = e.data({**params, "noise": 0.2})
    assert e.data({**params, "noise": 0.2}) is first
    np.testing.assert_array_equal(first[0], t.make_data("circles", 0.2, 0)[0])
    e.update({**params, "noise": 0.2})
    fresh = e.image.get_array().copy()
    e.tick(params)
    e.update({**params, "noise": 0.3})                      # a new, untrained network
    np.testing.assert_array_equal(e.image.get_array(), fresh)
    np.testing.assert_allclose(e.image.get_array(), e.trainer.grid())
