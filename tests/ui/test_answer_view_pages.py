"""A page that leaves the answer view's last few is deleted at once, with the formula
images only it showed: going through every explorer keeps the formula view small."""

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from studyapp.ui.widgets.answer_view import KEPT_PAGES
from studyapp.viz import registry
from tests.ui.test_explore_memory import _click_explorer


def test_pages_beyond_the_kept_ones_go_with_their_formula_images(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    formula = view.formula
    first_id, *others = registry.ids()
    _click_explorer(qtbot, view, first_id)
    first_page = formula.document()
    first_images = set(formula._images)
    assert first_images                         # its formula, drawn
    for explorer_id in others[:KEPT_PAGES]:
        _click_explorer(qtbot, view, explorer_id)
    assert view.explorer_cls.id == others[KEPT_PAGES - 1]
    assert not shiboken6.isValid(first_page)    # deleted, not waiting for the event loop
    assert len(formula.findChildren(QTextDocument)) == KEPT_PAGES
    assert not first_images & set(formula._images)
    _click_explorer(qtbot, view, first_id)      # back to it: typeset and shown again
    qtbot.waitUntil(lambda: first_images <= set(formula._images))
    assert len(formula.findChildren(QTextDocument)) == KEPT_PAGES
