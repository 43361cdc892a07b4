"""A scroll area that scrolls up and down only: it is as wide as its contents need, so
that at large text sizes nothing is cut off at the side."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class VerticalScroll(QScrollArea):
    def __init__(self, widget: QWidget, parent=None):
        super().__init__(parent, widgetResizable=True, frameShape=QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(widget)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        needed = (self.widget().minimumSizeHint().width()
                  + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth())
        return QSize(max(hint.width(), needed), hint.height())
