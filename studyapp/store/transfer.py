"""All progress as one JSON file: export, and an import that never duplicates.

Rows are matched on their natural keys, so importing the same file twice, or into the
install it came from, changes nothing. The import runs in one transaction: a bad
file changes nothing at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from studyapp.store.db import latest_version
from studyapp.store.progress import now_iso, transaction

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


def _columns(db: sqlite_utils.Database, table: str) -> list[str]:
    return [c.name for c in db[table].columns if c.name != "id"]


def export_progress(db: sqlite_utils.Database, path: Path) -> dict[str, int]:
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


def read_progress(path: Path) -> dict:
    """Parse and validate a progress file; ValueError with a readable reason otherwise."""
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
            if missing:
                raise ValueError(f"{Path(path).name}: {table} row {number} lacks "
                                 f"{', '.join(missing)}")
    return data


def import_progress(db: sqlite_utils.Database, path: Path) -> dict[str, int]:
    """Merge a progress file into the database; returns rows added or updated per table."""
    data = read_progress(path)
    changed = {}
    with transaction(db):
        for table, rows in data["tables"].items():
            columns = set(_columns(db, table))
            keys = KEYS[table]
            count = 0
            for row in rows:
                row = {k: v for k, v in row.items() if k in columns}
                where = " AND ".join(f"{k} = ?" for k in keys)
                existing = db.execute(f"SELECT {', '.join(sorted(columns))} FROM {table} "
                                      f"WHERE {where}", [row[k] for k in keys]).fetchone()
                if existing is not None:
                    if table not in REPLACED or dict(zip(sorted(columns), existing,
                                                         strict=True)) == {
                            c: row.get(c) for c in sorted(columns)}:
                        continue
                    db.execute(f"DELETE FROM {table} WHERE {where}", [row[k] for k in keys])
                names = list(row)
                db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                           f"({', '.join('?' for _ in names)})", [row[n] for n in names])
                count += 1
            changed[table] = count
    return changed
