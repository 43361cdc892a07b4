"""Individual benchmarks. Each returns value, floor, unit, ratio and the goal."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.timing import median_ms

ROOT = Path(__file__).resolve().parent.parent


def _ratio(value: float, floor: float, unit: str, goal: str, **extra) -> dict:
    return {"value": value, "floor": floor, "unit": unit, "ratio": value / floor, "goal": goal,
            **extra}


@dataclass(frozen=True)
class Launch:
    lines: list[float]      # seconds from launch until each line the process printed
    exited: float           # seconds from launch until the process had ended
    peak_mb: float          # its peak resident memory


def launch(command: list[str]) -> Launch:
    """Run ``command`` to its end, timing each line it prints from the launch (its own
    clock cannot see the interpreter start) and its exit, with its peak memory up to
    its last line."""
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                                          "HOME": str(Path.home())}) as process:
        watchdog = threading.Timer(300, process.kill)   # a launch stuck on a dialog fails
        watchdog.start()
        times, peak = [], None
        for _ in process.stdout:
            times.append(time.perf_counter() - start)
            peak = _peak_mb(process.pid) or peak
        _, status, usage = os.wait4(process.pid, 0)
        exited = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        watchdog.cancel()
    if process.returncode != 0 or not times:
        raise SystemExit(f"{command} failed ({process.returncode})")
    # ru_maxrss also counts what the child shared with this (large) process before exec.
    return Launch(times, exited, peak or usage.ru_maxrss / 1024)


def _peak_mb(pid: int) -> float | None:
    """A running process's peak resident size so far (Linux), else None."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"VmHWM:\s+(\d+)", status)
    return int(found.group(1)) / 1024 if found else None


EMPTY_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.show(); w.repaint()
print("painted", flush=True)
"""
FROZEN_APP = ROOT / "dist" / "DeepPrep" / "DeepPrep"
FLOOR_BUILD = ROOT / "build" / "bench-floor"


def _frozen_floor() -> list[str]:
    """The empty window packaged by PyInstaller too (built on first use, then reused)."""
    app = FLOOR_BUILD / "dist" / "empty_window" / "empty_window"
    if not app.exists():
        FLOOR_BUILD.mkdir(parents=True, exist_ok=True)
        script = FLOOR_BUILD / "empty_window.py"
        script.write_text(EMPTY_WINDOW)
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir",
                        "--log-level", "WARN", "--distpath", str(FLOOR_BUILD / "dist"),
                        "--workpath", str(FLOOR_BUILD / "work"), "--specpath", str(FLOOR_BUILD),
                        str(script)], check=True, capture_output=True)
    return [str(app)]


def _startup(app: list[str], floor: list[str], repeats: int = 15) -> dict:
    """Launch to the window showing the questions vs launch to an empty PySide6 window
    painted, and the whole process (launch, questions shown, quit) vs the empty
    window's. The two alternate, so that a busy moment of the machine slows both."""
    floors, floor_exits, painted, shown, exits = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        command = [*app, "--time-startup", "--data-dir", tmp]
        launch(command)                 # first run: database, search index, bank cache
        for _ in range(repeats):
            empty = launch(floor)
            floors.append(empty.lines[0])
            floor_exits.append(empty.exited)
            run = launch(command)
            painted.append(run.lines[0])
            shown.append(run.lines[-1])
            exits.append(run.exited)
    ms = {name: statistics.median(times) * 1000 for name, times in (
        ("floor", floors), ("floor_exit", floor_exits), ("painted", painted), ("shown", shown),
        ("exit", exits))}
    return {
        "": _ratio(ms["shown"], ms["floor"], "ms", "≤ 1.5×", painted_ms=ms["painted"],
                   painted_ratio=ms["painted"] / ms["floor"]),
        "_process": _ratio(ms["exit"], ms["floor_exit"], "ms", "≤ 2×"),
    }


def startup() -> dict:
    """Start-up through the real entry point, with a data folder from an earlier run."""
    return _startup([sys.executable, "-m", "studyapp"], [sys.executable, "-c", EMPTY_WINDOW])


def startup_frozen() -> dict:
    """The same for the app `make package` built, against an empty window packaged
    by PyInstaller as well."""
    if not FROZEN_APP.exists():
        raise SystemExit(f"no frozen app at {FROZEN_APP}: run 'make package' first")
    return _startup([str(FROZEN_APP)], _frozen_floor())


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
    return median_ms(lambda: db.execute("SELECT 1").fetchall(), 200)


def search_bank() -> dict:
    """Search-as-you-type over the shipped bank, per keystroke."""
    from studyapp.banks import load
    from studyapp.store.search import open_index

    with tempfile.TemporaryDirectory() as tmp:
        db = open_index(Path(tmp) / "search.sqlite3", load())
        value = _search_timing(db, ["gradient", "attention", "softmax", "dropout", "variance"])
        return _ratio(value, _bare_query(db), "ms", "≤ 5 ms median")


def search_50k() -> dict:
    """Search-as-you-type over a synthetic bank of 50,000 questions."""
    import random

    from studyapp.store.db import open_db, transaction
    from studyapp.store.search import create_index

    rng = random.Random(0)
    vocab = [f"{w}{i}" for i, w in enumerate(["grad", "norm", "attn", "conv", "loss"] * 400)]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "b.sqlite3")
        with transaction(db):
            create_index(db, [(f"q{i}", " ".join(rng.choices(vocab, k=8)),
                               " ".join(rng.choices(vocab, k=120)), "tag",
                               " ".join(rng.choices(vocab, k=20))) for i in range(50_000)])
        value = _search_timing(db, ["grad17", "attn1202", "loss44"])
        return _ratio(value, _bare_query(db), "ms", "≤ 5 ms median")


def _lazy(module: str, name: str):
    """A benchmark from another module, imported only when it runs."""
    def run() -> dict:
        import importlib
        return getattr(importlib.import_module(f"benchmarks.{module}"), name)()
    return run


ALL = {"startup": startup, "startup_frozen": startup_frozen,
       "search_bank": search_bank, "search_50k": search_50k,
       "answer_switch": _lazy("answers", "answer_switch"),
       "explorer_frames": _lazy("frames", "explorer_frames"),
       "due_queue": _lazy("study", "due_queue"), "answer_card": _lazy("study", "answer_card"),
       "answer_vs_anki": _lazy("anki_compare", "answer_vs_anki"),
       "scale": _lazy("scale", "scale"),
       "peak_memory": _lazy("study", "peak_memory"),
       "optimizer": _lazy("optimizer", "optimizer"),
       "retention_simulation": _lazy("optimizer", "retention_simulation"),
       "exam_plan": _lazy("exam_plan", "exam_plan"),
       "anki_import": _lazy("anki_import", "anki_import")}
