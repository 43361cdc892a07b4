"""Images of small grids that redraw fast: ``smooth_map`` looks like ``imshow`` with
bilinear interpolation, ``cell_map`` like a matrix of flat cells (``imshow`` with
nearest interpolation, or a ``pcolormesh`` without edges).

Matplotlib resamples an image with Agg's general filter, for a grid of values twice
(the values and their mask): about 2.5 ms for a 250-pixel square, and a QuadMesh of
64 × 64 cells takes 1.5 ms. Here the grid is coloured first (cells) or interpolated
along the rows, then the columns (bilinear, before the colour map, as matplotlib does),
and spread over the screen's pixels by indexing: a fifth of that. Anything else (vector
output, other interpolations or norms, a masked smooth map) goes the usual way.
"""

from __future__ import annotations

import numpy as np


def bilinear(values: np.ndarray, axis: int, size: int, first: float, step: float,
             out: np.ndarray | None = None, scratch: np.ndarray | None = None) -> np.ndarray:
    """``values`` (sample ``i`` at index ``i`` along ``axis``) interpolated linearly at the
    ``size`` fractional indices ``first + k·step``, held constant beyond the outer
    samples; into ``out``, with ``scratch`` (both of the result's shape and the values'
    type) when given."""
    cells = values.shape[axis]
    at = np.clip(first + step * np.arange(size, dtype=np.float32), 0, cells - 1)
    low = np.minimum(at.astype(np.intp), max(cells - 2, 0))
    high = np.minimum(low + 1, cells - 1)
    frac = (at - low).astype(values.dtype)
    if axis == 0:
        frac = frac[:, None]
    below = np.take(values, low, axis=axis, out=scratch)
    out = np.take(values, high, axis=axis, out=out)
    out -= below
    out *= frac
    out += below
    return out


def nearest(cells: int, size: int, first: float, step: float) -> np.ndarray:
    """The cell (centred on its index) under each of ``size`` fractional indices; one on
    the border between two cells takes the lower, as Agg does."""
    at = np.ceil(first + step * np.arange(size) + 0.5) - 1
    return np.clip(at, 0, cells - 1).astype(np.intp)


def smooth_map(ax, values, cmap: str, alpha: float, extent: tuple[float, float, float, float],
               vmin: float = 0.0, vmax: float = 1.0, on_background: bool = False):
    """Add the map to ``ax`` (origin at the lower left); update it with ``set_data``.
    ``on_background``: nothing but the axes' own colour lies under the map, so its
    translucent colours are blended with that colour here and Agg copies opaque pixels
    (five times faster than blending them itself)."""
    image = _class()(ax, cmap=cmap, interpolation="bilinear", origin="lower", alpha=alpha)
    image.on_background = on_background
    image.set_data(values)
    image.set_clim(vmin, vmax)
    image.set_extent(extent)                                # the axes' limits, as imshow's
    ax.add_image(image)
    return image


def cell_map(ax, values, vmin=None, vmax=None, **style):
    """A matrix of flat cells centred on integers, row 0 at the top, like ``heatmap`` in
    viz/patches.py but without cell edges; update it with ``set_data`` (a masked cell
    shows the axes)."""
    image = _class()(ax, interpolation="nearest", origin="upper", **style)
    image.set_data(values)
    image.set_clim(vmin, vmax)
    rows, cols = np.shape(values)
    image.set_extent((-0.5, cols - 0.5, rows - 0.5, -0.5))
    ax.add_image(image)
    ax.set_ylim(rows - 0.5, -0.5)
    return image


_CLASS = None


def _class():
    """The AxesImage subclass, defined on first use so that importing this module does
    not load matplotlib."""
    global _CLASS
    if _CLASS is None:
        from matplotlib.colors import Normalize, to_rgba
        from matplotlib.image import AxesImage
        from matplotlib.transforms import Bbox

        class FastImage(AxesImage):
            def make_image(self, renderer, magnification=1.0, unsampled=False):
                values, mode = self._A, self.get_interpolation()
                if (unsampled or values.ndim != 2 or not self.get_transform().is_affine
                        or mode not in ("bilinear", "nearest") or self.norm.clip
                        or type(self.norm) is not Normalize
                        or (mode == "bilinear" and np.ma.is_masked(values))):
                    return super().make_image(renderer, magnification, unsampled)
                shown = Bbox.intersection(
                    self.get_window_extent(),
                    (self.get_clip_box() or self.axes.bbox) if self.get_clip_on()
                    else self.get_figure(root=True).bbox)
                if shown is None:
                    return None, 0, 0, None
                left, bottom, right, top = shown.extents * magnification
                # the pixel rounding of matplotlib's _make_image
                left, right = np.floor(left + 0.5), np.floor(right + 0.5 + 1e-8)
                bottom, top = np.ceil(bottom - 0.5 - 1e-8), np.ceil(top - 0.5)
                width, height = int(right - left), int(top - bottom)
                if width <= 0 or height <= 0:
                    return None, 0, 0, None
                # where the first and last row and column lie on the screen
                x0, x1, y0, y1 = self.get_extent()
                if self.origin == "upper":
                    y0, y1 = y1, y0
                (px0, py0), (px1, py1) = self.get_transform().transform(
                    [(x0, y0), (x1, y1)]) * magnification
                rows, cols = values.shape
                across = ((left + 0.5 - px0) / (px1 - px0) * cols - 0.5, cols / (px1 - px0))
                up = ((bottom + 0.5 - py0) / (py1 - py0) * rows - 0.5, rows / (py1 - py0))
                (inner, edge), places = self._colour_tables(), self._places(values)
                smooth, scratch, index, rgba = self._buffers(height, width)
                if mode == "nearest":
                    packed = edge[self._colour_index(places)][nearest(rows, height, *up)]
                    np.take(packed, nearest(cols, width, *across), axis=1, out=rgba)
                else:       # interpolating the places is interpolating the values
                    bilinear(bilinear(places, 1, width, *across), 0, height, *up, out=smooth,
                             scratch=scratch)
                    np.take(inner, self._colour_index(smooth, index), out=rgba)
                    if inner is not edge:   # the outer pixels show the spines through
                        for side in (np.s_[0], np.s_[-1], np.s_[:, 0], np.s_[:, -1]):
                            rgba[side] = edge[index[side]]
                return (rgba.view(np.uint8).reshape(height, width, 4), left / magnification,
                        bottom / magnification, None)

            def _buffers(self, height: int, width: int) -> tuple[np.ndarray, ...]:
                """Arrays of the screen's size, kept from frame to frame: fresh ones of
                this size cost more (the memory is mapped anew) than the work done in
                them. The image is drawn before the next frame reuses them."""
                if getattr(self, "_shape", None) != (height, width):
                    self._shape = height, width
                    self._kept = (np.empty((height, width), np.float32),
                                  np.empty((height, width), np.float32),
                                  np.empty((height, width), np.intp),
                                  np.empty((height, width), np.uint32))
                return self._kept

            def _places(self, values) -> np.ndarray:
                """Each value's place in the colour table before rounding down: 1 + N·x,
                x in the norm's [0, 1]; NaN where masked."""
                low, high, n = self.norm.vmin, self.norm.vmax, self.cmap.N
                data = np.asarray(np.ma.getdata(values), np.float32)
                if np.ma.is_masked(values):
                    data = np.where(np.ma.getmaskarray(values), np.float32(np.nan), data)
                if high <= low:
                    return np.where(np.isnan(data), data, np.float32(1))
                return (data - np.float32(low)) * np.float32(n / (high - low)) + np.float32(1)

            def _colour_tables(self) -> tuple[np.ndarray, np.ndarray]:
                """The colour map packed as one uint32 per colour: under, the N colours,
                over, bad; with the image's alpha as matplotlib applies it, and for the
                pixels inside a map on the background blended with the axes' colour
                (both the same table otherwise). Kept while the colour map, alpha and
                background stay."""
                cmap, alpha = self.cmap, self._get_scalar_alpha()
                under = None
                if getattr(self, "on_background", False):
                    face = to_rgba(self.axes.get_facecolor())
                    under = face if face[3] == 1 and alpha < 1 else None
                if getattr(self, "_tables_for", None) != (cmap, alpha, under):
                    colours = np.concatenate([
                        cmap(np.r_[-1, np.arange(cmap.N), cmap.N], bytes=True),
                        cmap([np.nan], bytes=True)])
                    edge = colours.copy()
                    edge[:, 3] = colours[:, 3] * alpha
                    edge = edge.view(np.uint32)[:, 0]
                    inner = edge
                    if under is not None:
                        share = colours[:, 3:] / 255 * alpha
                        colours[:, :3] = np.round(colours[:, :3] * share
                                                  + np.multiply(under[:3], 255) * (1 - share))
                        colours[:, 3] = 255
                        inner = colours.view(np.uint32)[:, 0]
                    self._tables_for, self._tables = (cmap, alpha, under), (inner, edge)
                return self._tables

            def _colour_index(self, places: np.ndarray,
                              out: np.ndarray | None = None) -> np.ndarray:
                """The colour map's rounding, ⌊x·N⌋ with x = 1 the last colour, then
                under, over and bad (NaN), as indices into the table (``places`` is
                overwritten)."""
                n = self.cmap.N
                places[places == n + 1] = n
                bad = np.isnan(places)
                if bad.any():
                    places[bad] = 0
                np.clip(places, 0, n + 1, out=places)
                if out is None:
                    out = np.empty(places.shape, np.intp)
                np.copyto(out, places, casting="unsafe")              # truncating: ⌊⌋ here
                if bad.any():
                    out[bad] = n + 2
                return out

        _CLASS = FastImage
    return _CLASS
