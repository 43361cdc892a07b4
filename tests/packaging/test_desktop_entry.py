"""The bundle's install-desktop-entry.sh puts a valid menu entry and icon in place."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_menu_entry_points_at_the_unpacked_folder(tmp_path):
    app = tmp_path / "Deep Prep"          # a space in the path must survive
    (app / "_internal").mkdir(parents=True)
    shutil.copytree(ROOT / "resources", app / "_internal" / "resources")
    shutil.copy2(ROOT / "packaging" / "install-desktop-entry.sh", app)
    share = tmp_path / "share"
    out = subprocess.run([str(app / "install-desktop-entry.sh")], check=True, text=True,
                         capture_output=True, env={"XDG_DATA_HOME": str(share),
                                                   "PATH": "/usr/bin:/bin"}).stdout
    entry = share / "applications" / "deepprep.desktop"
    icon = share / "icons" / "hicolor" / "scalable" / "apps" / "deepprep.svg"
    assert str(entry) in out and icon.read_bytes().startswith(b"<svg")
    lines = entry.read_text().splitlines()
    assert f'Exec="{app}/DeepPrep"' in lines and "Icon=deepprep" in lines
    if shutil.which("desktop-file-validate"):   # desktop-file-utils, where installed
        subprocess.run(["desktop-file-validate", str(entry)], check=True)
