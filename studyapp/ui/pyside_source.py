"""Keep PySide6 from holding the source of every module the app imports.

For its opt-in ``from __feature__ import …`` switches, PySide6 looks at each module
imported after it for the word "PySide6", reading the source with
``inspect.getsource``, which keeps every line in ``linecache`` for the life of the
process: 13 MB of text (about 25 MB of memory) once every mode and explorer has been
opened. The same look, reading the file without keeping it.
"""

from __future__ import annotations

import sys

import PySide6  # noqa: F401 - loads shibokensupport.feature, the module patched here


def _uses_pyside(module) -> bool:
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False                    # built in, compiled, or frozen: no source to read
    try:
        with open(path, "rb") as file:
            return b"PySide6" in file.read()
    except OSError:
        return False


def stop_source_caching() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        feature._mod_uses_pyside = _uses_pyside
