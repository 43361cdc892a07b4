"""Flashcards mode: deck overview per topic, keyboard-first review, session summary."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import srs
from studyapp.core.bank import DIFFICULTY_NAMES
from studyapp.core.render import (
    explorer_links_html,
    key_points_html,
    plain_text,
    render_markdown,
)
from studyapp.core.scope import Scope
from studyapp.services.study import Study
from studyapp.ui import theme
from studyapp.ui.context import Context
from studyapp.ui.drill import DrillPanel, result_html
from studyapp.ui.mode import Mode
from studyapp.ui.shape_practice import ShapePractice
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.flow_layout import FlowLayout
from studyapp.ui.widgets.grade_buttons import style_grade_buttons
from studyapp.viz import registry

RATINGS = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))
FRONT_SCALE = 1.6       # a card's front against the body text
BACK_SCALE = 1.3        # an atomic card's back (a line or a formula)
FRONT_GAP_EM = 2.5      # space above a front not yet turned, in its own line heights
NO_LIMIT = 16777215     # Qt's QWIDGETSIZE_MAX: a drill takes the whole width


class DeckOverview(QWidget):
    """Per-topic counts and mastery; choose what to study."""

    study = Signal(object)
    practise_shapes = Signal()

    def __init__(self, ctx: Context, deck: Study, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.deck = deck
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Topic", "New", "Learning", "Due", "Mastery"])
        self.tree.setRootIsDecorated(True)
        self.tree.itemActivated.connect(self._study_item)
        self.tree.itemDoubleClicked.connect(self._study_item)
        self.tag = QComboBox(minimumContentsLength=14,
                             sizeAdjustPolicy=QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.tag.addItem("Any tag", "")
        for tag in sorted(ctx.bank.tags):
            self.tag.addItem(tag, tag)
        self.min_difficulty = QSpinBox(minimum=1, maximum=3, value=1, prefix="difficulty ≥ ")
        self.max_difficulty = QSpinBox(minimum=1, maximum=3, value=3, prefix="≤ ")
        self.starred = QPushButton("Starred only", checkable=True)
        self.saved = QComboBox()
        self.saved.activated.connect(self._apply_saved)
        save = QPushButton("Save filter…")
        save.clicked.connect(self._save_filter)
        start = QPushButton("Study selected  ▶", default=True)
        start.clicked.connect(lambda: self.study.emit(self.scope()))
        self.banner = QLabel(wordWrap=True, objectName="badge")
        self.banner.hide()
        self.spread = QPushButton("Spread the backlog…")
        self.spread.clicked.connect(self._spread)
        self.spread.hide()

        filters = FlowLayout()          # one row, or several at large text sizes
        for widget in (QLabel("Filter:"), self.tag, self.min_difficulty, self.max_difficulty,
                       self.starred, QLabel("Saved:"), self.saved, save):
            filters.addWidget(widget)
        banner = QHBoxLayout()
        banner.addWidget(self.banner, 1)
        banner.addWidget(self.spread)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Flashcards</h2><p>Pick a topic (or the whole bank) and press "
                                "Enter or “Study selected”. Filters narrow any topic.</p>",
                                wordWrap=True))
        layout.addLayout(banner)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        footer = QHBoxLayout()
        shapes = QPushButton("Shapes && counts practice…",
                             toolTip="Generated exercises: output shapes, parameter counts, FLOPs")
        shapes.clicked.connect(self.practise_shapes)
        footer.addWidget(shapes)
        footer.addStretch(1)
        footer.addWidget(start)
        layout.addLayout(footer)

    def refresh(self) -> None:
        deck, bank = self.deck, self.ctx.bank
        current = next(iter(self.scope().topics), "")
        self.tree.clear()
        root = self._row("All topics", "", list(deck.cards.values()))
        self.tree.addTopLevelItem(root)

        def add(parent, topic) -> None:
            ids = set(bank.subtree_question_ids(topic.id))
            item = self._row(topic.title, topic.id,
                             [c for (qid, _), c in deck.cards.items() if qid in ids])
            parent.addChild(item)
            if topic.id == current:
                self.tree.setCurrentItem(item)
            for child in topic.children:
                add(item, child)

        for topic in bank.roots():
            add(root, topic)
        root.setExpanded(True)
        if self.tree.currentItem() is None:
            self.tree.setCurrentItem(root)
        for col in range(5):                 # topic names whole at any text size, as
            self.tree.resizeColumnToContents(col)   # far as the other columns leave room
        room = (self.tree.viewport().width() - self.tree.verticalScrollBar().sizeHint().width()
                - sum(self.tree.columnWidth(c) for c in range(1, 5)))
        self.tree.setColumnWidth(0, max(320, min(self.tree.columnWidth(0), room)))
        self.saved.clear()
        self.saved.addItem("—", None)
        for name, query in deck.saved_filters().items():
            self.saved.addItem(name, query)
        backlog = deck.backlog()
        show = len(backlog) > srs.BACKLOG_THRESHOLD * deck.settings.reviews_per_day
        self.banner.setVisible(show)
        self.spread.setVisible(show)
        if show:
            self.banner.setText(f"You have {len(backlog)} overdue cards. Rather than face them all "
                                "today, spread them over the next days — the most forgotten first.")

    def _row(self, title: str, topic_id: str, cards: list) -> QTreeWidgetItem:
        counts = self.deck.today_counts(cards)
        mastery = self.deck.mastery(cards)
        item = QTreeWidgetItem([title, str(counts["new"]), str(counts["learning"]),
                                str(counts["due"]), f"{mastery:.0%}"])
        item.setData(0, Qt.UserRole, topic_id)
        for col in range(1, 5):
            item.setTextAlignment(col, Qt.AlignRight | Qt.AlignVCenter)
        return item

    def scope(self) -> Scope:
        item = self.tree.currentItem()
        topic, tag = item.data(0, Qt.UserRole) if item else "", self.tag.currentData()
        low = self.min_difficulty.value()
        high = max(low, self.max_difficulty.value())
        return Scope(topics=(topic,) if topic else (), tags=(tag,) if tag else (),
                     starred=self.starred.isChecked(),
                     difficulties=() if (low, high) == (1, 3) else tuple(range(low, high + 1)))

    def set_scope(self, scope: Scope) -> None:
        self.tag.setCurrentIndex(max(0, self.tag.findData(scope.tags[0] if scope.tags else "")))
        self.starred.setChecked(scope.starred)
        self.min_difficulty.setValue(min(scope.difficulties, default=1))
        self.max_difficulty.setValue(max(scope.difficulties, default=3))
        topic = scope.topics[0] if scope.topics else ""
        for item in self.tree.findItems("*", Qt.MatchWildcard | Qt.MatchRecursive):
            if item.data(0, Qt.UserRole) == topic:
                self.tree.setCurrentItem(item)

    def _study_item(self, item, _column=0) -> None:
        self.tree.setCurrentItem(item)
        self.study.emit(self.scope())

    def _apply_saved(self, index: int) -> None:
        query = self.saved.itemData(index)
        if query:
            self.set_scope(Scope.from_dict(query))

    def _save_filter(self) -> None:
        name, ok = QInputDialog.getText(self, "Save filter", "Name of this filter:",
                                        text=self.scope().describe(self.ctx.bank))
        if ok and name.strip():
            self.deck.save_filter(name.strip(), self.scope())
            self.refresh()

    def _spread(self) -> None:
        days, ok = QInputDialog.getInt(self, "Spread the backlog", "Over how many days?", 7, 2, 60)
        if ok:
            self.spread_backlog(days)

    def spread_backlog(self, days: int) -> None:
        self.deck.spread_backlog(days)
        self.refresh()


class ReviewScreen(QWidget):
    """One card at a time: Space shows the answer, 1–4 rate it, Ctrl+Z undoes."""

    finished = Signal()
    open_question = Signal(str)
    open_explorer = Signal(str)

    def __init__(self, ctx: Context, deck: Study, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.deck = deck
        self.queue: list[srs.CardState] = []
        self.current: srs.CardState | None = None
        self.shown_full = False
        self.revealed = False
        self.started = 0.0
        self.answered: list[tuple[int, int]] = []   # (rating, ms) of this session
        self.scope = Scope()
        self.undo_depth = 0
        self.suggested: int | None = None     # the rating a drill's test run implies
        self.drill_result = None

        self.status = QLabel(objectName="muted")
        self.leech = QLabel(wordWrap=True, objectName="badge")
        self.leech.setTextInteractionFlags(Qt.TextBrowserInteraction)
        self.leech.linkActivated.connect(self._leech_link)
        self.leech.hide()
        self.leech_open = False       # the leech note is up: Space continues to the next card
        self.suspended: srs.CardState | None = None   # the card Undo would bring back
        self.notice = QLabel(objectName="muted", wordWrap=True)
        self.undo_suspend = QPushButton("Undo suspend", toolTip="Show this card again (Ctrl+Z)")
        self.undo_suspend.clicked.connect(self.unsuspend)
        notice = QHBoxLayout()
        notice.addStretch(1)
        notice.addWidget(self.notice)
        notice.addWidget(self.undo_suspend)
        notice.addStretch(1)
        self._show_notice("")
        self.view = AnswerView(ctx)
        self.view.setFrameShape(QFrame.NoFrame)
        self.view.setStyleSheet("QTextBrowser { background: transparent; }")   # no box
        self.view.question_link.connect(self.open_question)
        self.view.explore_link.connect(self.open_explorer)
        self.view.installEventFilter(self)
        self.drill = DrillPanel(ctx)       # "solve" cards: write code, the tests grade
        self.drill.ran.connect(self._drill_ran)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.drill)
        self.show_button = QPushButton("Show answer  (Space)")
        self.show_button.setMinimumHeight(46)
        self.show_button.clicked.connect(self._show_clicked)
        self.full_button = QPushButton("Show full answer")
        self.full_button.clicked.connect(self.show_full)
        self.rate_buttons = {}
        rate_row = QHBoxLayout()
        rate_row.setSpacing(12)
        rate_row.addStretch(1)
        rate_row.addWidget(self.show_button)
        for rating, name in RATINGS:
            button = QPushButton(name)
            button.setMinimumSize(120, 46)
            button.clicked.connect(lambda _=False, r=rating: self.answer(r))
            self.rate_buttons[rating] = button
            rate_row.addWidget(button)
        rate_row.addStretch(1)
        self.action_buttons = {}
        for label, tip, slot in (
            ("Undo", "Undo the last answer (Ctrl+Z)", self.undo),
            ("Star", "Star the question (S)", self.toggle_star),
            ("Open in Browse", "Open the question in Browse (E)", self._open_in_browse),
            ("End", "End the session (Esc)", self.end),
            ("Bury", "Hide this card until tomorrow (-)", self.bury),
            ("Suspend", "Stop showing this card until you unsuspend it (@)", self.suspend),
            ("Reset…", "Forget this card's schedule and start it as new (asks first)",
             self.reset_card),
        ):
            button = QPushButton(label, toolTip=tip)
            button.clicked.connect(slot)
            self.action_buttons[label] = button
        top = QHBoxLayout()
        top.addStretch(1)
        for label in ("Undo", "Star", "Open in Browse", "End"):
            top.addWidget(self.action_buttons[label])
        # Card actions that take a card out of the deck sit at the bottom edge, away from
        # the rating buttons; Reset, which forgets the schedule, apart on the other side.
        card_actions = QHBoxLayout()
        card_actions.addWidget(self.action_buttons["Bury"])
        card_actions.addWidget(self.action_buttons["Suspend"])
        card_actions.addStretch(1)
        card_actions.addWidget(self.status)
        card_actions.addStretch(1)
        card_actions.addWidget(self.action_buttons["Reset…"])
        column = QHBoxLayout()          # the card in a centred column of readable width
        column.addStretch(1)
        column.addWidget(self.pages, 100)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.leech)
        layout.addLayout(notice)
        layout.addLayout(column, 1)
        layout.addWidget(self.full_button, 0, Qt.AlignCenter)
        layout.addSpacing(8)
        layout.addLayout(rate_row)
        layout.addSpacing(12)
        self.divider = QFrame()
        self.divider.setFixedHeight(1)
        layout.addWidget(self.divider)
        layout.addLayout(card_actions)
        self.apply_colors()
        self.setFocusPolicy(Qt.StrongFocus)

    def apply_colors(self) -> None:
        """The rating buttons' and the divider's colours for the current theme."""
        colors = theme.current()
        style_grade_buttons(self.rate_buttons, colors)
        self.divider.setStyleSheet(f"background: {colors.border}; border: none;")

    def start(self, scope: Scope) -> None:
        self.scope = scope
        self.answered: list[tuple[int, int]] = []   # (rating, ms) of this session
        self.queue = self.deck.queue(scope)
        self.next_card()

    def next_card(self) -> None:
        self._close_leech()
        self.suspended = None
        self._show_notice("")
        if not self.queue:
            self.current = None
            self.finished.emit()
            return
        self.current = self.queue.pop(0)
        self.revealed = False
        self.suggested = self.drill_result = None
        self.started = self.ctx.monotonic()
        self.render()
        self.setFocus()

    def key(self) -> tuple[str, str]:
        return self.current.question_id, self.current.card_key

    def render(self, full: bool = False) -> None:
        self.shown_full = full
        q, card = self.deck.card_text(self.key())
        view = self.view
        solving = q.drill is not None and card.key == "q" and not self.revealed
        self.pages.setCurrentWidget(self.drill if solving else self.view)
        if solving and self.drill.question is not q:
            self.drill.show_drill(q)
        self.pages.setMaximumWidth(NO_LIMIT if solving else self.column_width())
        parts = [(f"<p align='center' class='muted'>"
                  f"{html.escape(self.ctx.bank.topics[q.topic_id].title)} · "
                  f"{DIFFICULTY_NAMES[q.difficulty]}"
                  f"{' · ★' if self.deck.is_starred(q.id) else ''}</p>"),
                 self.front_html(card.front, gap=not self.revealed)]
        if self.revealed:
            parts.append(f"<hr style='background-color: {theme.current().border}'>")
            # an atomic card's back is a line or a formula: centred under its front, large
            parts.append(view.markdown_html(card.back) if card.key == "q" else
                         self.centred_html(card.back, BACK_SCALE, gap=False, weight=400))
            if card.key == "q":
                parts.append(key_points_html(q.key_points))
            if q.drill is not None and card.key == "q":
                if self.drill_result is not None:
                    parts.append("<h3>Your run</h3>" + result_html(self.drill_result))
                parts.append("<h3>Reference solution</h3>" + view.markdown_html(
                    f"```python\n{q.drill.solution}```"))
            if full and q.details:
                parts.append("<h2>Details</h2>" + view.markdown_html(q.details))
            parts.append(explorer_links_html(q.explore, registry.link_title))
        view.set_page("\n".join(parts))
        self.show_button.setVisible(not self.revealed)
        self.show_button.setText("Show the solution  (Space)" if solving
                                 else "Show answer  (Space)")
        self.full_button.setVisible(self.revealed and not full and bool(q.details))
        previews = self.deck.previews(self.current) if self.revealed else {}
        for rating, name in RATINGS:
            button = self.rate_buttons[rating]
            button.setVisible(self.revealed)
            if self.revealed:
                hint = "  ← tests" if rating == self.suggested else ""
                button.setText(f"{name}  {srs.format_interval(previews[rating])}\n"
                               f"({rating}){hint}")
        counts = self.deck.counts([*self.queue, self.current])
        self.status.setText(f"New {counts['new']} · Learning {counts['learning']} · "
                            f"Due {counts['due']}  ·  reviewed {self.session['count']}")

    def column_width(self) -> int:
        """The card's column: about 90 characters of body text, a line one reads at once."""
        return self.view.fontMetrics().averageCharWidth() * 90

    def front_html(self, front: str, gap: bool) -> str:
        """The card's front, centred and large (its math typeset at that size); on a card
        not yet turned a gap above it sets it in the upper middle of the page."""
        return self.centred_html(front, FRONT_SCALE, gap, weight=600)

    def centred_html(self, text: str, scale: float, gap: bool, weight: int) -> str:
        px = self.view.font_px() * scale
        body = render_markdown(text, self.ctx.theme, self.ctx.math, px)
        style = f"font-size: {px:.0f}px; font-weight: {weight};"
        top = f" style='margin-top: {px * FRONT_GAP_EM:.0f}px'" if gap else ""
        # Qt's rich text does not pass a div's font on to its paragraphs: each gets it
        body = body.replace("<p>", f"<p align='center' style='{style}'>")
        return f"<div align='center'{top}>{body}</div>"

    def reveal(self) -> None:
        if self.current is not None and not self.revealed:
            self.revealed = True
            self.render()

    def _drill_ran(self, result) -> None:
        """A test run grades the solve card: all pass suggests Good, otherwise Again."""
        if self.current is None or self.drill.question is None or \
                self.drill.question.id != self.current.question_id:
            return
        self.suggested = 3 if result.passed else 1
        self.drill_result = result
        self.revealed = True
        self.render()
        self.setFocus()

    def show_full(self) -> None:
        if self.revealed:
            self.render(full=True)

    def answer(self, rating: int) -> None:
        if self.current is None or not self.revealed:
            return
        ms = int((self.ctx.monotonic() - self.started) * 1000)
        card, leech = self.deck.answer(self.current, rating, ms)
        self.answered.append((rating, ms))
        if card.state in (srs.LEARNING, srs.RELEARNING) and not card.suspended:
            self._requeue(card)
        if leech:
            self.current = card                # its new state: Suspend keeps the review
            self._leech_prompt(card)
            return
        self.next_card()

    def _requeue(self, card: srs.CardState) -> None:
        """Learning cards come back in this session when their step is up."""
        index = next((i for i, c in enumerate(self.queue) if c.due > card.due), len(self.queue))
        self.queue.insert(index, card)

    def _leech_prompt(self, card: srs.CardState) -> None:
        q, _ = self.deck.card_text((card.question_id, card.card_key))
        links = "".join(f" · <a href='explore:{html.escape(x)}'>"
                        f"{html.escape(registry.link_title(x))} ▸</a>" for x in q.explore)
        self.leech.setText(
            f"<b>Leech:</b> you have forgotten this card {card.lapses} times. Rather than drill "
            f"it again, re-read <a href='q:{q.id}'>the full answer</a>{links}, or suspend it.")
        self.leech.show()
        self.leech_open = True
        self.revealed = True
        self.render(full=True)
        for button in self.rate_buttons.values():
            button.setVisible(False)
        self.show_button.setText("Continue  (Space)")
        self.show_button.setVisible(True)

    def _close_leech(self) -> None:
        self.leech.hide()
        self.leech_open = False

    def _show_clicked(self) -> None:
        """Show the answer; after a leech note, go on to the next card."""
        if self.leech_open:
            self.next_card()
        else:
            self.reveal()

    def _leech_link(self, link: str) -> None:
        if link.startswith("q:"):
            self.open_question.emit(link[2:])
        elif link.startswith("explore:"):
            self.open_explorer.emit(link.removeprefix("explore:"))

    @property
    def session(self) -> dict:
        """This session's answers, undone ones left out."""
        return {"count": len(self.answered),
                "again": sum(rating == 1 for rating, _ in self.answered),
                "ms": sum(ms for _, ms in self.answered)}

    def undo(self) -> None:
        if self.suspended is not None:
            self.unsuspend()
            return
        card = self.deck.undo()
        if card is None:
            return
        key = (card.question_id, card.card_key)
        self._drop_from_queue(key)
        if self.current is not None and self.key() != key:
            self.queue.insert(0, self.current)
        if self.answered:                          # an answer of this session: uncounted
            self.answered.pop()
        self._show_again(card)

    def start_after_undo(self, card: srs.CardState) -> None:
        """A session over the whole bank that begins with a card whose last review was
        just taken back (Ctrl+Z on the deck list, even after a restart)."""
        self.scope = Scope()
        self.answered = []
        key = (card.question_id, card.card_key)
        self.queue = [c for c in self.deck.queue(self.scope)
                      if (c.question_id, c.card_key) != key]
        self._show_again(card)
        self.setFocus()

    def _show_again(self, card: srs.CardState) -> None:
        """Show a card whose review was undone, answer revealed, ready for a new rating."""
        self._close_leech()
        self.current = card
        self.revealed = True
        self.started = self.ctx.monotonic()
        self.render()

    def toggle_star(self) -> None:
        if self.current is None:
            return
        qid = self.current.question_id
        self.deck.toggle_star(qid)
        self.render()

    def _open_in_browse(self) -> None:
        if self.current is not None:
            self.open_question.emit(self.current.question_id)

    def _drop_from_queue(self, key: tuple[str, str]) -> None:
        self.queue = [c for c in self.queue if (c.question_id, c.card_key) != key]

    def bury(self) -> None:
        if self.current is not None:
            self.deck.bury(self.current)
            self._drop_from_queue(self.key())  # a learning card waiting its step goes too
            self.next_card()

    def suspend(self) -> None:
        """Take the card out of the deck; the notice above the next card (or Ctrl+Z)
        brings it back, so a slip of the finger costs nothing."""
        if self.current is None:
            return
        card = self.deck.suspend(self.current)
        q, _ = self.deck.card_text(self.key())
        self._drop_from_queue(self.key())
        if not self.queue:                     # the last card: the summary offers the undo
            self.current, self.suspended = None, card
            self.finished.emit()
            return
        self.next_card()
        self.suspended = card
        self._show_notice(f"Suspended “{plain_text(q.title)}”: it will not be shown again.",
                          undo=True)

    def unsuspend(self) -> None:
        """Undo the last suspension: the card is back and on show again."""
        card, self.suspended = self.suspended, None
        if card is None:
            return
        card = self.deck.unsuspend(card)
        self._show_notice("")
        if self.current is not None:
            self.queue.insert(0, self.current)
        self.current = card
        self.revealed = False
        self.started = self.ctx.monotonic()
        self.render()
        self.setFocus()

    def _show_notice(self, text: str, undo: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.undo_suspend.setVisible(undo)

    def reset_card(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(self, "Reset card",
                                      "Forget this card's schedule and start it as new? "
                                      "Its review history is kept.")
        if answer == QMessageBox.Yes:
            self.deck.reset(self.current)
            self.next_card()

    def end(self) -> None:
        self.queue = []
        self.current = None
        self.finished.emit()

    def keyPressEvent(self, event) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.KeyPress and self._key(event):
            return True
        return super().eventFilter(watched, event)

    def _key(self, event) -> bool:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key_Z and mods & Qt.ControlModifier:
            self.undo()
        elif mods & ~(Qt.KeypadModifier | Qt.ShiftModifier):  # Shift types @
            return False
        elif key in (Qt.Key_Space, Qt.Key_Return, Qt.Key_Enter):
            if self.show_button.isVisible():
                self.show_button.click()
            else:
                self.answer(self.suggested or 3)
        elif Qt.Key_1 <= key <= Qt.Key_4:
            self.answer(key - Qt.Key_0)
        elif key == Qt.Key_E:
            self._open_in_browse()
        elif key == Qt.Key_S:
            self.toggle_star()
        elif key == Qt.Key_Minus:
            self.bury()
        elif key == Qt.Key_At:
            self.suspend()
        elif key == Qt.Key_Escape:
            self.end()
        else:
            return False
        return True


class FlashcardsView(QStackedWidget, Mode):
    """Overview → review → summary."""

    open_question = Signal(str)
    open_explorer = Signal(str)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.deck = Study(ctx.db, ctx.bank, ctx.now)
        self.overview = DeckOverview(ctx, self.deck)
        self.review = ReviewScreen(ctx, self.deck)
        self.summary = QLabel(alignment=Qt.AlignCenter, wordWrap=True)
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addStretch(1)
        summary_layout.addWidget(self.summary)
        back = QPushButton("Back to the decks")
        back.clicked.connect(self.show_overview)
        summary_layout.addWidget(back, 0, Qt.AlignCenter)
        self.summary_undo = QPushButton("Undo suspend",
                                        toolTip="Bring back the card just suspended (Ctrl+Z)")
        self.summary_undo.clicked.connect(self.undo_suspend)
        summary_layout.addWidget(self.summary_undo, 0, Qt.AlignCenter)
        undo = QShortcut(QKeySequence.Undo, summary_page, self.undo_last)
        undo.setContext(Qt.WidgetWithChildrenShortcut)
        summary_layout.addStretch(1)
        self.shapes = ShapePractice(ctx)
        shapes_page = QWidget()
        shapes_layout = QVBoxLayout(shapes_page)
        back_to_decks = QPushButton("◀  Back to the decks")
        back_to_decks.clicked.connect(self.show_overview)
        shapes_layout.addWidget(back_to_decks, 0, Qt.AlignLeft)
        shapes_layout.addWidget(self.shapes, 1)
        for page in (self.overview, self.review, summary_page, shapes_page):
            self.addWidget(page)
        self.overview.practise_shapes.connect(self.show_shapes)
        self.overview.study.connect(self.start)
        self.review.finished.connect(self.show_summary)
        self.review.open_question.connect(self.open_question)
        self.review.open_explorer.connect(self.open_explorer)
        undo = QShortcut(QKeySequence.Undo, self.overview, self.undo_last)
        undo.setContext(Qt.WidgetWithChildrenShortcut)
        self.open_question.connect(ctx.events.open_question)
        self.open_explorer.connect(ctx.events.open_explorer)
        ctx.events.progress_changed.connect(self.show_overview)   # e.g. new scheduling settings

    def activate(self) -> None:
        if self.currentIndex() == 0:
            self.deck.reload(self.ctx.bank)
            self.overview.refresh()
            self.overview.tree.setFocus()      # "press Enter" studies the selected deck

    def start(self, scope: Scope) -> None:
        self.setCurrentIndex(1)
        self.review.start(scope)

    def undo_last(self) -> None:
        """Ctrl+Z on the deck list takes back a suspension just made at the end of a
        session, else the most recent review, and shows its card."""
        if self.review.suspended is not None:
            self.undo_suspend()
            return
        card = self.deck.undo()
        if card is None:
            return
        self.setCurrentIndex(1)
        self.review.start_after_undo(card)

    def undo_suspend(self) -> None:
        self.setCurrentIndex(1)
        self.review.unsuspend()

    def apply_theme(self, dark: bool) -> None:
        self.review.apply_colors()
        if self.currentWidget() is self.review and self.review.current is not None:
            self.review.render(self.review.shown_full)
            if self.review.drill.question is not None:
                self.review.drill.render_prompt()

    def apply_text_size(self, scale: float) -> None:
        """The card on show is set again at the new size (its front and column width)."""
        if self.currentWidget() is self.review and self.review.current is not None:
            self.review.render(self.review.shown_full)

    def show_overview(self) -> None:
        self.deck.reload(self.ctx.bank)
        self.overview.refresh()
        self.setCurrentIndex(0)
        self.overview.tree.setFocus()

    def show_shapes(self) -> None:
        self.setCurrentIndex(3)
        self.shapes.answer.setFocus()

    def show_summary(self) -> None:
        s = self.review.session
        suspended = self.review.suspended is not None
        if s["count"] == 0 and suspended:
            text = "<h2>Session done</h2>"
        elif s["count"] == 0:
            text = ("<h2>Nothing due here right now</h2><p>No new or due cards in this selection."
                    " Pick another topic, or come back when cards are due.</p>")
        else:
            upcoming = [c.due for c in self.deck.in_scope(self.review.scope)
                        if c.state != srs.NEW and not c.suspended]
            nxt = min(upcoming) if upcoming else None
            when = (srs.format_interval(max(dt.timedelta(0), nxt - self.ctx.now()))
                    if nxt else "—")
            text = (f"<h2>Session done</h2><p>Cards reviewed: <b>{s['count']}</b><br>"
                    f"Time: <b>{s['ms'] / 60000:.1f} min</b><br>"
                    f"Again rate: <b>{s['again'] / s['count']:.0%}</b><br>"
                    f"Next card due in: <b>{when}</b></p>")
        if suspended:
            text += ("<p>You suspended the last card; <i>Undo suspend</i> (Ctrl+Z) brings it "
                     "back.</p>")
        self.summary_undo.setVisible(suspended)
        self.summary.setText(text)
        self.setCurrentIndex(2)

    def shutdown(self) -> None:
        self.review.current = None
