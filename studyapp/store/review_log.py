"""Cards' scheduling states and the review log (append only; undo marks a row)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from studyapp.core.srs import CardState
from studyapp.store.db import transaction

if TYPE_CHECKING:
    from studyapp.store.db import Database


def stored_cards(db: Database) -> dict[tuple[str, str], CardState]:
    """Every stored card's scheduling state by (question id, card key), suspended ones too."""
    cards = (CardState.from_row(json.loads(r[0])) for r in db.execute("SELECT data FROM cards"))
    return {(c.question_id, c.card_key): c for c in cards}


def put_card(db: Database, row: dict) -> None:
    """Store one card's state (inside the caller's transaction)."""
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
            put_card(db, row)


def delete_card(db: Database, question_id: str, card_key: str) -> None:
    """Forget a card's schedule (reset); its review history stays."""
    db.execute("DELETE FROM cards WHERE question_id = ? AND card_key = ?", [question_id, card_key])


def record_review(db: Database, card_row: dict, log_row: dict) -> int:
    """Store the new card state and its review-log entry in one transaction."""
    with transaction(db):
        put_card(db, card_row)
        return append_review(db, log_row)


def append_review(db: Database, log_row: dict) -> int:
    """Add one review to the log (inside the caller's transaction); its id."""
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
        put_card(db, state)
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
