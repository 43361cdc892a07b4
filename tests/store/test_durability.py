"""Kill -9 at random points: every acknowledged review and note survives, the file stays
healthy. The child acknowledges each commit on stdout; the parent kills it after a random
number of acknowledgements (no waiting on the wall clock)."""

import random
import subprocess
import sys

from studyapp.store import progress
from studyapp.store.db import check_integrity, open_db

ROUNDS = 100

CHILD = r"""
import sys
from studyapp.store import progress
from studyapp.store.db import open_db
db = open_db(sys.argv[1])
start = int(sys.argv[2])
for i in range(start, start + 10_000):
    card = {"question_id": f"q{i % 50}", "card_key": "q", "due": "2026-12-01T00:00:00+00:00",
            "state": 2, "suspended": False, "reps": i}
    log = {"question_id": f"q{i % 50}", "card_key": "q", "rating": 3,
           "reviewed_at": f"2026-11-26T00:00:{i:08d}", "duration_ms": i, "interval_days": 1.0,
           "state_before": {"n": i}}
    progress.record_review(db, card, log)
    progress.set_note(db, f"q{i % 50}", f"note {i}")
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
        note = progress.get_note(db, f"q{acknowledged % 50}")
        assert int(note.split()[1]) >= acknowledged
        next_i = max(logged) + 1
        db.conn.close()
    assert check_integrity(path) is None
