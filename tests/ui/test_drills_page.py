"""The Drills mode, the drill editor's keys and the failing-case display, driven through
the real widgets."""

from PySide6.QtCore import Qt

from studyapp.core.drills import RunResult
from studyapp.core.drills import TestOutcome as Outcome
from studyapp.ui.drill import result_html
from studyapp.ui.main_window import MODES
from studyapp.ui.widgets.code_editor import CodeEditor

WRONG = """import numpy as np


def softmax(z):
    print("debug: called")
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
"""
RIGHT = """import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
"""


def open_drills(qtbot, window):
    qtbot.keyClick(window, Qt.Key_6, Qt.ControlModifier)
    assert window.mode() == "Drills"
    return window.views["Drills"]


def test_drills_page_lists_by_category_and_tracks_status_attempts_and_best_time(
        qtbot, make_window, screenshot):
    window = make_window()
    clock = [100.0]
    window.ctx.monotonic = lambda: clock[0]
    page = open_drills(qtbot, window)
    group = page.tree.topLevelItem(0)
    assert group.text(0) == "Deep-learning layers (1)"
    row = group.child(0)
    assert [row.text(c) for c in range(5)] == [
        "Implement a numerically stable softmax in NumPy", "warm-up", "new", "0", "—"]
    assert page.summary.text() == "0 of 1 drills solved"
    screenshot(window, "drills_page")

    page.tree.setFocus()
    page.tree.setCurrentItem(row)
    qtbot.keyClick(page.tree, Qt.Key_Return)
    assert page.currentIndex() == 1 and page.panel.question.id == "softmax-drill"
    editor = page.panel.editor
    editor.setPlainText(WRONG)
    with qtbot.waitSignal(page.panel.ran, timeout=20000) as blocker:
        qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert not blocker.args[0].passed
    shown = page.panel.results.toPlainText()
    assert "large logits do not overflow" in shown          # the test's name as a sentence
    assert "Your code printed" in shown and "debug: called" in shown
    clock[0] = 175.0                                        # solved 75 s after opening
    editor.setPlainText(RIGHT)
    with qtbot.waitSignal(page.panel.ran, timeout=20000) as blocker:
        qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert blocker.args[0].passed
    screenshot(window, "drills_solved")
    qtbot.keyClick(editor, Qt.Key_Escape)
    assert page.currentIndex() == 0
    row = page.tree.topLevelItem(0).child(0)
    assert [row.text(c) for c in (2, 3, 4)] == ["solved", "2", "1:15"]
    assert page.summary.text() == "1 of 1 drills solved"

    page.status_box.setCurrentText("New")
    assert page.tree.isHidden() and "No drill matches" in page.empty.text()
    window.close()
    window.ctx.db.close()
    again = make_window()
    page = open_drills(qtbot, again)
    row = page.tree.topLevelItem(0).child(0)
    assert [row.text(c) for c in (2, 3, 4)] == ["solved", "2", "1:15"]


def test_failing_case_is_shown_with_its_message_and_output_apart():
    result = RunResult((Outcome("test_handles_ties_in_the_scores", False,
                                    "values differ at index (1,): expected 0.5, got 0.25"),
                        Outcome("test_rows_sum_to_one", True, "")), output="hello <b>")
    page = result_html(result)
    assert "1 of 2 tests pass" in page
    assert "handles ties in the scores" in page and "test_handles" not in page
    assert "expected 0.5, got 0.25" in page
    assert page.index("Your code printed") > page.index("rows sum to one")
    assert "hello &lt;b&gt;" in page


def type_lines(qtbot, editor, *lines):
    for line in lines:
        qtbot.keyClicks(editor, line)
        qtbot.keyClick(editor, Qt.Key_Return)


def test_editor_indents_dedents_and_comments_by_keys(qtbot):
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.setFocus()
    type_lines(qtbot, editor, "def f(x):", "if x:")
    assert editor.toPlainText() == "def f(x):\n    if x:\n        "
    qtbot.keyClick(editor, Qt.Key_Backspace)                # one level, not one space
    assert editor.toPlainText().endswith("\n    ")
    qtbot.keyClicks(editor, "return x")
    qtbot.keyClick(editor, Qt.Key_Tab)
    assert editor.toPlainText().endswith("return x    ")
    qtbot.keyClick(editor, Qt.Key_Backspace)                # outside indentation: one char
    assert editor.toPlainText().endswith("return x   ")

    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key_Slash, Qt.ControlModifier)
    assert editor.toPlainText().splitlines()[:2] == ["# def f(x):", "#     if x:"]
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key_Slash, Qt.ControlModifier)
    assert editor.toPlainText().splitlines()[:2] == ["def f(x):", "    if x:"]
    assert editor.extraSelections()                          # the current line is highlighted


def test_editor_shows_twenty_lines_at_normal_size_and_follows_the_theme(qtbot, make_window):
    window = make_window()
    page = open_drills(qtbot, window)
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
    qtbot.keyClick(page.tree, Qt.Key_Return)
    editor = page.panel.editor
    qtbot.waitUntil(lambda: editor.height() > 0)
    assert editor.viewport().height() >= 20 * editor.fontMetrics().lineSpacing()
    window.set_theme_choice("dark")
    assert editor.highlighter.style == window.ctx.theme.code_style == "deepprep-dark"
    window.set_theme_choice("light")
    assert editor.highlighter.style == "deepprep-light"


def test_drills_is_the_last_mode():
    assert MODES[-1] == "Drills"


def test_drill_is_usable_at_twice_the_text_size(qtbot, make_window, screenshot):
    from studyapp.ui.dialogs import SettingsDialog

    window = make_window()
    dialog = SettingsDialog("light", {}, parent=window)
    qtbot.addWidget(dialog)
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(2.0))
    window.apply_settings(dialog)
    page = open_drills(qtbot, window)
    screenshot(window, "drills_page_text_200")
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
    qtbot.keyClick(page.tree, Qt.Key_Return)
    panel = page.panel
    panel.editor.setPlainText(RIGHT)
    with qtbot.waitSignal(panel.ran, timeout=20000):
        qtbot.keyClick(panel.editor, Qt.Key_Return, Qt.ControlModifier)
    screenshot(window, "drill_text_200")
    assert window.minimumSizeHint().width() <= 1280
    assert panel.editor.viewport().height() >= 8 * panel.editor.fontMetrics().lineSpacing()
    button_bottom = panel.run_button.mapTo(panel, panel.run_button.rect().bottomLeft()).y()
    status_top = panel.status.mapTo(panel, panel.status.rect().topLeft()).y()
    results_top = panel.results.mapTo(panel, panel.results.rect().topLeft()).y()
    assert button_bottom <= status_top < results_top         # nothing overlaps the buttons
    assert panel.results.height() >= 4 * panel.results.fontMetrics().lineSpacing()


def test_editor_gutter_follows_a_new_text_size(qtbot):
    from PySide6.QtGui import QFont

    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.setPlainText("x = 1\n" * 3)
    small = editor.viewportMargins().left()
    font = QFont(editor.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    editor.setFont(font)
    assert editor.viewportMargins().left() == editor.gutter_width() > small
    assert editor.gutter.width() == editor.gutter_width()
