"""Where the packaged app keeps matplotlib's font cache."""

import os
import sys

from studyapp import __version__, paths


def test_the_packaged_app_keeps_the_font_cache_per_version(monkeypatch, tmp_path):
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    paths.keep_matplotlib_cache()                  # from source: matplotlib's own default
    assert "MPLCONFIGDIR" not in os.environ

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    paths.keep_matplotlib_cache()
    assert os.environ["MPLCONFIGDIR"] == str(tmp_path / "DeepPrep" / f"matplotlib-{__version__}")
