"""The look: one palette, readable contrast, math and code at body size, topic names and
sliders that work at any text size; screenshots of each mode in both themes and sizes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton

from studyapp import paths
from studyapp.core import palette
from studyapp.ui import theme
from studyapp.ui.dialogs import SettingsDialog
from studyapp.ui.widgets.html_list import HTML_ROLE

MATH_HEAVY = "actor-critic-and-ppo"


def set_look(qtbot, window, theme, scale):
    dialog = SettingsDialog(theme, {}, scale, parent=window)
    qtbot.addWidget(dialog)
    window.apply_settings(dialog)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_screenshots_of_each_mode(qtbot, make_window, screenshot, theme, scale):
    window = make_window(bank=paths.bank_dir())
    set_look(qtbot, window, theme, scale)
    name = f"{theme}_{int(scale * 100)}"
    window.open_question(MATH_HEAVY)
    screenshot(window, f"look_browse_{name}")
    window.browse.open_question("drill-mlp-backprop")
    qtbot.mouseClick(window.browse.pane.practice, Qt.LeftButton)
    screenshot(window, f"look_drill_{name}")
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    screenshot(window, f"look_flashcards_{name}")
    window.open_explorer("softmax")
    screenshot(window, f"look_explore_{name}")


def pixel_colors(image, rect):
    return {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)}


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_qt_palette_and_style_sheet_come_from_the_palette(qtbot, dark):
    app = QApplication.instance()
    try:
        theme.apply(app, dark)
        colors = palette.get(dark)
        assert app.palette().color(QPalette.Window).name() == colors.window
        assert app.palette().color(QPalette.Highlight).name() == colors.selection
        assert colors.accent in app.styleSheet() and "$" not in app.styleSheet()
        assert theme.current() is colors
    finally:
        theme.apply(app, False)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_check_boxes_are_visible_in_both_themes(qtbot, dark):
    """Item 10: an unchecked box's edge keeps 3:1 against the window behind it."""
    app = QApplication.instance()
    try:
        theme.apply(app, dark)
        box = QCheckBox("Starred")
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        option = QStyleOptionButton()
        box.initStyleOption(option)
        indicator = box.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, box)
        colors = pixel_colors(box.grab().toImage(), indicator)
        window = palette.get(dark).window
        assert max(palette.contrast(c, window) for c in colors) >= palette.UI
    finally:
        theme.apply(app, False)


def every_item(tree):
    items, stack = [], [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        items.append(item)
        stack += [item.child(i) for i in range(item.childCount())]
    return items


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_topic_names_and_counts_are_shown_whole(qtbot, make_window, scale):
    """Item 7: no topic name or count is cut off in the Browse tree."""
    window = make_window(bank=paths.bank_dir())
    set_look(qtbot, window, "light", scale)
    tree = window.browse.tree
    qtbot.waitUntil(lambda: tree.visualItemRect(tree.topLevelItem(0)).height() > 0)
    QApplication.processEvents()
    fm = tree.fontMetrics()
    cut = []
    for item in every_item(tree):
        row = tree.visualItemRect(item)
        room = row.width() - 6
        needed = fm.boundingRect(0, 0, room, 100000, Qt.TextWordWrap, item.text(0))
        longest_word = max(fm.horizontalAdvance(w) for w in item.text(0).split())
        if needed.height() > row.height() or longest_word > room or row.right() > \
                tree.viewport().width():
            cut.append(item.text(0))
    assert len(every_item(tree)) > 30
    assert cut == []
    assert "questions" in tree.topLevelItem(0).child(0).toolTip(0)


@pytest.mark.parametrize("theme_choice", ["light", "dark"])
def test_the_selected_rows_snippet_stays_readable(qtbot, make_window, theme_choice):
    """Item 11: the grey snippet under a selected search result is readable on the
    selection colour."""
    window = make_window()
    set_look(qtbot, window, theme_choice, 1.0)
    browse = window.browse
    browse.search.setText("softmax")
    qtbot.waitUntil(lambda: "<small" in (browse.list.item(0).data(HTML_ROLE) or ""))
    browse.list.setCurrentRow(0)
    QApplication.processEvents()
    rect = browse.list.visualItemRect(browse.list.item(0))
    line = browse.list.fontMetrics().height()
    snippet = rect.adjusted(8, rect.height() - line, -8, -3)
    colors = pixel_colors(browse.list.viewport().grab().toImage(), snippet)
    selection = palette.get(theme_choice == "dark").selection
    assert max(palette.contrast(c, selection) for c in colors) >= palette.TEXT
