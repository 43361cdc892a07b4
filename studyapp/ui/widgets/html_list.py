"""A list whose rows are small HTML fragments (titles with highlighted snippets).

Secondary text is marked ``class='muted'``: it takes the palette's muted colour, and on
a selected row the muted colour made for the selection, so it stays readable there."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from studyapp.core import palette

HTML_ROLE = Qt.UserRole + 1


class HtmlDelegate(QStyledItemDelegate):
    """Lays rows out as rich text; row heights are cached per width and font, since the
    view asks for every row's size on each layout pass."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._heights: dict[tuple[str, str], int] = {}
        self._width = -1

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDefaultStyleSheet(f".muted {{ color: {muted_color(option)}; }}")
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(50, option.rect.width() - 8))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = opt.state & QStyle.State_Selected
        role = QPalette.HighlightedText if selected else QPalette.Text
        ctx.palette.setColor(QPalette.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.left() + 4, opt.rect.top() + 3)
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = opt.widget.viewport().width() if opt.widget else 300
        if width != self._width:
            self._heights.clear()
            self._width = width
        key = (index.data(HTML_ROLE) or "", opt.font.key())
        if key not in self._heights:
            opt.rect.setWidth(width)
            self._heights[key] = int(self._document(opt, index).size().height()) + 6
        return QSize(width, self._heights[key])


def muted_color(option: QStyleOptionViewItem) -> str:
    """Secondary text's colour in a row: the palette's, read from the view's background."""
    colors = palette.get(option.palette.color(QPalette.Base).lightness() < 128)
    selected = option.state & QStyle.State_Selected
    return colors.on_selection_muted if selected else colors.muted


class HtmlList(QListWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setItemDelegate(HtmlDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.Adjust)
        self.setLayoutMode(QListWidget.Batched)   # lay long lists out a batch at a time
        self.setBatchSize(40)
