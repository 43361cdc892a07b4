"""All progress as one JSON file: export, and an import that never duplicates.

Rows are matched on their natural keys, so importing the same file twice, or into the
install it came from, changes nothing. The import runs in one transaction: a bad
file changes nothing at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from studyapp.store import settings
from studyapp.store.db import Database, latest_version, now_iso, transaction

FORMAT = "deepprep-progress"
# table → columns that identify a row; rows whose key exists are left alone
KEYS = {
    "settings": ("key",),
    "notes": ("question_id",),
    "stars": ("question_id",),
    "cards": ("question_id", "card_key"),
    "review_log": ("question_id", "card_key", "reviewed_at"),
    "filters": ("name",),
    "interview_sessions": ("started_at",),
    "drill_attempts": ("question_id",),
    "shape_results": ("kind", "answered_at"),
    "challenge_results": ("challenge", "answered_at"),
}
# rows replaced by the imported version when the key exists (they are current state)
REPLACED = {"notes", "cards", "drill_attempts"}
# what a person calls a row of each table, in the order a summary lists them
WORDS = {"review_log": "review", "cards": "card", "notes": "note", "stars": "star",
         "interview_sessions": "interview", "drill_attempts": "drill",
         "challenge_results": "prediction", "shape_results": "practice answer",
         "filters": "saved filter", "settings": "setting"}


def summary(counts: dict[str, int]) -> str:
    """'120 reviews, 3 cards, 1 note' — the tables with rows, in words."""
    from studyapp.core.wording import plural

    parts = [plural(counts[t], word) for t, word in WORDS.items() if counts.get(t)]
    return ", ".join(parts) if parts else "nothing"


def _columns(db: Database, table: str) -> list[str]:
    return [c for c in db.columns(table) if c != "id"]


def export_progress(db: Database, path: Path) -> dict[str, int]:
    """Write every progress table to ``path``; returns the row count per table."""
    tables = {}
    for table in KEYS:
        columns = _columns(db, table)
        rows = db.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        tables[table] = [dict(zip(columns, row, strict=True)) for row in rows]
    data = {"format": FORMAT, "schema": latest_version(), "exported_at": now_iso(),
            "tables": tables}
    partial = Path(path).with_suffix(Path(path).suffix + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(path)
    return {table: len(rows) for table, rows in tables.items()}


def _iso_time(value: object) -> bool:
    import datetime as dt

    if not isinstance(value, str):
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _json(value: object, kind: type = dict) -> Any:
    """The parsed JSON text, or None when it is not JSON of ``kind``."""
    if not isinstance(value, str):
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, kind) else None


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _flag(value: object) -> bool:
    return value in (0, 1, True, False)


def _amount(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _card_problem(row: dict) -> str | None:
    from studyapp.core import srs

    data = _json(row.get("data"))
    if data is None:
        return "data is not a card state"
    try:
        card = srs.CardState.from_row(data)
    except (TypeError, ValueError) as exc:
        return f"data is not a card state ({exc})"
    if (card.question_id, card.card_key) != (row["question_id"], row["card_key"]):
        return "data belongs to another card"
    if card.state not in (srs.NEW, srs.LEARNING, srs.REVIEW, srs.RELEARNING):
        return f"state {card.state!r} is not 0–3"
    if card.stability is not None and not (_amount(card.stability) and card.stability > 0):
        return f"stability {card.stability!r} is not a positive number"
    if card.difficulty is not None and not (_amount(card.difficulty)
                                            and 1 <= card.difficulty <= 10):
        return f"difficulty {card.difficulty!r} is not between 1 and 10"
    if not (_count(card.reps) and _count(card.lapses)):
        return "reps and lapses must be whole numbers"
    return None


TEXT, TIME, COUNT, FLAG = "text", "time", "count", "flag"
CHECKS = {TEXT: lambda v: isinstance(v, str), TIME: _iso_time, COUNT: _count, FLAG: _flag}
# table → column → what its value must be ("?": may be null)
COLUMNS = {
    "notes": {"question_id": TEXT, "body": TEXT, "updated_at": TIME},
    "stars": {"question_id": TEXT, "starred_at": TIME},
    "cards": {"question_id": TEXT, "card_key": TEXT, "due": TIME, "state": COUNT,
              "suspended": FLAG},
    "review_log": {"question_id": TEXT, "card_key": TEXT, "reviewed_at": TIME,
                   "duration_ms": COUNT, "undone": FLAG},
    "filters": {"name": TEXT},
    "interview_sessions": {"started_at": TIME, "finished_at": TIME + "?", "preset": TEXT},
    "drill_attempts": {"question_id": TEXT, "code": TEXT, "passed": FLAG, "runs": COUNT,
                       "updated_at": TIME, "solved": FLAG},
    "shape_results": {"kind": TEXT, "correct": FLAG, "answered_at": TIME},
    "challenge_results": {"challenge": TEXT, "explorer": TEXT, "correct": FLAG,
                          "answered_at": TIME},
    "settings": {"key": TEXT, "value": TEXT},
}


def row_problem(table: str, row: dict) -> str | None:
    """Why a row cannot be imported (a value of the wrong type, range or form), or None."""
    for column, kind in COLUMNS.get(table, {}).items():
        if column not in row and kind == FLAG:      # an older file: the column's default
            continue
        value = row.get(column)
        if value is None and kind.endswith("?"):
            continue
        if not CHECKS[kind.rstrip("?")](value):
            what = "a date and time" if kind.startswith(TIME) else f"a {kind.rstrip('?')}"
            return f"{column} {value!r} is not {what}"
    if table == "settings":
        value = _json(row["value"], object)
        if value is None and row["value"] != "null":
            return "value is not JSON"
        return settings.problem(row["key"], value)
    if table == "cards":
        return _card_problem(row)
    if table == "review_log":
        if row.get("rating") not in (1, 2, 3, 4):
            return f"rating {row.get('rating')!r} is not 1–4"
        if not _amount(row.get("interval_days")):
            return f"interval_days {row.get('interval_days')!r} is not a number ≥ 0"
        if _json(row.get("state_before")) is None:
            return "state_before is not a card state"
    if table == "filters" and _json(row.get("query")) is None:
        return "query is not JSON"
    if table == "interview_sessions":
        state = _json(row.get("state"))
        if state is None or not isinstance(state.get("answers"), list) or \
                not isinstance(state.get("plan"), dict):
            return "state is not an interview"
        if row.get("score") is not None and not _amount(row["score"]):
            return f"score {row['score']!r} is not a number"
    if table == "drill_attempts" and row.get("best_seconds") is not None and \
            not _amount(row["best_seconds"]):
        return f"best_seconds {row['best_seconds']!r} is not a number ≥ 0"
    return None


def read_progress(path: Path) -> dict:
    """Parse and validate a progress file; ValueError naming the first bad row otherwise."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{Path(path).name} is not a DeepPrep progress file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{Path(path).name} is not a DeepPrep progress file")
    if not isinstance(data.get("schema"), int) or data["schema"] > latest_version():
        raise ValueError(f"{Path(path).name} was written by a newer DeepPrep; update the app "
                         "to import it")
    tables = data.get("tables")
    if not isinstance(tables, dict) or set(tables) - set(KEYS):
        raise ValueError(f"{Path(path).name} has unknown tables: "
                         f"{', '.join(sorted(set(tables or {}) - set(KEYS)))}")
    for table, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError(f"{Path(path).name}: table {table} is not a list of rows")
        for number, row in enumerate(rows, start=1):
            missing = [k for k in KEYS[table] if row.get(k) in (None, "")]
            problem = (f" lacks {', '.join(missing)}" if missing else
                       f": {row_problem(table, row)}" if row_problem(table, row) else "")
            if problem:
                raise ValueError(f"{Path(path).name}: {table} row {number}{problem}. "
                                 "Nothing was imported.")
    return data


def import_progress(db: Database, path: Path) -> dict[str, int]:
    """Merge a progress file into the database; returns rows added or updated per table.
    Each table's rows are matched against its existing keys in one pass (linear in rows)."""
    data = read_progress(path)
    changed = {}
    with transaction(db):
        for table, rows in data["tables"].items():
            columns = sorted(_columns(db, table))
            keys = KEYS[table]
            existing = {tuple(row[c] for c in keys): row for row in (
                dict(zip(columns, values, strict=True)) for values in
                db.execute(f"SELECT {', '.join(columns)} FROM {table}"))}
            where = " AND ".join(f"{k} = ?" for k in keys)
            count = 0
            for row in rows:
                row = {k: v for k, v in row.items() if k in columns}
                key = tuple(row[k] for k in keys)
                old = existing.get(key)
                if old is not None:
                    if table not in REPLACED or old == {c: row.get(c) for c in columns}:
                        continue
                    db.execute(f"DELETE FROM {table} WHERE {where}", list(key))
                names = list(row)
                db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                           f"({', '.join('?' for _ in names)})", [row[n] for n in names])
                existing[key] = {c: row.get(c) for c in columns}
                count += 1
            changed[table] = count
    return changed
