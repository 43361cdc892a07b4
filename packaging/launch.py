"""Entry point of the frozen app."""

import os
from pathlib import Path

import platformdirs

# PyInstaller's matplotlib hook points MPLCONFIGDIR at a fresh temporary folder, which
# would rebuild matplotlib's font cache on every launch; keep it in the user cache.
os.environ["MPLCONFIGDIR"] = str(
    Path(platformdirs.user_cache_dir("DeepPrep", appauthor=False)) / "matplotlib")

from studyapp.app import main

raise SystemExit(main())
