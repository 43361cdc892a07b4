import random

from PySide6.QtCore import Qt

from studyapp.store.practice_results import shape_scores
from studyapp.ui.shape_practice import ShapePractice


def test_answer_by_keyboard_and_see_the_formula(qtbot, make_window, screenshot):
    window = make_window()
    view = ShapePractice(window.ctx, random.Random(4))
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    view.kind.setCurrentIndex(view.kind.findData("conv"))
    right = view.exercise.answer
    qtbot.keyClicks(view.answer, "twelve")
    qtbot.keyClick(view.answer, Qt.Key_Return)
    assert "whole number" in view.feedback.toPlainText()
    view.answer.clear()
    qtbot.keyClicks(view.answer, str(right))
    qtbot.keyClick(view.answer, Qt.Key_Return)
    assert "Correct" in view.feedback.toPlainText()
    screenshot(view, "shape_practice")
    qtbot.keyClick(view.answer, Qt.Key_Return)
    wrong = view.exercise.answer + 1
    qtbot.keyClicks(view.answer, str(wrong))
    qtbot.keyClick(view.answer, Qt.Key_Return)
    assert f"the answer is {view.exercise.answer:,}" in view.feedback.toPlainText()
    assert shape_scores(window.ctx.db) == {"conv": (1, 2)}
    assert view.score.text() == "1/2 correct so far"
