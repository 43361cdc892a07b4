import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from studyapp.core import learner_simulation, srs
from studyapp.store import parameters
from studyapp.store.db import transaction
from studyapp.store.settings_table import get_setting, set_setting
from studyapp.ui.dialogs import SettingsDialog
from tests.core.test_fsrs_fit import TRUE, uninformative_log

START = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)


def store_log(db, rows):
    with transaction(db):
        for r in rows:
            db.execute("INSERT INTO review_log (question_id, card_key, rating, reviewed_at, "
                       "duration_ms, interval_days, state_before) VALUES (?, ?, ?, ?, ?, 1, ?)",
                       [r["question_id"], r["card_key"], r["rating"], r["reviewed_at"],
                        r["duration_ms"], f'{{"state": {r["state_before"]}}}'])


def run_settings(window, monkeypatch, scenario):
    """Open Settings from the window as a person does; ``scenario`` works the dialog
    while it is open and says whether it ends with OK."""
    def exec_(dialog):
        dialog.show()
        return QDialog.Accepted if scenario(dialog) else QDialog.Rejected

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    window.open_settings()


def open_scheduling(qtbot, dialog):
    qtbot.mouseClick(dialog.optimize_button, Qt.LeftButton)
    scheduling = dialog.scheduling
    assert scheduling.isVisible()
    qtbot.waitUntil(lambda: scheduling.advice is not None, timeout=30000)
    return scheduling


def test_optimize_use_defaults_go_back_and_keep_it_after_a_restart(
        qtbot, make_window, monkeypatch, screenshot, tmp_path):
    window = make_window(data_dir=tmp_path / "data")
    db = window.ctx.db
    store_log(db, learner_simulation.review_log(TRUE, 300, 200, seed=1, start=START))
    flashcards = window.view("Flashcards")          # studied before, so already built
    seen = {}

    def scenario(dialog):
        scheduling = open_scheduling(qtbot, dialog)
        assert "the default parameters" in scheduling.in_use.text()
        assert scheduling.table.rowCount() == 0
        assert not scheduling.defaults_button.isEnabled()
        qtbot.mouseClick(scheduling.optimize_button, Qt.LeftButton)
        assert scheduling.busy and not scheduling.optimize_button.isEnabled()
        assert scheduling.bar.isVisible()
        qtbot.waitUntil(lambda: not scheduling.busy, timeout=60000)
        assert not scheduling.bar.isVisible()
        text = scheduling.status.text()
        assert "now in use" in text and "Log loss" in text and "RMSE (bins)" in text
        [fitted] = parameters.history(db)
        assert fitted.applied and parameters.in_use(db) == fitted.parameters
        assert dialog.parameters == fitted.parameters
        m = fitted.metrics
        assert f"{m['current']['log_loss']:.4f} → <b>{m['fitted']['log_loss']:.4f}</b>" in text
        assert m["fitted"]["log_loss"] < m["current"]["log_loss"]
        assert scheduling.table.item(0, 0).text().endswith("(in use)")
        assert "the set fitted" in scheduling.in_use.text()
        # Flashcards schedules with the new set at once.
        assert flashcards.deck.settings.parameters == fitted.parameters
        qtbot.waitUntil(lambda: not scheduling.simulating, timeout=30000)
        screenshot(scheduling, "scheduling_optimized_light")
        # Back to the defaults, then to the fitted set from the list.
        qtbot.mouseClick(scheduling.defaults_button, Qt.LeftButton)
        assert parameters.in_use(db) == () and dialog.parameters == ()
        assert flashcards.deck.settings.parameters == ()
        assert not scheduling.table.item(0, 0).text().endswith("(in use)")
        assert not scheduling.use_button.isEnabled()
        scheduling.table.selectRow(0)
        assert scheduling.use_button.isEnabled()
        qtbot.mouseClick(scheduling.use_button, Qt.LeftButton)
        assert parameters.in_use(db) == fitted.parameters
        # The retention advice goes into the settings form.
        qtbot.waitUntil(lambda: not scheduling.simulating, timeout=30000)
        advice = scheduling.advice.retention
        assert scheduling.retention_button.text() == f"Use {advice:.2f}"
        if scheduling.retention_button.isEnabled():
            qtbot.mouseClick(scheduling.retention_button, Qt.LeftButton)
        assert dialog.retention.value() == pytest.approx(advice)
        seen.update(parameters=fitted.parameters, retention=advice)
        scheduling.close()
        return True

    run_settings(window, monkeypatch, scenario)
    stored = get_setting(db, "srs_settings")
    assert stored["desired_retention"] == pytest.approx(seen["retention"])
    assert tuple(stored["parameters"]) == seen["parameters"]
    window.close()
    db.close()

    again = make_window(data_dir=tmp_path / "data")
    assert parameters.in_use(again.ctx.db) == seen["parameters"]
    assert again.view("Flashcards").deck.settings.parameters == seen["parameters"]

    def after_restart(dialog):
        scheduling = open_scheduling(qtbot, dialog)
        assert scheduling.table.rowCount() == 1
        assert scheduling.table.item(0, 0).text().endswith("(in use)")
        assert scheduling.defaults_button.isEnabled()
        scheduling.close()
        return False

    run_settings(again, monkeypatch, after_restart)


def test_too_few_reviews_are_refused_and_nothing_changes(qtbot, make_window, monkeypatch):
    window = make_window()
    db = window.ctx.db
    store_log(db, learner_simulation.review_log(TRUE, 20, 60, seed=2, start=START))

    def scenario(dialog):
        scheduling = open_scheduling(qtbot, dialog)
        qtbot.mouseClick(scheduling.optimize_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not scheduling.busy, timeout=30000)
        assert "at least 400 reviews" in scheduling.status.text()
        assert parameters.history(db) == [] and parameters.in_use(db) == ()
        assert scheduling.optimize_button.isEnabled()
        scheduling.close()
        return True

    run_settings(window, monkeypatch, scenario)
    assert "parameters" not in get_setting(db, "srs_settings")


def test_defaults_given_back_by_the_optimizer_are_named_and_change_nothing(
        qtbot, make_window, monkeypatch):
    window = make_window()
    db = window.ctx.db
    store_log(db, uninformative_log())

    def scenario(dialog):
        scheduling = open_scheduling(qtbot, dialog)
        qtbot.mouseClick(scheduling.optimize_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not scheduling.busy, timeout=30000)
        assert "returned the default parameters unchanged" in scheduling.status.text()
        assert "Nothing was changed" in scheduling.status.text()
        assert parameters.history(db) == [] and parameters.in_use(db) == ()
        assert scheduling.table.rowCount() == 0
        scheduling.close()
        return False

    run_settings(window, monkeypatch, scenario)


@pytest.mark.parametrize(("theme", "scale"), [("dark", 1.0), ("light", 2.0)])
def test_the_dialog_at_large_text_and_in_the_dark(qtbot, make_window, monkeypatch, screenshot,
                                                  tmp_path, theme, scale):
    data = tmp_path / "data"
    first = make_window(data_dir=data)
    set_setting(first.ctx.db, "theme", theme)
    set_setting(first.ctx.db, "text_scale", scale)
    store_log(first.ctx.db, learner_simulation.review_log(TRUE, 300, 200, seed=1, start=START))
    first.close()
    first.ctx.db.close()
    window = make_window(data_dir=data)

    def scenario(dialog):
        scheduling = open_scheduling(qtbot, dialog)
        qtbot.mouseClick(scheduling.optimize_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not scheduling.busy and not scheduling.simulating,
                        timeout=60000)
        screenshot(dialog, f"settings_scheduling_{theme}_{round(scale * 100)}")
        screenshot(scheduling, f"scheduling_{theme}_{round(scale * 100)}")
        scheduling.close()
        return False

    run_settings(window, monkeypatch, scenario)
    assert srs.Settings(**get_setting(window.ctx.db, "srs_settings")).parameters


def test_parameters_imported_without_their_fit_are_named_so(qtbot, tmp_path):
    from studyapp.core.fsrs_fit import DEFAULTS
    from studyapp.store.db import open_db
    from studyapp.ui.scheduling_settings import SchedulingDialog

    db = open_db(tmp_path / "p.sqlite3")
    imported = tuple(w * 1.05 for w in DEFAULTS)
    set_setting(db, "srs_settings", {"parameters": list(imported)})
    settings = srs.Settings(**get_setting(db, "srs_settings"))
    dialog = SchedulingDialog(db, settings, deck_size=50, dark=False)
    qtbot.addWidget(dialog)
    assert dialog.in_use.text() == "In use: parameters imported with your progress"
    assert dialog.defaults_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.simulating, timeout=30000)
    qtbot.mouseClick(dialog.defaults_button, Qt.LeftButton)
    assert parameters.in_use(db) == ()
    assert dialog.in_use.text() == "In use: the default parameters"
    qtbot.waitUntil(lambda: not dialog.simulating, timeout=30000)
    db.close()
