"""Question ▸ Go to link…: a box for a ``deepprep://`` link or a question id."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from studyapp.core import links


class GoToLinkDialog(QDialog):
    """Opens what the typed or pasted text points at through ``open_link``, which
    returns why it cannot (then the reason shows under the box and the text stays)."""

    def __init__(self, open_link: Callable[[str], str | None], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Go to link")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self._open_link = open_link
        self.box = QLineEdit(placeholderText=links.EXAMPLE, clearButtonEnabled=True)
        self.setMinimumWidth(72 * self.fontMetrics().averageCharWidth())
        pasted = QGuiApplication.clipboard().text().strip()
        if pasted.lower().startswith(f"{links.SCHEME}://"):
            self.box.setText(pasted)
            self.box.selectAll()
        self.error = QLabel(wordWrap=True, objectName="error")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Open | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A link copied with “Copy link” (deepprep://q/… or "
                                "deepprep://explore/…), or a question id:", wordWrap=True))
        layout.addWidget(self.box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        problem = self._open_link(self.box.text())
        if problem is None:
            super().accept()
            return
        self.error.setText(problem)
        self.error.show()
        self.adjustSize()                      # room for the reason's lines
        self.box.setFocus()
