import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz import registry
from studyapp.viz.explorers.activations import NAMES, Activations, X, activation, derivative
from studyapp.viz.spec import format_link, parse_link

GRID = np.linspace(-4, 4, 161) + 0.013   # avoid the kinks of ReLU-like functions at 0


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name):
    h = 1e-5
    numeric = (activation(name, GRID + h, 0.2, 1.5) - activation(name, GRID - h, 0.2, 1.5)) / (2 * h)
    assert np.allclose(derivative(name, GRID, 0.2, 1.5), numeric, atol=1e-6)


def test_closed_form_values():
    assert activation("sigmoid", np.array([0.0]))[0] == 0.5
    assert derivative("sigmoid", np.array([0.0]))[0] == 0.25
    assert activation("gelu", np.array([1.0]))[0] == pytest.approx(0.8413447460685429)
    assert activation("selu", np.array([-50.0]))[0] == pytest.approx(-1.7580993408473766)
    assert activation("softplus", np.array([0.0]))[0] == pytest.approx(math.log(2))
    assert activation("mish", np.array([1.0]))[0] == pytest.approx(0.8650983882673103)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu",
                                  "gelu_tanh", "silu", "softplus", "mish"])
def test_against_torch(name):
    torch = pytest.importorskip("torch")
    f = torch.nn.functional
    x = torch.tensor(GRID, dtype=torch.float64)
    ref = {
        "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": f.relu,
        "leaky_relu": lambda t: f.leaky_relu(t, 0.2), "elu": lambda t: f.elu(t, 0.2),
        "selu": f.selu, "gelu": f.gelu, "gelu_tanh": lambda t: f.gelu(t, approximate="tanh"),
        "silu": f.silu, "softplus": f.softplus, "mish": f.mish,
    }[name](x).numpy()
    assert np.allclose(activation(name, GRID, 0.2, 1.0), ref, atol=1e-6)


def test_build_update_and_readouts():
    explorer = Activations()
    fig = Figure()
    params = Activations.defaults()
    explorer.build(fig, params)
    line = explorer.lines["sigmoid"]
    assert np.allclose(line.get_ydata(), activation("sigmoid", X))
    changed = explorer.update({**params, "fn": ("relu", "sigmoid", "tanh"), "x0": 2.0})
    assert explorer.probe in changed
    assert explorer.update({**params, "fn": ("gelu",)}) is None       # legend changed
    assert len(explorer.lines["sigmoid"].get_xdata()) == 0
    readouts = dict(explorer.readouts({**params, "fn": ("sigmoid",), "x0": 0.0}))
    assert readouts["sigmoid"] == "f(x₀)=0.5, f′(x₀)=0.25, max |f′|=0.25"
    saturated = explorer.saturated({**params, "fn": ("sigmoid",)})
    assert saturated[0] and not saturated[len(X) // 2]
    for preset in Activations.presets:
        explorer.update({**params, **preset.params})


def test_links_round_trip():
    cls = registry.get("activations")
    params = {**cls.defaults(), "fn": ("gelu", "silu"), "alpha": 0.2}
    link = format_link(cls, params)
    assert link == "activations?fn=gelu,silu&alpha=0.2"
    assert parse_link(link, registry.EXPLORERS) == ("activations", {"fn": ("gelu", "silu"),
                                                                    "alpha": 0.2})
    with pytest.raises(ValueError, match="no parameter"):
        parse_link("activations?nope=1", registry.EXPLORERS)
    with pytest.raises(ValueError, match="unknown explorer"):
        parse_link("nothing", registry.EXPLORERS)


def test_the_note_says_which_tails_are_shaded():
    """Issue 29 item 19: the shading is where every chosen slope is below 0.01 — both
    tails for the sigmoid alone, only the left one once ReLU is chosen — and the note
    says so."""
    explorer = Activations()
    explorer.build(Figure(), Activations.defaults())
    params = Activations.defaults()
    alone = explorer.saturated({**params, "fn": ("sigmoid",)})
    assert alone[X < -4.7].all() and alone[X > 4.7].all() and not alone[abs(X) < 4.5].any()
    with_relu = explorer.saturated({**params, "fn": ("sigmoid", "relu")})
    assert with_relu[X < -4.7].all() and not with_relu[X > 0].any()
    assert "both tails" in Activations.notice and "only the left tail" in Activations.notice
    assert "4.6" in Activations.notice
