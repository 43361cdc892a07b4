"""Every screen with the shipped bank, light and dark, at 100 % and 200 % text in a
1280×800 window: a screenshot of each into tests/artifacts/, and no button or label
squeezed below the size its text needs, nothing cut off by the window's edge, and no
LaTeX source on screen."""

import re

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QBoxLayout,
    QCheckBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QRadioButton,
    QStyle,
    QTabBar,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from studyapp.core.interview import Plan, Selection
from studyapp.core.scope import Scope
from studyapp.ui.dialogs import SettingsDialog, ShortcutsDialog
from studyapp.ui.widgets.html_list import HTML_ROLE

MATH_QUESTION = "sigmoid-and-softmax"     # inline and display math, a list, a table
LATEX = re.compile(r"\$[^$\n]*[\\^_{}][^$\n]*\$")
TAG = re.compile(r"<[^>]+>")
ENTITY = re.compile(r"&(?:[a-z]+|#\d+);")
SLACK = 2                                  # pixels of rounding between hint and size


def _in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def squeezed(root: QWidget, screen: str) -> list[str]:
    """Buttons and labels smaller than their text needs, or cut by the window's edge."""
    out = []
    frame = QRect(QPoint(0, 0), root.size())
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.window() is not root.window():
            continue
        name = f"{screen}: {type(w).__name__} {(getattr(w, 'text', lambda: '')() or '')[:40]!r}"
        if not _in_scroll_area(w, root):
            rect = QRect(w.mapTo(root, QPoint(0, 0)), w.size())
            if w.width() > 0 and not frame.contains(rect.adjusted(SLACK, SLACK, -SLACK, -SLACK)):
                out.append(f"{name} runs past the window's edge ({rect.getRect()})")
                continue
        if isinstance(w, QAbstractButton) and w.text():
            # A style may trim a button's padding; its text itself must fit.
            lines = w.text().replace("&&", "&").split("\n")
            wide = max(w.fontMetrics().horizontalAdvance(line) for line in lines)
            if not w.icon().isNull():
                wide += w.iconSize().width()
            high = w.fontMetrics().height() * len(lines)
            if w.width() < wide + SLACK or w.height() < high:
                out.append(f"{name} is {w.width()}×{w.height()}, its text needs {wide}×{high}")
        elif isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                needed = w.heightForWidth(w.width())
                if needed > 0 and w.height() < needed - SLACK:
                    out.append(f"{name} is {w.height()} px high, needs {needed}")
            elif w.width() < w.sizeHint().width() - SLACK:
                out.append(f"{name} is {w.width()} px wide, needs {w.sizeHint().width()}")
    return out + headers_cut(root, screen) + small_boxes(root, screen)


def small_boxes(root: QWidget, screen: str) -> list[str]:
    """Check boxes and radio buttons whose box stays small beside large text."""
    out = []
    for box in root.findChildren(QCheckBox) + root.findChildren(QRadioButton):
        if box.isVisibleTo(root) and box.window() is root.window():
            metric = (QStyle.PM_IndicatorWidth if isinstance(box, QCheckBox)
                      else QStyle.PM_ExclusiveIndicatorWidth)
            side = box.style().pixelMetric(metric, None, box)
            if side < 0.6 * box.fontMetrics().height():
                out.append(f"{screen}: {type(box).__name__} {box.text()[:30]!r} is "
                           f"{side} px beside text {box.fontMetrics().height()} px high")
    return out


def headers_cut(root: QWidget, screen: str) -> list[str]:
    """Tab labels and column headers narrower than their text ("ress" for "Progress")."""
    out = []
    for bar in root.findChildren(QTabBar):
        if bar.isVisibleTo(root) and bar.window() is root.window():
            for i in range(bar.count()):
                wide = bar.fontMetrics().horizontalAdvance(bar.tabText(i).replace("&", ""))
                if bar.tabRect(i).width() < wide + SLACK:
                    out.append(f"{screen}: tab {bar.tabText(i)!r} is {bar.tabRect(i).width()} "
                               f"px wide, its text needs {wide}")
    margin = QApplication.style().pixelMetric(QStyle.PM_HeaderMargin)
    for header in root.findChildren(QHeaderView):
        if not header.isVisibleTo(root) or header.orientation() != Qt.Horizontal:
            continue
        model = header.model()
        for i in range(header.count()):
            text = model.headerData(i, Qt.Horizontal) if model else None
            if header.isSectionHidden(i) or not text:
                continue
            wide = header.fontMetrics().horizontalAdvance(str(text)) + 2 * margin
            if header.sectionSize(i) < wide:
                out.append(f"{screen}: column {text!r} is {header.sectionSize(i)} px wide, "
                           f"its title needs {wide}")
    return out


def texts_on_screen(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(TAG.sub("", w.text()))
        elif isinstance(w, QTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QTreeWidget):
            items = w.findItems("*", Qt.MatchWildcard | Qt.MatchRecursive)
            texts += [item.text(c) for item in items for c in range(w.columnCount())]
        elif isinstance(w, QListWidget):
            for row in range(w.count()):
                item = w.item(row)
                texts += [item.text(), TAG.sub("", item.data(HTML_ROLE) or "")]
    return texts


def latex_shown(root: QWidget, screen: str) -> list[str]:
    return [f"{screen}: LaTeX source on screen: {m.group(0)!r}"
            for text in texts_on_screen(root) for m in LATEX.finditer(text)]


def entities_shown(root: QWidget, screen: str) -> list[str]:
    """HTML escapes (&quot;) in a label that shows its text as plain text."""
    out = []
    for w in root.findChildren(QLabel):
        plain = w.textFormat() == Qt.PlainText or (w.textFormat() == Qt.AutoText
                                                   and not TAG.search(w.text()))
        if w.isVisibleTo(root) and plain and (m := ENTITY.search(w.text())):
            out.append(f"{screen}: {m.group(0)} shown in {w.text()[:40]!r}")
    return out


def screens(window, qtbot):
    """(name, widget to look at) for every screen, each shown as a person gets to it."""
    window.open_question(MATH_QUESTION)
    yield "browse", window

    window.set_mode(5)                                         # Drills
    drills = window.views["Drills"]
    yield "drills", window
    drills.open_drill(next(q for q in window.ctx.bank.questions.values() if q.drill))
    yield "drill", window

    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    flashcards = window.views["Flashcards"]
    yield "flashcards_decks", window
    flashcards.start(Scope(topics=("09-activations-and-losses",)))
    yield "flashcards_front", window
    qtbot.keyClick(flashcards.review, Qt.Key_Space)
    yield "flashcards_back", window

    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)
    interview = window.views["Interview"]
    yield "interview_setup", window
    interview.begin(Selection(Scope(topics=("09-activations-and-losses",),
                                    kinds=("concept",)), count=2),
                    Plan([], seconds_per_question=120))
    yield "interview_answering", window
    interview.submit()
    yield "interview_review", window

    window.open_explorer("softmax")
    yield "explore", window

    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    yield "stats", window
    stats = window.views["Stats"]
    if stats.tabs.indexOf(stats.topics) >= 0:                 # large text: a tab of its own
        stats.tabs.setCurrentWidget(stats.topics)
        yield "stats_topics", window

    dialog = SettingsDialog(window.ctx.prefs["theme"], window.ctx.prefs["srs_settings"],
                            window.ctx.prefs["text_scale"], window, db=window.ctx.db,
                            dark=window.ctx.dark)
    qtbot.addWidget(dialog)
    dialog.show()
    yield "settings", dialog
    dialog.close()

    sheet = ShortcutsDialog(window)
    qtbot.addWidget(sheet)
    sheet.show()
    yield "shortcuts", sheet
    sheet.close()


@pytest.mark.parametrize("scale", [1.0, 2.0], ids=["100", "200"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_screen_is_whole_and_typeset(qtbot, make_window, screenshot, theme, scale):
    window = make_window(bank=None)                            # the shipped bank
    dialog = SettingsDialog(theme, {}, scale, parent=window)
    qtbot.addWidget(dialog)
    window.apply_settings(dialog)
    assert window.ctx.dark == (theme == "dark")
    problems = []
    for name, root in screens(window, qtbot):
        QApplication.processEvents()
        assert root.isVisible(), name
        if root is window and (window.width() > 1280 or window.height() > 800):
            problems.append(f"{name}: the window grew to {window.width()}×{window.height()}")
        screenshot(root, f"screen_{name}_{theme}_{int(scale * 100)}")
        problems += squeezed(root, name) + latex_shown(root, name) + entities_shown(root, name)
    assert not problems, "\n".join(problems)


def test_screens_lay_out_again_when_the_text_size_goes_back(qtbot, make_window):
    """200 % stacks Browse's and Explore's side panes, moves the mastery table to a tab and puts the buttons
    under the titles; back at 100 % everything is side by side again."""
    window = make_window(bank=None)
    browse = window.views["Browse"]
    window.open_explorer("softmax")
    explore = window.views["Explore"]
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    stats = window.views["Stats"]

    def set_scale(scale: float) -> None:
        dialog = SettingsDialog("light", {}, scale, parent=window)
        qtbot.addWidget(dialog)
        window.apply_settings(dialog)
        stats.activate()
        QApplication.processEvents()

    assert browse.split.count() == 3 and stats.split.indexOf(stats.topics) == 0
    set_scale(2.0)
    assert browse.split.widget(0) is browse.left and browse.split.count() == 2
    assert [browse.left.widget(i) for i in range(2)] == [browse.tree, browse.middle]
    assert browse.pane.header.direction() == QBoxLayout.TopToBottom
    assert explore.split.widget(0) is explore.sides and explore.split.count() == 2
    assert stats.tabs.tabText(stats.tabs.count() - 1) == "Topics"
    assert stats.tabs.indexOf(stats.topics) == 4 and stats.split.count() == 1
    set_scale(1.0)
    assert [browse.split.widget(i) for i in range(3)] == [browse.tree, browse.middle,
                                                           browse.pane]
    assert browse.left.parent() is None
    assert browse.pane.header.direction() == QBoxLayout.LeftToRight
    assert [explore.split.widget(i) for i in (0, 2)] == [explore.finder, explore.side_scroll]
    assert stats.split.widget(0) is stats.topics and stats.topics.isVisibleTo(window)
    assert stats.tabs.count() == 4
    window.set_mode(0)
    assert window.width() <= 1280 and browse.tree.isVisible() and browse.list.isVisible()


def test_large_text_layout_survives_a_restart(qtbot, make_window, screenshot):
    """Closed at 200 %, DeepPrep opens again with Browse's topics over its questions,
    the question as wide as when it was closed, and the window within 1280×800."""
    window = make_window(bank=None)
    dialog = SettingsDialog("light", {}, 2.0, parent=window)
    qtbot.addWidget(dialog)
    window.apply_settings(dialog)
    window.open_question(MATH_QUESTION)
    QApplication.processEvents()
    width = window.browse.pane.width()
    assert width > 600                       # the question keeps a readable width
    window.close()
    window.ctx.db.close()

    again = make_window(bank=None)
    again.open_question(MATH_QUESTION)
    QApplication.processEvents()
    screenshot(again, "screen_browse_after_restart_light_200")
    browse = again.browse
    assert again.ctx.prefs["text_scale"] == 2.0
    assert browse.split.widget(0) is browse.left and browse.split.count() == 2
    assert abs(browse.pane.width() - width) <= 4
    assert again.width() <= 1280 and again.height() <= 800
    assert not squeezed(again, "browse after restart")
