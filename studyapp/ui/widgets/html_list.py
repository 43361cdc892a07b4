"""A list whose rows are small HTML fragments (titles with highlighted snippets)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem

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


class HtmlList(QListWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setItemDelegate(HtmlDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.Adjust)
        self.setLayoutMode(QListWidget.Batched)   # lay long lists out a batch at a time
        self.setBatchSize(40)
