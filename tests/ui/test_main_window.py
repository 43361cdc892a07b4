"""The main window builds each mode when it is first opened, and keeps its layout."""

from PySide6.QtCore import Qt


def test_modes_are_built_on_first_use_and_keep_their_layout_across_restarts(qtbot,
                                                                           make_window):
    window = make_window()
    assert set(window.views) == {"Browse"}
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    explore = window.views["Explore"]
    assert window.stack.currentWidget() is explore and window.mode() == "Explore"
    assert set(window.views) == {"Browse", "Explore"}
    explore.split.setSizes([320, 520, 380])
    sizes = explore.split.sizes()
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)
    window.close()

    again = make_window()                       # restart, back in Browse
    assert again.mode() == "Browse" and "Explore" not in again.views
    qtbot.keyClick(again, Qt.Key_4, Qt.ControlModifier)
    assert again.views["Explore"].split.sizes() == sizes


def test_going_back_to_an_answer_reuses_its_laid_out_page(qtbot, make_window):
    window = make_window()
    pane = window.browse.pane
    window.open_question("relu-definition")
    first, text = pane.answer.document(), pane.answer.toPlainText()
    window.open_question("softmax-definition")
    assert pane.answer.document() is not first and "softmax" in pane.answer.toPlainText()
    window.open_question("relu-definition")
    assert pane.answer.document() is first and pane.answer.toPlainText() == text
    window.set_theme_choice("dark")                 # other colours: laid out anew
    assert pane.answer.document() is not first and pane.answer.toPlainText() == text


def test_wide_formulas_and_code_fit_the_answer_pane(qtbot, make_window, screenshot):
    window = make_window()
    answer = window.browse.pane.answer
    terms = " + ".join(f"w_{{{i}}} x_{{{i}}}" for i in range(10))
    code = "x = " + " + ".join(f"value_{i}" for i in range(40))
    answer.set_page(answer.markdown_html(f"$$\ny = {terms}\n$$\n\n```python\n{code}\n```\n"))
    window.browse.split.setSizes([0, 0, 1200])            # room for the whole formula
    qtbot.waitUntil(lambda: answer.viewport().width() > 780)
    assert "?width=" not in answer.document().toHtml()
    assert answer.horizontalScrollBar().maximum() == 0    # the long code line wraps
    window.browse.split.setSizes([300, 300, 500])
    qtbot.waitUntil(lambda: "?width=" in answer.document().toHtml())   # typeset anew, narrower
    # but never below 80 % of its size (display math is typeset at 1.25 times the body
    # text): a pane this narrow scrolls by the little that would be unreadable
    assert answer.horizontalScrollBar().maximum() < 0.1 * answer.viewport().width()
    screenshot(window, "answer-wide-formula")
