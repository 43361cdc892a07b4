"""Individual benchmarks. Each returns value, floor, unit, ratio and the goal."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ratio(value: float, floor: float, unit: str, goal: str, **extra) -> dict:
    return {"value": value, "floor": floor, "unit": unit, "ratio": value / floor, "goal": goal,
            **extra}


def _median_run(code: str, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                       env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


EMPTY_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.show(); app.processEvents()
"""

MAIN_WINDOW = """
import tempfile, pathlib
from PySide6.QtWidgets import QApplication
app = QApplication([])
from studyapp.app import build_window
d = pathlib.Path(tempfile.mkdtemp())
w = build_window(d); w.show(); app.processEvents()
"""


def startup() -> dict:
    """Cold start to a painted main window vs an empty PySide6 window."""
    _median_run(MAIN_WINDOW, 1)              # warm the OS file cache and the math cache
    floor = _median_run(EMPTY_WINDOW)
    value = _median_run(MAIN_WINDOW)
    return _ratio(value * 1000, floor * 1000, "ms", "≤ 1.3×")


def _search_timing(db, words: list[str]) -> float:
    from studyapp.store.search import search

    times = []
    for word in words:
        for end in range(1, len(word) + 1):
            start = time.perf_counter()
            search(db, word[:end])
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _bare_query(db) -> float:
    times = []
    for _ in range(200):
        start = time.perf_counter()
        db.execute("SELECT 1").fetchall()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def search_bank() -> dict:
    """Search-as-you-type over the shipped bank, per keystroke."""
    from studyapp.checks import load
    from studyapp.store.db import open_db
    from studyapp.store.search import ensure_index

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "b.sqlite3")
        ensure_index(db, load())
        value = _search_timing(db, ["gradient", "attention", "softmax", "dropout", "variance"])
        return _ratio(value, _bare_query(db), "ms", "≤ 5 ms median")


def search_50k() -> dict:
    """Search-as-you-type over a synthetic bank of 50,000 questions."""
    import random

    from studyapp.store.db import open_db
    from studyapp.store.progress import transaction

    rng = random.Random(0)
    vocab = [f"{w}{i}" for i, w in enumerate(["grad", "norm", "attn", "conv", "loss"] * 400)]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "b.sqlite3")
        with transaction(db):
            db.execute("CREATE VIRTUAL TABLE search_fts USING fts5(question_id UNINDEXED, title, "
                       "body, tags, key_points, tokenize = 'porter unicode61')")
            db.conn.executemany(
                "INSERT INTO search_fts VALUES (?, ?, ?, ?, ?)",
                [(f"q{i}", " ".join(rng.choices(vocab, k=8)), " ".join(rng.choices(vocab, k=120)),
                  "tag", " ".join(rng.choices(vocab, k=20))) for i in range(50_000)])
        value = _search_timing(db, ["grad17", "attn1202", "loss44"])
        return _ratio(value, _bare_query(db), "ms", "≤ 5 ms median")


def _lazy(module: str, name: str):
    """A benchmark from another module, imported only when it runs."""
    def run() -> dict:
        import importlib
        return getattr(importlib.import_module(f"benchmarks.{module}"), name)()
    return run


ALL = {"startup": startup, "search_bank": search_bank, "search_50k": search_50k,
       "explorer_frames": _lazy("frames", "explorer_frames"),
       "due_queue": _lazy("study", "due_queue"), "answer_card": _lazy("study", "answer_card"),
       "peak_memory": _lazy("study", "peak_memory")}
