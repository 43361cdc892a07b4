"""Open the user's SQLite file: pragmas, integrity check and numbered migrations."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.store.settings import checked

if TYPE_CHECKING:   # sqlite-utils is slow to import; the first window is painted without it
    import sqlite_utils

DB_NAME = "deepprep.sqlite3"


class DatabaseError(Exception):
    """A database the app must not use as it is; the message is shown to the user."""


class NewerDatabaseError(DatabaseError):
    pass


class CorruptDatabaseError(DatabaseError):
    pass


def migrations() -> list[tuple[int, str]]:
    from importlib import resources

    folder = resources.files("studyapp.store") / "migrations"
    found = sorted(f for f in folder.iterdir() if f.name.endswith(".sql"))
    return [(int(f.name.split("_", 1)[0]), f.read_text(encoding="utf-8")) for f in found]


def latest_version() -> int:
    return migrations()[-1][0]


def check_integrity(path: Path) -> str | None:
    """None when the file is a healthy SQLite database, else what is wrong."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    result = "; ".join(r[0] for r in rows)
    return None if result == "ok" else result


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``.

    A corrupt file or one written by a newer DeepPrep raises DatabaseError and is
    left exactly as it was.
    """
    path = Path(path)
    if path.exists():
        problem = check_integrity(path)
        if problem:
            raise CorruptDatabaseError(f"{path} is damaged ({problem}).")
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise DatabaseError(f"Cannot open {path}: {exc}.") from None
    if version > latest_version():
        conn.close()
        raise NewerDatabaseError(
            f"{path} was written by a newer version of DeepPrep (data version {version}; "
            f"this version understands up to {latest_version()}). Update DeepPrep to use it; "
            "the file has not been changed."
        )
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        _migrate(conn, version)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise DatabaseError(f"Cannot write to {path}: {exc}.") from None
    import sqlite_utils

    # No sqlite-utils plugins: whatever the Python environment has installed stays out of
    # the user's progress (and scanning for them costs start-up time).
    return sqlite_utils.Database(conn, execute_plugins=False)


def peek_settings(path: Path, keys: tuple[str, ...]) -> dict:
    """Some settings, read without opening the database for use: what the first
    painted window needs (theme, text size, geometry). Any problem reads as no
    settings; ``open_db`` reports it."""
    marks = ", ".join("?" * len(keys))
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute(f"SELECT key, value FROM settings WHERE key IN ({marks})",
                                keys).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    values = {}
    for key, text in rows:
        try:
            values[key] = checked(key, json.loads(text))
        except ValueError:
            continue                     # not JSON: the key reads as its default
    return values


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for number, script in migrations():
        if number <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in [*statements, current.strip()] if s]
