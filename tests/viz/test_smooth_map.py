import numpy as np
import pytest


def _pixels(draw, dpi):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3.3), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    image = draw(ax)
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.6)
    ax.set_aspect("equal")
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).astype(int), image


@pytest.mark.parametrize("dpi", [100, 200])
def test_the_map_looks_like_a_bilinear_imshow(dpi):
    from studyapp.viz.smooth_map import smooth_map

    rng = np.random.default_rng(0)
    grid = 1 / (1 + np.exp(-np.cumsum(rng.normal(0, 0.3, (48, 40)), axis=0)))
    extent = (-1.6, 1.6, -1.2, 1.6)
    ours, image = _pixels(lambda ax: smooth_map(ax, grid, "RdBu_r", 0.55, extent), dpi)
    theirs, _ = _pixels(lambda ax: ax.imshow(grid, origin="lower", cmap="RdBu_r", vmin=0,
                                             vmax=1, alpha=0.55, interpolation="bilinear",
                                             extent=extent), dpi)
    assert np.abs(ours - theirs).max() <= 2          # rounding of the colour map's index
    assert np.abs(ours - theirs).mean() < 0.1
    assert type(image).__name__ == "SmoothMap"


def test_interpolation_holds_the_outer_samples():
    from studyapp.viz.smooth_map import bilinear

    values = np.array([[0.0, 1.0, 3.0]], np.float32)
    out = bilinear(values, 1, 6, -0.5, 0.6)           # indices −0.5, 0.1, 0.7, 1.3, 1.9, 2.5
    assert out[0] == pytest.approx([0.0, 0.1, 0.7, 1.6, 2.8, 3.0], abs=1e-6)
