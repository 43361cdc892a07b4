"""Artists for explorer figures, created on first use so that importing an explorer
never loads matplotlib.

A slider frame draws every artist the explorer changed, and each artist costs a fixed
~0.2 ms however small it is, so a row of bars is one path (``Bars``), cells and squares
one collection, a point cloud one marker line and a small matrix one mesh.
"""

from __future__ import annotations

import numpy as np

from studyapp.viz.theme import INACTIVE


def rectangle(*args, **kwargs):
    """A matplotlib Rectangle; the arguments are those of ``matplotlib.patches.Rectangle``."""
    from matplotlib.patches import Rectangle

    return Rectangle(*args, **kwargs)


def set_level(line, y: float) -> None:
    """Move a horizontal reference line to ``y``, leaving it alone when it is there
    already: a line set again is transformed again at its next draw."""
    if line.get_ydata()[0] != y:
        line.set_ydata([y, y])


class Bars:
    """A row of bars drawn as one path; ``artist`` is what an explorer returns to blit."""

    def __init__(self, ax, x, heights=None, width: float = 0.8, color=None, **style):
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path

        self.width = width
        self._verts = np.zeros((len(x), 5, 2))
        codes = np.tile([Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY],
                        len(x))
        self.artist = ax.add_patch(PathPatch(Path(self._verts.reshape(-1, 2), codes),
                                             facecolor=color, edgecolor="none", **style))
        self.set_x(x)
        self.set_heights(np.zeros(len(x)) if heights is None else heights)

    def set_x(self, x) -> None:
        """Move the bars' centres."""
        x = np.asarray(x, float)
        self._verts[:, [0, 1, 4], 0] = (x - self.width / 2)[:, None]
        self._verts[:, [2, 3], 0] = (x + self.width / 2)[:, None]
        self.artist.get_path().vertices = self._verts.reshape(-1, 2)

    def set_heights(self, heights) -> None:
        self._verts[:, 1:3, 1] = np.asarray(heights, float)[:, None]
        self.artist.get_path().vertices = self._verts.reshape(-1, 2)

    @property
    def heights(self) -> np.ndarray:
        return self._verts[:, 1, 1].copy()


UNIT_SQUARE = np.array([(0, 0), (0, 1), (1, 1), (1, 0)], float)


def squares(corners, size: float = 1.0) -> np.ndarray:
    """Vertices of squares with the given lower-left corners, for a PolyCollection."""
    return np.asarray(corners, float).reshape(-1, 1, 2) + size * UNIT_SQUARE


def polygons(ax, verts, **style):
    """Polygons as one PolyCollection (one artist to blit); move them with ``set_verts``."""
    from matplotlib.collections import PolyCollection

    return ax.add_collection(PolyCollection(verts, edgecolors="none", **style))


def cell_grid(ax, rows: int, cols: int, size: float = 0.92):
    """rows × cols square cells, row 0 at the top; colour them with ``set_facecolor`` in
    row-major order."""
    i, j = np.divmod(np.arange(rows * cols), cols)
    return polygons(ax, squares(np.stack([j, rows - 1 - i], axis=1), size),
                    facecolors=INACTIVE)


def heatmap(ax, values, **style):
    """A small matrix drawn like ``imshow`` (cells centred on integers, row 0 at the top) but
    as a QuadMesh, which redraws about ten times faster than an image resampled to the
    screen; update it with ``set_array``."""
    rows, cols = np.shape(values)
    mesh = ax.pcolormesh(np.arange(cols + 1) - 0.5, np.arange(rows + 1) - 0.5, values, **style)
    ax.set_ylim(rows - 0.5, -0.5)
    return mesh


def dots(ax, size: float, **style):
    """A point cloud as one marker line (update it with ``set_data``): Agg draws a line's
    markers from one cached raster, about three times faster than a scatter collection."""
    line, = ax.plot([], [], "o", ls="none", ms=size, mew=0, **style)
    return line
