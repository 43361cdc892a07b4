"""Keep only what the app uses in the bundle's TOC lists.

PyInstaller collects every Qt plugin and translation, and the shared libraries those
pull in stay even when the plugin goes. `prune` drops files by path, then drops every
shared library no remaining binary links to (following DT_NEEDED from the Python
extensions, Qt plugins, the Python library and the executable).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import PurePosixPath

# Paths inside the bundle that the app never loads.
DROP_PREFIXES = (
    "PySide6/Qt/translations/",
    "PySide6/Qt/plugins/egldeviceintegrations/",
    "PySide6/Qt/plugins/generic/",
    "PySide6/Qt/plugins/networkinformation/",
    "PySide6/Qt/plugins/tls/",
    "PySide6/Qt/plugins/wayland-",
    "PySide6/Qt/plugins/platformthemes/libqgtk3",
    "PySide6/Qt/plugins/xcbglintegrations/",   # widgets only, no OpenGL
    "matplotlib/mpl-data/sample_data/",
    "matplotlib/mpl-data/fonts/afm/",
    "matplotlib/mpl-data/fonts/pdfcorefonts/",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSerif",    # mathtext's DejaVu set needs the
    "matplotlib/mpl-data/fonts/ttf/DejaVuSansMono",  # STIX and Display fonts: they stay
    "matplotlib/mpl-data/images/",
)
# Qt platforms kept: X11 (Wayland sessions use it through XWayland), offscreen, minimal.
KEEP_PLATFORMS = ("libqxcb.so", "libqoffscreen.so", "libqminimal.so")
# Image formats kept: SVG (math and icons); PNG is built into QtGui.
KEEP_IMAGEFORMATS = ("libqsvg.so",)
# Found on every Linux desktop, and better taken from it: D-Bus must match the host's
# daemon (bundling it also brings systemd's and libgcrypt's libraries), and Kerberos
# (linked by QtNetwork for authentication the app never does) its configuration. zstd
# (linked by QtCore) is a dependency of systemd and of every package manager.
SYSTEM_LIBS = ("libdbus-1.so.3", "libgssapi_krb5.so.2", "libzstd.so.1")
# Pygments: the app highlights Python with two styles.
MODULE_PREFIXES_DROPPED = ("pygments.lexers.", "pygments.styles.")
MODULES_KEPT = ("pygments.lexers._mapping", "pygments.lexers.python", "pygments.lexers.special",
                "pygments.styles._mapping", "pygments.styles.friendly", "pygments.styles.monokai")


def dropped(dest: str) -> bool:
    """True for a bundle path the app never loads."""
    path = PurePosixPath(dest)
    if path.name in SYSTEM_LIBS:
        return True
    parent = path.parent.as_posix()
    if parent == "PySide6/Qt/plugins/platforms":
        return path.name not in KEEP_PLATFORMS
    if parent == "PySide6/Qt/plugins/imageformats":
        return path.name not in KEEP_IMAGEFORMATS
    return dest.startswith(DROP_PREFIXES)


def is_root(dest: str) -> bool:
    """Binaries loaded by Python or Qt directly rather than through DT_NEEDED."""
    name = PurePosixPath(dest).name
    return (name.endswith(".abi3.so") or ".cpython-" in name or "/plugins/" in dest
            or name.startswith("libpython"))


def needed(path: str) -> list[str]:
    """The DT_NEEDED entries of an ELF file (``ldd`` would list indirect ones too)."""
    dynamic = subprocess.run(["readelf", "-d", "-W", path], check=True, capture_output=True,
                             text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)


def linked_closure(binaries: list[tuple]) -> set[str]:
    """Basenames of every library reachable from the root binaries."""
    by_name = {PurePosixPath(dest).name: src for dest, src, kind in binaries
               if kind != "SYMLINK"}
    todo = [src for dest, src, kind in binaries if kind != "SYMLINK" and is_root(dest)]
    seen: set[str] = set()
    while todo:
        for name in needed(todo.pop()):
            if name in by_name and name not in seen:
                seen.add(name)
                todo.append(by_name[name])
    return seen


def prune(binaries: list[tuple], datas: list[tuple], pure: list[tuple]
          ) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """The TOC lists without unused files and modules, and without the libraries only
    those needed."""
    pure = [entry for entry in pure
            if entry[0] in MODULES_KEPT or not entry[0].startswith(MODULE_PREFIXES_DROPPED)]
    binaries = [entry for entry in binaries if not dropped(entry[0])]
    reachable = linked_closure(binaries)
    kept = [entry for entry in binaries
            if is_root(entry[0]) or PurePosixPath(entry[0]).name in reachable]
    return kept, [entry for entry in datas if not dropped(entry[0])], pure


# Run-time hooks PyInstaller adds that the app does without: the app sets MPLCONFIGDIR
# itself (paths.keep_matplotlib_cache; the hook would make and delete a temporary folder
# on every start), and it starts no multiprocessing children. Each costs start-up time.
UNUSED_RUNTIME_HOOKS = ("pyi_rth_mplconfig", "pyi_rth_multiprocessing")


def runtime_scripts(scripts: list[tuple]) -> list[tuple]:
    """The scripts run at start-up, without the unused run-time hooks."""
    return [entry for entry in scripts if entry[0] not in UNUSED_RUNTIME_HOOKS]
