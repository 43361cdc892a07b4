"""The user's progress: notes, stars, settings, cards, review log, interview sessions."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studyapp.store import settings

if TYPE_CHECKING:
    from studyapp.store.db import Database


def now_iso() -> str:
    import datetime as dt  # not at the top: the first painted window imports this module

    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[None]:
    """One atomic write: everything inside commits together or not at all."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:      # SQLite has already rolled back after SQLITE_FULL
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


# --- settings -------------------------------------------------------------

def get_setting(db: Database, key: str, default: Any = None) -> Any:
    """A setting's stored value, or its default (``default`` or the one in
    ``settings.SPECS``) when it is missing or fails its check."""
    known = settings.spec(key)
    fallback = known.default if default is None and known is not None else default
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return fallback
    try:
        value = json.loads(row[0])
    except ValueError:
        settings.log.warning("ignoring the stored %s: it is not JSON", key)
        return fallback
    return settings.checked(key, value, fallback)


def set_setting(db: Database, key: str, value: Any) -> None:
    error = settings.problem(key, value)
    if error:
        raise ValueError(error)
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
               [key, json.dumps(value)])


# --- notes and stars ------------------------------------------------------

def get_note(db: Database, question_id: str) -> str:
    row = db.execute("SELECT body FROM notes WHERE question_id = ?", [question_id]).fetchone()
    return row[0] if row else ""


def set_note(db: Database, question_id: str, body: str) -> None:
    if body.strip():
        db.execute("INSERT INTO notes (question_id, body, updated_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (question_id) DO UPDATE SET body = excluded.body, "
                   "updated_at = excluded.updated_at", [question_id, body, now_iso()])
    else:
        db.execute("DELETE FROM notes WHERE question_id = ?", [question_id])


def noted_ids(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT question_id FROM notes")}


def starred_ids(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT question_id FROM stars")}


def set_star(db: Database, question_id: str, starred: bool) -> None:
    if starred:
        db.execute("INSERT OR IGNORE INTO stars (question_id, starred_at) VALUES (?, ?)",
                    [question_id, now_iso()])
    else:
        db.execute("DELETE FROM stars WHERE question_id = ?", [question_id])


# --- cards and reviews ----------------------------------------------------

def load_cards(db: Database) -> list[dict]:
    """Every stored card state (scheduler rows), including suspended ones."""
    return [json.loads(r[0]) for r in db.execute("SELECT data FROM cards")]


def _upsert_card(db: Database, row: dict) -> None:
    db.execute(
        "INSERT INTO cards (question_id, card_key, due, state, suspended, data) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (question_id, card_key) DO UPDATE SET "
        "due = excluded.due, state = excluded.state, suspended = excluded.suspended, "
        "data = excluded.data",
        [row["question_id"], row["card_key"], row["due"], row["state"],
         int(bool(row.get("suspended"))), json.dumps(row)],
    )


def save_cards(db: Database, rows: list[dict]) -> None:
    with transaction(db):
        for row in rows:
            _upsert_card(db, row)


def delete_card(db: Database, question_id: str, card_key: str) -> None:
    """Forget a card's schedule (reset); its review history stays."""
    db.execute("DELETE FROM cards WHERE question_id = ? AND card_key = ?", [question_id, card_key])


def record_review(db: Database, card_row: dict, log_row: dict) -> int:
    """Store the new card state and its review-log entry in one transaction."""
    with transaction(db):
        _upsert_card(db, card_row)
        cursor = db.execute(
            "INSERT INTO review_log (question_id, card_key, rating, reviewed_at, duration_ms, "
            "interval_days, state_before) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [log_row["question_id"], log_row["card_key"], log_row["rating"],
             log_row["reviewed_at"], log_row["duration_ms"], log_row["interval_days"],
             json.dumps(log_row["state_before"])],
        )
    assert cursor.lastrowid is not None     # an INSERT sets it
    return cursor.lastrowid


def undo_last_review(db: Database) -> dict | None:
    """Put the most recent review's card back as it was; returns that state or None."""
    row = db.execute("SELECT id, question_id, card_key, state_before FROM review_log "
                     "WHERE undone = 0 ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    log_id, _, _, before = row
    state = json.loads(before)
    with transaction(db):
        _upsert_card(db, state)
        db.execute("UPDATE review_log SET undone = 1 WHERE id = ?", [log_id])
    return state


def review_counts_since(db: Database, since_iso: str) -> dict[str, int]:
    """Reviews since a moment, split into first reviews of new cards and the rest."""
    row = db.execute(
        "SELECT SUM(json_extract(state_before, '$.state') = 0), "
        "SUM(json_extract(state_before, '$.state') != 0), SUM(duration_ms), "
        "SUM(rating = 1) FROM review_log WHERE undone = 0 AND reviewed_at >= ?", [since_iso],
    ).fetchone()
    new, old, ms, again = (v or 0 for v in row)
    return {"new": new, "reviews": old, "total": new + old, "ms": ms, "again": again}


def log_rows(db: Database, since_iso: str = "") -> list[dict]:
    """Reviews not undone; ``state_before`` is the card's scheduler state (0 new … 3)."""
    cursor = db.execute("SELECT question_id, card_key, rating, reviewed_at, duration_ms, "
                        "interval_days, json_extract(state_before, '$.state') AS state_before "
                        "FROM review_log WHERE undone = 0 AND reviewed_at >= ? ORDER BY id",
                        [since_iso])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor]


# --- saved study filters ----------------------------------------------------

def saved_filters(db: Database) -> dict[str, dict]:
    return {name: json.loads(q) for name, q in db.execute("SELECT name, query FROM filters")}


def save_filter(db: Database, name: str, query: dict) -> None:
    db.execute("INSERT INTO filters (name, query) VALUES (?, ?) ON CONFLICT (name) "
               "DO UPDATE SET query = excluded.query", [name, json.dumps(query)])


def delete_filter(db: Database, name: str) -> None:
    db.execute("DELETE FROM filters WHERE name = ?", [name])


# --- coding drills ----------------------------------------------------------

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


# --- shape and count exercises ----------------------------------------------

def record_shape_result(db: Database, kind: str, correct: bool) -> None:
    db.execute("INSERT INTO shape_results (kind, correct, answered_at) VALUES (?, ?, ?)",
               [kind, int(correct), now_iso()])


def shape_scores(db: Database) -> dict[str, tuple[int, int]]:
    """Per exercise kind: (answered correctly, answered)."""
    rows = db.execute("SELECT kind, SUM(correct), COUNT(*) FROM shape_results GROUP BY kind")
    return {kind: (right, total) for kind, right, total in rows}


# --- explorer challenges -----------------------------------------------------

def record_challenge_result(db: Database, challenge: str, explorer: str,
                            correct: bool) -> None:
    db.execute("INSERT INTO challenge_results (challenge, explorer, correct, answered_at) "
               "VALUES (?, ?, ?, ?)", [challenge, explorer, int(correct), now_iso()])


def challenge_scores(db: Database) -> dict[str, tuple[int, int]]:
    """Per explorer: (answered correctly, answered)."""
    rows = db.execute("SELECT explorer, SUM(correct), COUNT(*) FROM challenge_results "
                      "GROUP BY explorer")
    return {explorer: (right, total) for explorer, right, total in rows}


# --- mock interviews ----------------------------------------------------------

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
