"""A tree whose item texts wrap at word boundaries instead of being cut off: topic names
such as "Classical machine learning (12)" stay whole, count included, at any width and
text size."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget

PADDING = 4     # px above and below a wrapped row, so that rows read as separate


class WrappingDelegate(QStyledItemDelegate):
    def text_rect(self, option: QStyleOptionViewItem, index) -> QRect:
        """Where the text goes in a row of the tree's current width."""
        tree = self.parent()
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        left = tree.indentation() * (depth + int(tree.rootIsDecorated()))
        style = tree.style()
        if index.flags() & Qt.ItemIsUserCheckable:          # the check box goes first
            left += (style.pixelMetric(QStyle.PM_IndicatorWidth, None, tree)
                     + 2 * style.pixelMetric(QStyle.PM_CheckBoxLabelSpacing, None, tree))
        margin = style.pixelMetric(QStyle.PM_FocusFrameHMargin, None, tree) + 1
        width = max(40, tree.viewport().width() - left - 2 * margin)
        return QRect(left + margin, 0, width, 0)

    def sizeHint(self, option, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect = self.text_rect(opt, index)
        text = opt.fontMetrics.boundingRect(QRect(0, 0, rect.width(), 100000),
                                            Qt.TextWordWrap, opt.text)
        return QSize(rect.width(), text.height() + 2 * self.parent().padding)

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.WrapText
        option.textElideMode = Qt.ElideNone


class WrappingTree(QTreeWidget):
    """One column; rows grow to the lines their text needs and shrink again when the
    tree widens."""

    def __init__(self, parent=None, padding: int = PADDING):
        super().__init__(parent, headerHidden=True, wordWrap=True, uniformRowHeights=False)
        self.padding = padding
        self.setColumnCount(1)
        self.setItemDelegate(WrappingDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.ElideNone)

    def fit_to_words(self) -> None:
        """At least as wide as the longest word of any item at its depth needs, so that
        lines break between words, never inside one."""
        fm, delegate = self.fontMetrics(), self.itemDelegate()
        widest, stack = 0, [self.invisibleRootItem()]
        while stack:
            item = stack.pop()
            stack += [item.child(i) for i in range(item.childCount())]
            if item is self.invisibleRootItem():
                continue
            index = self.indexFromItem(item)
            rect = delegate.text_rect(QStyleOptionViewItem(), index)
            inset = rect.left() + self.viewport().width() - rect.right()
            words = item.text(0).split() or [""]
            widest = max(widest, inset + max(fm.horizontalAdvance(w) for w in words))
        scroll = self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(widest + scroll + 2 * self.frameWidth() + fm.averageCharWidth())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.scheduleDelayedItemsLayout()     # heights follow the new width
