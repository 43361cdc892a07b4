"""Results outside the flashcards: drill attempts, shape exercises and explorer challenges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from studyapp.store.db import now_iso

if TYPE_CHECKING:
    from studyapp.store.db import Database


def drill_attempt(db: Database, question_id: str) -> dict | None:
    row = db.execute("SELECT code, passed, runs FROM drill_attempts WHERE question_id = ?",
                     [question_id]).fetchone()
    return {"code": row[0], "passed": bool(row[1]), "runs": row[2]} if row else None


def save_drill_code(db: Database, question_id: str, code: str,
                    passed: bool | None = None, seconds: float | None = None) -> None:
    """Keep the latest code; ``passed`` is given when the code was just run, ``seconds``
    (time since the drill was opened) when that run passed."""
    solved = bool(passed)
    best = seconds if solved else None
    db.execute(
        "INSERT INTO drill_attempts (question_id, code, passed, runs, updated_at, solved, "
        "best_seconds) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (question_id) DO UPDATE SET "
        "code = excluded.code, "
        "passed = CASE WHEN ? IS NULL THEN passed ELSE excluded.passed END, "
        "runs = runs + excluded.runs, updated_at = excluded.updated_at, "
        "solved = MAX(solved, excluded.solved), "
        "best_seconds = CASE WHEN excluded.best_seconds IS NULL THEN best_seconds "
        "WHEN best_seconds IS NULL THEN excluded.best_seconds "
        "ELSE MIN(best_seconds, excluded.best_seconds) END",
        [question_id, code, int(solved), int(passed is not None), now_iso(), int(solved), best,
         passed],
    )


@dataclass(frozen=True)
class DrillRecord:
    runs: int
    solved: bool
    best_seconds: float | None

    @property
    def status(self) -> str:
        return "solved" if self.solved else "attempted" if self.runs else "new"


def drill_records(db: Database) -> dict[str, DrillRecord]:
    """Every drill the user has opened: runs, whether it was ever solved, fastest solve."""
    rows = db.execute("SELECT question_id, runs, solved, best_seconds FROM drill_attempts")
    return {qid: DrillRecord(runs, bool(solved), best) for qid, runs, solved, best in rows}


def record_shape_result(db: Database, kind: str, correct: bool) -> None:
    db.execute("INSERT INTO shape_results (kind, correct, answered_at) VALUES (?, ?, ?)",
               [kind, int(correct), now_iso()])


def shape_scores(db: Database) -> dict[str, tuple[int, int]]:
    """Per exercise kind: (answered correctly, answered)."""
    rows = db.execute("SELECT kind, SUM(correct), COUNT(*) FROM shape_results GROUP BY kind")
    return {kind: (right, total) for kind, right, total in rows}


def record_challenge_result(db: Database, challenge: str, explorer: str,
                            correct: bool) -> None:
    db.execute("INSERT INTO challenge_results (challenge, explorer, correct, answered_at) "
               "VALUES (?, ?, ?, ?)", [challenge, explorer, int(correct), now_iso()])


def challenge_scores(db: Database) -> dict[str, tuple[int, int]]:
    """Per explorer: (answered correctly, answered)."""
    rows = db.execute("SELECT explorer, SUM(correct), COUNT(*) FROM challenge_results "
                      "GROUP BY explorer")
    return {explorer: (right, total) for explorer, right, total in rows}
