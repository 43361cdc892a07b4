"""A small grid of values in [0, 1] shown like ``imshow(..., interpolation="bilinear")``,
upsampled to the screen's pixels in NumPy.

Matplotlib resamples such an image with Agg's general filter, twice (the values and
their mask): about 2.5 ms for a 250-pixel square, most of a frame of a live map. The
same bilinear interpolation of the values (along the rows, then the columns), then the
colour map's table, take a fifth of that in NumPy. Anything else (vector output,
another interpolation, a mask, other limits) goes the usual way.
"""

from __future__ import annotations

import numpy as np


def bilinear(values: np.ndarray, axis: int, size: int, first: float, step: float) -> np.ndarray:
    """``values`` (sample ``i`` at index ``i`` along ``axis``) interpolated linearly at the
    ``size`` fractional indices ``first + k·step``, held constant beyond the outer
    samples."""
    cells = values.shape[axis]
    at = np.clip(first + step * np.arange(size, dtype=np.float32), 0, cells - 1)
    low = np.minimum(at.astype(np.intp), max(cells - 2, 0))
    high = np.minimum(low + 1, cells - 1)
    shape = [1, 1]
    shape[axis] = size
    frac = (at - low).reshape(shape)
    below = np.take(values, low, axis=axis)
    return below + frac * (np.take(values, high, axis=axis) - below)


def smooth_map(ax, values, cmap: str, alpha: float, extent: tuple[float, float, float, float]):
    """Add the map to ``ax`` (origin at the lower left); update it with ``set_data``."""
    image = _class()(ax, cmap=cmap, norm=None, interpolation="bilinear", origin="lower",
                     extent=extent, alpha=alpha)
    image.set_clim(0, 1)
    image.set_data(values)
    ax.add_image(image)
    return image


_CLASS = None


def _class():
    """The AxesImage subclass, defined on first use so that importing this module does
    not load matplotlib."""
    global _CLASS
    if _CLASS is None:
        from matplotlib.image import AxesImage
        from matplotlib.transforms import Bbox

        class SmoothMap(AxesImage):
            def make_image(self, renderer, magnification=1.0, unsampled=False):
                values = self._A
                if (unsampled or values.ndim != 2 or np.ma.is_masked(values)
                        or self.get_interpolation() != "bilinear" or self.norm.vmin != 0
                        or self.norm.vmax != 1 or not self.get_transform().is_affine):
                    return super().make_image(renderer, magnification, unsampled)
                x0, x1, y0, y1 = self.get_extent()
                box = Bbox([[x0, y0], [x1, y1]]).transformed(self.get_transform())
                clip = ((self.get_clip_box() or self.axes.bbox) if self.get_clip_on()
                        else self.get_figure(root=True).bbox)
                shown = Bbox.intersection(box, clip)
                if shown is None:
                    return None, 0, 0, None
                left, bottom, right, top = shown.extents * magnification
                # the pixel rounding of matplotlib's _make_image
                left, right = np.floor(left + 0.5), np.floor(right + 0.5 + 1e-8)
                bottom, top = np.ceil(bottom - 0.5 - 1e-8), np.ceil(top - 0.5)
                width, height = int(right - left), int(top - bottom)
                if width <= 0 or height <= 0:
                    return None, 0, 0, None
                bx0, by0, bx1, by1 = box.extents * magnification
                rows, cols = values.shape
                smooth = bilinear(np.asarray(values, np.float32), 0, height,
                                  (bottom + 0.5 - by0) / (by1 - by0) * rows - 0.5,
                                  rows / (by1 - by0))
                smooth = bilinear(smooth, 1, width, (left + 0.5 - bx0) / (bx1 - bx0) * cols - 0.5,
                                  cols / (bx1 - bx0))
                table = self.cmap(np.arange(self.cmap.N), bytes=True)
                table[:, 3] = table[:, 3] * self._get_scalar_alpha()
                index = np.clip(smooth * self.cmap.N, 0, self.cmap.N - 1).astype(np.intp)
                rgba = table.view(np.uint32).ravel()[index].view(np.uint8)
                return (rgba.reshape(height, width, 4), left / magnification,
                        bottom / magnification, None)

        _CLASS = SmoothMap
    return _CLASS
