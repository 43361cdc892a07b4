#!/usr/bin/env bash
# Run the frozen app's self-test headlessly; exit status is the test's.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
app="$here/dist/DeepPrep/DeepPrep"
[ -x "$app" ] || { echo "no frozen app at $app: run 'make package' first" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen
"$app" --version
start=$(date +%s%N)
"$app" --self-test
end=$(date +%s%N)
echo "frozen self-test took $(( (end - start) / 1000000 )) ms"
