"""Progress export/import and backups taken by hand."""

import datetime as dt
import json

import pytest

from studyapp.store import backup, progress, transfer
from studyapp.store.db import latest_version, open_db


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "a.sqlite3")


def fill(db):
    progress.set_note(db, "q1", "my note")
    progress.set_star(db, "q2", True)
    progress.save_cards(db, [{"question_id": "q1", "card_key": "q", "due": "2026-11-30T00:00:00",
                              "state": 2, "suspended": 0, "data": "{}"}])
    progress.record_challenge_result(db, "conv-output-size", "conv-arithmetic", True)
    progress.set_setting(db, "theme", "dark")


def test_round_trip_restores_everything_and_twice_adds_nothing(db, tmp_path):
    fill(db)
    counts = transfer.export_progress(db, tmp_path / "p.json")
    assert counts["notes"] == 1 and counts["cards"] == 1 and counts["challenge_results"] == 1
    fresh = open_db(tmp_path / "b.sqlite3")
    added = transfer.import_progress(fresh, tmp_path / "p.json")
    assert sum(added.values()) == 5
    assert progress.get_note(fresh, "q1") == "my note"
    assert progress.starred_ids(fresh) == {"q2"}
    assert progress.load_cards(fresh)[0]["due"] == "2026-11-30T00:00:00"
    assert progress.challenge_scores(fresh) == {"conv-arithmetic": (1, 1)}
    assert progress.get_setting(fresh, "theme") == "dark"
    assert sum(transfer.import_progress(fresh, tmp_path / "p.json").values()) == 0
    assert fresh.execute("SELECT COUNT(*) FROM challenge_results").fetchone()[0] == 1


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe not utf8", "not a DeepPrep progress file"),
    (b"{not json", "not a DeepPrep progress file"),
    (json.dumps({"format": "other"}).encode(), "not a DeepPrep progress file"),
    (json.dumps({"format": "deepprep-progress", "schema": 999, "tables": {}}).encode(),
     "newer DeepPrep"),
    (json.dumps({"format": "deepprep-progress", "schema": 1, "tables": {"evil": []}}).encode(),
     "unknown tables: evil"),
    (json.dumps({"format": "deepprep-progress", "schema": 1,
                 "tables": {"notes": [{"body": "x"}]}}).encode(), "notes row 1 lacks question_id"),
])
def test_bad_files_are_refused_and_change_nothing(db, tmp_path, content, message):
    fill(db)
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        transfer.import_progress(db, path)
    assert progress.get_note(db, "q1") == "my note"


def test_a_failing_row_rolls_back_the_whole_import(db, tmp_path):
    data = {"format": "deepprep-progress", "schema": latest_version(), "tables": {
        "stars": [{"question_id": "a", "starred_at": "2026-01-01"}],
        "notes": [{"question_id": "b", "body": None, "updated_at": "x"}]}}   # NOT NULL fails
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    with pytest.raises(Exception):  # noqa: B017 - sqlite's IntegrityError, any is fine
        transfer.import_progress(db, path)
    assert progress.starred_ids(db) == set()


def test_manual_backups_are_listed_with_time_and_sorted(tmp_path, db):
    fill(db)
    folder = tmp_path / "backups"
    daily = backup.take_daily_backup(tmp_path / "a.sqlite3", folder, dt.date(2026, 11, 26))
    manual = backup.take_backup_now(tmp_path / "a.sqlite3", folder,
                                    dt.datetime(2026, 11, 26, 4, 12, 30))
    assert backup.list_backups(folder) == [manual, daily]
    assert backup.backup_label(manual) == "2026-11-26 04:12:30"
    assert backup.backup_label(daily) == "2026-11-26"
