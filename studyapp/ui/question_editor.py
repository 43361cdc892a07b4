"""Add or edit one of the user's own questions, with a live preview of the answer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import user_questions
from studyapp.core.bank import KINDS, Question
from studyapp.ui.context import Context
from studyapp.ui.widgets.answer_view import AnswerView


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionEditor(QDialog):
    """Fields on the left, the rendered answer on the right; Save validates and writes
    the file atomically into the user's bank folder."""

    def __init__(self, ctx: Context, question: Question | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.question = question
        self.saved_id: str | None = None
        self.setWindowTitle("Edit my question" if question else "New question")
        self.resize(1100, 720)
        self.title = QLineEdit(placeholderText="The question as an interviewer would ask it")
        self.short = QPlainTextEdit(placeholderText="Short answer: 2–4 sentences")
        self.details = QPlainTextEdit(placeholderText="Details in Markdown: $math$, ```code```")
        self.key_points = QPlainTextEdit(placeholderText="One checkable fact per line")
        self.cards = QPlainTextEdit(placeholderText="Optional flashcards, one per line: "
                                                    "front :: back")
        self.tags = QLineEdit(placeholderText="e.g. attention, transformers")
        self.difficulty = QSpinBox(minimum=1, maximum=3)
        self.kind = QComboBox()
        self.kind.addItems(KINDS)
        for edit in (self.short, self.key_points, self.cards):
            edit.setFixedHeight(90)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Short answer", self.short)
        form.addRow("Details", self.details)
        form.addRow("Key points", self.key_points)
        form.addRow("Cards", self.cards)
        form.addRow("Tags", self.tags)
        row = QHBoxLayout()
        row.addWidget(QLabel("Difficulty"))
        row.addWidget(self.difficulty)
        row.addWidget(QLabel("Kind"))
        row.addWidget(self.kind)
        row.addStretch(1)
        form.addRow(row)
        self.error = QLabel(wordWrap=True, objectName="error")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(self.error)
        self.preview = AnswerView(ctx)
        body = QHBoxLayout()
        body.addWidget(left, 1)
        body.addWidget(self.preview, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.update_preview)
        for edit in (self.title, self.tags):
            edit.textChanged.connect(self._timer.start)
        for edit in (self.short, self.details, self.key_points):
            edit.textChanged.connect(self._timer.start)
        if question:
            self._fill(question)
        self.update_preview()

    def _fill(self, q: Question) -> None:
        self.title.setText(q.title)
        self.short.setPlainText(q.short)
        self.details.setPlainText(q.details)
        self.key_points.setPlainText("\n".join(q.key_points))
        self.cards.setPlainText("\n".join(f"{c.front} :: {c.back}" for c in q.cards))
        self.tags.setText(", ".join(q.tags))
        self.difficulty.setValue(q.difficulty)
        self.kind.setCurrentText(q.kind)

    def draft(self) -> user_questions.Draft:
        cards = []
        for line in _lines(self.cards.toPlainText()):
            front, sep, back = line.partition("::")
            if not sep or not front.strip() or not back.strip():
                raise ValueError(f"A card line needs 'front :: back': {line[:40]}")
            cards.append((front.strip(), back.strip()))
        tags = [t.strip().lower() for t in self.tags.text().replace(";", ",").split(",")
                if t.strip()]
        return user_questions.Draft(
            title=self.title.text(), short=self.short.toPlainText(),
            details=self.details.toPlainText(), difficulty=self.difficulty.value(),
            kind=self.kind.currentText(), tags=tags,
            key_points=_lines(self.key_points.toPlainText()), cards=cards)

    def update_preview(self) -> None:
        points = "".join(f"<li>{self.preview.markdown_html(p)}</li>"
                         for p in _lines(self.key_points.toPlainText()))
        self.preview.set_page(
            f"<h2>{self.preview.markdown_html(self.title.text() or 'Title')}</h2>"
            + self.preview.markdown_html(self.short.toPlainText())
            + (f"<p><b>Key points</b></p><ul>{points}</ul>" if points else "")
            + self.preview.markdown_html(self.details.toPlainText()))

    def save(self) -> None:
        root = self.ctx.data_dir / "bank"
        try:
            path, qid = user_questions.save(
                root, self.draft(), set(self.ctx.bank.questions),
                Path(self.question.path) if self.question else None)
        except (ValueError, OSError) as exc:
            self.error.setText(str(exc))
            return
        self.saved_id = qid
        self.saved_path = path
        self.accept()


def confirm_delete(parent, q: Question) -> bool:
    answer = QMessageBox.question(parent, "Delete question",
                                  f"Delete your question “{q.title}”? Its file is removed; "
                                  "your reviews of it stay in the database.")
    return answer == QMessageBox.Yes
