"""Build the one-folder app with PyInstaller and print where it is and how big."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size(path: Path) -> int:
    """Bytes in regular files; PyInstaller's symlinks to shared libraries count once."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> int:
    dist = ROOT / "dist"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(ROOT / "build"),
         str(ROOT / "packaging" / "deepprep.spec")],
        check=True, cwd=ROOT,
    )
    app = dist / "DeepPrep"
    print(f"Built {app / 'DeepPrep'} ({folder_size(app) / 1e6:.0f} MB unpacked)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
