"""Mock-interview sessions: stored as they run, finished ones kept as history."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from studyapp.store.db import now_iso

if TYPE_CHECKING:
    from studyapp.store.db import Database


def create_interview(db: Database, preset: str, state: dict,
                     started_at: str | None = None) -> int:
    cursor = db.execute("INSERT INTO interview_sessions (started_at, preset, state) "
                        "VALUES (?, ?, ?)", [started_at or now_iso(), preset, json.dumps(state)])
    assert cursor.lastrowid is not None     # an INSERT sets it
    return cursor.lastrowid


def save_interview(db: Database, session_id: int, state: dict,
                   score: float | None = None, finished_at: str | None = None) -> None:
    """Save the session's state; a score and finish time close it."""
    db.execute("UPDATE interview_sessions SET state = ?, score = COALESCE(?, score), "
               "finished_at = COALESCE(?, finished_at) WHERE id = ?",
               [json.dumps(state), score, finished_at, session_id])


def unfinished_interview(db: Database) -> tuple[int, dict] | None:
    row = db.execute("SELECT id, state FROM interview_sessions WHERE finished_at IS NULL "
                     "ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], json.loads(row[1])) if row else None


def discard_interview(db: Database, session_id: int) -> None:
    db.execute("DELETE FROM interview_sessions WHERE id = ?", [session_id])


def interview_history(db: Database) -> list[dict]:
    """Finished sessions, newest first."""
    cursor = db.execute("SELECT id, started_at, finished_at, preset, score, state "
                        "FROM interview_sessions WHERE finished_at IS NOT NULL ORDER BY id DESC")
    return [{"id": i, "started_at": s, "finished_at": f, "preset": p, "score": score,
             "state": json.loads(state)} for i, s, f, p, score, state in cursor]


def recent_interview_questions(db: Database, sessions: int = 3) -> set[str]:
    """Question ids asked in the last few finished sessions."""
    return {a["question_id"] for h in interview_history(db)[:sessions]
            for a in h["state"]["answers"]}
