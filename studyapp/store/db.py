"""Open the user's SQLite file: pragmas, integrity check and numbered migrations."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from studyapp.store.settings import checked

DB_NAME = "deepprep.sqlite3"
INDEX_MOVED = 7         # the migration that took the search index out of this file


class Database:
    """The open progress file, as the store uses it: statements on one connection in
    autocommit mode (writes group with ``transaction`` below).

    It stands where sqlite-utils' Database stood, whose import (click, dateutil,
    NumPy: 100-400 ms) delayed the question list at every start."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.execute("PRAGMA recursive_triggers = ON")

    def execute(self, sql: str,
                parameters: Sequence[object] | Mapping[str, object] | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, () if parameters is None else parameters)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]

    def columns(self, table: str) -> list[str]:
        return [r[1] for r in self.conn.execute(
            "SELECT * FROM pragma_table_info(?)", [table])]

    def close(self) -> None:
        self.conn.close()


class DatabaseError(Exception):
    """A database the app must not use as it is; the message is shown to the user."""


class NewerDatabaseError(DatabaseError):
    pass


class CorruptDatabaseError(DatabaseError):
    pass


class EmptyDatabaseError(CorruptDatabaseError):
    """The file lost its contents (zero bytes, no tables) though backups hold progress."""


class DiskFullError(DatabaseError):
    pass


class ReadOnlyDatabaseError(DatabaseError):
    pass


# What a failed read or write of the progress file can raise.
StoreError = (DatabaseError, sqlite3.Error)


def named_error(exc: BaseException) -> DatabaseError | None:
    """A full disk or a file turned read-only behind an SQLite error raised while
    writing, by name; None for anything else."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "full" in text:
            return DiskFullError(str(exc))
        if "readonly" in text:
            return ReadOnlyDatabaseError(str(exc))
    return None


# Tables holding what the user did; settings alone are not progress.
PROGRESS_TABLES = ("cards", "review_log", "notes", "stars", "interview_sessions",
                   "drill_attempts", "shape_results", "challenge_results", "filters")
LOW_SPACE_BYTES = 1 << 20      # below this, an I/O error opening the file is a full disk


def migrations() -> list[tuple[int, str]]:
    from importlib import resources

    folder = resources.files("studyapp.store") / "migrations"
    found = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [(int(f.name.split("_", 1)[0]), f.read_text(encoding="utf-8")) for f in found]


def latest_version() -> int:
    return migrations()[-1][0]


def check_integrity(path: Path) -> str | None:
    """None when the file is a healthy SQLite database, else what is wrong. Opening a
    damaged file can leave new -wal/-shm files beside it: those are removed again."""
    path = Path(path)
    sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = {side for side in sides if side.exists()}
    problem: str | None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    else:
        result = "; ".join(r[0] for r in rows)
        problem = None if result == "ok" else result
    if problem:
        for side in sides:
            if side not in existed:
                with contextlib.suppress(OSError):     # a read-only folder keeps them out
                    side.unlink(missing_ok=True)
    return problem


def has_progress(path: Path) -> bool:
    """Whether the database file holds any of the user's progress (read-only look)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                                 "WHERE type = 'table'")}
            return any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                       for t in PROGRESS_TABLES if t in tables)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _is_blank(path: Path) -> bool:
    """Zero bytes, or a database without a single table."""
    if path.stat().st_size == 0:
        return True
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _backups_with_progress(path: Path) -> bool:
    folder = path.parent / "backups"
    return folder.is_dir() and any(has_progress(b) for b in folder.glob("deepprep-*.sqlite3"))


def _diagnose(path: Path, problem: str, otherwise: type[DatabaseError] = CorruptDatabaseError,
              ) -> DatabaseError:
    """What an unusable file really is: a folder in its place, a read-only folder or a
    full disk; ``otherwise`` (damage, by default) when it is none of these."""
    import os
    import shutil

    if path.is_dir():
        return DatabaseError(f"{path} is a folder, not a DeepPrep progress file. Move it away "
                             "or start with --data-dir to use another folder.")
    if not path.parent.is_dir():
        return DatabaseError(f"Cannot open {path}: the folder {path.parent} does not exist.")
    if not os.access(path.parent, os.W_OK):
        return ReadOnlyDatabaseError(
            f"The folder {path.parent} is read-only, so DeepPrep cannot open your progress "
            "for writing. Your file is not damaged: make the folder writable (or start with "
            "--data-dir to use another folder) and start DeepPrep again.")
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = LOW_SPACE_BYTES
    if free < LOW_SPACE_BYTES and ("i/o" in problem.lower() or "full" in problem.lower()):
        return DiskFullError(f"The disk that holds {path.parent} is full ({free // 1024} kB "
                             "free), so DeepPrep cannot open your progress. Your file is not "
                             "damaged: free some space and start DeepPrep again.")
    if otherwise is CorruptDatabaseError:
        return CorruptDatabaseError(f"{path} is damaged ({problem}).")
    return otherwise(f"Cannot open {path}: {problem}.")


def inspect(path: Path) -> tuple[str | None, str]:
    """A read-only look at a progress file: (problem or None, what it holds). Nothing is
    written, not even the migrations it would need."""
    path = Path(path)
    if not path.exists():
        return None, "no progress file yet (one is created at the first start)"
    if path.is_dir():
        return str(_diagnose(path, "")), ""
    problem = check_integrity(path)
    if problem:
        return str(_diagnose(path, problem)), ""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                             "WHERE type = 'table'")}
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("cards", "review_log", "notes") if t in tables}
    finally:
        conn.close()
    if version > latest_version():
        return (f"{path} was written by a newer DeepPrep (data version {version}; this one "
                f"understands up to {latest_version()})"), ""
    held = ", ".join(f"{n:,} {t.replace('_', ' ')} rows" for t, n in counts.items())
    pending = (f"; {latest_version() - version} migration(s) will run at the next start"
               if version < latest_version() else "")
    return None, f"healthy, data version {version}{pending}; {held or 'no progress yet'}"


def open_db(path: Path) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    A corrupt file, one written by a newer DeepPrep, a read-only file, a folder in its
    place or a full disk raises DatabaseError saying which, and the file is left exactly
    as it was. A file that lost its contents while backups hold progress is damage too.
    """
    path = Path(path)
    if path.is_dir():
        raise _diagnose(path, "")
    if path.exists():
        problem = check_integrity(path)
        if problem:
            raise _diagnose(path, problem)
        if _is_blank(path) and _backups_with_progress(path):
            raise EmptyDatabaseError(
                f"{path} is empty, but your backups hold progress: the file lost its "
                "contents (a crash or a full disk while it was written).")
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise _diagnose(path, str(exc), DatabaseError) from None
    try:
        conn.execute("BEGIN IMMEDIATE")      # say now, not at the first answer, if it is
        conn.execute("ROLLBACK")             # read-only
    except sqlite3.OperationalError as exc:
        conn.close()
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise ReadOnlyDatabaseError(
                f"{path} is read-only, so DeepPrep could not save anything you do. Make the "
                "file writable (or start with --data-dir to use another folder) and start "
                "DeepPrep again.") from None
        raise _diagnose(path, str(exc), DatabaseError) from None
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
        if 0 < version < INDEX_MOVED:
            conn.execute("VACUUM")       # give back the pages the search index took
    except sqlite3.OperationalError as exc:
        conn.close()
        raise DatabaseError(f"Cannot write to {path}: {exc}.") from None
    return Database(conn)


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
