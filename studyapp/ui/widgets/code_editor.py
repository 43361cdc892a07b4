"""A small Python editor: line numbers, Pygments colours, auto-indent, Tab as spaces."""

from __future__ import annotations

from pygments.lexers import PythonLexer
from pygments.styles import get_style_by_name
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit, QWidget

INDENT = "    "


class PygmentsHighlighter(QSyntaxHighlighter):
    """Colours each line with Pygments tokens (line by line is enough for drills)."""

    def __init__(self, document, style: str):
        super().__init__(document)
        self.lexer = None           # compiling the lexer's rules takes ~0.1 s: do it on use
        self.set_style(style)

    def set_style(self, style: str) -> None:
        self.formats = {}
        for token, spec in get_style_by_name(style):
            fmt = QTextCharFormat()
            if spec["color"]:
                fmt.setForeground(QColor(f"#{spec['color']}"))
            if spec["bold"]:
                fmt.setFontWeight(QFont.Bold)
            if spec["italic"]:
                fmt.setFontItalic(True)
            self.formats[token] = fmt
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if not text:
            return
        if self.lexer is None:
            self.lexer = PythonLexer()
        position = 0
        for token, value in self.lexer.get_tokens(text):
            while token not in self.formats and token.parent is not None:
                token = token.parent
            if token in self.formats and len(value):
                self.setFormat(position, len(value), self.formats[token])
            position += len(value)


class LineNumbers(QWidget):
    def __init__(self, editor: CodeEditor):
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        editor = self.editor
        painter = QPainter(self)
        painter.fillRect(event.rect(), editor.palette().alternateBase())
        painter.setPen(editor.palette().placeholderText().color())
        block = editor.firstVisibleBlock()
        top = round(editor.blockBoundingGeometry(block).translated(editor.contentOffset()).top())
        height = editor.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible():
                painter.drawText(0, top, self.width() - 6, height, Qt.AlignRight,
                                 str(block.blockNumber() + 1))
            top += round(editor.blockBoundingRect(block).height())
            block = block.next()


class CodeEditor(QPlainTextEdit):
    def __init__(self, style: str = "friendly", parent=None):
        super().__init__(parent)
        font = QFont("monospace")
        font.setStyleHint(QFont.Monospace)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.gutter = LineNumbers(self)
        self.highlighter = PygmentsHighlighter(self.document(), style)
        self.blockCountChanged.connect(lambda _: self._update_margin())
        self.updateRequest.connect(self._update_gutter)
        self._update_margin()

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(2, digits)

    def _update_margin(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def keyPressEvent(self, event) -> None:
        cursor = self.textCursor()
        if event.key() == Qt.Key_Tab and not event.modifiers():
            cursor.insertText(INDENT)
            return
        if event.key() == Qt.Key_Backtab:
            line = cursor.block().text()
            if line.startswith(INDENT):
                cursor.movePosition(cursor.StartOfBlock)
                for _ in INDENT:
                    cursor.deleteChar()
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers():
            line = cursor.block().text()[:cursor.positionInBlock()]
            indent = line[:len(line) - len(line.lstrip(" "))]
            if line.rstrip().endswith(":"):
                indent += INDENT
            cursor.insertText("\n" + indent)
            self.ensureCursorVisible()
            return
        super().keyPressEvent(event)
