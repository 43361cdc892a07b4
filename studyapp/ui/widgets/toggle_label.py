"""A check box whose text wraps: a QCheckBox's own text stays on one line, so at large
text sizes a long one would widen the whole window."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget


class ToggleLabel(QLabel):
    """A check box's text that wraps and toggles the box when clicked, as its own would."""

    def __init__(self, text: str, check: QCheckBox):
        super().__init__(text, wordWrap=True)
        self.check = check
        self.setBuddy(check)
        check.setAccessibleName(text)

    def mouseReleaseEvent(self, event) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.check.toggle()


def labelled_check(check: QCheckBox, text: str) -> QWidget:
    """``check`` (created without text) beside ``text`` that wraps."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(check)
    layout.addWidget(ToggleLabel(text, check), 1)
    return row
