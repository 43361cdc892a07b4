"""A bank larger than start-up indexes at once: questions first, search step by step."""

import pytest
from PySide6.QtCore import Qt

from studyapp.ui import search_indexing
from studyapp.ui.startup import build_window


@pytest.fixture
def small_steps(monkeypatch):
    """The fixture bank's four questions stand in for a large bank: start-up indexes one,
    each step one more."""
    monkeypatch.setattr(search_indexing, "AT_START", 1)
    monkeypatch.setattr(search_indexing, "STEP", 1)


def open_window(qtbot, data_dir, bank):
    data_dir.mkdir(exist_ok=True)
    window = build_window(data_dir, None, bank)
    window.indexing.timer.stop()            # the test takes the steps the timer would
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def search_for(qtbot, browse, text):
    browse.search.clear()
    qtbot.keyClicks(browse.search, text)
    qtbot.keyClick(browse.search, Qt.Key_Return)
    qtbot.waitUntil(lambda: browse.count.text().startswith("in "))


def test_questions_show_before_the_index_is_complete_and_search_grows_with_it(
        qtbot, tmp_path, fixture_bank, small_steps):
    window = open_window(qtbot, tmp_path / "data", fixture_bank)
    browse = window.browse
    assert browse.list.count() == 4                        # every question listed at once
    assert window.ctx.unindexed == 3
    assert window.index_label.isVisible()
    assert window.index_label.text() == "Indexing for search: 3 to go  ·"
    assert window.statusBar().currentMessage() == "4 questions in 2 topics"

    search_for(qtbot, browse, "overfitting")
    assert browse.list.count() == 0
    assert browse.count.text() == "in all topics · 0 results so far"
    assert "3 more questions will be searchable in a moment" in browse.empty.text()

    window.indexing.step()
    window.indexing.step()
    assert window.ctx.unindexed == 1
    assert window.index_label.text() == "Indexing for search: 1 to go  ·"
    window.indexing.step()                                 # the search on screen is run again
    assert [browse.list.key(row) for row in range(browse.list.count())] == [
        "overfitting-signs"]
    assert browse.count.text() == "in all topics · 1 result"
    assert not window.index_label.isVisible()
    assert not window.indexing.timer.isActive()


def test_quitting_part_way_loses_nothing_and_the_next_start_goes_on(
        qtbot, tmp_path, fixture_bank, small_steps):
    first = open_window(qtbot, tmp_path / "data", fixture_bank)
    first.indexing.step()                                  # two of four searchable
    first.close()
    assert not first.indexing.timer.isActive()

    again = build_window(tmp_path / "data", None, fixture_bank)   # indexes one more
    qtbot.addWidget(again)
    assert again.ctx.unindexed == 1
    assert again.indexing.timer.isActive()                 # and goes on by itself
    qtbot.waitUntil(lambda: again.ctx.unindexed == 0)
    assert not again.indexing.timer.isActive()
    search_for(qtbot, again.browse, "overfitting")
    assert again.browse.list.count() == 1
    again.close()


def test_a_bank_start_up_can_index_at_once_starts_with_search_complete(
        qtbot, tmp_path, fixture_bank):
    window = open_window(qtbot, tmp_path / "data", fixture_bank)
    assert window.ctx.unindexed == 0
    assert not window.index_label.isVisible()
    search_for(qtbot, window.browse, "overfitting")
    assert window.browse.count.text() == "in all topics · 1 result"
    window.close()


def test_a_full_disk_while_indexing_keeps_search_complete_from_memory(
        qtbot, tmp_path, fixture_bank, small_steps, monkeypatch):
    import sqlite3

    from studyapp.store import search as store_search

    window = open_window(qtbot, tmp_path / "data", fixture_bank)
    file_index = window.ctx.index
    step = store_search.index_step

    def full(db, bank, limit=None):
        if db is file_index:
            raise sqlite3.OperationalError("database or disk is full")
        return step(db, bank, limit)

    monkeypatch.setattr(store_search, "index_step", full)
    window.indexing.step()            # the file refuses (no error raised): all in memory
    assert window.ctx.unindexed == 0 and not window.indexing.timer.isActive()
    assert window.ctx.index is not file_index
    search_for(qtbot, window.browse, "overfitting")
    assert window.browse.count.text() == "in all topics · 1 result"
    assert not window.index_label.isVisible()
    window.close()
