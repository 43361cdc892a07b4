"""Assertions the hidden tests of a coding drill use, with failure messages that show the case.

The drill runner puts :func:`assert_close` and :func:`preview` into every test module's
namespace, so a failing test tells the candidate the input, the first differing index,
expected against got, and the errors against the stated tolerance.
"""

from __future__ import annotations

import numpy as np

PREVIEW_ITEMS = 6


def preview(value: object) -> str:
    """A short description of a value: shape, dtype and its first few entries."""
    arr = np.asarray(value)
    if arr.dtype == object or arr.ndim == 0:
        text = repr(value)
        return text if len(text) <= 80 else text[:77] + "..."
    flat = arr.ravel()[:PREVIEW_ITEMS]
    items = np.array2string(flat, precision=4, separator=", ", suppress_small=True)
    more = f" … ({arr.size} values)" if arr.size > PREVIEW_ITEMS else ""
    return f"shape {arr.shape} {arr.dtype} {items}{more}"


def _inputs(inputs: dict | None) -> str:
    if not inputs:
        return ""
    return "\n  input " + "\n  input ".join(f"{k} = {preview(v)}" for k, v in inputs.items())


def assert_close(got: object, expected: object, *, rtol: float = 1e-6, atol: float = 1e-8,
                 case: str = "", inputs: dict | None = None) -> None:
    """Fail, naming the case, unless ``got`` matches ``expected`` in shape and within
    ``np.allclose(rtol, atol)``."""
    label = f"{case}: " if case else ""
    where = _inputs(inputs)
    if got is None:
        raise AssertionError(f"{label}your function returned None (missing return?){where}")
    g, e = np.asarray(got), np.asarray(expected)
    if g.shape != e.shape:
        raise AssertionError(f"{label}expected shape {e.shape}, got shape {g.shape}{where}")
    try:
        g = g.astype(float)
    except (TypeError, ValueError):
        raise AssertionError(f"{label}expected numbers, got {preview(got)}{where}") from None
    e = e.astype(float)
    bad = ~np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    diff = np.abs(g - e)
    rel = diff / np.maximum(np.abs(e), np.finfo(float).tiny)
    at = f" at index {index}" if index else ""
    raise AssertionError(
        f"{label}values differ{at}: expected {e[index]:.6g}, got {g[index]:.6g}; "
        f"{int(bad.sum())} of {bad.size} differ, max abs error {np.nanmax(diff):.3g}, "
        f"max rel error {np.nanmax(rel):.3g} (tolerance rtol={rtol:g}, atol={atol:g}){where}")
