"""Small dialogs: Problems list, keyboard shortcuts, welcome page, settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from studyapp.core.bank import Problem
from studyapp.ui.theme import THEME_CHOICES

SHORTCUTS = [
    ("Everywhere", "Ctrl+1 … Ctrl+5", "Switch mode: Browse, Flashcards, Interview, Explore, Stats"),
    ("Everywhere", "Ctrl+,", "Settings"),
    ("Everywhere", "F1", "This list of shortcuts"),
    ("Everywhere", "Ctrl+Q", "Quit"),
    ("Browse", "Ctrl+K / Ctrl+F", "Focus the search box"),
    ("Browse", "↑ ↓ ← →", "Move in the topic tree and the question list"),
    ("Browse", "Enter", "Open the selected question (focus the answer)"),
    ("Browse", "Space", "Show the hidden answer"),
    ("Browse", "Ctrl+S", "Star or unstar the question"),
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
            text = (f"{len(problems)} file(s) could not be loaded and are left out. "
                    "Every other question is available.")
        else:
            text = "The question bank has no problems."
        layout.addWidget(QLabel(text, wordWrap=True))
        self.list = QListWidget()
        self.list.addItems([str(p) for p in problems])
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ShortcutsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(640, 420)
        table = QTableWidget(len(SHORTCUTS), 3)
        table.setHorizontalHeaderLabels(["Where", "Keys", "Action"])
        for row, values in enumerate(SHORTCUTS):
            for col, value in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(value))
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class SettingsDialog(QDialog):
    def __init__(self, theme_choice: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.theme = QComboBox()
        for choice in THEME_CHOICES:
            self.theme.addItem({"system": "Follow the system", "light": "Light",
                                "dark": "Dark"}[choice], choice)
        self.theme.setCurrentIndex(THEME_CHOICES.index(theme_choice))
        form = QFormLayout(self)
        form.addRow("Theme", self.theme)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.setMinimumWidth(380)
        form.setLabelAlignment(Qt.AlignRight)

    def theme_choice(self) -> str:
        return self.theme.currentData()
