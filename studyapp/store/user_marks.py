"""The user's marks on questions: notes, stars and saved study filters."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from studyapp.store.db import now_iso

if TYPE_CHECKING:
    from studyapp.store.db import Database


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


def saved_filters(db: Database) -> dict[str, dict]:
    return {name: json.loads(q) for name, q in db.execute("SELECT name, query FROM filters")}


def save_filter(db: Database, name: str, query: dict) -> None:
    db.execute("INSERT INTO filters (name, query) VALUES (?, ?) ON CONFLICT (name) "
               "DO UPDATE SET query = excluded.query", [name, json.dumps(query)])


def delete_filter(db: Database, name: str) -> None:
    db.execute("DELETE FROM filters WHERE name = ?", [name])
