"""The predict-then-reveal bar of the Explore view: a question, an answer, a verdict."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.ui import theme
from studyapp.viz.challenges import Challenge


class ChallengeBar(QFrame):
    """Shows one challenge. Type a number and press Enter, or press an option's digit;
    then N for the next challenge and Esc to leave. (Enter does not advance: the line
    edit passes its Enter on to this bar, which would skip the verdict.)"""

    answered = Signal(str)
    next_requested = Signal()
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, objectName="challengeBar", frameShape=QFrame.StyledPanel)
        self.challenge: Challenge | None = None
        self.done = False
        self.prompt = QLabel(wordWrap=True, objectName="challengePrompt")
        self.entry = QLineEdit(placeholderText="Your answer, then Enter")
        self.entry.returnPressed.connect(self._submit_entry)
        self.check = QPushButton("Check")
        self.check.clicked.connect(self._submit_entry)
        self.options_box = QWidget()
        self.options_layout = QVBoxLayout(self.options_box)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        self.result = QLabel(wordWrap=True, textFormat=Qt.RichText)
        self.score = QLabel()
        self.next = QPushButton("Next challenge (N)")
        self.next.clicked.connect(self.next_requested)
        close = QPushButton("Close (Esc)")
        close.clicked.connect(self.closed)

        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.score, 1)
        buttons.addWidget(self.next)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Predict, then reveal</b>"))
        layout.addWidget(self.prompt)
        layout.addLayout(entry_row)
        layout.addWidget(self.options_box)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self.option_buttons: list[QPushButton] = []

    def show_challenge(self, challenge: Challenge, score: tuple[int, int]) -> None:
        self.challenge, self.done = challenge, False
        self.prompt.setText(challenge.prompt)
        self.result.clear()
        self.next.setEnabled(False)
        self._show_score(score)
        for button in self.option_buttons:
            button.deleteLater()
        self.option_buttons = []
        for number, option in enumerate(challenge.options, start=1):
            button = QPushButton(f"{number}   {option}")
            button.setStyleSheet("text-align: left; padding: 4px 8px;")
            button.clicked.connect(lambda _=False, o=option: self._submit(o))
            self.options_layout.addWidget(button)
            self.option_buttons.append(button)
        numeric = not challenge.options
        for widget in (self.entry, self.check):
            widget.setVisible(numeric)
            widget.setEnabled(True)
        self.entry.clear()
        self.show()
        (self.entry if numeric else self).setFocus()

    def show_result(self, correct: bool, score: tuple[int, int]) -> None:
        challenge = self.challenge
        self.done = True
        colors = theme.current()
        verdict = (f"<b style='color:{colors.success}'>Right.</b>" if correct else
                   f"<b style='color:{colors.danger}'>Not quite — the answer is "
                   f"{html.escape(challenge.answer)}.</b>")
        self.result.setText(f"{verdict} {html.escape(challenge.explanation)}")
        for button in self.option_buttons:
            button.setEnabled(False)
        self.entry.setEnabled(False)
        self.check.setEnabled(False)
        self.next.setEnabled(True)
        self._show_score(score)
        self.setFocus()

    def show_error(self, message: str) -> None:
        self.result.setText(
            f"<span style='color:{theme.current().danger}'>{html.escape(message)}</span>")

    def _show_score(self, score: tuple[int, int]) -> None:
        right, total = score
        self.score.setText(f"This explorer: {right} of {total} right" if total else
                           "This explorer: no challenges answered yet")

    def _submit_entry(self) -> None:
        if not self.done:
            self._submit(self.entry.text())

    def _submit(self, text: str) -> None:
        if not self.done:
            self.answered.emit(text)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key_Escape:
            self.closed.emit()
        elif self.done and key == Qt.Key_N:
            self.next_requested.emit()
        elif not self.done and Qt.Key_1 <= key <= Qt.Key_9:
            index = key - Qt.Key_1
            if index < len(self.option_buttons):
                self.option_buttons[index].click()
        else:
            super().keyPressEvent(event)
