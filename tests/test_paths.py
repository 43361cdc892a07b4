"""Where the app finds its bank and resources in each layout, and where the packaged app
keeps matplotlib's font cache."""

import os
import sys
from pathlib import Path

from studyapp import __version__, paths


def test_the_packaged_app_keeps_the_font_cache_per_version(monkeypatch, tmp_path):
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    paths.keep_matplotlib_cache()                  # from source: matplotlib's own default
    assert "MPLCONFIGDIR" not in os.environ

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    paths.keep_matplotlib_cache()
    assert os.environ["MPLCONFIGDIR"] == str(tmp_path / "DeepPrep" / f"matplotlib-{__version__}")


def test_a_source_checkout_finds_the_bank_and_resources_beside_the_package():
    root = Path(__file__).resolve().parents[1]
    assert paths.bank_dir() == root / "data" / "bank"
    assert paths.resources_dir() == root / "resources"


def test_an_installed_wheel_finds_them_inside_the_package(monkeypatch, tmp_path):
    package = tmp_path / "site-packages" / "studyapp"
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    package.mkdir(parents=True)
    assert paths.bank_dir() == tmp_path / "site-packages" / "data" / "bank"   # not installed
    (package / "data" / "bank").mkdir(parents=True)
    assert paths.bank_dir() == package / "data" / "bank"
    assert paths.resources_dir() == package / "resources"


def test_the_packaged_app_finds_them_in_its_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert paths.bank_dir() == tmp_path / "_internal" / "data" / "bank"
    assert paths.resources_dir() == tmp_path / "_internal" / "resources"
