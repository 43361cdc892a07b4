"""A check box whose text wraps: a QCheckBox's own text stays on one line, so at large
text sizes a long one would widen the whole window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget


class ToggleLabel(QLabel):
    """A check box's text that wraps and toggles the box when clicked, as its own would."""

    def __init__(self, text: str, check: QCheckBox, rich: bool = False):
        super().__init__(text, wordWrap=True,
                         textFormat=Qt.RichText if rich else Qt.PlainText)
        self.check = check
        self.setBuddy(check)
        check.setAccessibleName(text)

    def mouseReleaseEvent(self, event) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.check.toggle()


def labelled_check(check: QCheckBox, text: str, rich: bool = False) -> QWidget:
    """``check`` (created without text) beside ``text`` that wraps (``rich``: HTML,
    such as a key point's, shown formatted instead of as its source)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(check)
    layout.addWidget(ToggleLabel(text, check, rich), 1)
    return row
