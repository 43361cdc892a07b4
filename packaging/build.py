"""Build the one-folder app with PyInstaller, strip debug info, pack it as a tar.gz
and print where the results are, how big they are and what dominates the size."""

from __future__ import annotations

import collections
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ELF_MAGIC = b"\x7fELF"
GOAL_UNPACKED_MB, GOAL_PACKED_MB = 185, 75   # issue 33's bundle goals


def regular_files(folder: Path) -> list[Path]:
    """Files, not symlinks: PyInstaller's links to shared libraries count once."""
    return [f for f in folder.rglob("*") if f.is_file() and not f.is_symlink()]


def has_debug_info(path: Path) -> bool:
    with path.open("rb") as handle:
        if handle.read(4) != ELF_MAGIC:
            return False
    sections = subprocess.run(["readelf", "-S", "-W", str(path)], check=True, capture_output=True,
                              text=True).stdout
    return ".debug_info" in sections


def strip_debug_info(folder: Path) -> int:
    """Remove debug sections (never code or symbols the loader needs); bytes saved.

    numpy's vendored libraries (``numpy.libs``) are left untouched: rewriting them
    breaks numpy.
    """
    if not (shutil.which("strip") and shutil.which("readelf")):
        print("strip/readelf not found (binutils): debug info left in the bundle")
        return 0
    saved = 0
    for path in regular_files(folder):
        if path.parent.name == "numpy.libs" or not has_debug_info(path):
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def remove_dangling_links(folder: Path) -> None:
    """PyInstaller links libraries to the top folder even when prune.py dropped them."""
    for path in folder.rglob("*"):
        if path.is_symlink() and not path.exists():
            path.unlink()


def is_shared_object(path: Path) -> bool:
    name = path.name
    if not (name.endswith(".so") or ".so." in name):
        return False
    with path.open("rb") as handle:
        return handle.read(4) == ELF_MAGIC


def strip_symbols(folder: Path) -> int:
    """Drop the static symbol tables of the bundle's libraries and extension modules
    (the loader uses only their dynamic symbols); bytes saved.

    numpy's vendored libraries are left untouched, as in ``strip_debug_info``.
    """
    if not shutil.which("strip"):
        return 0
    saved = 0
    for path in regular_files(folder / "_internal"):
        if path.parent.name == "numpy.libs" or not is_shared_object(path):
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def component(path: Path, internal: Path) -> str:
    """A name for the part of the bundle a file belongs to."""
    parts = path.relative_to(internal).parts
    if len(parts) == 1:
        return "libpython" if parts[0].startswith("libpython") else "other libraries"
    if parts[:3] == ("PySide6", "Qt", "lib"):
        return "ICU (linked by QtCore)" if "libicu" in parts[3] else "Qt libraries"
    if parts[:2] == ("PySide6", "Qt"):
        return "Qt plugins"
    return {"PySide6": "PySide6 bindings", "numpy.libs": "OpenBLAS"}.get(parts[0], parts[0])


def size_report(app: Path, top: int = 10) -> list[str]:
    internal = app / "_internal"
    sizes: collections.Counter[str] = collections.Counter()
    for path in regular_files(app):
        name = "Python code (PYZ)" if path.parent == app else component(path, internal)
        sizes[name] += path.stat().st_size
    return [f"  {size / 1e6:6.1f} MB  {name}" for name, size in sizes.most_common(top)]


def pack(app: Path) -> Path:
    machine = platform.machine().lower()
    archive = app.parent / f"DeepPrep-{sys.platform}-{machine}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=9) as tar:
        tar.add(app, arcname=app.name)
    return archive


def main() -> int:
    dist = ROOT / "dist"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(ROOT / "build"),
         str(ROOT / "packaging" / "deepprep.spec")],
        check=True, cwd=ROOT,
    )
    app = dist / "DeepPrep"
    remove_dangling_links(app)
    shutil.copy2(ROOT / "packaging" / "install-desktop-entry.sh", app)
    saved = strip_debug_info(app) + strip_symbols(app)
    size = sum(f.stat().st_size for f in regular_files(app))
    archive = pack(app)
    print(f"Built {app / 'DeepPrep'}: {size / 1e6:.1f} MB unpacked, goal ≤ {GOAL_UNPACKED_MB} MB "
          f"({saved / 1e6:.0f} MB of debug info and symbols stripped)")
    print(f"Packed {archive}: {archive.stat().st_size / 1e6:.1f} MB, goal ≤ {GOAL_PACKED_MB} MB")
    print("Largest parts:", *size_report(app), sep="\n")
    print(f"Start it with {app / 'DeepPrep'}")
    print(*desktop_entry_note(app), sep="\n")
    return 0


def desktop_entry_note(app: Path) -> list[str]:
    """Where the bundle's menu entry and icon are, and how a user installs them."""
    resources = app / "_internal" / "resources"
    return ["Desktop entry and icon (inside the bundle):",
            f"  {resources / 'deepprep.desktop'}",
            f"  {resources / 'icons' / 'deepprep.svg'}",
            f"Add them to this user's application menu with {app / 'install-desktop-entry.sh'}",
            "  (copies to ~/.local/share/applications and .../icons, Exec pointing here)"]


if __name__ == "__main__":
    raise SystemExit(main())
