"""A "Copy link" button that says it copied, and what."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

LABEL = "Copy link"
COPIED = "Copied ✓"          # no wider than LABEL: the row does not jump
FEEDBACK_MS = 2500


class CopyLinkButton(QPushButton):
    """Puts ``link()`` on the clipboard; the button reads "Copied ✓" for a moment and
    its tooltip names the link and where it can be opened."""

    def __init__(self, link: Callable[[], str], what: str, parent=None):
        super().__init__(LABEL, parent)
        self._link = link
        self._what = what
        self.setToolTip(f"Copy a link to {what}")
        self._back = QTimer(self, singleShot=True, interval=FEEDBACK_MS)
        self._back.timeout.connect(self._reset)
        self.clicked.connect(self.copy)

    def copy(self) -> str:
        link = self._link()
        QGuiApplication.clipboard().setText(link)
        self.setText(COPIED)
        self.setToolTip(f"Copied {link}: paste it into a note, or open it with "
                        "Question ▸ Go to link… (Ctrl+L)")
        self._back.start()
        return link

    def _reset(self) -> None:
        self.setText(LABEL)
        self.setToolTip(f"Copy a link to {self._what}")
