import numpy as np
from matplotlib.figure import Figure

from studyapp.viz.patches import Bars, cell_grid, dots, heatmap, squares


def test_bars_are_one_path_with_a_rectangle_per_value():
    ax = Figure().add_subplot()
    bars = Bars(ax, [0, 1, 2], [1.0, -0.5, 2.0], width=0.4)
    rects = bars.artist.get_path().vertices.reshape(3, 5, 2)
    assert np.allclose(rects[:, :, 0].min(axis=1), [-0.2, 0.8, 1.8])
    assert np.allclose(rects[:, :, 0].max(axis=1), [0.2, 1.2, 2.2])
    assert np.allclose(rects[1, :, 1], [0, -0.5, -0.5, 0, 0])      # below the axis
    bars.set_heights([0.0, 3.0, 0.0])
    bars.set_x([5, 6, 7])
    assert np.allclose(bars.heights, [0.0, 3.0, 0.0])
    extents = bars.artist.get_path().get_extents()
    assert np.allclose([extents.x0, extents.x1, extents.y1], [4.8, 7.2, 3.0])


def test_cells_squares_heatmap_and_dots_land_where_imshow_and_scatter_would():
    ax = Figure().add_subplot()
    grid = cell_grid(ax, 2, 3)
    assert len(grid.get_paths()) == 6
    assert np.allclose(grid.get_paths()[0].vertices[:4].min(axis=0), [0, 1])  # row 0 on top
    assert np.allclose(squares([(2, 3)])[0], [(2, 3), (2, 4), (3, 4), (3, 3)])
    mesh = heatmap(ax, np.arange(6.0).reshape(2, 3))
    assert ax.get_ylim() == (1.5, -0.5)
    assert np.allclose(mesh.get_coordinates()[0, 0], [-0.5, -0.5])
    cloud = dots(ax, 2, color="k")
    cloud.set_data([1, 2], [3, 4])
    assert cloud.get_linestyle() == "None" and cloud.get_marker() == "o"
