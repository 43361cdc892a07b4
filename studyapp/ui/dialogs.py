"""Small dialogs: Problems list, keyboard shortcuts, welcome page, settings."""

from __future__ import annotations

import html
from itertools import groupby

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
)

from studyapp.core import srs
from studyapp.core.bank import Problem
from studyapp.core.wording import plural
from studyapp.ui import theme
from studyapp.ui.theme import TEXT_SCALES, THEME_CHOICES

SHORTCUTS = [
    ("Everywhere", "Ctrl+1 … Ctrl+6",
     "Switch mode: Browse, Flashcards, Interview, Explore, Stats, Drills"),
    ("Everywhere", "Ctrl+,", "Settings"),
    ("Everywhere", "F1", "This list of shortcuts"),
    ("Everywhere", "Ctrl+Q", "Quit"),
    ("Everywhere", "Ctrl+L", "Go to a deepprep:// link or a question id"),
    ("Browse", "Ctrl+K / Ctrl+F", "Focus the search box"),
    ("Browse", "↑ ↓ ← →", "Move in the topic tree and the question list"),
    ("Browse", "Enter", "Open the selected question (focus the answer)"),
    ("Browse", "Space", "Show the hidden answer"),
    ("Browse", "Ctrl+S", "Star or unstar the question"),
    ("Browse", "Ctrl+Shift+C", "Copy the question's deepprep:// link"),
    ("Flashcards", "Space / Enter", "Show the answer (then Enter rates Good)"),
    ("Flashcards", "1 2 3 4", "Again, Hard, Good, Easy"),
    ("Flashcards", "Ctrl+Z", "Undo the last answer (also after a restart)"),
    ("Flashcards", "E / S", "Open the question in Browse / star it"),
    ("Flashcards", "- / @", "Bury until tomorrow / suspend the card"),
    ("Flashcards", "Esc", "End the session"),
    ("Interview", "Ctrl+Enter", "Submit the answer"),
    ("Interview", "Ctrl+H", "Reveal one key point as a hint (lowers the score)"),
    ("Interview", "Esc", "Pause or resume the clock"),
    ("Interview", "1 2 3 4", "Grade the reviewed answer"),
    ("Drills", "Enter / Esc", "Open the selected drill / back to the list"),
    ("Drill editor", "Ctrl+Enter", "Run the hidden tests"),
    ("Drill editor", "Tab / Shift+Tab", "Indent / dedent (four spaces)"),
    ("Drill editor", "Backspace", "In the indentation: remove one level"),
    ("Drill editor", "Ctrl+/", "Comment or uncomment the selected lines"),
]

WELCOME = """
<h2>Welcome to DeepPrep</h2>
<p>Everything you need to prepare for a deep-learning interview, offline.</p>
<ul>
<li><b>Browse</b> — read the question bank by topic. Each answer starts with what you would say
in the first 30 seconds, then the details, math and code. Star questions and keep notes.
<i>Start here: pick a topic on the left.</i></li>
<li><b>Flashcards</b> — review what you have read with spaced repetition, a few minutes a day.</li>
<li><b>Interview</b> — rehearse out loud or in writing against the clock, then grade yourself.</li>
<li><b>Explore</b> — play with interactive figures: activations, softmax temperature,
optimizers on a loss surface.</li>
<li><b>Stats</b> — see how your memory of each topic is doing.</li>
</ul>
<p>Press <b>F1</b> at any time for the keyboard shortcuts.</p>
"""


class ProblemsDialog(QDialog):
    def __init__(self, problems: list[Problem], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Problems in the question bank")
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        if problems:
            text = (f"{plural(len(problems), 'file')} could not be loaded and "
                    f"{'is' if len(problems) == 1 else 'are'} left out. "
                    "Every other question is available.")
            layout.addWidget(QLabel(text, wordWrap=True))
            self.list = QListWidget()
            self.list.addItems([str(p) for p in problems])
            layout.addWidget(self.list)
        else:
            self.resize(420, 120)
            layout.addWidget(QLabel("The question bank has no problems: every file loaded.",
                                    wordWrap=True))
            layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def shortcuts_html() -> str:
    """The shortcuts as a sheet: a heading per place, keys as key caps beside what they
    do; the text wraps, so nothing is clipped at any text size."""
    colors = theme.current()
    cap = (f"<span style='background-color:{colors.surface_alt}; color:{colors.text}; "
           "font-family:monospace; font-weight:bold'>&nbsp;{}&nbsp;</span>")
    parts = []
    for where, rows in groupby(SHORTCUTS, key=lambda row: row[0]):
        parts.append(f"<h3 style='margin-top:14px; margin-bottom:4px'>{html.escape(where)}</h3>"
                     "<table width='100%' cellspacing='0' cellpadding='3'>")
        for _, keys, action in rows:
            caps = "&nbsp;".join(cap.format(html.escape(k)) if k not in ("/", "…") else k
                                 for k in keys.split(" "))
            parts.append(f"<tr><td width='35%' nowrap>{caps}</td><td>{html.escape(action)}</td>"
                         "</tr>")
        parts.append("</table>")
    return "".join(parts)


class ShortcutsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.sheet = QTextBrowser(openLinks=False)
        self.sheet.setHtml(shortcuts_html())
        self.ensurePolished()                  # the style sheet sets the text size
        em = self.fontMetrics().averageCharWidth()
        self.resize(min(100 * em, 1200), min(45 * self.fontMetrics().lineSpacing(), 760))
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheet)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class SettingsDialog(QDialog):
    """Theme and spaced-repetition settings."""

    parameters_changed = Signal(tuple)   # a parameter set was put in use (already stored)

    def __init__(self, theme_choice: str, srs_settings: dict, text_scale: float = 1.0,
                 parent=None, db=None, deck_size: int = 0, dark: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.db, self.deck_size, self.dark = db, deck_size, dark
        self.scheduling = None
        self.text_size = QComboBox()
        for scale in TEXT_SCALES:
            self.text_size.addItem(f"{scale:.0%}", scale)
        self.text_size.setCurrentIndex(min(range(len(TEXT_SCALES)),
                                           key=lambda i: abs(TEXT_SCALES[i] - text_scale)))
        self.theme = QComboBox()
        for choice in THEME_CHOICES:
            self.theme.addItem({"system": "Follow the system", "light": "Light",
                                "dark": "Dark"}[choice], choice)
        self.theme.setCurrentIndex(THEME_CHOICES.index(theme_choice))
        s = srs.Settings(**srs_settings)
        self.parameters = s.parameters
        self.retention = QDoubleSpinBox(minimum=0.70, maximum=0.97, singleStep=0.01, decimals=2,
                                        value=s.desired_retention)
        self.learning = QLineEdit(" ".join(map(str, s.learning_steps)))
        self.relearning = QLineEdit(" ".join(map(str, s.relearning_steps)))
        self.max_interval = QSpinBox(minimum=1, maximum=36500, value=s.maximum_interval_days,
                                     suffix=" days")
        self.new_per_day = QSpinBox(minimum=0, maximum=9999, value=s.new_per_day)
        self.reviews_per_day = QSpinBox(minimum=1, maximum=99999, value=s.reviews_per_day)
        self.leech = QSpinBox(minimum=2, maximum=99, value=s.leech_threshold, suffix=" lapses")
        self.error = QLabel(objectName="error")
        form = QFormLayout(self)
        form.addRow("Theme", self.theme)
        form.addRow("Text size", self.text_size)
        form.addRow(QLabel("<b>Flashcards</b>"))
        form.addRow("Desired retention", self.retention)
        form.addRow(QLabel("Higher retention means you forget less but review more often: "
                           "0.95 costs two to three times the reviews of 0.90.", wordWrap=True,
                           objectName="muted"))
        form.addRow("Learning steps (minutes)", self.learning)
        form.addRow("Relearning steps (minutes)", self.relearning)
        form.addRow("Maximum interval", self.max_interval)
        form.addRow("New cards per day", self.new_per_day)
        form.addRow("Reviews per day", self.reviews_per_day)
        form.addRow("Leech after", self.leech)
        if db is not None:
            self.optimize_button = QPushButton("Optimize from my reviews…")
            self.optimize_button.clicked.connect(self.open_scheduling)
            form.addRow(self.optimize_button)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.ensurePolished()           # the style sheet's text size, for the width below
        form.setLabelAlignment(Qt.AlignRight)
        width = max(460, 60 * self.fontMetrics().averageCharWidth())
        self.setMinimumSize(width, form.totalHeightForWidth(width))   # the note's lines too

    def srs_settings(self) -> dict:
        """The flashcard settings as stored; ValueError names a bad entry."""
        def steps(edit: QLineEdit, name: str) -> list[int]:
            try:
                values = [int(v) for v in edit.text().replace(",", " ").split()]
            except ValueError:
                raise ValueError(f"{name}: whole minutes separated by spaces") from None
            if not values or min(values) < 1:
                raise ValueError(f"{name}: give at least one step of 1 minute or more")
            return values

        return {"desired_retention": round(self.retention.value(), 2),
                "learning_steps": steps(self.learning, "Learning steps"),
                "relearning_steps": steps(self.relearning, "Relearning steps"),
                "maximum_interval_days": self.max_interval.value(),
                "new_per_day": self.new_per_day.value(),
                "reviews_per_day": self.reviews_per_day.value(),
                "leech_threshold": self.leech.value(),
                **({"parameters": list(self.parameters)} if self.parameters else {})}

    def open_scheduling(self) -> None:
        """The parameter sets and retention advice, for the settings as entered now."""
        from studyapp.ui.scheduling_settings import SchedulingDialog

        try:
            entered = srs.Settings(**self.srs_settings())
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.scheduling = SchedulingDialog(self.db, entered, self.deck_size, self.dark, self)
        self.scheduling.parameters_changed.connect(self._parameters_changed)
        self.scheduling.retention_chosen.connect(self.retention.setValue)
        self.scheduling.open()

    def _parameters_changed(self, parameters: tuple) -> None:
        self.parameters = parameters
        self.parameters_changed.emit(parameters)

    def _accept(self) -> None:
        try:
            self.srs_settings()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def theme_choice(self) -> str:
        return self.theme.currentData()

    def text_scale(self) -> float:
        return self.text_size.currentData()
