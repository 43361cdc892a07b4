"""A disk that fills up mid-session: a clear message, nothing half-saved, and the
same action works once there is room again."""

import sqlite3
import sys

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from studyapp.store.review_log import log_rows
from studyapp.ui import errors
from tests.ui.test_flashcards import Clock, open_flashcards, pick_topic


def fill_disk(db) -> None:
    """Make the database file unable to grow, with every page packed: SQLite's own
    disk-full path (SQLITE_FULL) then fails the next write that needs room."""
    conn = db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 8}")
    for size in (4000, 1000, 250, 60, 15, 1):
        while True:
            try:
                with conn:
                    conn.execute("INSERT INTO review_log (question_id, card_key, rating, "
                                 "reviewed_at, duration_ms, interval_days, state_before) "
                                 "VALUES ('filler', 'q', 1, '2020-01-01', 0, 0, ?)",
                                 [f'"{"x" * size}"'])  # a JSON string
            except sqlite3.OperationalError as exc:
                assert "full" in str(exc)
                break


@pytest.mark.qt_no_exception_capture
def test_answering_on_a_full_disk_says_so_and_loses_nothing(qtbot, make_window, monkeypatch,
                                                             tmp_path):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(
        (title, text)))
    monkeypatch.setattr(sys, "excepthook", errors.report)
    window, view = open_flashcards(qtbot, make_window, Clock())
    db = window.ctx.db
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    first = review.current.question_id
    before = [dict(r) for r in log_rows(db) if r["question_id"] != "filler"]
    fill_disk(db)

    qtbot.keyClick(review, Qt.Key_Space)
    # Posted, not sent: the error then reaches the event loop, as in the running app.
    QApplication.postEvent(review, QKeyEvent(QEvent.KeyPress, Qt.Key_3, Qt.NoModifier, "3"))
    qtbot.waitUntil(lambda: bool(shown))
    assert shown and shown[0][0] == "Disk full" and "Free some space" in shown[0][1]
    assert review.current.question_id == first and review.revealed   # still on that card
    assert [dict(r) for r in log_rows(db) if r["question_id"] != "filler"] == before
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    db.conn.execute("PRAGMA max_page_count = 1000000")               # space freed
    qtbot.keyClick(review, Qt.Key_3)
    assert len(shown) == 1 and review.current.question_id != first
    window.close()
    db.close()
    again = make_window()
    rows = [r for r in log_rows(again.ctx.db) if r["question_id"] == first]
    assert [r["rating"] for r in rows] == [3]


def test_messages_name_the_cause_and_the_way_out():
    import errno

    title, text = errors.describe(OSError(errno.ENOSPC, "No space left on device"))
    assert title == "Disk full" and "Everything saved before it is safe" in text
    title, text = errors.describe(sqlite3.OperationalError("attempt to write a readonly database"))
    assert title == "Cannot save" and "writable" in text
    title, text = errors.describe(ValueError("boom"))
    assert title == "Something went wrong" and "ValueError: boom" in text
