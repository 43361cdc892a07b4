"""The coding-drill panel: prompt, editor, Run (Ctrl+Enter) with per-test results."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.bank import Question
from studyapp.core.drills import RunResult, readable_test_name, run
from studyapp.services.practice import Practice
from studyapp.ui import theme
from studyapp.ui.context import Context
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.code_editor import CodeEditor
from studyapp.ui.widgets.flow_layout import FlowLayout


class _RunSignals(QObject):
    done = Signal(object)


class _RunTask(QRunnable):
    """Runs the tests off the GUI thread; the child process does the real work."""

    def __init__(self, code: str, question: Question):
        super().__init__()
        self.code, self.question = code, question
        self.signals = _RunSignals()

    def run(self) -> None:
        self.signals.done.emit(run(self.code, self.question.drill))


def result_html(result: RunResult) -> str:
    """The run as a page: a summary, each test as the sentence its name reads as with the
    failing case under it, and what the code printed, kept apart from the results."""
    pre = "<pre style='white-space:pre-wrap; margin:2px 0 6px 0'>{}</pre>"
    colors = theme.current()
    if result.error:
        rows = [f"<p style='color:{colors.danger}'><b>{html.escape(result.error)}</b></p>"]
    else:
        passed = sum(o.passed for o in result.outcomes)
        rows = [f"<p><b>{passed} of {len(result.outcomes)} tests pass.</b></p>"]
        for o in result.outcomes:
            mark = f"<span style='color:{colors.success}'>✔</span>" if o.passed else (
                f"<span style='color:{colors.danger}'>✘</span>")
            rows.append(f"<p style='margin:4px 0 0 0'>{mark} "
                        f"{html.escape(readable_test_name(o.name))}</p>")
            if o.message:
                rows.append(pre.format(html.escape(o.message)))
    if result.output:
        rows.append("<p><b>Your code printed</b></p>" + pre.format(html.escape(result.output)))
    return "".join(rows)


class DrillPanel(QWidget):
    """Practise one drill; the latest code is kept per drill."""

    ran = Signal(object)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.question: Question | None = None
        self.running = False
        self.opened_at = 0.0     # ctx.monotonic() when the drill was opened or started over
        self.prompt = AnswerView(ctx)
        self.editor = CodeEditor(ctx.theme.code_style)
        self.results = QTextBrowser()
        self.results.setOpenLinks(False)
        self.run_button = QPushButton("Run tests  (Ctrl+Enter)")
        self.run_button.clicked.connect(self.run_tests)
        self.solution_button = QPushButton("Show reference solution")
        self.solution_button.clicked.connect(self.show_solution)
        self.starter_button = QPushButton("Start over")
        self.starter_button.clicked.connect(self.start_over)
        self.status = QLabel()
        for keys in ("Ctrl+Return", "Ctrl+Enter"):   # scoped: Browse and Flashcards both
            QShortcut(QKeySequence(keys), self, self.run_tests,  # hold a panel
                      context=Qt.WidgetWithChildrenShortcut)
        self.editor.textChanged.connect(self._save)

        buttons = FlowLayout()          # wraps at large text sizes
        for button in (self.run_button, self.starter_button, self.solution_button):
            buttons.addWidget(button)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addLayout(buttons)
        below_layout.addWidget(self.status)
        below_layout.addWidget(self.results, 1)
        self.code_split = QSplitter(Qt.Vertical)    # the editor keeps its lines at any size
        self.code_split.addWidget(self.editor)
        self.code_split.addWidget(below)
        self.code_split.setStretchFactor(0, 3)
        self.code_split.setStretchFactor(1, 1)
        self.code_split.setChildrenCollapsible(False)
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(self.prompt)
        self.split.addWidget(self.code_split)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.prompt.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self._fit_to_text()

    def _fit_to_text(self) -> None:
        """At any text size the editor shows at least eight lines and the results four."""
        line = self.editor.fontMetrics().lineSpacing()
        self.editor.setMinimumHeight(8 * line + 2 * self.editor.frameWidth())
        self.results.setMinimumHeight(4 * self.results.fontMetrics().lineSpacing())

    def render_prompt(self) -> None:
        """The task, drawn (again, after a theme change) in the current colours."""
        q = self.question
        self.prompt.set_page(self.prompt.markdown_html(q.details or q.short))
        self.editor.set_style(self.ctx.theme.code_style)
        self._fit_to_text()

    def show_drill(self, q: Question) -> None:
        self.question = q
        self.opened_at = self.ctx.monotonic()
        self.render_prompt()
        attempt = Practice(self.ctx.db).drill_attempt(q.id)
        self.editor.blockSignals(True)
        self.editor.setPlainText(attempt["code"] if attempt else q.drill.starter)
        self.editor.blockSignals(False)
        self.solution_button.setEnabled(bool(attempt and attempt["runs"]))
        self.results.setHtml("<p>Write your code, then press Ctrl+Enter to run the hidden "
                             "tests. They run in a separate process with a 5 s limit.</p>")
        self.status.setText("passed before ✔" if attempt and attempt["passed"] else "")

    def _save(self) -> None:
        if self.question is not None:
            Practice(self.ctx.db).save_drill_code(self.question.id, self.editor.toPlainText())

    def run_tests(self) -> None:
        if self.question is None or self.running:
            return
        self.running = True
        self.run_button.setEnabled(False)
        self.status.setText("running…")
        task = _RunTask(self.editor.toPlainText(), self.question)
        task.signals.done.connect(self._finished)
        QThreadPool.globalInstance().start(task)

    def _finished(self, result: RunResult) -> None:
        self.running = False
        self.run_button.setEnabled(True)
        seconds = self.ctx.monotonic() - self.opened_at if result.passed else None
        Practice(self.ctx.db).save_drill_code(self.question.id, self.editor.toPlainText(),
                                              result.passed, seconds)
        self.solution_button.setEnabled(True)
        self.status.setText("all tests pass ✔" if result.passed else "not yet")
        self.results.setHtml(result_html(result))
        self.ran.emit(result)

    def show_solution(self) -> None:
        self.results.setHtml("<p><b>Reference solution</b></p>" + self.prompt.markdown_html(
            f"```python\n{self.question.drill.solution}```"))

    def start_over(self) -> None:
        self.opened_at = self.ctx.monotonic()
        self.editor.setPlainText(self.question.drill.starter)
