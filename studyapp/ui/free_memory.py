"""Give the system back the memory an explorer held.

A figure's artists refer to each other (figure, axes, lines, texts), so an explorer's
figure is freed only by a collection of reference cycles, which Python runs when it
sees fit: by then the next explorer has grown the process. So leaving an explorer
collects at once; the objects every explorer shares (matplotlib's and NumPy's modules,
the canvas) are frozen when Explore first opens, which keeps that collection to the
last explorer's objects (about 14 ms against 48 ms for everything).

The C library then keeps the freed memory inside the process for later use: many whole
pages sit unused, and the next explorer's arrays fit in only some of them.
``malloc_trim`` hands every whole free page back (well under a millisecond). Where the
C library has no such call (macOS, Windows, musl) that step is skipped.
"""

from __future__ import annotations

import ctypes
import gc
import sys


def _trim_call():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim        # the C library the process runs on
    except (OSError, AttributeError):
        return None


_TRIM = _trim_call()


def keep_for_good() -> None:
    """Take what exists now out of later collections (it lives as long as the app)."""
    gc.collect()
    gc.freeze()


def return_free_memory() -> None:
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)
