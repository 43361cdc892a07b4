from studyapp.core import srs
from studyapp.core.fsrs_fit import DEFAULTS
from studyapp.store import parameters
from studyapp.store.db import open_db
from studyapp.store.settings_table import get_setting, set_setting

FITTED = tuple(w * 1.1 for w in DEFAULTS)
METRICS = {"reviews": 512, "current": {"log_loss": 0.4, "rmse_bins": 0.08},
           "fitted": {"log_loss": 0.35, "rmse_bins": 0.05},
           "current_later": {"log_loss": 0.41, "rmse_bins": 0.09},
           "fitted_later": {"log_loss": 0.37, "rmse_bins": 0.06}}


def test_fitted_sets_are_kept_and_the_one_in_use_survives_a_restart(tmp_path):
    db = open_db(tmp_path / "p.sqlite3")
    set_setting(db, "srs_settings", {"new_per_day": 7})
    assert parameters.in_use(db) == () and parameters.history(db) == []
    parameters.record_fit(db, FITTED, METRICS, applied=True, fitted_at="2026-12-01T10:00:00")
    parameters.record_fit(db, DEFAULTS, METRICS, applied=False, fitted_at="2026-12-02T10:00:00")
    db.close()
    db = open_db(tmp_path / "p.sqlite3")
    sets = parameters.history(db)
    assert [s.fitted_at[:10] for s in sets] == ["2026-12-02", "2026-12-01"]
    assert [s.applied for s in sets] == [False, True]
    assert sets[1].parameters == FITTED and sets[1].metrics == METRICS
    assert parameters.in_use(db) == FITTED
    stored = get_setting(db, "srs_settings")
    assert stored["new_per_day"] == 7                              # the rest is kept
    assert srs.Settings(**stored).fsrs_parameters() == FITTED
    parameters.use(db, ())
    assert parameters.in_use(db) == () and "parameters" not in get_setting(
        db, "srs_settings")
    assert srs.Settings(**get_setting(db, "srs_settings")).fsrs_parameters() == (
        srs.Settings().fsrs_parameters())


def test_a_damaged_parameter_list_reads_as_the_defaults(tmp_path):
    db = open_db(tmp_path / "p.sqlite3")
    db.execute("INSERT INTO settings (key, value) VALUES ('srs_settings', "
               "'{\"parameters\": [1, 2, 3], \"new_per_day\": 3}')")
    assert get_setting(db, "srs_settings") == {}
    assert parameters.in_use(db) == ()
