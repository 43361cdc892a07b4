import numpy as np
import pytest


def _pixels(draw, dpi, fixed=True):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3.3), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    image = draw(ax)
    if fixed:
        ax.set_xlim(-1.6, 1.6)
        ax.set_ylim(-1.6, 1.6)
        ax.set_aspect("equal")
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).astype(int), image


@pytest.mark.parametrize("dpi", [100, 200])
def test_the_map_looks_like_a_bilinear_imshow(dpi):
    from studyapp.viz.fast_image import smooth_map

    rng = np.random.default_rng(0)
    grid = 1 / (1 + np.exp(-np.cumsum(rng.normal(0, 0.3, (48, 40)), axis=0)))
    extent = (-1.6, 1.6, -1.2, 1.6)
    ours, image = _pixels(lambda ax: smooth_map(ax, grid, "RdBu_r", 0.55, extent), dpi)
    theirs, _ = _pixels(lambda ax: ax.imshow(grid, origin="lower", cmap="RdBu_r", vmin=0,
                                             vmax=1, alpha=0.55, interpolation="bilinear",
                                             extent=extent), dpi)
    assert np.abs(ours - theirs).max() <= 2          # rounding of the colour map's index
    assert np.abs(ours - theirs).mean() < 0.1
    assert type(image).__name__ == "FastImage"


def test_interpolation_holds_the_outer_samples():
    from studyapp.viz.fast_image import bilinear

    values = np.array([[0.0, 1.0, 3.0]], np.float32)
    out = bilinear(values, 1, 6, -0.5, 0.6)           # indices −0.5, 0.1, 0.7, 1.3, 1.9, 2.5
    assert out[0] == pytest.approx([0.0, 0.1, 0.7, 1.6, 2.8, 3.0], abs=1e-6)


@pytest.mark.parametrize("dpi", [100, 200])
def test_cells_look_like_a_nearest_imshow_masked_cells_showing_the_axes(dpi):
    from studyapp.viz.fast_image import cell_map

    rng = np.random.default_rng(1)
    values = np.ma.masked_invalid(np.where(rng.random((16, 64)) < 0.2, np.nan,
                                           rng.normal(size=(16, 64))))
    style = {"cmap": "viridis", "vmin": -2, "vmax": 2, "alpha": 0.8}

    def view(ax, image):
        ax.set_xlim(-0.5, 63.5)
        ax.set_ylim(15.5, -0.5)
        ax.set_aspect("auto")
        return image

    ours, image = _pixels(lambda ax: view(ax, cell_map(ax, values, **style)), dpi, fixed=False)
    theirs, _ = _pixels(lambda ax: view(ax, ax.imshow(values, interpolation="nearest",
                                                      **style)), dpi, fixed=False)
    assert type(image).__name__ == "FastImage"
    assert np.abs(ours - theirs).max() <= 1


def test_colours_round_as_the_colour_map_does_under_over_and_bad():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from studyapp.viz.fast_image import cell_map

    fig = Figure()
    FigureCanvasAgg(fig)
    cmap = __import__("matplotlib").colormaps["viridis"].with_extremes(
        under="red", over="blue", bad="black")
    values = np.array([[-3, -0.001, 0, 0.5, 1 / 256, 0.999, 1, 1.001, 5, np.nan]], np.float32)
    image = cell_map(fig.add_subplot(), values, cmap=cmap, vmin=0, vmax=1, alpha=0.5)
    ours = image._colour_tables()[1][image._colour_index(image._places(image.get_array()))]
    theirs = image.to_rgba(image.get_array(), bytes=True)
    theirs[..., 3] = theirs[..., 3] * 0.5
    assert (ours == theirs.view(np.uint32)[..., 0]).all()


@pytest.mark.parametrize("face", ["white", "#1e1f22"])
def test_a_map_on_the_background_blends_its_alpha_itself(face):
    from studyapp.viz.fast_image import smooth_map

    grid = np.linspace(0, 1, 48 * 48).reshape(48, 48)
    extent = (-1.6, 1.6, -1.6, 1.6)

    def draw(ax, **kw):
        ax.set_facecolor(face)
        return smooth_map(ax, grid, "RdBu_r", 0.55, extent, **kw)

    blended, image = _pixels(lambda ax: draw(ax, on_background=True), 100)
    plain, _ = _pixels(lambda ax: draw(ax), 100)
    assert np.abs(blended - plain).max() <= 2
    assert (image._colour_tables()[0].view(np.uint8).reshape(-1, 4)[:, 3] == 255).all()
