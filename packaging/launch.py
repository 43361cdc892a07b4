"""Entry point of the frozen app."""

import os
from pathlib import Path

import platformdirs

from studyapp import __version__

# PyInstaller's matplotlib hook points MPLCONFIGDIR at a fresh temporary folder, which
# would rebuild matplotlib's font cache on every launch; keep it in the user cache, one
# per version, since a cached font list does not notice fonts a new version brings.
os.environ["MPLCONFIGDIR"] = str(
    Path(platformdirs.user_cache_dir("DeepPrep", appauthor=False)) / f"matplotlib-{__version__}")

from studyapp.app import main

raise SystemExit(main())
