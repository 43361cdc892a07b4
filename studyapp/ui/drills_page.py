"""The Drills mode: every coding drill by category with its status, attempts and fastest
solve; Enter opens one in the drill panel, Esc goes back to the list."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.bank import DIFFICULTY_NAMES, Question
from studyapp.core.drills import CATEGORIES, category
from studyapp.core.render import plain_text
from studyapp.services.practice import NOT_TRIED, Practice
from studyapp.ui.context import Context
from studyapp.ui.drill import DrillPanel
from studyapp.ui.mode import Mode
from studyapp.ui.theme import large_text
from studyapp.ui.widgets.flow_layout import FlowLayout

COLUMNS = ("Drill", "Level", "Status", "Runs", "Best time")
STATUSES = ("new", "attempted", "solved")
SORT_ROLE = Qt.UserRole + 1


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes}:{secs:02d}"


class _Row(QTreeWidgetItem):
    """Sorts by the value kept under SORT_ROLE (numbers sort as numbers)."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        mine, theirs = self.data(column, SORT_ROLE), other.data(column, SORT_ROLE)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return mine < theirs


class _WrappingTitles(QStyledItemDelegate):
    """Drill titles wrap onto more lines instead of being cut off (large text sizes)."""

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index):
        hint = super().sizeHint(option, index)
        if index.column() != 0 or not index.parent().isValid():
            return hint
        width = self.tree.header().sectionSize(0) - 2 * self.tree.indentation() - 12
        text = index.data() or ""
        box = option.fontMetrics.boundingRect(QRect(0, 0, max(40, width), 100_000),
                                              Qt.TextWordWrap, text)
        return QSize(hint.width(), max(hint.height(), box.height() + 6))


class DrillsView(QStackedWidget, Mode):
    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.drills = sorted((q for q in ctx.bank.questions.values() if q.drill),
                             key=lambda q: (q.topic_id, q.path.name))
        self.search = QLineEdit(placeholderText="Filter drills…")
        self.search.setClearButtonEnabled(True)
        self.category_box = QComboBox()
        self.category_box.addItems(["All categories", *self._categories()])
        self.status_box = QComboBox()
        self.status_box.addItems(["Any status", *(s.capitalize() for s in STATUSES)])
        for box in (self.category_box, self.status_box):
            box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
            box.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.summary = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(-1, Qt.AscendingOrder)   # bank order until a header is clicked
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)             # long titles wrap at large text sizes
        self.tree.setTextElideMode(Qt.ElideNone)
        self.tree.setItemDelegate(_WrappingTitles(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree.itemActivated.connect(lambda item, _: self._open_item(item))
        self.empty = QLabel(wordWrap=True)
        self.empty.hide()

        filters = FlowLayout()
        for widget in (self.search, self.category_box, self.status_box):
            filters.addWidget(widget)
        self.search.setMinimumWidth(28 * self.search.fontMetrics().averageCharWidth())
        list_page = QWidget()
        layout = QVBoxLayout(list_page)
        title = QLabel("Coding drills", objectName="questionTitle")
        layout.addWidget(title)
        layout.addWidget(QLabel("Write the code an interviewer asks for; hidden tests check "
                                "it. Enter opens the selected drill.", wordWrap=True))
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)

        self.back = QPushButton("← All drills  (Esc)")
        self.back.clicked.connect(self.show_list)
        self.heading = QLabel(wordWrap=True, objectName="questionTitle")
        self.panel = DrillPanel(ctx)
        self.panel.ran.connect(lambda _: self.refresh())
        self.split = self.panel.split
        drill_page = QWidget()
        drill_layout = QVBoxLayout(drill_page)
        self.top = QBoxLayout(QBoxLayout.LeftToRight)   # the title under the button at
        self.top.addWidget(self.back)                    # large text sizes
        self.top.addWidget(self.heading, 1)
        drill_layout.addLayout(self.top)
        self.stack_header(large_text(ctx.prefs["text_scale"]))
        drill_layout.addWidget(self.panel, 1)
        self.addWidget(list_page)
        self.addWidget(drill_page)
        QShortcut(QKeySequence(Qt.Key_Escape), drill_page, self.show_list,
                  context=Qt.WidgetWithChildrenShortcut)
        self.refresh()

    def _categories(self) -> list[str]:
        present = {category(q.tags) for q in self.drills}
        return [c for c in CATEGORIES if c in present]

    def refresh(self) -> None:
        """Fill the list with the drills the filters let through, grouped by category."""
        records = Practice(self.ctx.db).drill_records()
        wanted_category = self.category_box.currentText()
        wanted_status = self.status_box.currentText().lower()
        needle = self.search.text().strip().lower()
        selected = self.current_id()
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        shown = solved = 0
        for q in self.drills:
            record = records.get(q.id, NOT_TRIED)
            solved += record.solved
            name = category(q.tags)
            if wanted_category != "All categories" and name != wanted_category:
                continue
            if wanted_status != "any status" and record.status != wanted_status:
                continue
            if needle and needle not in q.title.lower() and not any(needle in t for t in q.tags):
                continue
            if name not in groups:
                groups[name] = _Row([name])
                groups[name].setData(0, SORT_ROLE, CATEGORIES.index(name))
                groups[name].setFlags(Qt.ItemIsEnabled)
            row = _Row([plain_text(q.title),
                        DIFFICULTY_NAMES[q.difficulty], record.status,
                        str(record.runs), duration(record.best_seconds)])
            row.setData(0, Qt.UserRole, q.id)
            row.setToolTip(0, plain_text(q.title))
            for column, key in enumerate((q.title.lower(), q.difficulty,
                                          STATUSES.index(record.status), record.runs,
                                          record.best_seconds if record.best_seconds is not None
                                          else float("inf"))):
                row.setData(column, SORT_ROLE, key)
            groups[name].addChild(row)
            shown += 1
            if q.id == selected:
                self.tree.setCurrentItem(row)
        for name in sorted(groups, key=CATEGORIES.index):
            group = groups[name]
            group.setText(0, f"{name} ({group.childCount()})")
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)      # the category's name across the row
            group.setExpanded(True)
        self.tree.setSortingEnabled(True)
        self.summary.setText(f"{solved} of {len(self.drills)} drills solved")
        self.empty.setVisible(shown == 0)
        self.tree.setVisible(shown > 0)
        if not self.drills:
            self.empty.setText("No coding drills are in the bank.")
        elif wanted_status == "solved" and not solved:
            self.empty.setText("No drill solved yet. Choose “Any status”, open a drill with "
                               "Enter and make its hidden tests pass (Ctrl+Enter runs them).")
        else:
            self.empty.setText("No drill matches these filters. Clear the filter text or "
                               "choose “All categories” and “Any status” to see every drill.")
        if self.tree.currentItem() is None and shown:
            first = self.tree.topLevelItem(0).child(0)
            self.tree.setCurrentItem(first)

    def current_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else None

    def _open_item(self, item: QTreeWidgetItem) -> None:
        qid = item.data(0, Qt.UserRole)
        if qid:
            self.open_drill(self.ctx.bank.questions[qid])

    def open_drill(self, q: Question) -> None:
        self.heading.setText(plain_text(q.title))
        self.panel.show_drill(q)
        self.setCurrentIndex(1)
        self.panel.editor.setFocus()

    def show_list(self) -> None:
        self.refresh()
        self.setCurrentIndex(0)
        self.tree.setFocus()

    def activate(self) -> None:
        if self.currentIndex() == 0:
            self.refresh()
            self.tree.setFocus()

    def apply_theme(self, dark: bool) -> None:
        if self.panel.question is not None:
            self.panel.render_prompt()

    def apply_text_size(self, scale: float) -> None:
        self.stack_header(large_text(scale))

    def stack_header(self, stacked: bool) -> None:
        """The drill's title beside the way back, or under it (large text sizes), where
        beside it a long title runs to three lines."""
        self.top.setDirection(QBoxLayout.TopToBottom if stacked else QBoxLayout.LeftToRight)
        self.top.setAlignment(self.back, Qt.AlignLeft if stacked else Qt.Alignment())
