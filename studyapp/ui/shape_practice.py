"""Shape and count practice: endless generated exercises with exact answers."""

from __future__ import annotations

import html
import random

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import shape_drills
from studyapp.services.practice import Practice
from studyapp.ui.context import Context
from studyapp.ui.widgets.answer_view import AnswerView

ALL = ""


class ShapePractice(QWidget):
    """Type the number, press Enter; the formula and working appear after answering."""

    def __init__(self, ctx: Context, rng: random.Random | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rng = rng or random.Random()
        self.exercise: shape_drills.Exercise | None = None
        self.answered = False
        self.kind = QComboBox(minimumContentsLength=16,
                              sizeAdjustPolicy=QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.kind.addItem("Mixed: every kind", ALL)
        for key, (title, _) in shape_drills.GENERATORS.items():
            self.kind.addItem(title, key)
        self.kind.currentIndexChanged.connect(lambda _: self.next_exercise())
        self.prompt = QLabel(wordWrap=True, objectName="questionTitle")
        self.answer = QLineEdit(placeholderText="Your answer (a whole number), then Enter")
        self.answer.returnPressed.connect(self.submit)
        self.feedback = AnswerView(ctx)
        self.score = QLabel()
        next_button = QPushButton("Next exercise")
        next_button.clicked.connect(self.next_exercise)
        top = QHBoxLayout()
        top.addWidget(QLabel("Practise:"))
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(self.score)
        row = QHBoxLayout()
        row.addWidget(self.answer, 1)
        row.addWidget(next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.prompt)
        layout.addLayout(row)
        layout.addWidget(self.feedback, 1)
        self.next_exercise()

    def next_exercise(self) -> None:
        kind = self.kind.currentData() or self.rng.choice(list(shape_drills.GENERATORS))
        self.exercise = shape_drills.generate(kind, self.rng)
        self.answered = False
        self.prompt.setText(self.exercise.prompt)
        self.answer.clear()
        self.answer.setFocus()
        self.feedback.set_page("<p class='muted'>Work it out, type the number and press Enter. "
                               "Thousands separators are fine.</p>")
        self._show_score()

    def submit(self) -> None:
        if self.answered:
            self.next_exercise()
            return
        verdict = shape_drills.check(self.exercise, self.answer.text())
        if verdict is None:
            self.feedback.set_page("<p>Please type a whole number, e.g. <code>112</code> or "
                                   "<code>1,050,624</code>.</p>")
            return
        self.answered = True
        Practice(self.ctx.db).record_shape(self.exercise.kind, verdict)
        head = ("<h3 class='success'>Correct</h3>" if verdict else
                f"<h3 class='danger'>Not quite — the answer is "
                f"{self.exercise.answer:,}</h3>")
        body = self.feedback.markdown_html(f"$$\n{self.exercise.formula}\n$$")
        self.feedback.set_page(f"{head}{body}<p>{html.escape(self.exercise.working)} = "
                               f"<b>{self.exercise.answer:,}</b></p>"
                               "<p class='muted'>Press Enter for the next one.</p>")
        self._show_score()

    def _show_score(self) -> None:
        scores = Practice(self.ctx.db).shape_scores()
        right = sum(r for r, _ in scores.values())
        total = sum(t for _, t in scores.values())
        self.score.setText(f"{right}/{total} correct so far" if total else "")
        self.score.setAlignment(Qt.AlignRight)
