"""The sdist and the wheel built from it carry the question bank, the resources and the
migrations, where studyapp.paths finds them."""

import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What the distributions are built from (a copy: building writes beside the sources).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "studyapp", "data",
           "resources")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(source copy, sdist, wheel): `python -m build` makes the sdist, then the wheel
    from the unpacked sdist."""
    tmp = tmp_path_factory.mktemp("distributions")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)
    out = tmp / "out"
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out),
                    str(src)], check=True, capture_output=True, text=True)
    (sdist,), (wheel,) = out.glob("*.tar.gz"), out.glob("*.whl")
    return src, sdist, wheel


def shipped_files(src: Path) -> list[str]:
    """data/… and resources/… files of the source tree, as relative paths."""
    return sorted(str(f.relative_to(src)) for name in ("data", "resources")
                  for f in (src / name).rglob("*") if f.is_file())


def migrations(src: Path) -> list[str]:
    return sorted(str(f.relative_to(src))
                  for f in (src / "studyapp" / "store" / "migrations").glob("*.sql"))


def test_the_wheel_carries_bank_resources_and_migrations_inside_the_package(built):
    src, _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = shipped_files(src)
    assert len(shipped) > 400 and "resources/icons/deepprep.svg" in shipped
    assert any(f.endswith(".py") for f in shipped)           # drill solutions come along
    assert {f"studyapp/{f}" for f in shipped} <= names
    assert set(migrations(src)) <= names and len(migrations(src)) >= 5
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.startswith(("data/", "resources/"))]


def test_the_sdist_carries_them_at_the_top_as_in_the_repository(built):
    src, sdist, _ = built
    version = tomllib.loads((src / "pyproject.toml").read_text())["project"]["version"]
    top = f"deepprep-{version}/"
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
    assert {top + f for f in [*shipped_files(src), *migrations(src)]} <= names
    assert {top + "setup.py", top + "MANIFEST.in"} <= names


def test_paths_finds_the_bank_and_resources_of_the_unpacked_wheel(built, tmp_path):
    _, _, wheel = built
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from studyapp import paths; "
            "print(paths.bank_dir()); print(paths.resources_dir())")
    out = subprocess.run([sys.executable, "-S", "-c", code, str(site)], check=True, text=True,
                         capture_output=True, cwd=tmp_path).stdout.split()
    assert out == [str(site / "studyapp" / "data" / "bank"), str(site / "studyapp" / "resources")]
    assert (Path(out[0]) / "tags.toml").is_file() and (Path(out[1]) / "deepprep.desktop").is_file()
