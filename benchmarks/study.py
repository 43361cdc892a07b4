"""Study-loop benchmarks: the due queue on a big history, answering a card, memory."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.cases import _ratio
from benchmarks.timing import median_ms

CARDS = 20_000
LOG_ROWS = 1_000_000


def _big_database(path: Path):
    from studyapp.core import srs
    from studyapp.store.db import open_db, transaction
    from studyapp.store.review_log import save_cards

    rng = random.Random(0)
    now = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
    db = open_db(path)
    rows = []
    for i in range(CARDS):
        card = srs.CardState.new(f"q{i // 3}", f"c{i % 3}", now)
        if i % 4:                              # three in four cards have been studied
            card.state = srs.REVIEW
            card.stability = rng.uniform(1, 200)
            card.difficulty = rng.uniform(1, 10)
            card.last_review = now - dt.timedelta(days=rng.uniform(1, 60))
            card.due = now + dt.timedelta(days=rng.uniform(-20, 60))
        rows.append(card.to_row())
    save_cards(db, rows)
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO review_log (question_id, card_key, rating, reviewed_at, duration_ms, "
            "interval_days, state_before) VALUES (?, ?, ?, ?, ?, ?, '{}')",
            ((f"q{i % CARDS // 3}", f"c{i % 3}", 1 + i % 4,
              (now - dt.timedelta(minutes=i)).isoformat(), 5000, 3.0) for i in range(LOG_ROWS)))
    return db, now


def due_queue() -> dict:
    """Today's queue over 20,000 cards with 1,000,000 review-log rows, as Flashcards builds
    it: from the card states it keeps in memory plus today's counts from the log. The
    one-time load of every card state (at start and after an import) is reported too."""
    from studyapp.core import srs
    from studyapp.store.review_log import review_counts_since, stored_cards

    with tempfile.TemporaryDirectory() as tmp:
        db, now = _big_database(Path(tmp) / "big.sqlite3")
        settings = srs.Settings()

        def load():
            return list(stored_cards(db).values())

        cards = load()

        def build():
            done = review_counts_since(db, srs.day_start(now).isoformat())
            srs.build_queue(cards, now, settings, done["new"], done["reviews"])

        value = median_ms(build, 7)
        load_ms = median_ms(load, 3)
        floor = median_ms(lambda: db.execute("SELECT data FROM cards").fetchall(), 7)
    return {"value": value, "floor": floor, "unit": "ms", "ratio": value / floor,
            "goal": "≤ 50 ms", "load_ms": load_ms}


def answer_card() -> dict:
    """Schedule an answer and store it (card + log, one transaction) vs a bare insert."""
    from studyapp.core import srs
    from studyapp.store.db import open_db, transaction
    from studyapp.store.review_log import record_review

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "a.sqlite3")
        scheduler = srs.Scheduler(srs.Settings())
        now = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
        counter = iter(range(10**9))

        def answer():
            card = srs.CardState.new(f"q{next(counter)}", "q", now)
            new, log = scheduler.answer(card, 3, now, 4000)
            record_review(db, new.to_row(), log)

        def bare():
            with transaction(db):
                db.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                           [f"k{next(counter)}", json.dumps({"x": 1})])

        value = median_ms(answer, 50)
        floor = median_ms(bare, 50)
    return {"value": value, "floor": floor, "unit": "ms", "ratio": value / floor,
            "goal": "close to a bare insert"}


# Peak RSS in kB. VmHWM belongs to this process image; ru_maxrss would also count the
# parent's size at fork time, and the benchmark process is large by then.
PEAK = """
import re, resource, sys, tempfile, pathlib
from PySide6.QtWidgets import QApplication
app = QApplication([])
{body}
app.processEvents()
try:
    status = open("/proc/self/status").read()
    print(re.search(r"VmHWM:\\s+(\\d+)", status).group(1))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

EVERY_MODE = """
from studyapp.ui.startup import build_window
from studyapp.ui.main_window import MODES
from studyapp.viz import registry
w = build_window(pathlib.Path({data_dir!r})); w.resize(1280, 800); w.show()
for mode in range(len(MODES)):
    w.set_mode(mode); app.processEvents()
w.open_question("transformer"); app.processEvents()
for explorer in registry.ids():
    w.open_explorer(explorer); app.processEvents()
w.set_mode(MODES.index("Drills")); app.processEvents()
drills = w.view("Drills")
drills.open_drill(next(q for q in w.ctx.bank.questions.values() if q.drill)); app.processEvents()
"""


def _rss_mb(body: str) -> float:
    out = subprocess.run([sys.executable, "-c", PEAK.format(body=body)], check=True,
                         capture_output=True, text=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def peak_memory() -> dict:
    """Peak RSS after opening every mode, an answer, every explorer and a drill vs an
    empty window: on a later launch, and on the first launch with a new data folder,
    which typesets every formula it shows (later launches read them from the disk
    cache and never load the typesetter and its font tables, about 20 MB)."""
    floor = _rss_mb("from PySide6.QtWidgets import QMainWindow\nw = QMainWindow(); w.show()")
    with tempfile.TemporaryDirectory() as data_dir:
        first, later = (_rss_mb(EVERY_MODE.format(data_dir=data_dir)) for _ in range(2))
    return {"": _ratio(later, floor, "MB", "≤ 200 MB"),
            "_first_launch": _ratio(first, floor, "MB", "≤ 200 MB")}
