#!/usr/bin/env bash
# Install DeepPrep the way a Python user does and run its self-test: build the sdist and
# the wheel from it, install the wheel into a fresh venv outside the repository, run
# `deepprep --self-test` from another folder, then reinstall from the sdist and check
# that the bank and resources came along. Dependencies come from the index through pip's
# cache (~/.cache/pip; keep it between CI runs). Exit status is the first failure's.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$here/.venv/bin/python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

start=$(date +%s%N)
"$python" -m build --outdir "$work/dist" "$here" > "$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }
wheel=("$work"/dist/deepprep-*.whl)
sdist=("$work"/dist/deepprep-*.tar.gz)
echo "built $(basename "${sdist[0]}") and $(basename "${wheel[0]}") in $(ms_since "$start") ms"

start=$(date +%s%N)
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile \
  "${wheel[0]}"   # Python compiles what the self-test imports
echo "installed the wheel and its dependencies into a fresh venv in $(ms_since "$start") ms"

# Away from the repository, with throw-away user folders.
mkdir -p "$work/elsewhere"
cd "$work/elsewhere"
export QT_QPA_PLATFORM=offscreen XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" \
  XDG_CONFIG_HOME="$work/config"
unset PYTHONPATH
"$work/venv/bin/deepprep" --version
start=$(date +%s%N)
"$work/venv/bin/deepprep" --self-test
echo "wheel self-test took $(ms_since "$start") ms"

start=$(date +%s%N)
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
  --force-reinstall "${sdist[0]}"
"$work/venv/bin/python" - "$work/venv" <<'EOF'
import sys
from pathlib import Path

from studyapp import paths
from studyapp.store.db import migrations

venv = Path(sys.argv[1]).resolve()
bank, resources = paths.bank_dir(), paths.resources_dir()
assert bank.is_relative_to(venv), f"bank found outside the install: {bank}"
questions = list(bank.rglob("[0-9][0-9][0-9]*.md"))
assert len(questions) > 100, f"only {len(questions)} questions in {bank}"
assert (resources / "deepprep.desktop").is_file(), f"no desktop entry in {resources}"
assert (resources / "icons" / "deepprep.svg").is_file(), f"no icon in {resources}"
assert len(migrations()) >= 5, "migrations missing"
print(f"sdist install: {len(questions)} question files in {bank}")
EOF
echo "installed from the sdist and checked it in $(ms_since "$start") ms"
