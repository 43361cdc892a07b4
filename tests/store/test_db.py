import datetime as dt
import sqlite3

import pytest

from studyapp.store import progress
from studyapp.store.backup import (
    list_backups,
    newest_good_backup,
    prune,
    restore,
    take_daily_backup,
)
from studyapp.store.db import (
    CorruptDatabaseError,
    DatabaseError,
    NewerDatabaseError,
    latest_version,
    open_db,
)


def test_new_database_is_migrated_with_wal(tmp_path):
    db = open_db(tmp_path / "d.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"cards", "review_log", "notes", "stars", "settings"} <= set(db.table_names())


def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "d.sqlite3"
    db = open_db(path)
    progress.set_note(db, "q1", "remember this")
    progress.set_star(db, "q1", True)
    db.close()
    db = open_db(path)
    assert progress.get_note(db, "q1") == "remember this"
    assert progress.starred_ids(db) == {"q1"}


def test_newer_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "d.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version of DeepPrep"):
        open_db(path)
    assert path.read_bytes() == before


def test_garbage_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        open_db(path)
    assert path.read_bytes() == b"this is not a database" * 100


def test_unwritable_location_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(DatabaseError, match="Cannot open"):
        open_db(blocker / "d.sqlite3")


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    from studyapp.store import db as dbmod
    broken = dbmod.migrations() + [(latest_version() + 1, "CREATE TABLE y (a);\nSELECT nonsense(;")]
    monkeypatch.setattr(dbmod, "migrations", lambda: broken)
    with pytest.raises(DatabaseError, match="syntax error"):
        open_db(tmp_path / "d.sqlite3")
    monkeypatch.undo()
    db = open_db(tmp_path / "d.sqlite3")
    assert "y" not in db.table_names()
    assert db.execute("PRAGMA user_version").fetchone()[0] == latest_version()


def test_daily_backup_once_a_day_and_restore(tmp_path):
    path = tmp_path / "d.sqlite3"
    db = open_db(path)
    progress.set_note(db, "q1", "first")
    folder = tmp_path / "backups"
    day = dt.date(2026, 3, 2)
    assert take_daily_backup(path, folder, day) is not None
    assert take_daily_backup(path, folder, day) is None
    progress.set_note(db, "q1", "second")
    db.close()
    path.write_bytes(b"garbage")
    backup = newest_good_backup(folder)
    kept = restore(backup, path)
    assert kept.read_bytes() == b"garbage"
    assert progress.get_note(open_db(path), "q1") == "first"


def test_prune_keeps_7_daily_and_4_weekly(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.date(2026, 1, 1)
    for i in range(60):
        (folder / f"deepprep-{start + dt.timedelta(days=i)}.sqlite3").write_bytes(b"")
    prune(folder)
    days = [p.stem.removeprefix("deepprep-") for p in list_backups(folder)]
    assert len(days) == 11
    assert days[:7] == [str(start + dt.timedelta(days=59 - i)) for i in range(7)]
    weeks = {dt.date.fromisoformat(d).isocalendar()[:2] for d in days[7:]}
    assert len(weeks) == 4


def test_drill_records_keep_solved_and_the_fastest_solve(tmp_path):
    db = open_db(tmp_path / "p.sqlite3")
    progress.save_drill_code(db, "d", "x = 1")                      # typed, not run
    assert progress.drill_records(db)["d"].status == "new"
    progress.save_drill_code(db, "d", "x = 2", passed=False)
    assert progress.drill_records(db)["d"].status == "attempted"
    progress.save_drill_code(db, "d", "x = 3", passed=True, seconds=90.0)
    progress.save_drill_code(db, "d", "x = 4", passed=True, seconds=120.0)
    progress.save_drill_code(db, "d", "x = 5", passed=False)        # broken again later
    record = progress.drill_records(db)["d"]
    assert (record.runs, record.solved, record.best_seconds) == (4, True, 90.0)
    assert record.status == "solved"
    assert progress.drill_attempt(db, "d")["passed"] is False
