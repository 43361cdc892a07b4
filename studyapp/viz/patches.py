"""matplotlib patches created on first use, so importing an explorer never loads matplotlib."""

from __future__ import annotations


def rectangle(*args, **kwargs):
    """A matplotlib Rectangle; the arguments are those of ``matplotlib.patches.Rectangle``."""
    from matplotlib.patches import Rectangle

    return Rectangle(*args, **kwargs)
