"""Empty lists in the other modes say what would fill them and how."""

from PySide6.QtCore import Qt


def test_no_past_interviews_says_how_to_start_one(qtbot, make_window, screenshot):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)
    setup = window.views["Interview"].setup
    assert setup.history.count() == 0
    assert setup.no_history.showing()
    assert "No past interviews yet" in setup.no_history.text()
    assert "Start interview" in setup.no_history.text()
    screenshot(window, "interview_no_history")


def test_no_drill_solved_says_how_to_solve_one(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_6, Qt.ControlModifier)
    page = window.views["Drills"]
    page.status_box.setCurrentText("Solved")
    assert page.empty.isVisible() and not page.tree.isVisible()
    assert page.empty.text().startswith("No drill solved yet")
    assert "make its hidden tests pass" in page.empty.text()


def test_stats_practice_says_where_to_practise(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    practice = window.views["Stats"].practice.text()
    assert "none answered yet — press Predict… on a figure in Explore" in practice
    assert "Shapes &amp; counts practice" in practice


def test_explorer_search_with_no_match_says_what_to_try(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    view.search.setFocus()
    qtbot.keyClicks(view.search, "zebra")
    assert view.no_match.showing() and "No explorer matches" in view.no_match.text()
    view.search.clear()
    qtbot.keyClicks(view.search, "attention")
    assert not view.no_match.showing()


def test_no_backups_says_how_to_make_one(qtbot, make_window):
    from studyapp.ui.data_actions import BackupsDialog

    window = make_window()
    dialog = BackupsDialog(window)
    qtbot.addWidget(dialog)
    for path, _ in dialog.data.backups():       # the start-up's daily backup, if any
        path.unlink()
    dialog.fill()
    assert dialog.no_backups.showing() and not dialog.restore_button.isEnabled()
    qtbot.mouseClick(next(b for b in dialog.findChildren(type(dialog.restore_button))
                          if b.text() == "Back up now"), Qt.LeftButton)
    assert dialog.list.count() == 1 and not dialog.no_backups.showing()


def test_stats_before_any_review_says_where_to_start(qtbot, make_window, screenshot):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    summary = window.views["Stats"].summary.text()
    assert summary.startswith("<b>No reviews yet.</b> Study a deck in Flashcards (Ctrl+2)")
    screenshot(window, "stats_no_reviews")


def test_the_problems_dialog_says_when_the_bank_has_none(qtbot):
    from PySide6.QtWidgets import QLabel

    from studyapp.core.bank import Problem
    from studyapp.ui.dialogs import ProblemsDialog

    clean = ProblemsDialog([])
    qtbot.addWidget(clean)
    assert [w.text() for w in clean.findChildren(QLabel)] == [
        "The question bank has no problems: every file loaded."]
    assert not hasattr(clean, "list")
    one = ProblemsDialog([Problem("a.md", 3, "bad front matter")])
    qtbot.addWidget(one)
    assert one.findChildren(QLabel)[0].text().startswith("1 file could not be loaded and is")
    assert one.list.count() == 1
