"""Kill -9 at random points: every acknowledged review and note survives, the file stays
healthy. The child acknowledges each commit on stdout; the parent kills it after a random
number of acknowledgements (no waiting on the wall clock)."""

import json
import random
import shutil
import sqlite3
import subprocess
import sys

from studyapp.store.db import check_integrity, latest_version, open_db
from studyapp.store.user_marks import get_note

ROUNDS = 100

CHILD = r"""
import sys
from studyapp.store.review_log import record_review
from studyapp.store.user_marks import get_note, set_note
from studyapp.store.db import open_db
db = open_db(sys.argv[1])
start = int(sys.argv[2])
for i in range(start, start + 10_000):
    card = {"question_id": f"q{i % 50}", "card_key": "q", "due": "2026-12-01T00:00:00+00:00",
            "state": 2, "suspended": False, "reps": i}
    log = {"question_id": f"q{i % 50}", "card_key": "q", "rating": 3,
           "reviewed_at": f"2026-11-26T00:00:{i:08d}", "duration_ms": i, "interval_days": 1.0,
           "state_before": {"n": i}}
    record_review(db, card, log)
    set_note(db, f"q{i % 50}", f"note {i}")
    print(i, flush=True)
"""


def test_reviews_and_notes_survive_a_hundred_kills(tmp_path):
    path = tmp_path / "deepprep.sqlite3"
    open_db(path).conn.close()
    rng = random.Random(7)
    next_i = 0
    for _ in range(ROUNDS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(next_i)],
                                 stdout=subprocess.PIPE, text=True)
        acknowledged = None
        for _ in range(rng.randint(1, 25)):
            line = child.stdout.readline()
            if not line:
                break
            acknowledged = int(line)
        child.kill()                                  # SIGKILL, wherever it is
        child.wait()
        child.stdout.close()
        assert acknowledged is not None
        db = open_db(path)                            # opens cleanly: integrity checked
        logged = {r[0] for r in db.execute("SELECT duration_ms FROM review_log")}
        assert set(range(acknowledged + 1)) <= logged   # nothing acknowledged is lost
        note = get_note(db, f"q{acknowledged % 50}")
        assert int(note.split()[1]) >= acknowledged
        next_i = max(logged) + 1
        db.conn.close()
    assert check_integrity(path) is None


STARTUP_CHILD = r"""
import datetime as dt, os, signal, sqlite3, sys
from pathlib import Path
kill_at = int(sys.argv[3])
count = [0]
real_connect = sqlite3.connect

def counting_connect(*args, **kwargs):
    conn = real_connect(*args, **kwargs)
    def statement(_sql):
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)     # mid-statement, wherever start-up is
    conn.set_trace_callback(statement)
    return conn

sqlite3.connect = counting_connect
from studyapp.banks import load
from studyapp.store.backup import backup_dir, take_daily_backup
from studyapp.store.db import open_db
from studyapp.store.search import ensure_index
path = Path(sys.argv[1])
take_daily_backup(path, backup_dir(path.parent), dt.date(2026, 12, 7))
db = open_db(path)
ensure_index(db, load(bank=Path(sys.argv[2])))
print("started", count[0], flush=True)
"""


def version_one_database(path):
    """A database as the first release left it, with reviews: every later migration and
    the search index still to do."""
    from studyapp.store.db import migrations

    conn = sqlite3.connect(path)
    conn.executescript(migrations()[0][1])
    conn.execute("PRAGMA user_version = 1")
    for n in range(20):
        reviews = 3 + n % 4
        conn.execute("INSERT INTO cards VALUES (?, 'q', '2026-12-01T00:00:00+00:00', 2, 0, ?)",
                     [f"q{n}", json.dumps({"question_id": f"q{n}", "reps": reviews})])
        for r in range(reviews + 1):                      # the last one was undone
            conn.execute("INSERT INTO review_log (question_id, card_key, rating, reviewed_at, "
                         "duration_ms, interval_days, state_before, undone) VALUES "
                         "(?, 'q', 3, ?, 1000, 1.0, '{}', ?)",
                         [f"q{n}", f"2026-11-{1 + r:02d}T00:00:00+00:00", int(r == reviews)])
    conn.commit()
    conn.close()


def assert_consistent(path):
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for qid, data in conn.execute("SELECT question_id, data FROM cards"):
            done = conn.execute("SELECT COUNT(*) FROM review_log WHERE question_id = ? AND "
                                "undone = 0", [qid]).fetchone()[0]
            assert json.loads(data)["reps"] == done, qid     # reps = reviews not undone
        assert conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 20
    finally:
        conn.close()


def test_kills_at_every_moment_of_start_up_and_migration_lose_nothing(tmp_path, fixture_bank):
    rng = random.Random(11)
    template = tmp_path / "v1.sqlite3"
    version_one_database(template)
    probe = tmp_path / "probe" / "deepprep.sqlite3"
    probe.parent.mkdir()
    shutil.copy(template, probe)
    done = subprocess.run([sys.executable, "-c", STARTUP_CHILD, str(probe), str(fixture_bank),
                           "0"], capture_output=True, text=True, check=True)
    statements = int(done.stdout.split()[1])          # how many statements start-up runs
    moments = sorted(rng.sample(range(1, statements + 1), min(30, statements)))
    for kill_at in moments:
        folder = tmp_path / f"kill-{kill_at}"
        folder.mkdir()
        path = folder / "deepprep.sqlite3"
        shutil.copy(template, path)
        child = subprocess.run([sys.executable, "-c", STARTUP_CHILD, str(path),
                                str(fixture_bank), str(kill_at)], capture_output=True,
                               text=True, check=False)
        assert child.returncode == -9, (kill_at, child.stderr[-500:])
        assert_consistent(path)
        db = open_db(path)                           # the next start finishes the job
        assert db.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        db.close()
        assert_consistent(path)
