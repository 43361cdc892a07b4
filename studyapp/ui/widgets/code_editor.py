"""A small Python editor: line numbers, Pygments colours, the current line highlighted,
auto-indent, Tab and Backspace by indentation levels, Ctrl+/ to comment lines."""

from __future__ import annotations

from pygments.lexers import PythonLexer
from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from studyapp.core import palette

INDENT = "    "


class PygmentsHighlighter(QSyntaxHighlighter):
    """Colours each line with Pygments tokens (line by line is enough for drills)."""

    def __init__(self, document, style: str):
        super().__init__(document)
        self.lexer = None           # compiling the lexer's rules takes ~0.1 s: do it on use
        self.set_style(style)

    def set_style(self, style: str) -> None:
        self.style = style
        self.formats = {}
        for token, spec in palette.pygments_style(style):
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
    def __init__(self, style: str = palette.code_style_name(False), parent=None):
        super().__init__(parent)
        self.gutter = LineNumbers(self)      # before the font is set: a font change resizes it
        font = QFont("monospace")
        font.setStyleHint(QFont.Monospace)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.highlighter = PygmentsHighlighter(self.document(), style)
        self.blockCountChanged.connect(lambda _: self._update_margin())
        self.updateRequest.connect(self._update_gutter)
        self.cursorPositionChanged.connect(self._highlight_line)
        self._update_margin()
        self._highlight_line()

    def set_style(self, style: str) -> None:
        """Colour the code with another Pygments style (a theme change)."""
        if style != self.highlighter.style:
            self.highlighter.set_style(style)
            self._highlight_line()

    def _highlight_line(self) -> None:
        line = QTextEdit.ExtraSelection()
        line.format.setBackground(self.palette().alternateBase())
        line.format.setProperty(QTextCharFormat.FullWidthSelection, True)
        line.cursor = self.textCursor()
        line.cursor.clearSelection()
        self.setExtraSelections([line])

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

    def changeEvent(self, event) -> None:
        """A new text size changes the gutter's width and the tab stops."""
        super().changeEvent(event)
        if event.type() == QEvent.FontChange:
            self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
            self._update_margin()
            self.resizeEvent(QResizeEvent(self.size(), self.size()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def keyPressEvent(self, event) -> None:
        cursor = self.textCursor()
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key_Tab and not mods:
            cursor.insertText(INDENT)
            return
        if key == Qt.Key_Backtab:
            line = cursor.block().text()
            if line.startswith(INDENT):
                cursor.movePosition(QTextCursor.StartOfBlock)
                for _ in INDENT:
                    cursor.deleteChar()
            return
        if key == Qt.Key_Backspace and not mods and self._dedent(cursor):
            return
        if key == Qt.Key_Slash and mods == Qt.ControlModifier:
            self.toggle_comment()
            return
        if key in (Qt.Key_Return, Qt.Key_Enter) and not mods:
            line = cursor.block().text()[:cursor.positionInBlock()]
            indent = line[:len(line) - len(line.lstrip(" "))]
            if line.rstrip().endswith(":"):
                indent += INDENT
            cursor.insertText("\n" + indent)
            self.ensureCursorVisible()
            return
        super().keyPressEvent(event)

    def _dedent(self, cursor) -> bool:
        """Backspace inside a line's indentation removes one level (to the previous
        multiple of four); elsewhere it deletes one character as usual."""
        before = cursor.block().text()[:cursor.positionInBlock()]
        if cursor.hasSelection() or not before or before.strip(" "):
            return False
        remove = len(before) % len(INDENT) or len(INDENT)
        cursor.movePosition(QTextCursor.Left, QTextCursor.KeepAnchor, remove)
        cursor.removeSelectedText()
        return True

    def toggle_comment(self) -> None:
        """Comment the selected lines (or the current one) out, or back in when every
        non-blank line among them is a comment."""
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        end = cursor.selectionEnd()
        last_block = doc.findBlock(end)
        if cursor.hasSelection() and last_block.position() == end and end > cursor.selectionStart():
            last_block = last_block.previous()      # a selection ending at a line's start
        blocks = [doc.findBlockByNumber(n) for n in range(first, last_block.blockNumber() + 1)]
        lines = [b.text() for b in blocks]
        filled = [t for t in lines if t.strip()]
        uncomment = bool(filled) and all(t.lstrip().startswith("#") for t in filled)
        column = min((len(t) - len(t.lstrip(" ")) for t in filled), default=0)
        edit = self.textCursor()
        edit.beginEditBlock()
        for block, text in zip(blocks, lines, strict=True):
            if not text.strip():
                continue
            if uncomment:
                at = text.index("#")
                width = 2 if text[at:at + 2] == "# " else 1
                edit.setPosition(block.position() + at)
                edit.setPosition(block.position() + at + width, QTextCursor.KeepAnchor)
                edit.removeSelectedText()
            else:
                edit.setPosition(block.position() + column)
                edit.insertText("# ")
        edit.endEditBlock()
