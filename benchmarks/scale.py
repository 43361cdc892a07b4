"""Start-up, search and memory as the bank grows: the shipped bank alone, plus synthetic
banks of 2,000 and 10,000 question files, plus 5,000 imported notes of the user's own.

Each size is launched through the real entry point: the first start (no data folder
yet: database, bank cache and search index made), a start with the bank cache removed
(every file parsed, index unchanged), and warm starts. Floors are empty PySide6 windows
launched between them.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.cases import EMPTY_WINDOW, _bare_query, _ratio, _search_timing, launch
from benchmarks.synthetic import question_bank, user_notes
from studyapp import paths

SIZES = ((0, 0), (2_000, 0), (10_000, 0), (10_000, 5_000))   # (question files, user notes)
WARM = 3
COLD = 2
SHIPPED = sum(1 for _ in paths.bank_dir().rglob("[0-9]*.md"))


def _start(data_dir: Path, banks: list[Path]):
    command = [sys.executable, "-m", "studyapp", "--time-startup", "--data-dir", str(data_dir)]
    for bank in banks:
        command += ["--bank", str(bank)]
    return launch(command)


def _size(tmp: Path, files: int, notes: int, floors: list[float]) -> dict:
    bank = tmp / f"bank-{files}"
    banks = [bank if bank.exists() else question_bank(bank, files)] if files else []
    data_dir = tmp / f"data-{files}-{notes}"
    data_dir.mkdir()
    if notes:
        user_notes(data_dir, notes)
    first = _start(data_dir, banks)
    cold, warm, peaks = [], [], []
    for _ in range(COLD):
        floors.append(launch([sys.executable, "-c", EMPTY_WINDOW]).lines[0])
        (data_dir / "cache" / "bank.json").unlink()
        run = _start(data_dir, banks)
        cold.append(run.lines[-1])
    for _ in range(WARM):
        floors.append(launch([sys.executable, "-c", EMPTY_WINDOW]).lines[0])
        run = _start(data_dir, banks)
        warm.append(run.lines[-1])
        peaks.append(run.peak_mb)
    return {"question_files": files, "user_notes": notes,
            "questions": SHIPPED + files + notes,
            "first_start_ms": first.lines[-1] * 1000,
            "cold_cache_ms": statistics.median(cold) * 1000,
            "warm_ms": statistics.median(warm) * 1000,
            "peak_mb": statistics.median(peaks),
            "bank_cache_mb": (data_dir / "cache" / "bank.json").stat().st_size / 1e6}


def _search(bank: Path) -> tuple[float, float]:
    """Search-as-you-type per keystroke over ``bank`` with the shipped bank."""
    from studyapp.banks import load
    from studyapp.store.search import open_index

    db = open_index(bank.parent / "search.sqlite3", load([bank]))
    value = _search_timing(db, ["gradient", "attention", "softmax", "dropout", "variance"])
    return value, _bare_query(db)


def scale() -> dict:
    floors: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        curve = [_size(Path(tmp), files, notes, floors) for files, notes in SIZES]
        largest = max(files for files, _ in SIZES)
        search_ms, query_ms = _search(Path(tmp) / f"bank-{largest}")
    floor = statistics.median(floors) * 1000
    results = {}
    for row in curve:
        name = f"_{row['question_files']}" + (f"_notes_{row['user_notes']}"
                                              if row["user_notes"] else "")
        results[name] = _ratio(row["warm_ms"], floor, "ms",
                               "grows sub-linearly with the bank (warm cache)",
                               warm_vs_shipped_bank=row["warm_ms"] / curve[0]["warm_ms"], **row)
    results[f"_search_{largest}"] = _ratio(search_ms, query_ms, "ms", "≤ 5 ms median")
    return results
