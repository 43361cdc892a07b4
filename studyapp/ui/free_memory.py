"""Give the system back the pages an explorer freed.

The C library keeps freed memory inside the process for later use: once an explorer's
draws, fits and figure are let go, many whole pages sit unused, and the next explorer's
arrays fit in only some of them. ``malloc_trim`` hands every whole free page back (well
under a millisecond after a switch). Where the C library has no such call (macOS,
Windows, musl) nothing is done.
"""

from __future__ import annotations

import ctypes
import sys


def _trim_call():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim        # the C library the process runs on
    except (OSError, AttributeError):
        return None


_TRIM = _trim_call()


def return_free_memory() -> None:
    if _TRIM is not None:
        _TRIM(0)
