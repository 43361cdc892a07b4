"""A list whose rows are small HTML fragments (titles with highlighted snippets).

Secondary text is marked ``class='muted'``: it takes the palette's muted colour, and on
a selected row the muted colour made for the selection, so it stays readable there.

Rows are keys in a model; a row's HTML and tooltip are made when the view first asks
for them, so listing thousands of questions costs their keys, not a widget item and a
formatted title each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from studyapp.core import palette

KEY_ROLE = int(Qt.UserRole)
HTML_ROLE = KEY_ROLE + 1
TOOLTIP_ROLE = int(Qt.ToolTipRole)


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


class HtmlRows(QAbstractListModel):
    """The rows of an HtmlList: keys, with ``html(key)`` and ``tooltip(key)`` asked for
    when a row is first laid out or shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._keys: list[str] = []
        self._html: Callable[[str], str] = str
        self._tooltip: Callable[[str], str] = str
        self._made: dict[int, str] = {}

    def set_rows(self, keys: list[str], html: Callable[[str], str],
                 tooltip: Callable[[str], str]) -> None:
        self.beginResetModel()
        self._keys, self._html, self._tooltip, self._made = list(keys), html, tooltip, {}
        self.endResetModel()

    def row_of(self, key: str) -> int:
        """The row of ``key``, or -1."""
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index, role=KEY_ROLE):
        row = index.row()
        if role == HTML_ROLE:
            if row not in self._made:
                self._made[row] = self._html(self._keys[row])
            return self._made[row]
        if role == KEY_ROLE:
            return self._keys[row]
        if role == TOOLTIP_ROLE:
            return self._tooltip(self._keys[row])
        return None


class HtmlList(QListView):
    """A list of HtmlRows; ``current_changed`` carries the current row's key (None when
    there is none)."""

    current_changed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows = HtmlRows(self)
        self.setModel(self.rows)
        self.setItemDelegate(HtmlDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.Adjust)
        self.setLayoutMode(QListView.Batched)   # lay long lists out a batch at a time
        self.setBatchSize(40)
        self.selectionModel().currentChanged.connect(
            lambda current, _previous: self.current_changed.emit(
                current.data(KEY_ROLE) if current.isValid() else None))

    def set_rows(self, keys: list[str], html: Callable[[str], str],
                 tooltip: Callable[[str], str]) -> None:
        self.rows.set_rows(keys, html, tooltip)

    def count(self) -> int:
        return self.rows.rowCount()

    def key(self, row: int) -> str:
        return self.rows.index(row).data(KEY_ROLE)

    def html(self, row: int) -> str:
        return self.rows.index(row).data(HTML_ROLE)

    def current_key(self) -> str | None:
        current = self.currentIndex()
        return current.data(KEY_ROLE) if current.isValid() else None

    def select_key(self, key: str) -> bool:
        """Make ``key``'s row the current one; whether it is listed."""
        row = self.rows.row_of(key)
        if row >= 0:
            self.setCurrentIndex(self.rows.index(row))
        return row >= 0

    def row_rect(self, row: int) -> QRect:
        return self.visualRect(self.rows.index(row))
