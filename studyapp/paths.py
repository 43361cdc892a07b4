"""Where the bank, resources and the user's data live.

Three layouts are supported: a PyInstaller bundle (``sys._MEIPASS``), an installed
wheel (setup.py copies data/ and resources/ into the package) and a source checkout
(both beside the package).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "DeepPrep"
PACKAGE_DIR = Path(__file__).resolve().parent


def install_root() -> Path:
    """The folder holding data/ and resources/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    if (PACKAGE_DIR / "data" / "bank").is_dir():
        return PACKAGE_DIR
    return PACKAGE_DIR.parent


def bank_dir() -> Path:
    return install_root() / "data" / "bank"


def resources_dir() -> Path:
    return install_root() / "resources"


def seed_items() -> Path:
    """The seed list beside a source checkout (absent in installed copies)."""
    return install_root().parent / "shared" / "seeds" / "items.tsv"


def syllabus_items() -> Path:
    """The 2026 syllabus beside a source checkout (absent in installed copies)."""
    return install_root().parent / "shared" / "syllabus" / "items.tsv"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir(data_dir: Path) -> Path:
    return data_dir / "cache"


def keep_matplotlib_cache() -> None:
    """In the packaged app, keep matplotlib's font cache in the user's cache folder, one
    per app version (a cached font list does not notice fonts a new version brings, and
    it names files inside the bundle). Called before matplotlib is first imported, after
    the first paint: finding the folder costs start-up time."""
    if getattr(sys, "frozen", False) and "MPLCONFIGDIR" not in os.environ:
        import platformdirs

        from studyapp import __version__

        cache = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
        os.environ["MPLCONFIGDIR"] = str(cache / f"matplotlib-{__version__}")
