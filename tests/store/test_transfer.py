"""Progress export/import and backups taken by hand."""

import datetime as dt
import json

import pytest

from studyapp.core import srs
from studyapp.store import backup, transfer
from studyapp.store.db import latest_version, open_db
from studyapp.store.practice_results import challenge_scores, record_challenge_result
from studyapp.store.review_log import save_cards, stored_cards
from studyapp.store.settings_table import get_setting, set_setting
from studyapp.store.user_marks import get_note, set_note, set_star, starred_ids


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "a.sqlite3")


def fill(db):
    set_note(db, "q1", "my note")
    set_star(db, "q2", True)
    card = srs.CardState.new("q1", "q", dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    save_cards(db, [card.to_row()])
    record_challenge_result(db, "conv-output-size", "conv-arithmetic", True)
    set_setting(db, "theme", "dark")


def test_round_trip_restores_everything_and_twice_adds_nothing(db, tmp_path):
    fill(db)
    counts = transfer.export_progress(db, tmp_path / "p.json")
    assert counts["notes"] == 1 and counts["cards"] == 1 and counts["challenge_results"] == 1
    fresh = open_db(tmp_path / "b.sqlite3")
    added = transfer.import_progress(fresh, tmp_path / "p.json")
    assert sum(added.values()) == 5
    assert get_note(fresh, "q1") == "my note"
    assert starred_ids(fresh) == {"q2"}
    (card,) = stored_cards(fresh).values()
    assert card.due.isoformat() == "2026-11-30T00:00:00+00:00"
    assert challenge_scores(fresh) == {"conv-arithmetic": (1, 1)}
    assert get_setting(fresh, "theme") == "dark"
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
    assert get_note(db, "q1") == "my note"


def test_a_failing_row_rolls_back_the_whole_import(db, tmp_path):
    data = {"format": "deepprep-progress", "schema": latest_version(), "tables": {
        "stars": [{"question_id": "a", "starred_at": "2026-01-01"}],
        "notes": [{"question_id": "b", "body": None, "updated_at": "x"}]}}   # NOT NULL fails
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    with pytest.raises(Exception):  # noqa: B017 - sqlite's IntegrityError, any is fine
        transfer.import_progress(db, path)
    assert starred_ids(db) == set()


def test_manual_backups_are_listed_with_time_and_sorted(tmp_path, db):
    fill(db)
    folder = tmp_path / "backups"
    daily = backup.take_daily_backup(tmp_path / "a.sqlite3", folder, dt.date(2026, 11, 26))
    manual = backup.take_backup_now(tmp_path / "a.sqlite3", folder,
                                    dt.datetime(2026, 11, 26, 4, 12, 30))
    assert backup.list_backups(folder) == [manual, daily]
    assert backup.backup_label(manual) == "2026-11-26 04:12:30"
    assert backup.backup_label(daily) == "2026-11-26"


def exported(db, tmp_path):
    fill(db)
    transfer.export_progress(db, tmp_path / "p.json")
    return json.loads((tmp_path / "p.json").read_text())


def card_data(**changes):
    row = srs.CardState.new("q1", "q", dt.datetime(2026, 11, 30, tzinfo=dt.UTC)).to_row()
    return json.dumps({**row, **changes})


@pytest.mark.parametrize(("table", "row", "message"), [
    ("settings", {"key": "theme", "value": "not json"}, "settings row 2: value is not JSON"),
    ("settings", {"key": "theme", "value": '"not json"'}, "'theme' must be one of"),
    ("settings", {"key": "text_scale", "value": '"huge"'}, "'text_scale' must be a number"),
    ("settings", {"key": "srs_settings", "value": '{"desired_retention": 5}'},
     "'srs_settings' must be scheduling settings"),
    ("cards", {"question_id": "q9", "card_key": "q", "due": "2026-11-30T00:00:00+00:00",
               "state": 0, "suspended": 0, "data": "7"}, "cards row 2: data is not a card state"),
    ("cards", {"question_id": "q9", "card_key": "q", "due": "soon", "state": 0,
               "suspended": 0, "data": card_data()}, "due 'soon' is not a date and time"),
    ("cards", {"question_id": "q1", "card_key": "x", "due": "2026-11-30T00:00:00+00:00",
               "state": 2, "suspended": 0,
               "data": card_data(card_key="x", state=2, stability=-3.0, difficulty=5.0)},
     "stability -3.0 is not a positive number"),
    ("review_log", {"question_id": "q1", "card_key": "q", "rating": 7,
                    "reviewed_at": "2026-11-30T00:00:00+00:00", "duration_ms": 10,
                    "interval_days": 1.0, "state_before": card_data()}, "rating 7 is not 1–4"),
])
def test_values_of_the_wrong_type_or_range_are_refused_naming_the_row(db, tmp_path, table,
                                                                        row, message):
    data = exported(db, tmp_path)
    data["tables"].setdefault(table, []).append(row)
    if table == "settings":                     # the second settings row
        data["tables"]["settings"] = [data["tables"]["settings"][0], row]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message) as info:
        transfer.import_progress(db, path)
    assert "Nothing was imported" in str(info.value)


def test_a_bad_stored_setting_reads_as_its_default(db, caplog):
    for key, text in (("theme", '"not json"'), ("text_scale", '"huge"'), ("welcomed", "{"),
                      ("srs_settings", '{"desired_retention": 5}')):
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, text])
    assert get_setting(db, "theme") == "system"
    assert get_setting(db, "text_scale") == 1.0
    assert get_setting(db, "welcomed") is False
    assert get_setting(db, "srs_settings") == {}
    assert "ignoring the stored text_scale" in caplog.text
    with pytest.raises(ValueError, match=r"must be a number from 0\.9 to 2\.0"):
        set_setting(db, "text_scale", "huge")


def test_import_is_linear_in_the_rows_of_one_card(db, tmp_path):
    """Thousands of reviews of one card: each is matched in a dict, not by a table scan."""
    data = exported(db, tmp_path)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    data["tables"]["review_log"] = [
        {"question_id": "q1", "card_key": "q", "rating": 3, "duration_ms": 1000,
         "reviewed_at": (start + dt.timedelta(minutes=i)).isoformat(), "interval_days": 1.0,
         "state_before": card_data(), "undone": 0} for i in range(20000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data))
    fresh = open_db(tmp_path / "c.sqlite3")
    statements = []
    fresh.conn.set_trace_callback(statements.append)
    added = transfer.import_progress(fresh, path)
    fresh.conn.set_trace_callback(None)
    assert added["review_log"] == 20000
    assert sum(s.startswith("SELECT") for s in statements) <= 2 * len(transfer.KEYS)
