"""The look: one palette, readable contrast, math and code at body size, topic names and
sliders that work at any text size; screenshots of each mode in both themes and sizes."""

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QTableWidget,
)

from studyapp import paths
from studyapp.core import palette
from studyapp.ui import theme
from studyapp.ui.dialogs import SettingsDialog

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
    questions = window.browse.list
    qtbot.waitUntil(lambda: questions.row_rect(0).height() > 0)
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
        mark = app.styleSheet().split("image: url(")[1].split(")")[0]
        assert colors.on_accent in Path(mark).read_text()          # the check mark
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
    qtbot.waitUntil(lambda: browse.list.count() > 0 and "<small" in browse.list.html(0))
    browse.list.select_key(browse.list.key(0))
    QApplication.processEvents()
    rect = browse.list.row_rect(0)
    line = browse.list.fontMetrics().height()
    snippet = rect.adjusted(8, rect.height() - line, -8, -3)
    colors = pixel_colors(browse.list.viewport().grab().toImage(), snippet)
    selection = palette.get(theme_choice == "dark").selection
    assert max(palette.contrast(c, selection) for c in colors) >= palette.TEXT


def test_explorer_sliders_are_wide_keyboard_operable_and_typeable(qtbot, make_window,
                                                                   screenshot):
    """Item 8: arrows, Page Up/Down, Home/End move the value; a value can be typed."""
    window = make_window()
    window.open_explorer("softmax")
    view = window.view("Explore")
    control = view.controls["T"]
    slider, entry = control.slider, control.entry
    qtbot.waitUntil(lambda: slider.width() > 0)
    assert slider.width() >= 250
    slider.setFocus()
    start = view.params["T"]
    qtbot.keyClick(slider, Qt.Key_Right)
    assert start < view.params["T"] < start * 1.1                # one percent of the scale
    qtbot.keyClick(slider, Qt.Key_PageDown)
    assert view.params["T"] < start
    qtbot.keyClick(slider, Qt.Key_End)
    assert view.params["T"] == control.param.max and entry.text() == "20"
    qtbot.keyClick(slider, Qt.Key_Home)
    assert view.params["T"] == control.param.min
    entry.setFocus()
    entry.selectAll()
    qtbot.keyClicks(entry, "0.7")
    qtbot.keyClick(entry, Qt.Key_Return)
    assert view.params["T"] == 0.7 and slider.value() == pytest.approx(0.7, rel=0.01)
    for bad in ("warm", "50"):  # not a number, out of range
        entry.selectAll()
        qtbot.keyClicks(entry, bad)
        qtbot.keyClick(entry, Qt.Key_Return)
        assert view.params["T"] == 0.7 and entry.property("invalid")
    assert "goes from 0.05 to 20" in entry.toolTip()
    screenshot(window, "look_explore_sliders")


def test_shortcuts_are_a_sheet_that_wraps_at_any_text_size(qtbot, make_window, screenshot):
    """Item 19: no gridded table with clipped cells."""
    from studyapp.ui.dialogs import SHORTCUTS, ShortcutsDialog

    window = make_window()
    for scale in (1.0, 2.0):
        set_look(qtbot, window, "light", scale)
        dialog = ShortcutsDialog(window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert not dialog.findChildren(QTableWidget)
        text = dialog.sheet.toPlainText()
        assert all(action in text for _, _, action in SHORTCUTS)
        assert not dialog.sheet.horizontalScrollBar().isVisible()
        screenshot(dialog, f"look_shortcuts_{int(scale * 100)}")
        dialog.close()


def test_buttons_and_labels_line_up(qtbot, make_window):
    """Item 19: Presets' label is centred, dialog buttons carry no icons, the Flashcards
    "Filter:" and "Saved:" labels sit level with the boxes beside them, and Predict…
    leaves no empty panel."""
    window = make_window()
    window.open_explorer("softmax")
    view = window.view("Explore")
    presets = view.presets
    assert presets.text() == "Presets ▾"          # the arrow is part of the centred label
    image = presets.grab().toImage()
    text = palette.get(False).text
    columns = [x for x in range(image.width()) for y in range(image.height())
               if palette.contrast(image.pixelColor(x, y).name(), text) < 2]
    assert abs((min(columns) + max(columns)) / 2 - image.width() / 2) <= 3

    dialog = SettingsDialog("light", {}, 1.0, parent=window)
    qtbot.addWidget(dialog)
    for button in dialog.findChildren(QPushButton):
        assert button.icon().isNull()
    assert QApplication.style().styleHint(QStyle.SH_DialogButtonBox_ButtonsHaveIcons) == 0

    qtbot.mouseClick(view.predict, Qt.LeftButton)
    assert not view.side_scroll.isVisible() and view.challenge_bar.isVisible()

    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    overview = window.view("Flashcards").overview
    QApplication.processEvents()
    for label_text, box in (("Filter:", overview.tag), ("Saved:", overview.saved)):
        (label,) = [w for w in overview.findChildren(QLabel) if w.text() == label_text]
        assert abs(label.geometry().center().y() - box.geometry().center().y()) <= 1


def test_explorer_controls_keep_their_rows_at_twice_the_text_size(qtbot, make_window):
    """At 200 % the sliders and their boxes fit the side panel (the window stays within
    1280 px) and the rows are not laid over each other."""
    window = make_window()
    set_look(qtbot, window, "dark", 2.0)
    window.open_explorer("softmax")
    view = window.view("Explore")
    qtbot.waitUntil(lambda: view.controls["T"].slider.width() > 0)
    QApplication.processEvents()
    side = view.side
    assert side.minimumSizeHint().width() <= view.side_scroll.viewport().width()
    assert window.minimumSizeHint().width() <= 1280
    form = view.form
    rows = sorted((form.itemAt(i).widget().geometry() for i in range(form.count())
                   if form.itemAt(i).widget()), key=lambda r: r.top())
    assert len(rows) >= 2 * len(view.controls) - 1
    assert all(a.bottom() < b.top() for a, b in pairwise(rows))


def test_display_math_in_a_narrow_pane_keeps_body_size(qtbot, make_window):
    """Item 5: a formula is narrowed to fit, but not below 80 % of its size (display math
    is typeset at 1.25 times the body text); the pane scrolls for the rest."""
    from studyapp.ui.widgets.answer_view import LEAST_FIT

    window = make_window()
    answer = window.browse.pane.answer
    terms = " + ".join(f"w_{{{i}}} x_{{{i}}}" for i in range(14))
    answer.set_page(answer.markdown_html(f"$$\ny = {terms}\n$$\n"))
    window.browse.split.setSizes([300, 300, 420])
    qtbot.waitUntil(lambda: "?width=" in answer.document().toHtml())
    key, shown = answer.document().toHtml().split("math:")[1].split('"')[0].split("?width=")
    natural, shown = answer._natural_size(key).width(), int(shown)
    assert shown >= LEAST_FIT * natural - 1 and shown < natural
    assert natural * LEAST_FIT > answer.viewport().width()          # so the pane scrolls
    assert answer.horizontalScrollBar().maximum() > 0


def test_a_drill_task_opened_at_twice_the_text_size_is_drawn_at_that_size(qtbot, make_window):
    """The task is rendered before its view is first shown: its body size still comes
    from the style sheet, like the answer's."""
    window = make_window()
    set_look(qtbot, window, "light", 2.0)
    window.browse.open_question("softmax-drill")
    pane = window.browse.pane
    qtbot.mouseClick(pane.practice, Qt.LeftButton)
    prompt = pane.drill.prompt
    assert prompt.font_px() == pytest.approx(pane.answer.font_px())
    assert f"font-size: {prompt.font_px()}px" in prompt.document().defaultStyleSheet()
