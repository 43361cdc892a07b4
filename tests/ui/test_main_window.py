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
