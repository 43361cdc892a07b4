"""Build hook: wheels carry the question bank and resources inside the package.

The repository keeps them at its top (data/, resources/), where the app finds them
when run from source. A built package copies them to studyapp/data and
studyapp/resources, where studyapp.paths looks first; MANIFEST.in puts them in the
sdist, so a wheel built from the sdist gets them the same way. Everything else is
configured in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("data", "resources")


class BuildPyWithBank(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:          # an editable install reads them from the source tree
            return
        for name in SHIPPED:
            target = Path(self.build_lib) / "studyapp" / name
            shutil.rmtree(target, ignore_errors=True)   # no files left from an older build
            shutil.copytree(ROOT / name, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithBank})
