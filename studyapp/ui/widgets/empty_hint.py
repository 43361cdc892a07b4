"""A sentence drawn inside an empty list or tree saying what would fill it.

An empty white box tells a new user nothing; the hint says what to do (star a question,
start an interview, widen a search). It is painted on the view's viewport, so the view
keeps its place, focus and keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView

MARGIN = 12


class EmptyHint(QObject):
    """Paints ``text`` in ``view`` while its model has no rows."""

    def __init__(self, view: QAbstractItemView, text: str = ""):
        super().__init__(view.viewport())
        self.view = view
        self._viewport = view.viewport()
        self._text = text
        self._viewport.installEventFilter(self)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._viewport.update()

    def showing(self) -> bool:
        """Whether the hint is on show: nothing to see (no rows, or a list whose rows a
        filter has all hidden) and something to say."""
        model = self.view.model()
        if not self._text or model is None:
            return bool(self._text)
        rows = model.rowCount()
        if isinstance(self.view, QListView):
            return all(self.view.isRowHidden(row) for row in range(rows))
        return rows == 0

    def eventFilter(self, watched, event) -> bool:
        if watched is self._viewport and event.type() == QEvent.Paint and self.showing():
            painter = QPainter(watched)
            painter.setPen(self.view.palette().color(QPalette.PlaceholderText))
            painter.setFont(self.view.font())
            area = watched.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
            painter.drawText(area, Qt.AlignTop | Qt.AlignHCenter | Qt.TextWordWrap, self._text)
            painter.end()
        return False
