"""Where the bank, resources and the user's data live.

Three layouts are supported: a source checkout, an installed wheel (data files
beside the package) and a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "DeepPrep"
PACKAGE_DIR = Path(__file__).resolve().parent


def install_root() -> Path:
    """The folder holding data/ and resources/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return PACKAGE_DIR.parent


def bank_dir() -> Path:
    return install_root() / "data" / "bank"


def resources_dir() -> Path:
    return install_root() / "resources"


def seed_items() -> Path:
    """The seed list beside a source checkout (absent in installed copies)."""
    return install_root().parent / "shared" / "seeds" / "items.tsv"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir(data_dir: Path) -> Path:
    return data_dir / "cache"
