"""A QTextBrowser that shows bank Markdown with typeset math and only local content."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser

from studyapp.core.render import page_css, render_markdown
from studyapp.ui.context import Context

KEPT_PAGES = 8


@lru_cache(maxsize=1024)
def _rendered(text: str, theme, math, font_px: float) -> str:
    """Answers are shown again and again: Markdown and highlighting run once per text,
    theme and size (the formulas stay registered in ``math``)."""
    return render_markdown(text, theme, math, font_px)


class AnswerView(QTextBrowser):
    """Renders HTML built from the bank; ``q:`` links emit ``question_link``."""

    question_link = Signal(str)
    explore_link = Signal(str)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self._images: dict[str, QImage] = {}
        self._pages: dict[tuple, QTextDocument] = {}

    def font_px(self) -> float:
        return max(13.0, self.font().pointSizeF() * 1.45)

    def markdown_html(self, text: str) -> str:
        return _rendered(text, self.ctx.theme, self.ctx.math, self.font_px())

    def set_page(self, body_html: str) -> None:
        """Show a page; the last few stay laid out, so going back to one costs nothing
        (highlighted code makes parsing and layout the slow part of a switch)."""
        css = page_css(self.ctx.theme, self.font_px())
        key = (body_html, css, self.font().key())
        doc = self._pages.pop(key, None)
        if doc is None:
            doc = QTextDocument(self)          # its images come from loadResource below
            doc.setDefaultFont(self.font())
            doc.setDefaultStyleSheet(css)
            doc.setHtml(f"<body>{body_html}</body>")
        self._pages[key] = doc                 # most recent last
        if doc is not self.document():
            self.setDocument(doc)
        self.verticalScrollBar().setValue(0)
        while len(self._pages) > KEPT_PAGES:
            old = self._pages.pop(next(iter(self._pages)))
            old.deleteLater()

    def loadResource(self, kind: int, url: QUrl):
        """Serve formula images; refuse everything else (no files, no network)."""
        if url.scheme() == "math" and kind == QTextDocument.ImageResource:
            return self._math_image(url.path())
        return None

    def _math_image(self, key: str) -> QImage | None:
        if key not in self.ctx.math.formulas:
            return None
        ratio = self.devicePixelRatioF()
        cache_key = f"{key}@{ratio}"
        if cache_key not in self._images:
            renderer = QSvgRenderer(QByteArray(self.ctx.math.svg(key)))
            size = renderer.defaultSize()
            logical = QSize(max(1, size.width()), max(1, size.height()))
            image = QImage(logical * ratio, QImage.Format_ARGB32_Premultiplied)
            image.fill(Qt.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.Antialiasing)
            renderer.render(painter)
            painter.end()
            image.setDevicePixelRatio(ratio)
            self._images[cache_key] = image
        return self._images[cache_key]

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "q":
            self.question_link.emit(url.path())
        elif url.scheme() == "explore":
            self.explore_link.emit(url.toString().removeprefix("explore:"))
