"""`make bench`: speed as ratios against floors measured in the same run.

Results go to benchmarks/results/<name>.json and a Markdown summary.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from benchmarks import cases

# As the app does (studyapp.app.main), before numpy loads: one BLAS thread. A pool of
# them fights the GUI thread for the cores, and explorer frames stall behind it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

RESULTS = Path(__file__).parent / "results"


def main(argv: list[str]) -> int:
    RESULTS.mkdir(exist_ok=True)
    chosen = [name for name in cases.ALL if not argv or name in argv]
    lines = ["| benchmark | value | floor | ratio | goal |", "|---|---|---|---|---|"]
    for name in chosen:
        try:
            outcome = cases.ALL[name]()
        except SystemExit as exc:         # cannot run here (e.g. no packaged app): say why
            lines.append(f"| {name} | not measured: {exc} | | | |")
            print(lines[-1], flush=True)
            continue
        # One goal, or several measured in one run: name suffix → result.
        results = {"": outcome} if "value" in outcome else outcome
        for suffix, result in results.items():
            (RESULTS / f"{name}{suffix}.json").write_text(json.dumps(result, indent=2))
            lines.append(f"| {name}{suffix} | {result['value']:.3g} {result['unit']} | "
                         f"{result['floor']:.3g} {result['unit']} | {result['ratio']:.2f}× | "
                         f"{result['goal']} |")
            print(lines[-1], flush=True)
    (RESULTS / "summary.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
