"""The user's progress: notes, stars, settings, cards, review log, interview sessions."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator

import sqlite_utils


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One atomic write: everything inside commits together or not at all."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


# --- settings -------------------------------------------------------------

def get_setting(db: sqlite_utils.Database, key: str, default=None):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: sqlite_utils.Database, key: str, value) -> None:
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
               [key, json.dumps(value)])


# --- notes and stars ------------------------------------------------------

def get_note(db: sqlite_utils.Database, question_id: str) -> str:
    row = db.execute("SELECT body FROM notes WHERE question_id = ?", [question_id]).fetchone()
    return row[0] if row else ""


def set_note(db: sqlite_utils.Database, question_id: str, body: str) -> None:
    if body.strip():
        db.execute("INSERT INTO notes (question_id, body, updated_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (question_id) DO UPDATE SET body = excluded.body, "
                   "updated_at = excluded.updated_at", [question_id, body, now_iso()])
    else:
        db.execute("DELETE FROM notes WHERE question_id = ?", [question_id])


def noted_ids(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT question_id FROM notes")}


def starred_ids(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT question_id FROM stars")}


def set_star(db: sqlite_utils.Database, question_id: str, starred: bool) -> None:
    if starred:
        db.execute("INSERT OR IGNORE INTO stars (question_id, starred_at) VALUES (?, ?)",
                    [question_id, now_iso()])
    else:
        db.execute("DELETE FROM stars WHERE question_id = ?", [question_id])
