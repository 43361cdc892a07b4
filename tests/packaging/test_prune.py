"""What the bundle keeps: the rules of packaging/prune.py on real file names."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import prune


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
    "matplotlib/mpl-data/fonts/ttf/cmr10.ttf",
    "matplotlib/mpl-data/fonts/ttf/STIXGeneral.ttf",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSansDisplay.ttf",
])
def test_what_the_app_loads_stays(dest):
    assert not prune.dropped(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/imageformats/libqwebp.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/translations/qtbase_de.qm",
    "matplotlib/mpl-data/sample_data/goog.npz",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSerif.ttf",
    "libdbus-1.so.3",
    "libzstd.so.1",
])
def test_what_it_never_loads_goes(dest):
    assert prune.dropped(dest)


def test_only_the_python_lexer_and_two_styles_of_pygments_stay():
    pure = [(name, "", "PYMODULE") for name in (
        "pygments.lexers.python", "pygments.lexers.rust", "pygments.styles.monokai",
        "pygments.styles.zenburn", "pygments.formatters.html", "numpy.linalg")]
    _, _, kept = prune.prune([], [], pure)
    assert [name for name, _, _ in kept] == [
        "pygments.lexers.python", "pygments.styles.monokai", "pygments.formatters.html",
        "numpy.linalg"]


def test_the_app_starts_without_the_matplotlib_and_multiprocessing_hooks():
    scripts = [(name, f"/hooks/{name}.py", "PYSOURCE") for name in (
        "pyi_rth_inspect", "pyi_rth_mplconfig", "pyi_rth_multiprocessing", "pyi_rth_pyside6",
        "launch")]
    assert [name for name, _, _ in prune.runtime_scripts(scripts)] == [
        "pyi_rth_inspect", "pyi_rth_pyside6", "launch"]


@pytest.mark.skipif(not shutil.which("readelf"), reason="needs binutils")
def test_libraries_only_a_dropped_plugin_linked_go_with_it():
    qt = Path(__import__("PySide6").__file__).parent / "Qt"
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so",
         str(qt / "plugins/platforms/libqoffscreen.so"), "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqwayland.so",
         str(qt / "plugins/platforms/libqwayland.so"), "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", str(qt / "lib/libQt6Core.so.6"), "BINARY"),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6",
         str(qt / "lib/libQt6WaylandClient.so.6"), "BINARY"),
    ]
    kept, _, _ = prune.prune(binaries, [], [])
    assert [dest for dest, _, _ in kept] == [
        "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/lib/libQt6Core.so.6"]
