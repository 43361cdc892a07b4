"""Interview mode: set up a session, answer against the clock, review, read the report."""

from __future__ import annotations

import html
from pathlib import Path

import markdown
from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import interview, palette, rounds
from studyapp.core.bank import DIFFICULTY_NAMES, KINDS
from studyapp.core.interview import Plan, Selection, Session
from studyapp.core.interview_report import GRADES, clock_text, report_markdown
from studyapp.core.render import (
    explorer_links_html,
    follow_ups_html,
    key_point_html,
    key_points_html,
    plain_text,
)
from studyapp.core.scope import Scope
from studyapp.core.wording import plural
from studyapp.services.interviews import Interviews
from studyapp.ui import theme
from studyapp.ui.context import Context
from studyapp.ui.mode import Mode
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.empty_hint import EmptyHint
from studyapp.ui.widgets.flow_layout import FlowLayout
from studyapp.ui.widgets.grade_buttons import style_grade_buttons
from studyapp.ui.widgets.toggle_label import labelled_check
from studyapp.ui.widgets.vertical_scroll import VerticalScroll
from studyapp.ui.widgets.wrapping_tree import WrappingTree
from studyapp.viz import registry

PACES = (("Lightning: 60 s", 60), ("Standard: 3 min", 180), ("Deep dive: 6 min", 360))
BUILT_IN_PRESETS = {
    "Fundamentals screen": {"count": 6, "seconds": 180, "difficulties": [1, 2],
                            "follow_ups": False, "total_minutes": 0, "tags": []},
    "Transformer deep dive": {"count": 5, "seconds": 360, "difficulties": [2, 3],
                              "follow_ups": True, "total_minutes": 0,
                              "tags": ["transformers", "attention", "positional-encoding"]},
    "Full loop 45 min": {"count": 12, "seconds": 180, "difficulties": [1, 2, 3],
                         "follow_ups": True, "total_minutes": 45, "tags": []},
    "System design round": {"count": 1, "seconds": 45 * 60, "difficulties": [1, 2, 3],
                            "follow_ups": False, "total_minutes": 0, "tags": [],
                            "kinds": ["design"], "mode": rounds.DESIGN},
    "Behavioral round": {"count": 4, "seconds": 4 * 60, "difficulties": [1, 2, 3],
                         "follow_ups": False, "total_minutes": 0, "tags": [],
                         "kinds": ["behavioral"], "mode": rounds.BEHAVIORAL},
}
CLOCK_ROLES = {"ok": "success", "warning": "warning", "overrun": "danger"}
REPORT_CSS = ("body{font-family:sans-serif;max-width:60em;margin:2em auto}"
              "table{border-collapse:collapse}"
              f"td,th{{border:1px solid {palette.LIGHT.border};padding:4px 8px}}")


def clock_color(state: str) -> str:
    """The clock's colour for "ok", "warning" or "overrun" in the current theme."""
    return getattr(theme.current(), CLOCK_ROLES[state])


RUBRIC_NOTE = ("<b>Rubric</b> — score each signal 1–4 (Tab moves between signals, arrow keys "
               "choose a score; hover a score for what it means), then grade overall.")
SAVE_EVERY = 1.0    # seconds between saves of the running clock
SIDE_BY_SIDE_CHARS = 150   # review page width (in average characters) for two columns


class SetupPage(QWidget):
    """Choose topics, count, difficulty, kinds, pace and options; see past sessions."""

    start = Signal(object, object)        # Selection, Plan
    open_report = Signal(int)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.topics = WrappingTree(padding=2)  # names wrap instead of being cut off
        self._fill_topics()
        self.preset = QComboBox()
        self.preset.activated.connect(lambda _: self.apply_preset(self.preset.currentText()))
        save_preset = QPushButton("Save as preset…")
        save_preset.clicked.connect(self._save_preset)
        self.count = QSpinBox(minimum=1, maximum=50, value=5, suffix=" questions")
        self.count.valueChanged.connect(        # "1 question", never "1 questions"
            lambda n: self.count.setSuffix(" question" if n == 1 else " questions"))
        self.difficulty = {d: QCheckBox(name, checked=True)
                           for d, name in DIFFICULTY_NAMES.items()}
        self.kinds = {k: QCheckBox(k, checked=k != "coding") for k in KINDS}
        self.pace = QComboBox()
        for label, seconds in PACES:
            self.pace.addItem(label, seconds)
        self.pace.setCurrentIndex(1)
        self.total = QSpinBox(minimum=0, maximum=240, value=0, suffix=" min",
                              specialValueText="no total limit")
        self.typed = QRadioButton("Typed answers", checked=True)
        self.spoken = QRadioButton("Spoken aloud (clock only)")
        style = QButtonGroup(self)
        style.addButton(self.typed)
        style.addButton(self.spoken)
        self.follow_ups = QCheckBox()
        self.review_each = QCheckBox(checked=True)
        self.focus_weak = QCheckBox()
        self.tags: list[str] = []
        self.mode = rounds.STANDARD
        self.begin_button = QPushButton("Start interview  ▶", default=True)
        self.begin_button.clicked.connect(self._start)
        self.history = QListWidget()
        self.no_history = EmptyHint(self.history, "No past interviews yet. Choose the "
                                    "questions and press “Start interview ▶”; each finished "
                                    "session is kept here with its report.")
        self.history.itemActivated.connect(self._open_history)
        self.history.itemDoubleClicked.connect(self._open_history)

        form = QFormLayout()
        presets = QHBoxLayout()
        presets.addWidget(self.preset, 1)
        presets.addWidget(save_preset)
        form.addRow("Preset", presets)
        form.addRow("Questions", self.count)
        form.addRow("Difficulty", self._row(self.difficulty.values()))
        form.addRow("Kinds", self._row(self.kinds.values()))
        form.addRow("Time per question", self.pace)
        form.addRow("Total limit", self.total)
        answers = QVBoxLayout()         # one above the other: side by side is too wide at
        answers.addWidget(self.typed)   # large text sizes
        answers.addWidget(self.spoken)
        form.addRow("Answers", answers)
        for box, text in ((self.follow_ups, "Ask a follow-up after each answer"),
                          (self.review_each, "Review after each answer (off: all at the end)"),
                          (self.focus_weak, "Focus on my weak topics")):
            form.addRow(labelled_check(box, text))     # spanning: its text can wrap
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>Topics</b> (none ticked: the whole bank)", wordWrap=True))
        left.addWidget(self.topics, 1)
        choices = QWidget()             # scrolls when the text is too large for the window
        choices.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        right = QVBoxLayout()
        right.addWidget(VerticalScroll(choices))
        right.addWidget(self.begin_button, 0, Qt.AlignRight)
        right.addWidget(QLabel("<b>Past sessions</b> (double-click for the report)",
                               wordWrap=True))
        right.addWidget(self.history, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Mock interview</h2><p>Answer against the clock, check your "
                                "answer against the key points, grade yourself, get a report.</p>",
                                wordWrap=True))
        layout.addLayout(columns, 1)

    @staticmethod
    def _row(widgets) -> QWidget:
        """Check boxes three to a row (five side by side are too wide at large text)."""
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, w in enumerate(widgets):
            grid.addWidget(w, i // 3, i % 3)
        grid.setColumnStretch(3, 1)
        return box

    def _fill_topics(self) -> None:
        def add(parent, topic) -> None:
            item = QTreeWidgetItem([topic.title])
            item.setToolTip(0, topic.title)          # the whole name where it is elided
            item.setData(0, Qt.UserRole, topic.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(0, Qt.Unchecked)
            parent.addChild(item) if isinstance(parent, QTreeWidgetItem) else \
                self.topics.addTopLevelItem(item)
            for child in topic.children:
                add(item, child)

        for topic in self.ctx.bank.roots():
            add(self.topics, topic)

    def refresh(self) -> None:
        self.preset.clear()
        self.preset.addItem("Custom")
        for name in (*BUILT_IN_PRESETS, *self._user_presets()):
            self.preset.addItem(name)
        self.history.clear()
        for h in self.interviews().history():
            answers = h["state"]["answers"]
            spent = clock_text(h["state"]["total_elapsed"])
            when = h["started_at"][:16].replace("T", " ")
            item = QListWidgetItem(f"{when}  ·  {h['preset'] or 'Custom'}  ·  score "
                                   f"{h['score']:.0f}  ·  {plural(len(answers), 'question')}  ·  {spent}")
            item.setData(Qt.UserRole, h["id"])
            self.history.addItem(item)

    def interviews(self) -> Interviews:
        return Interviews(self.ctx.db, self.ctx.bank, self.ctx.now)

    def _user_presets(self) -> dict:
        return self.interviews().presets()

    def settings(self) -> dict:
        return {"count": self.count.value(), "seconds": self.pace.currentData(),
                "difficulties": [d for d, box in self.difficulty.items() if box.isChecked()],
                "follow_ups": self.follow_ups.isChecked(), "total_minutes": self.total.value(),
                "tags": list(self.tags), "mode": self.mode,
                "kinds": [k for k, box in self.kinds.items() if box.isChecked()]}

    def apply_preset(self, name: str) -> None:
        preset = {**BUILT_IN_PRESETS, **self._user_presets()}.get(name)
        if preset is None:
            self.mode = rounds.STANDARD
            return
        self.preset.setCurrentText(name)
        self.count.setValue(preset["count"])
        if self.pace.findData(preset["seconds"]) < 0:
            self.pace.addItem(f"Custom: {clock_text(preset['seconds'])}", preset["seconds"])
        self.pace.setCurrentIndex(self.pace.findData(preset["seconds"]))
        for d, box in self.difficulty.items():
            box.setChecked(d in preset["difficulties"])
        self.follow_ups.setChecked(preset["follow_ups"])
        self.total.setValue(preset["total_minutes"])
        self.tags = list(preset["tags"])
        self.mode = preset.get("mode", rounds.STANDARD)
        kinds = preset.get("kinds")
        for kind, box in self.kinds.items():
            box.setChecked(kind in kinds if kinds else kind != "coding")

    def _save_preset(self) -> None:
        name, ok = QInputDialog.getText(self, "Save preset", "Name of this preset:")
        if ok and name.strip():
            self.interviews().save_preset(name.strip(), self.settings())
            self.refresh()
            self.preset.setCurrentText(name.strip())

    def checked_topics(self) -> list[str]:
        found = []

        def walk(item) -> None:
            if item.checkState(0) == Qt.Checked:
                found.append(item.data(0, Qt.UserRole))
                return
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.topics.topLevelItemCount()):
            walk(self.topics.topLevelItem(i))
        return found

    def _start(self) -> None:
        s = self.settings()
        scope = Scope(topics=tuple(self.checked_topics()), tags=tuple(s["tags"]),
                      difficulties=tuple(s["difficulties"]),
                      kinds=tuple(k for k, box in self.kinds.items() if box.isChecked()))
        selection = Selection(scope, count=s["count"], focus_weak=self.focus_weak.isChecked())
        preset = self.preset.currentText()
        plan = Plan([], seconds_per_question=s["seconds"],
                    total_seconds=s["total_minutes"] * 60 or None, typed=self.typed.isChecked(),
                    follow_ups=s["follow_ups"], review_each=self.review_each.isChecked(),
                    preset="" if preset == "Custom" else preset, mode=self.mode)
        self.start.emit(selection, plan)

    def _open_history(self, item) -> None:
        self.open_report.emit(item.data(Qt.UserRole))


class AskPage(QWidget):
    """The question, a large countdown, the answer box, hints, pause and skip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.progress = QLabel(objectName="muted")
        self.total = QLabel()
        self.clock = QLabel(alignment=Qt.AlignCenter)
        self.question = QLabel(wordWrap=True, objectName="questionTitle",
                               textInteractionFlags=Qt.TextSelectableByMouse,
                               textFormat=Qt.PlainText)     # quotes show as quotes
        self.paused_note = QLabel("<b>Paused.</b> Press Esc or Resume to continue.",
                                  objectName="badge", wordWrap=True)
        self.answer = QPlainTextEdit(placeholderText="Type your answer. Ctrl+Enter submits, "
                                     "Esc pauses.")
        self.spoken_note = QLabel("Answer aloud. Press Ctrl+Enter when you are done.",
                                  alignment=Qt.AlignCenter, wordWrap=True)
        self.hints = QLabel(wordWrap=True, objectName="badge")
        self.hint_cost = QLabel(wordWrap=True, objectName="muted")
        self.hint_button = QPushButton("Hint (Ctrl+H)")
        self.pause_button = QPushButton("Pause (Esc)")
        self.skip_button = QPushButton("Skip")
        self.submit_button = QPushButton("Submit  (Ctrl+Enter)", default=True)
        self.presenter_button = QPushButton("Presenter window…",
                                            toolTip="A second window for a friend playing the "
                                                    "interviewer: question, key points, follow-ups")
        self.end_button = QPushButton("End session")
        self.phase_label = QLabel(wordWrap=True)
        self.phase_checks: list[QCheckBox] = []
        self.phase_list = QVBoxLayout()
        self.scratchpad = QPlainTextEdit(placeholderText="Scratchpad: numbers, estimates and "
                                         "a plain-text sketch (F6 switches here).")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("<b>Phases</b> (Alt+N ticks the current one)",
                                     wordWrap=True))
        side_layout.addWidget(self.phase_label)
        side_layout.addLayout(self.phase_list)
        side_layout.addWidget(self.scratchpad, 1)
        self.side = side
        self.work = QSplitter(Qt.Horizontal)
        self.work.addWidget(self.answer)
        self.work.addWidget(side)
        self.work.setStretchFactor(0, 3)
        self.work.setStretchFactor(1, 2)
        self.work.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addWidget(self.progress)
        top.addStretch(1)
        top.addWidget(self.total)
        buttons = FlowLayout()          # wraps at large text sizes
        for b in (self.hint_button, self.pause_button, self.skip_button, self.submit_button,
                  self.presenter_button, self.end_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.clock)
        layout.addWidget(self.question)
        layout.addWidget(self.paused_note)
        layout.addWidget(self.work, 1)
        layout.addWidget(self.spoken_note, 1)
        layout.addWidget(self.hints)
        layout.addWidget(self.hint_cost)
        layout.addLayout(buttons)


    def show_phases(self, steps: tuple[rounds.Phase, ...], done: list[bool]) -> None:
        """The round's phase checklist (hidden, with the scratchpad, in other rounds)."""
        for box in self.phase_checks:
            box.deleteLater()
        self.phase_checks = []
        for i, step in enumerate(steps):
            box = QCheckBox(f"{step.name} ({step.minutes} min)",
                            checked=i < len(done) and done[i])
            self.phase_checks.append(box)
            self.phase_list.addWidget(box)
        self.side.setVisible(bool(steps))

    def switch_pane(self) -> None:
        """F6: from the answer to the scratchpad and back."""
        target = self.answer if self.scratchpad.hasFocus() else self.scratchpad
        if self.side.isVisible():
            target.setFocus()


class RubricBox(QWidget):
    """Score each signal of a round 1–4; the chosen score's anchor shows beside it.
    Each signal is a row of radio buttons: Tab moves between rows, arrows between scores."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.groups: dict[str, QButtonGroup] = {}
        self.anchors: dict[str, QLabel] = {}
        self.signals: tuple[rounds.Signal, ...] = ()

    def show_rubric(self, signals: tuple[rounds.Signal, ...], scores: dict[str, int]) -> None:
        while self.grid.count():
            self.grid.takeAt(0).widget().deleteLater()
        self.groups, self.anchors, self.signals = {}, {}, signals
        for row, signal in enumerate(signals):
            buttons = QWidget()
            line = QHBoxLayout(buttons)
            line.setContentsMargins(0, 0, 0, 0)
            group = QButtonGroup(buttons)
            for score, anchor in enumerate(signal.anchors, start=1):
                radio = QRadioButton(str(score), toolTip=f"{score}: {anchor}")
                group.addButton(radio, score)
                line.addWidget(radio)
                radio.setChecked(scores.get(signal.key) == score)
            anchor = QLabel(wordWrap=True, objectName="muted")
            group.idToggled.connect(lambda _id, on, k=signal.key: on and self._show_anchor(k))
            self.groups[signal.key], self.anchors[signal.key] = group, anchor
            self.grid.addWidget(QLabel(f"<b>{signal.name}</b>"), row, 0)
            self.grid.addWidget(buttons, row, 1)
            self.grid.addWidget(anchor, row, 2)
            self._show_anchor(signal.key)
        self.grid.setColumnStretch(2, 1)
        self.setVisible(bool(signals))

    def _show_anchor(self, key: str) -> None:
        signal = next(s for s in self.signals if s.key == key)
        score = self.groups[key].checkedId()
        self.anchors[key].setText(signal.anchors[score - 1] if score > 0 else "not scored yet")
        self.changed.emit()

    def scores(self) -> dict[str, int]:
        return {k: g.checkedId() for k, g in self.groups.items() if g.checkedId() > 0}

    def complete(self) -> bool:
        return len(self.scores()) == len(self.groups)


class ReviewPage(QWidget):
    """Your answer and the model answer beside the key points (suggested ticks) and the
    rubric; grade 1–4. Side by side where the page is wide enough for both, else the key
    points under the answers at the height they need."""

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.title = QLabel(wordWrap=True, objectName="questionTitle", textFormat=Qt.PlainText)
        self.model = AnswerView(ctx)
        self.points_box = QVBoxLayout()
        self.points: list[QCheckBox] = []
        self.point_rows: list[QWidget] = []
        self.grade_buttons = {}
        grades = QHBoxLayout()
        grades.setSpacing(12)
        grades.addWidget(QLabel("Overall:"))
        for grade, name in GRADES.items():
            button = QPushButton(f"{name} ({grade})")
            button.setMinimumSize(110, 40)
            self.grade_buttons[grade] = button
            grades.addWidget(button)
        grades.addStretch(1)
        style_grade_buttons(self.grade_buttons, theme.current())
        self.rubric = RubricBox()
        self.rubric_note = QLabel(wordWrap=True)
        self.checks = QWidget()     # key points and rubric scroll when the text is large
        checks_layout = QVBoxLayout(self.checks)
        checks_layout.setContentsMargins(8, 0, 0, 0)
        checks_layout.addWidget(QLabel("<b>Key points</b>", objectName="sectionTitle"))
        checks_layout.addWidget(QLabel("Ticks are suggestions from your typed answer, not a "
                                       "verdict: correct them, then grade yourself (keys 1–4).",
                                       wordWrap=True, objectName="muted"))
        checks_layout.addLayout(self.points_box)
        checks_layout.addSpacing(8)
        checks_layout.addWidget(self.rubric_note)
        checks_layout.addWidget(self.rubric)
        checks_layout.addStretch(1)
        self.points_pane = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
        self.points_pane.setWidget(self.checks)
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(self.model)
        self.split.addWidget(self.points_pane)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.split, 1)
        layout.addLayout(grades)

    def show_points(self, points: list[str], ticked: list[bool]) -> None:
        for row in self.point_rows:
            row.deleteLater()
        self.points, self.point_rows = [], []
        for point, tick in zip(points, ticked, strict=True):
            box = QCheckBox(checked=tick)
            row = labelled_check(box, key_point_html(point), rich=True)     # long points wrap
            self.points.append(box)
            self.point_rows.append(row)
            self.points_box.addWidget(row)
        self.arrange()

    def covered(self) -> list[bool]:
        return [box.isChecked() for box in self.points]

    def side_by_side(self) -> bool:
        """Wide enough for an answer column and a key-point column of readable width."""
        return self.width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_CHARS

    def arrange(self) -> None:
        """Answers left and key points right (3 : 2); or stacked, the key points at the
        height they need (at most half), the answers taking the rest — no empty band."""
        if self.side_by_side():
            self.split.setOrientation(Qt.Horizontal)
            width = self.split.width()
            self.split.setSizes([width * 3 // 5, width - width * 3 // 5])
            return
        self.split.setOrientation(Qt.Vertical)
        height = self.split.height()
        width = self.split.width() - self.points_pane.verticalScrollBar().sizeHint().width()
        needed = (self.checks.heightForWidth(width) if self.checks.hasHeightForWidth()
                  else self.checks.sizeHint().height())
        points = min(needed + 8, height // 2)     # a little room: no scroll bar for a pixel
        self.split.setSizes([height - points, points])

    def resizeEvent(self, event) -> None:
        """Sizes a person set by dragging stay until the page changes its arrangement."""
        super().resizeEvent(event)
        wanted = Qt.Horizontal if self.side_by_side() else Qt.Vertical
        if wanted != self.split.orientation() or not any(self.split.sizes()):
            self.arrange()


class PresenterWindow(QWidget):
    """For the person asking: question, key points and follow-ups of the current question."""

    def __init__(self, ctx: Context):
        super().__init__(None, Qt.Window)
        self.setWindowTitle("DeepPrep — interviewer's view")
        self.view = AnswerView(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.resize(640, 520)

    def show_question(self, session: Session) -> None:
        q = session.question
        if q is None or session.phase == interview.DONE:
            self.view.set_page("<p>The session is over.</p>")
            return
        parts = [f"<p class='muted'>Question {session.index + 1}/{len(session.answers)}</p>",
                 self.view.markdown_html(f"## {q.title}"), self.view.markdown_html(q.short),
                 key_points_html(q.key_points, "Listen for"),
                 follow_ups_html(q.follow_ups, "Follow-ups")]
        self.view.set_page("\n".join(parts))


class InterviewView(QStackedWidget, Mode):
    """Setup → ask → review → … → report; resumes an interrupted session."""

    open_question = Signal(str)
    open_explorer = Signal(str)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session: Session | None = None
        self.session_id: int | None = None
        self.last_saved = 0.0
        self.presenter: PresenterWindow | None = None
        self.setup = SetupPage(ctx)
        self.ask = AskPage()
        self.review = ReviewPage(ctx)
        self.report = AnswerView(ctx)
        self.open_question.connect(ctx.events.open_question)
        self.open_explorer.connect(ctx.events.open_explorer)
        self.report.question_link.connect(self.open_question)
        self.review.model.explore_link.connect(self.open_explorer)
        self.report_buttons = FlowLayout()
        self.send_button = QPushButton("Send missed questions to flashcards")
        self.send_button.clicked.connect(self.send_missed)
        export = QPushButton("Export report…")
        self.export_note = QLabel(objectName="muted", wordWrap=True, openExternalLinks=True,
                                  textInteractionFlags=Qt.TextBrowserInteraction)
        self.export_note.hide()
        export.clicked.connect(self.export)
        back = QPushButton("New session")
        back.clicked.connect(self.show_setup)
        report_page = QWidget()
        report_layout = QVBoxLayout(report_page)
        report_layout.addWidget(self.report, 1)
        for b in (self.send_button, export, back):
            self.report_buttons.addWidget(b)
        report_layout.addLayout(self.report_buttons)
        report_layout.addWidget(self.export_note)
        for page in (self.setup, self.ask, self.review, report_page):
            self.addWidget(page)
        self.report_page = report_page
        self.report_session: Session | None = None

        self.timer = QTimer(self, interval=200)
        self.timer.timeout.connect(self.tick)
        self.setup.start.connect(self.begin)
        self.setup.open_report.connect(self.show_past_report)
        a = self.ask
        a.submit_button.clicked.connect(self.submit)
        a.skip_button.clicked.connect(self.skip)
        a.hint_button.clicked.connect(self.hint)
        a.pause_button.clicked.connect(self.toggle_pause)
        a.end_button.clicked.connect(self.end_early)
        a.presenter_button.clicked.connect(self.open_presenter)
        self.review.rubric.changed.connect(lambda: self.review.rubric_note.setText(RUBRIC_NOTE))
        for grade, button in self.review.grade_buttons.items():
            button.clicked.connect(lambda _=False, g=grade: self.grade(g))
        for keys, slot in (("Ctrl+Return", self.submit), ("Ctrl+Enter", self.submit),
                           ("Ctrl+H", self.hint), ("Escape", self.toggle_pause),
                           ("Alt+N", self.tick_phase), ("F6", self.ask.switch_pane)):
            shortcut = QShortcut(QKeySequence(keys), self.ask)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        for grade in GRADES:
            shortcut = QShortcut(QKeySequence(str(grade)), self.review)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda g=grade: self.grade(g))

    def interviews(self) -> Interviews:
        return Interviews(self.ctx.db, self.ctx.bank, self.ctx.now, self.clock)

    def clock(self) -> float:
        """The context's monotonic clock, looked up on each call so tests can swap it."""
        return self.ctx.monotonic()

    # --- lifecycle -----------------------------------------------------------
    def activate(self) -> None:
        if self.session is not None and self.session.phase != interview.DONE:
            return
        self.setup.refresh()
        stored = self.interviews().unfinished()
        if stored is None or self.currentIndex() != 0:
            return
        session_id, session = stored
        answer = QMessageBox.question(
            self, "Resume interview",
            f"An interview was interrupted at question {session.index + 1} of "
            f"{len(session.answers)} ({clock_text(session.elapsed())} on the clock). "
            "Resume it? (No discards it.)")
        if answer == QMessageBox.Yes:
            self.resume_session(session_id, session)
        else:
            self.interviews().discard(session_id)

    def resume_session(self, session_id: int, session: Session) -> None:
        self.session_id, self.session = session_id, session
        self.show_phase()

    def begin(self, selection: Selection, plan: Plan) -> None:
        ids = self.interviews().choose(selection)
        if not ids:
            QMessageBox.information(self, "No questions", "No question matches these settings. "
                                    "Tick more topics, difficulties or kinds.")
            return
        plan.question_ids = ids
        self.session = Session(plan, self.ctx.bank, self.clock)
        self.session.start()
        self.session_id = self.interviews().begin(self.session)
        self.show_phase()

    def save(self) -> None:
        s = self.session
        if s is None or self.session_id is None:
            return
        self.interviews().save(self.session_id, s)
        self.last_saved = self.ctx.monotonic()

    def shutdown(self) -> None:
        self.timer.stop()
        if self.session is not None and self.session.phase != interview.DONE:
            self.session.pause()
            self.save()
        if self.presenter is not None:
            self.presenter.close()

    # --- phases --------------------------------------------------------------
    def show_phase(self) -> None:
        s = self.session
        self.save()
        if self.presenter is not None:
            self.presenter.show_question(s)
        if s.phase in (interview.ANSWERING, interview.FOLLOW_UP):
            self._show_ask()
        elif s.phase == interview.REVIEWING:
            self.timer.stop()
            self._show_review()
        elif s.phase == interview.DONE:
            self.timer.stop()
            self.show_report(s, self.ctx.now().strftime("%Y-%m-%d %H:%M"))

    def _show_ask(self) -> None:
        s, a = self.session, self.ask
        q = s.question
        title = plain_text(q.title) if q else s.answer.question_id
        follow = s.phase == interview.FOLLOW_UP
        a.progress.setText(f"Question {s.index + 1}/{len(s.answers)}"
                           + ("  ·  follow-up" if follow else ""))
        a.question.setText(s.answer.follow_up if follow else title)
        a.answer.setVisible(s.plan.typed)
        a.spoken_note.setVisible(not s.plan.typed)
        a.answer.setPlainText(s.draft())
        a.scratchpad.setPlainText(s.answer.scratchpad)
        a.show_phases(() if follow else rounds.phases(s.plan.mode), s.answer.phases_done)
        a.work.setVisible(s.plan.typed or a.side.isVisible())
        for i, box in enumerate(a.phase_checks):
            box.toggled.connect(lambda on, i=i: self.set_phase_done(i, on))
        self._show_hints()
        self.setCurrentWidget(a)
        a.answer.setFocus()
        self.timer.start()
        self.tick()

    def _show_hints(self) -> None:
        s, a = self.session, self.ask
        given = s.revealed_hints()
        a.hints.setText("" if not given else "<b>Hints</b><br>" + "<br>".join(
            html.escape(h) for h in given))
        a.hints.setVisible(bool(given))
        penalty = round(interview.HINT_PENALTY * 100)
        left = s.hints_left()
        a.hint_cost.setText(
            f"A hint gives a key point's direction, then a cue word; each costs {penalty} "
            f"of this question's 100 points ({plural(s.answer.hints, 'hint')} used, "
            f"{left} left)." if left else
            f"No hints left ({plural(s.answer.hints, 'hint')} used, "
            f"−{penalty * s.answer.hints} points).")
        a.hint_button.setEnabled(bool(left) and s.phase == interview.ANSWERING)
        a.hint_cost.setVisible(s.phase == interview.ANSWERING)    # no hints for follow-ups

    def tick(self) -> None:
        s = self.session
        if s is None or s.phase not in (interview.ANSWERING, interview.FOLLOW_UP):
            return
        a = self.ask
        state = s.clock_state()
        left = s.remaining()
        a.clock.setText(clock_text(left) if left >= 0 else f"+{clock_text(-left)}")
        a.clock.setStyleSheet(f"font-size: 56px; font-weight: 700; color: {clock_color(state)};")
        a.clock.setProperty("clockState", state)
        limit = s.plan.total_seconds
        total = f"Total {clock_text(s.total_elapsed())}"
        if limit:
            total += f" of {clock_text(limit)}" + (" — over the limit" if
                                                   s.total_elapsed() > limit else "")
        a.total.setText(total)
        a.paused_note.setVisible(s.paused)
        a.answer.setReadOnly(s.paused)
        a.scratchpad.setReadOnly(s.paused)
        s.keep_draft(a.answer.toPlainText(), a.scratchpad.toPlainText())
        self._show_phase_clock()
        a.pause_button.setText("Resume (Esc)" if s.paused else "Pause (Esc)")
        if self.ctx.monotonic() - self.last_saved >= SAVE_EVERY:
            self.save()

    def _show_phase_clock(self) -> None:
        steps = rounds.phases(self.session.plan.mode)
        clock = self.session.phase_clock()
        if clock is None:
            self.ask.phase_label.setText("All phases done: wrap up." if steps else "")
            return
        left = (f"{clock_text(clock.left)} left" if clock.left >= 0 else
                f"<span style='color:{clock_color('overrun')}'>"
                f"{clock_text(-clock.left)} over</span>")
        self.ask.phase_label.setText(f"Now: <b>{html.escape(clock.name)}</b> — {left} "
                                     f"({clock.minutes} min suggested)")

    def set_phase_done(self, index: int, done: bool) -> None:
        s = self.session
        if s is not None and s.phase == interview.ANSWERING:
            s.set_phase_done(index, done)
            self.save()
            self.tick()

    def tick_phase(self) -> None:
        """Alt+N: tick off the current phase."""
        clock = self.session.phase_clock() if self.session is not None else None
        if clock is not None:
            self.ask.phase_checks[clock.index].setChecked(True)

    def submit(self) -> None:
        s = self.session
        if s is None or s.phase not in (interview.ANSWERING, interview.FOLLOW_UP) or s.paused:
            return
        s.keep_draft(self.ask.answer.toPlainText(), self.ask.scratchpad.toPlainText())
        s.submit(self.ask.answer.toPlainText())
        self.show_phase()

    def skip(self) -> None:
        s = self.session
        if s is not None and s.phase == interview.ANSWERING:
            s.skip()
            self.show_phase()

    def hint(self) -> None:
        s = self.session
        if s is not None and not s.paused and s.hint() is not None:
            self._show_hints()
            self.save()

    def toggle_pause(self) -> None:
        s = self.session
        if s is None or s.phase not in (interview.ANSWERING, interview.FOLLOW_UP):
            return
        s.resume() if s.paused else s.pause()
        self.save()
        self.tick()

    def end_early(self) -> None:
        answer = QMessageBox.question(self, "End session", "End the interview now? Unanswered "
                                      "questions count as skipped.")
        if answer == QMessageBox.Yes:
            self.session.finish_early()
            self.show_phase()

    def _show_review(self) -> None:
        s, r = self.session, self.review
        q, a = s.question, s.answer
        r.title.setText(plain_text(q.title) if q else a.question_id)
        self._render_model_answer()
        r.show_points(list(q.key_points) if q else [], a.covered)
        signals = rounds.rubric(s.plan.mode)
        r.rubric.show_rubric(signals, a.rubric)
        r.rubric_note.setText(RUBRIC_NOTE)
        r.rubric_note.setVisible(bool(signals))
        self.setCurrentWidget(r)
        r.arrange()
        r.setFocus()

    def _render_model_answer(self) -> None:
        s, r = self.session, self.review
        q, a = s.question, s.answer
        yours = ("<p><i>Skipped.</i></p>" if a.skipped else      # in the body's type
                 f"<p style='white-space: pre-wrap'>{html.escape(a.text) or '—'}</p>")
        if a.scratchpad.strip():
            yours += ("<h3>Your scratchpad</h3><pre style='white-space: pre-wrap'>"
                      f"{html.escape(a.scratchpad)}</pre>")
        body = [(f"<p class='muted'>Your time {clock_text(a.seconds)} of "
                f"{clock_text(s.question_budget(a.question_id))} · hints {a.hints}</p>"),
                "<h3>Your answer</h3>", yours, "<h3>Model answer</h3>"]
        if q is not None:
            walkthrough = s.plan.mode != rounds.STANDARD and q.details
            body.append(r.model.markdown_html(f"{q.short}\n\n{q.details}" if walkthrough
                                              else q.short))
            body.append(explorer_links_html(q.explore, registry.link_title, "See it"))
        r.model.set_page("\n".join(body))

    def grade(self, grade: int) -> None:
        s = self.session
        if s is None or s.phase != interview.REVIEWING:
            return
        rubric = self.review.rubric
        if rubric.signals and not rubric.complete():
            left = len(rubric.signals) - len(rubric.scores())
            self.review.rubric_note.setText(
                f"<b>Score every rubric signal first</b> ({left} not scored yet), then the "
                "overall grade.")
            return
        s.grade(self.review.covered(), grade, rubric.scores())
        self.show_phase()

    # --- report --------------------------------------------------------------
    def show_report(self, session: Session, when: str) -> None:
        self.report_session = session
        self.export_note.hide()             # a note of an earlier report's file
        history = [(h["started_at"], h["state"]["plan"].get("mode", rounds.STANDARD),
                    [a.get("rubric", {}) for a in h["state"]["answers"]])
                   for h in self.interviews().history()]
        self.report_markdown = report_markdown(
            session, when, rounds.rubric_trend(history, session.plan.mode))
        self._render_report()
        missed = session.missed()
        self.send_button.setText(f"Send {plural(len(missed), 'missed question')} to flashcards"
                                 if missed else "No missed questions to send")
        self.send_button.setEnabled(bool(missed))
        self.setCurrentWidget(self.report_page)

    def _render_report(self) -> None:
        self.report.set_page(self.report.markdown_html(self.report_markdown)
                             + self._time_bars(self.report_session))

    def apply_theme(self, dark: bool) -> None:
        style_grade_buttons(self.review.grade_buttons, theme.current())
        if self.currentWidget() is self.report_page and self.report_session is not None:
            self._render_report()
        elif self.currentWidget() is self.review and self.session is not None:
            self._render_model_answer()
        if self.presenter is not None and self.session is not None:
            self.presenter.show_question(self.session)

    @staticmethod
    def _time_bars(session: Session) -> str:
        """Time per question against its budget, as a bar chart made of table cells."""
        scale = max([*(session.question_budget(a.question_id) for a in session.answers),
                     *(a.seconds for a in session.answers)])
        rows = []
        for n, a in enumerate(session.answers, start=1):
            budget = session.question_budget(a.question_id)
            width = round(300 * a.seconds / scale)
            color = clock_color("overrun" if a.seconds > budget else "ok")
            bar = (f"<table cellspacing=0 cellpadding=0><tr><td width={width} height=14 "
                   f"bgcolor='{color}'></td></tr></table>" if width else "")
            cell = "<td style='border: none'>"        # a chart, not a ruled table
            rows.append(f"<tr>{cell}Q{n}&nbsp;</td><td width=310 style='border: none'>{bar}"
                        f"</td>{cell}&nbsp;{clock_text(a.seconds)} of {clock_text(budget)}"
                        "</td></tr>")
        return ("<h2>Time per question</h2><p class='muted'>Time against each question's "
                "budget (coding questions get twice the clock); red bars overran.</p>"
                f"<table>{''.join(rows)}</table>")

    def show_past_report(self, session_id: int) -> None:
        for h in self.interviews().history():
            if h["id"] == session_id:
                session = self.interviews().session(h)
                self.show_report(session, h["started_at"][:16].replace("T", " "))

    def send_missed(self) -> None:
        """Make the missed questions' cards due now (new cards stay first in line)."""
        sent = self.interviews().send_missed(self.report_session)
        self.send_button.setText(f"Sent {plural(sent, 'question')} to flashcards")
        self.send_button.setEnabled(False)

    def export(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        name = f"interview-report-{self.ctx.now():%Y-%m-%d}.md"
        path, _ = QFileDialog.getSaveFileName(self, "Export report", str(Path(folder) / name),
                                              "Markdown (*.md);;Web page (*.html)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        """Write the report (HTML for a .html name, else Markdown) and say where; a file
        that cannot be written gets a message and the report stays on screen."""
        if path.endswith(".html"):
            page = markdown.markdown(self.report_markdown, extensions=["tables"])
            text = (f"<!doctype html><meta charset='utf-8'><title>Interview report</title>"
                    f"<style>{REPORT_CSS}</style>{page}")
        else:
            text = self.report_markdown
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as exc:
            QMessageBox.warning(self, "Export report",
                                f"The report could not be saved to {path}: "
                                f"{exc.strerror or exc}. Choose another folder or name.")
            return False
        saved = Path(path).resolve()
        self.export_note.setText(
            f"Report saved to <b>{html.escape(str(saved))}</b> · "
            f"<a href='{QUrl.fromLocalFile(str(saved.parent)).toString()}'>open its folder</a>")
        self.export_note.show()
        return True

    def show_setup(self) -> None:
        self.session = None
        self.setup.refresh()
        self.setCurrentWidget(self.setup)

    def open_presenter(self) -> None:
        if self.presenter is None:
            self.presenter = PresenterWindow(self.ctx)
        self.presenter.show_question(self.session)
        self.presenter.show()
        self.presenter.raise_()

