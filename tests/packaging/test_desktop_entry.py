"""The shipped menu entry, and the bundle's install-desktop-entry.sh that puts it and the
icon in place."""

import configparser
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def entry_keys(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str                       # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def validate(path: Path) -> None:
    """desktop-file-validate (desktop-file-utils), where installed: no errors, no hints."""
    if shutil.which("desktop-file-validate"):
        out = subprocess.run(["desktop-file-validate", str(path)], check=True, text=True,
                             capture_output=True).stdout
        assert out == ""


def test_the_shipped_entry_names_the_app_its_command_icon_and_menu():
    path = ROOT / "resources" / "deepprep.desktop"
    keys = entry_keys(path)
    assert keys["Type"] == "Application" and keys["Name"] == "DeepPrep"
    assert keys["Exec"] == "DeepPrep"               # the bundle's executable
    assert keys["Icon"] == "deepprep"
    assert (ROOT / "resources" / "icons" / f"{keys['Icon']}.svg").is_file()
    assert keys["Categories"] == "Education;ComputerScience;"   # one main category
    assert keys["Terminal"] == "false"
    validate(path)


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
    keys = entry_keys(entry)
    assert keys["Exec"] == f'"{app}/DeepPrep"' and keys["Icon"] == "deepprep"
    assert keys == {**entry_keys(ROOT / "resources" / "deepprep.desktop"), "Exec": keys["Exec"]}
    validate(entry)
