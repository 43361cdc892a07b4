"""A QTextBrowser that shows bank Markdown with typeset math and only local content."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QPainter, QTextCursor, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser

from studyapp import paths
from studyapp.core import links
from studyapp.core.render import page_css, render_markdown
from studyapp.ui.context import Context

KEPT_PAGES = 8
FIT_STEP = 16        # px: formulas narrowed to fit are sized in steps, not per pixel
LEAST_FIT = 0.8      # display math at 1.25 × the body: never smaller than body text (it scrolls)


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
        self._sizes: dict[str, QSize] = {}
        self._pages: dict[tuple, QTextDocument] = {}
        self._formulas: dict[QTextDocument, list[int]] = {}   # positions of formula images

    def font_px(self) -> float:
        """The body text's size in pixels: the style sheet's, also for a page rendered
        before the view was first shown (such as a drill's task)."""
        self.ensurePolished()
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
            doc.setUndoRedoEnabled(False)
            doc.setDefaultFont(self.font())
            doc.setDefaultStyleSheet(css)
            doc.setHtml(f"<body>{body_html}</body>")
            self._formulas[doc] = _formula_positions(doc)
        self._pages[key] = doc                 # most recent last
        if doc is not self.document():
            self.setDocument(doc)
        self.fit_formulas()
        self.verticalScrollBar().setValue(0)
        if len(self._pages) > KEPT_PAGES:
            self._forget_oldest_pages()

    def _forget_oldest_pages(self) -> None:
        """Delete the pages beyond the last ``KEPT_PAGES`` at once (not shown, nothing
        refers to them) and the formula images no kept page shows."""
        while len(self._pages) > KEPT_PAGES:
            old = self._pages.pop(next(iter(self._pages)))
            self._formulas.pop(old, None)
            shiboken6.delete(old)
        shown = {self._image_key(name) for doc in self._pages.values()
                 for name in self._formula_names(doc)}
        for key in self._images.keys() - shown:
            del self._images[key]

    def _formula_names(self, doc: QTextDocument) -> list[str]:
        """The image names (``math:KEY`` or ``math:KEY?width=W``) of a page's formulas."""
        cursor = QTextCursor(doc)
        names = []
        for position in self._formulas.get(doc, ()):
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.KeepAnchor)
            names.append(cursor.charFormat().toImageFormat().name())
        return names

    def _image_key(self, name: str) -> str:
        return self._cache_key(*_formula_and_width(QUrl(name)))

    def _cache_key(self, key: str, width: int | None) -> str:
        return f"{key}@{self.devicePixelRatioF()}/{width}"

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_formulas()

    def fit_formulas(self) -> None:
        """Show a formula wider than the page at the page's width (typeset anew at that
        size), so that answers rarely scroll sideways, but never below ``LEAST_FIT`` of its
        own size; the others at their own size."""
        if not self.isVisible():               # fitted when shown, at its real width
            return
        doc = self.document()
        layout = doc.documentLayout()
        room = self.viewport().width() - 2 * doc.documentMargin()
        cursor = QTextCursor(doc)
        for position in self._formulas.get(doc, ()):
            block = doc.findBlock(position)
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.KeepAnchor)
            image = cursor.charFormat().toImageFormat()
            key = QUrl(image.name()).path()
            natural = self._natural_size(key)
            fits = room - layout.blockBoundingRect(block).x() - 4
            if natural.width() <= fits:
                name, width, height = f"math:{key}", natural.width(), natural.height()
            else:
                width = max(FIT_STEP * 8, int(fits) // FIT_STEP * FIT_STEP,
                            int(natural.width() * LEAST_FIT))
                name, height = f"math:{key}?width={width}", natural.height() * width / natural.width()
            if image.name() != name:
                image.setName(name)
                image.setWidth(width)
                image.setHeight(height)
                cursor.setCharFormat(image)

    def loadResource(self, kind: int, url: QUrl):
        """Serve formula images and image files inside the bank or the user's data folder
        (a relative path is one in the user's bank folder);
        refuse everything else (other files, the network). A refused resource is an empty
        image: returning nothing would let the document open the file itself."""
        if url.scheme() == "math" and kind == QTextDocument.ImageResource:
            return self._math_image(*_formula_and_width(url))
        if kind == QTextDocument.ImageResource and url.scheme() in ("", "file"):
            path = Path(url.toLocalFile() or url.path())
            if not path.is_absolute():      # pictures of the user's questions: bank/_media/…
                path = Path(self.ctx.data_dir) / "bank" / path
            if self._allowed(path):
                image = QImage(str(path))
                if not image.isNull():
                    return image
        if kind == QTextDocument.ImageResource:
            blocked = QImage(1, 1, QImage.Format_ARGB32_Premultiplied)
            blocked.fill(Qt.transparent)
            return blocked
        return ""

    def _allowed(self, path: Path) -> bool:
        """Whether an image file lies inside the bank or the user's data folder."""
        resolved = path.resolve()
        roots = (paths.bank_dir().resolve(), Path(self.ctx.data_dir).resolve())
        return any(resolved.is_relative_to(root) for root in roots)

    def _natural_size(self, key: str) -> QSize:
        if key not in self._sizes:
            size = QSvgRenderer(QByteArray(self.ctx.math.svg(key))).defaultSize()
            self._sizes[key] = QSize(max(1, size.width()), max(1, size.height()))
        return self._sizes[key]

    def _math_image(self, key: str, width: int | None = None) -> QImage | None:
        """A formula drawn at its own size, or scaled to ``width`` pixels."""
        if key not in self.ctx.math.formulas:
            return None
        ratio = self.devicePixelRatioF()
        cache_key = self._cache_key(key, width)
        if cache_key not in self._images:
            logical = self._natural_size(key)
            if width is not None and width < logical.width():
                logical = QSize(width, max(1, round(logical.height() * width / logical.width())))
            image = QImage(logical * ratio, QImage.Format_ARGB32_Premultiplied)
            image.fill(Qt.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.Antialiasing)
            QSvgRenderer(QByteArray(self.ctx.math.svg(key))).render(
                painter, QRectF(0, 0, logical.width() * ratio, logical.height() * ratio))
            painter.end()
            image.setDevicePixelRatio(ratio)
            self._images[cache_key] = image
        return self._images[cache_key]

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "q":
            self.question_link.emit(url.path())
        elif url.scheme() == "explore":
            self.explore_link.emit(url.toString().removeprefix("explore:"))
        elif url.scheme() == links.SCHEME:          # written in a note
            try:
                target = links.parse(url.toString())
            except ValueError:
                return
            signal = self.question_link if target.kind == "question" else self.explore_link
            signal.emit(target.value)


def _formula_and_width(url: QUrl) -> tuple[str, int | None]:
    """A formula image's key and the width it is fitted to (None: its own size)."""
    width = url.query().removeprefix("width=")
    return url.path(), int(width) if width.isdigit() else None


def _formula_positions(doc: QTextDocument) -> list[int]:
    """Where the document shows formula images (found once per page)."""
    positions = []
    block = doc.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            image = fragment.charFormat()
            if image.isImageFormat() and image.toImageFormat().name().startswith("math:"):
                positions += range(fragment.position(), fragment.position() + fragment.length())
            fragments += 1
        block = block.next()
    return positions
