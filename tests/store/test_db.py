import datetime as dt
import os
import sqlite3
import subprocess

import pytest

from studyapp.store.backup import (
    backup_dir,
    list_backups,
    newest_good_backup,
    prune,
    restore,
    take_backup_now,
    take_daily_backup,
)
from studyapp.store.db import (
    CorruptDatabaseError,
    DatabaseError,
    DiskFullError,
    EmptyDatabaseError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
    latest_version,
    open_db,
)
from studyapp.store.practice_results import drill_attempt, drill_records, save_drill_code
from studyapp.store.user_marks import get_note, set_note, set_star, starred_ids


def test_new_database_is_migrated_with_wal(tmp_path):
    db = open_db(tmp_path / "d.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"cards", "review_log", "notes", "stars", "settings"} <= set(db.table_names())


def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "d.sqlite3"
    db = open_db(path)
    set_note(db, "q1", "remember this")
    set_star(db, "q1", True)
    db.close()
    db = open_db(path)
    assert get_note(db, "q1") == "remember this"
    assert starred_ids(db) == {"q1"}


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
    broken = [*dbmod.migrations(), (latest_version() + 1, "CREATE TABLE y (a);\nSELECT nonsense(;")]
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
    set_note(db, "q1", "first")
    folder = tmp_path / "backups"
    day = dt.date(2026, 3, 2)
    assert take_daily_backup(path, folder, day) is not None
    assert take_daily_backup(path, folder, day) is None
    set_note(db, "q1", "second")
    db.close()
    path.write_bytes(b"garbage")
    backup = newest_good_backup(folder)
    kept = restore(backup, path)
    assert kept.read_bytes() == b"garbage"
    assert get_note(open_db(path), "q1") == "first"


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
    save_drill_code(db, "d", "x = 1")                      # typed, not run
    assert drill_records(db)["d"].status == "new"
    save_drill_code(db, "d", "x = 2", passed=False)
    assert drill_records(db)["d"].status == "attempted"
    save_drill_code(db, "d", "x = 3", passed=True, seconds=90.0)
    save_drill_code(db, "d", "x = 4", passed=True, seconds=120.0)
    save_drill_code(db, "d", "x = 5", passed=False)        # broken again later
    record = drill_records(db)["d"]
    assert (record.runs, record.solved, record.best_seconds) == (4, True, 90.0)
    assert record.status == "solved"
    assert drill_attempt(db, "d")["passed"] is False


def test_a_zero_byte_file_with_backups_of_progress_is_damage_not_a_new_start(tmp_path):
    path = tmp_path / "deepprep.sqlite3"
    db = open_db(path)
    set_note(db, "q1", "my note")
    db.close()
    folder = backup_dir(tmp_path)
    good = take_daily_backup(path, folder, dt.date(2026, 12, 6))
    path.write_bytes(b"")                                # the file lost its contents
    with pytest.raises(EmptyDatabaseError, match="is empty, but your backups hold progress"):
        open_db(path)
    assert path.stat().st_size == 0                      # left as it was
    assert take_daily_backup(path, folder, dt.date(2026, 12, 7)) is None   # no blank backup
    assert newest_good_backup(folder) == good


def test_a_backup_without_progress_is_never_offered_before_one_with_progress(tmp_path):
    path = tmp_path / "deepprep.sqlite3"
    db = open_db(path)
    set_star(db, "q1", True)
    db.close()
    folder = backup_dir(tmp_path)
    good = take_daily_backup(path, folder, dt.date(2026, 12, 5))
    blank = open_db(tmp_path / "blank.sqlite3")
    blank.close()
    take_backup_now(tmp_path / "blank.sqlite3", folder, dt.datetime(2026, 12, 6, 9))
    assert len(list_backups(folder)) == 2 and newest_good_backup(folder) == good


def test_zero_bytes_without_backups_starts_fresh(tmp_path):
    path = tmp_path / "deepprep.sqlite3"
    path.write_bytes(b"")
    assert open_db(path).execute("PRAGMA user_version").fetchone()[0] == latest_version()


def test_a_folder_in_place_of_the_file_is_named_as_such(tmp_path):
    (tmp_path / "deepprep.sqlite3").mkdir()
    with pytest.raises(DatabaseError, match="is a folder, not a DeepPrep progress file"):
        open_db(tmp_path / "deepprep.sqlite3")


def test_a_damaged_file_gets_no_new_side_files_and_a_failed_backup_no_partial(tmp_path):
    path = tmp_path / "deepprep.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    with pytest.raises(CorruptDatabaseError):
        open_db(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deepprep.sqlite3"]
    with pytest.raises(sqlite3.DatabaseError):
        take_backup_now(path, backup_dir(tmp_path), dt.datetime(2026, 12, 7))
    assert list(backup_dir(tmp_path).iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_file_is_said_at_start(tmp_path):
    path = tmp_path / "deepprep.sqlite3"
    open_db(path).close()
    path.chmod(0o444)
    with pytest.raises(ReadOnlyDatabaseError, match="is read-only"):
        open_db(path)


@pytest.fixture
def small_disk(tmp_path):
    """A real 1 MB filesystem (tmpfs), where the test may mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_called_a_full_disk_not_damage(small_disk):
    path = small_disk / "deepprep.sqlite3"
    db = open_db(path)
    set_note(db, "q1", "my note")
    db.close()
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 1024):
            pass
    except OSError:
        pass                                          # the disk is full now
    finally:
        os.close(fd)
    with pytest.raises(DiskFullError, match="is full"):
        open_db(path)
    filler.unlink()
    assert get_note(open_db(path), "q1") == "my note"   # nothing was damaged


def test_a_read_only_mount_is_called_read_only(small_disk):
    path = small_disk / "deepprep.sqlite3"
    open_db(path).close()
    done = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip("cannot remount read-only here")
    with pytest.raises(ReadOnlyDatabaseError, match="read-only"):
        open_db(path)


def test_inspect_reports_without_writing(tmp_path):
    from studyapp.store.db import inspect

    path = tmp_path / "deepprep.sqlite3"
    assert inspect(path) == (None, "no progress file yet (one is created at the first start)")
    db = open_db(path)
    set_note(db, "q1", "n")
    db.close()
    before = path.read_bytes()
    problem, note = inspect(path)
    assert problem is None and note.startswith(f"healthy, data version {latest_version()}")
    assert "1 notes rows" in note and path.read_bytes() == before
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    assert "newer DeepPrep" in inspect(path)[0]


def test_upgrade_takes_the_search_index_out_of_the_progress_file(tmp_path, monkeypatch,
                                                                 fixture_bank):
    """A file from before the index had its own: progress kept, index tables and their
    pages gone, so backups hold only progress."""
    from studyapp.banks import load
    from studyapp.store import db as dbmod
    from studyapp.store.search import ensure_index
    from studyapp.store.settings_table import set_setting

    path = tmp_path / "d.sqlite3"
    older = [m for m in dbmod.migrations() if m[0] < dbmod.INDEX_MOVED]
    monkeypatch.setattr(dbmod, "migrations", lambda: older)
    db = open_db(path)
    ensure_index(db, load(bank=fixture_bank))         # where the index used to live
    db.execute("DROP TABLE index_state")               # the index kept its stamp in settings
    set_setting(db, "search_index_hash", "4:abc")
    set_note(db, "q1", "kept")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    size_before = path.stat().st_size
    monkeypatch.undo()

    db = open_db(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert not {"search_fts", "search_stamps"} & set(db.table_names())
    assert db.execute("SELECT count(*) FROM settings WHERE key = 'search_index_hash'"
                      ).fetchone()[0] == 0
    assert get_note(db, "q1") == "kept"
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fresh = open_db(tmp_path / "fresh.sqlite3")
    set_note(fresh, "q1", "kept")
    fresh.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = db.execute("PRAGMA page_size").fetchone()[0]
    assert path.stat().st_size <= (tmp_path / "fresh.sqlite3").stat().st_size + page
    assert path.stat().st_size < size_before
