"""Browse mode: topic tree, searchable question list, and the answer with notes."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import links, render
from studyapp.core.bank import DIFFICULTY_NAMES, KINDS, Question
from studyapp.core.render import plain_text
from studyapp.core.scope import Scope
from studyapp.core.wording import plural
from studyapp.services.notes import Notes
from studyapp.services.search import MARK_CLOSE, MARK_OPEN, Search
from studyapp.ui.context import Context
from studyapp.ui.mode import Mode
from studyapp.ui.theme import large_text
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.copy_link import CopyLinkButton
from studyapp.ui.widgets.empty_hint import EmptyHint
from studyapp.ui.widgets.flow_layout import FlowLayout
from studyapp.ui.widgets.html_list import HtmlList
from studyapp.ui.widgets.wrapping_tree import WrappingTree

ALL_TOPICS = ""
NOTE_SAVE_DELAY_MS = 600


def question_page(view: AnswerView, q: Question, reveal: bool) -> str:
    """The HTML of a question: short answer, key points, details and follow-ups."""
    if not reveal:
        return ("<p class='muted'><i>Answer hidden — press Space or “Show answer” "
                "when you have answered it yourself.</i></p>")
    return render.question_page(q, view.markdown_html)


class QuestionPane(QWidget):
    """Title, badges, star, answer (optionally hidden) and the personal note."""

    starred = Signal(str, bool)
    open_question = Signal(str)
    open_explorer = Signal(str)
    shown = Signal(object)          # the question on show, or None

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.notes = Notes(ctx.db)
        self.question: Question | None = None
        self.revealed = True

        self.title = QLabel(objectName="questionTitle", wordWrap=True)
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.badges = FlowLayout()
        self.star = QPushButton("☆ Star", checkable=True, toolTip="Star this question (S)")
        self.star.toggled.connect(self._on_star)
        self.reveal_button = QPushButton("Show answer", toolTip="Show the answer (Space)")
        self.reveal_button.clicked.connect(self.reveal)
        self.practice = QPushButton("Practice drill", checkable=True,
                                    toolTip="Write the code yourself and run the hidden tests")
        self.practice.toggled.connect(self._on_practice)
        self._drill = None
        self.explore_row = QHBoxLayout()
        self.copy_link = CopyLinkButton(self._link, "this question")
        self.answer = AnswerView(ctx)
        self.note = QPlainTextEdit(placeholderText="Your notes in Markdown, math between "
                                   "dollar signs, saved as you type. A link such as "
                                   "deepprep://q/<id> opens in the app from the preview.")
        self.note_preview = AnswerView(ctx)
        for view in (self.answer, self.note_preview):
            view.question_link.connect(self.open_question)
            view.explore_link.connect(self.open_explorer)
        self.preview = QPushButton("Preview", checkable=True,
                                   toolTip="Show the note typeset, its links clickable")
        self.preview.toggled.connect(self._on_preview)
        self.note_status = QLabel(objectName="badge")
        self.note_status.hide()
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.note.textChanged.connect(self._note_timer.start)

        self.header = QBoxLayout(QBoxLayout.LeftToRight)   # buttons under the title
        self.header.addWidget(self.title, 1)                 # at large text sizes
        self.actions = QHBoxLayout()
        for button in (self.practice, self.reveal_button, self.star):
            self.actions.addWidget(button)
        self.header.addLayout(self.actions)
        note_box = QWidget()
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_header = QHBoxLayout()
        note_header.addWidget(QLabel("<b>My notes</b>"))
        note_header.addStretch(1)
        note_header.addWidget(self.note_status)
        note_header.addWidget(self.preview)
        note_layout.addLayout(note_header)
        self.note_pages = QStackedWidget()
        self.note_pages.addWidget(self.note)
        self.note_pages.addWidget(self.note_preview)
        note_layout.addWidget(self.note_pages)
        self.split = QSplitter(Qt.Vertical)
        self.split.addWidget(self.answer)
        self.split.addWidget(note_box)
        self.split.setStretchFactor(0, 4)
        self.split.setStretchFactor(1, 1)
        self.body = QStackedWidget()
        self.body.addWidget(self.split)
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        tags = QHBoxLayout()            # the link beside the tags: the header stays narrow
        tags.addLayout(self.badges, 1)
        tags.addWidget(self.copy_link, 0, Qt.AlignTop)
        layout.addLayout(tags)
        layout.addLayout(self.explore_row)
        layout.addWidget(self.body, 1)
        self.stack_header(large_text(ctx.prefs["text_scale"]))
        self.show_question(None)

    def stack_header(self, stacked: bool) -> None:
        """The buttons beside the title, or in a row under it (large text sizes)."""
        if stacked:
            self.header.setDirection(QBoxLayout.TopToBottom)
            self.header.setAlignment(self.actions, Qt.AlignLeft)
        else:
            self.header.setDirection(QBoxLayout.LeftToRight)
            self.header.setAlignment(self.actions, Qt.AlignTop)

    def show_question(self, q: Question | None, reveal: bool = True) -> None:
        self.save_note()
        self.question = q
        self.revealed = reveal
        self._clear_badges()
        self.practice.setVisible(bool(q and q.drill))
        self.practice.setChecked(False)
        self.shown.emit(q)
        if q is None:
            self.title.setText("Pick a question")
            self.answer.set_page("<p class='muted'>Choose a topic on the left, then a question."
                                 "</p>")
            self.preview.setChecked(False)         # no note of a question no longer shown
            self.note.blockSignals(True)
            self.note.clear()
            self.note.blockSignals(False)
            for w in (self.star, self.reveal_button, self.note, self.copy_link, self.preview):
                w.setEnabled(False)
            return
        for w in (self.star, self.note, self.copy_link, self.preview):
            w.setEnabled(True)
        self.title.setText(plain_text(q.title))
        badges = [DIFFICULTY_NAMES[q.difficulty], q.kind, *q.tags]   # not the source ids
        for text in badges:
            label = QLabel(text, objectName="badge")
            self.badges.addWidget(label)
        from studyapp.viz import registry  # NumPy and every explorer: not for the list

        for link in q.explore:
            button = QPushButton(f"Explore: {registry.link_title(link)}  ▸",
                                 toolTip=f"Open the figure ({link})")
            button.clicked.connect(lambda _=False, link=link: self.open_explorer.emit(link))
            self.explore_row.addWidget(button)
        if q.explore:
            self.explore_row.addStretch(1)
        self.star.blockSignals(True)
        starred = q.id in self.notes.starred()
        self.star.setChecked(starred)
        self.star.setText("★ Starred" if starred else "☆ Star")
        self.star.blockSignals(False)
        self.note.blockSignals(True)
        self.note.setPlainText(self.notes.note(q.id))
        self.note.blockSignals(False)
        self.note_status.hide()
        self.render()

    def _clear_badges(self) -> None:
        for row in (self.badges, self.explore_row):
            while row.count():
                item = row.takeAt(0)
                if item.widget():
                    item.widget().hide()          # gone now, deleted once back in the loop
                    item.widget().deleteLater()

    @property
    def drill(self):
        """The coding panel, built (and the code editor imported) when first needed."""
        if self._drill is None:
            from studyapp.ui.drill import DrillPanel

            self._drill = DrillPanel(self.ctx)
            self.body.addWidget(self._drill)
        return self._drill

    def _on_practice(self, on: bool) -> None:
        if on and self.question is not None and self.question.drill:
            self.drill.show_drill(self.question)
        self.body.setCurrentIndex(1 if on else 0)
        self.practice.setText("Back to the answer" if on else "Practice drill")

    def render(self) -> None:
        if self.question is None:
            return
        self.reveal_button.setEnabled(not self.revealed)
        self.answer.set_page(question_page(self.answer, self.question, self.revealed))
        self.render_note()

    def render_note(self) -> None:
        """The note typeset like the answers, when its preview is on show."""
        if not self.preview.isChecked():
            return
        text = self.note.toPlainText()
        self.note_preview.set_page(
            self.note_preview.markdown_html(links.linkify(text)) if text.strip() else
            "<p class='muted'>No note yet. Press Edit and write one in Markdown, with math "
            f"between dollar signs and links such as {links.EXAMPLE}.</p>")

    def _on_preview(self, on: bool) -> None:
        self.save_note()
        self.preview.setText("Edit" if on else "Preview")
        self.preview.setToolTip("Back to writing the note" if on else
                                "Show the note typeset, its links clickable")
        self.render_note()
        self.note_pages.setCurrentIndex(1 if on else 0)
        (self.note_preview if on else self.note).setFocus()

    def _link(self) -> str:
        return links.question_link(self.question.id) if self.question else ""

    def reveal(self) -> None:
        if self.question is not None and not self.revealed:
            self.revealed = True
            self.render()

    def toggle_star(self) -> None:
        if self.question is not None:
            self.star.toggle()

    def _on_star(self, checked: bool) -> None:
        if self.question is None:
            return
        self.notes.set_star(self.question.id, checked)
        self.star.setText("★ Starred" if checked else "☆ Star")
        self.starred.emit(self.question.id, checked)

    def save_note(self) -> None:
        self._note_timer.stop()
        if self.question is None:
            return
        body = self.note.toPlainText()
        if self.notes.save_note(self.question.id, body):
            self.note_status.setText("saved")
            self.note_status.show()


class BrowseView(QWidget, Mode):
    """Topic tree · question list with live search and filters · question pane."""

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.hide_answers = False

        self.tree = WrappingTree()
        self.search = QLineEdit(placeholderText="Search questions (Ctrl+K)", clearButtonEnabled=True)
        self.difficulty = QComboBox(toolTip="Difficulty")
        self.difficulty.addItem("Any difficulty", 0)
        for level, name in DIFFICULTY_NAMES.items():
            self.difficulty.addItem(f"{level} · {name}", level)
        self.kind = QComboBox(toolTip="Kind of question")
        self.kind.addItem("Any kind", "")
        for kind in KINDS:
            self.kind.addItem(kind, kind)
        self.starred_only = QCheckBox("Starred")
        self.spoilers = QCheckBox("Hide answers", toolTip="Study without spoilers: reveal with Space")
        self.list = HtmlList()
        self.empty = EmptyHint(self.list)
        self.count = QLabel()
        self.widen = QPushButton("Search all topics",
                                 toolTip="Look for these words in every topic (Enter)")
        self.widen.hide()
        self.more_elsewhere = 0         # results the selected topic leaves out
        self.pane = QuestionPane(ctx)
        self.pane.open_question.connect(ctx.events.open_question)
        self.pane.open_explorer.connect(ctx.events.open_explorer)
        ctx.events.bank_changed.connect(self.show_changes)
        ctx.events.progress_changed.connect(self.show_changes)
        ctx.events.index_grew.connect(self._search_again)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(self.search)
        filters = FlowLayout()          # one or two rows, more at large text sizes
        for widget in (self.difficulty, self.kind, self.starred_only, self.spoilers,
                       self.count, self.widen):
            filters.addWidget(widget)
        mid.addLayout(filters)
        mid.addWidget(self.list, 1)

        self._fit_to_text()
        self.middle = middle
        self.left = QSplitter(Qt.Vertical, childrenCollapsible=False)  # large text sizes
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(self.tree)
        self.split.addWidget(middle)
        self.split.addWidget(self.pane)
        self.split.setChildrenCollapsible(False)
        self.arrange(large_text(ctx.prefs["text_scale"]))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.split)

        self._search_timer = QTimer(self, singleShot=True, interval=80)
        self._search_timer.timeout.connect(self.refresh_list)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._on_search_enter)
        self.widen.clicked.connect(self.search_all_topics)
        self.tree.currentItemChanged.connect(lambda *_: self.refresh_list())
        for combo in (self.difficulty, self.kind):
            combo.currentIndexChanged.connect(self.refresh_list)
        self.starred_only.toggled.connect(self.refresh_list)
        self.spoilers.toggled.connect(self._on_spoilers)
        self.list.current_changed.connect(self._on_current)
        self.list.activated.connect(lambda *_: self.pane.answer.setFocus())
        self.pane.open_question.connect(self.open_question)
        self.pane.starred.connect(lambda *_: self.refresh_list(keep=True))

        for widget in (self.tree, self.list, self.pane.answer):
            widget.installEventFilter(self)
        self.build_tree()

    # --- tree ---------------------------------------------------------------
    def build_tree(self) -> None:
        self.tree.clear()
        bank = self.ctx.bank
        root = QTreeWidgetItem([f"All questions ({len(bank.questions)})"])
        root.setData(0, Qt.UserRole, ALL_TOPICS)
        self.tree.addTopLevelItem(root)

        def add(parent: QTreeWidgetItem, topic) -> None:
            count = len(bank.subtree_question_ids(topic.id))
            item = QTreeWidgetItem([f"{topic.title} ({count})"])
            item.setData(0, Qt.UserRole, topic.id)
            item.setToolTip(0, f"<b>{html.escape(topic.title)}</b> — {count} questions"
                               f"<br>{html.escape(topic.description)}")
            parent.addChild(item)
            for child in topic.children:
                add(item, child)

        for topic in bank.roots():
            add(root, topic)
        root.setExpanded(True)
        self.tree.setCurrentItem(root)
        self.tree.fit_to_words()

    def current_topic(self) -> str:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item else ALL_TOPICS

    def select_topic(self, topic_id: str) -> None:
        items = self.tree.findItems("*", Qt.MatchWildcard | Qt.MatchRecursive)
        for item in items:
            if item.data(0, Qt.UserRole) == topic_id:
                self.tree.setCurrentItem(item)
                return

    # --- list ---------------------------------------------------------------
    def visible_ids(self, topic: str | None = None) -> list[tuple[str, str]]:
        """(question id, snippet) pairs matching the search, topic (the selected one
        unless given) and filters."""
        topic = self.current_topic() if topic is None else topic
        difficulty, kind = self.difficulty.currentData(), self.kind.currentData()
        scope = Scope(topics=(topic,) if topic else (),
                      difficulties=(difficulty,) if difficulty else (),
                      kinds=(kind,) if kind else (), starred=self.starred_only.isChecked(),
                      text=self.search.text().strip())
        snippets = ({h.question_id: h.snippet for h in Search(self.ctx.index).find(scope.text)}
                    if scope.text else {})
        starred = Notes(self.ctx.db).starred() if scope.starred else set()
        return [(qid, snippets.get(qid, ""))
                for qid in scope.select(self.ctx.bank, starred, list(snippets))]

    def refresh_list(self, keep: bool = True) -> None:
        current = self.pane.question.id if (keep and self.pane.question) else None
        stars, notes = Notes(self.ctx.db).starred(), Notes(self.ctx.db).noted()
        rows = self.visible_ids()
        snippets = dict(rows)
        questions = self.ctx.bank.questions

        def row_html(qid: str) -> str:
            q = questions[qid]
            marks = ("★ " if qid in stars else "") + ("✎ " if qid in notes else "")
            dots = "●" * q.difficulty + "○" * (3 - q.difficulty)
            text = f"{marks}{html.escape(plain_text(q.title))} <span class='muted'>{dots}</span>"
            if snippets[qid]:
                snip = (html.escape(snippets[qid]).replace(MARK_OPEN, "<b><u>")
                        .replace(MARK_CLOSE, "</u></b>"))
                text += f"<br><small class='muted'>{snip}</small>"
            return text

        self.list.blockSignals(True)
        self.list.set_rows(list(snippets), row_html,
                           lambda qid: plain_text(questions[qid].title))
        if current is not None:
            self.list.select_key(current)
        self.list.blockSignals(False)
        self._show_scope(rows, stars)

    def _search_again(self) -> None:
        """More questions became searchable: a search on screen may find more."""
        if self.search.text().strip():
            self.refresh_list()

    def _searching_in(self) -> str:
        """The title of the topic a search is limited to, or "" (no search, all topics)."""
        topic = self.current_topic()
        if not topic or not self.search.text().strip():
            return ""
        return self.ctx.bank.topics[topic].title

    def _show_scope(self, rows: list, stars: set[str]) -> None:
        """The count, where a search looks, the way to widen it, and what an empty list
        means and what to do about it."""
        scoped = self._searching_in()
        everywhere = len(self.visible_ids(ALL_TOPICS)) if scoped else len(rows)
        self.more_elsewhere = everywhere - len(rows)
        if not self.search.text().strip():
            self.count.setText(plural(len(rows), "question"))
        else:
            where = scoped or "all topics"
            so_far = " so far" if self.ctx.unindexed else ""     # the index is still growing
            self.count.setText(f"in {where} · {plural(len(rows), 'result')}{so_far}")
        self.widen.setText(f"Search all topics ({everywhere})")
        self.widen.setVisible(self.more_elsewhere > 0)
        self.count.setToolTip(f"The search looks only in {scoped}" if scoped else "")
        self.empty.set_text(self._empty_text(scoped, stars))

    def _empty_text(self, scoped: str, stars: set[str]) -> str:
        """What an empty list means and what to do about it."""
        starred_only = self.starred_only.isChecked()
        if starred_only and not stars:
            return ("No starred questions yet. Star a question with Ctrl+S or its ☆ Star "
                    "button; untick “Starred” to see every question.")
        if scoped and self.more_elsewhere:
            return (f"No results in {scoped}. Press Enter or “Search all topics” to see "
                    f"the {plural(self.more_elsewhere, 'result')} in other topics.")
        if self.search.text().strip() and self.ctx.unindexed:
            return (f"No match among the questions indexed so far; "
                    f"{plural(self.ctx.unindexed, 'more question')} will be searchable in a "
                    "moment.")
        filters = "“Any difficulty” and “Any kind”" + (" or untick “Starred”" if starred_only
                                                      else "")
        if scoped:
            return (f"No results in {scoped} or any other topic. Try other words, or choose "
                    f"{filters}.")
        if self.search.text().strip():
            return f"No question matches these words. Try other words, or choose {filters}."
        topic, bank = self.current_topic(), self.ctx.bank
        if not (bank.subtree_question_ids(topic) if topic else bank.questions):
            return ("No questions in this topic yet. Pick another topic, or write a question "
                    "of your own with File ▸ New question (Ctrl+N).")
        return f"No question matches these filters. Choose {filters}."

    def search_all_topics(self) -> None:
        """Widen a search limited to a topic to the whole bank."""
        self.select_topic(ALL_TOPICS)
        self.search.setFocus()

    def _on_search_enter(self) -> None:
        """Enter runs a pending search at once; with nothing found in a topic it widens."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.refresh_list()
        if self.list.count() == 0 and self.more_elsewhere:
            self.search_all_topics()

    def _on_current(self, question_id: str | None) -> None:
        if question_id is None:
            return
        self.pane.show_question(self.ctx.bank.questions[question_id],
                                reveal=not self.hide_answers)

    def open_question(self, question_id: str) -> None:
        """Show a question, widening the filters if it is not in the list."""
        q = self.ctx.bank.questions.get(question_id)
        if q is None:
            return
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.starred_only.setChecked(False)
        self.difficulty.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.select_topic(q.topic_id)
        self.refresh_list(keep=False)
        self._select_row(question_id)

    def _select_row(self, question_id: str) -> bool:
        """Make a listed question the current row (which shows it); whether it is listed."""
        return self.list.select_key(question_id)

    # --- actions ------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched, event) -> bool:
        """Space reveals the answer from the tree, the list and the answer view."""
        if (event.type() == QEvent.KeyPress and event.key() == Qt.Key_Space
                and not event.modifiers() and not self.pane.revealed):
            self.pane.reveal()
            return True
        return super().eventFilter(watched, event)

    def _on_spoilers(self, hide: bool) -> None:
        self.hide_answers = hide
        self.ctx.prefs.set("hide_answers", hide)
        if self.pane.question is not None:
            self.pane.show_question(self.pane.question, reveal=not hide)

    def restore_state(self) -> None:
        """Spoiler setting, topic, search text and open question as they were left."""
        self.spoilers.setChecked(bool(self.ctx.prefs["hide_answers"]))
        state = self.ctx.prefs["browse_state"]
        if state.get("topic") in self.ctx.bank.topics:
            self.select_topic(state["topic"])
        if state.get("search"):
            self.search.blockSignals(True)
            self.search.setText(state["search"])
            self.search.blockSignals(False)
            self.refresh_list()
        q = self.ctx.bank.questions.get(state.get("question", ""))
        if q is not None and not self._select_row(q.id):
            self.pane.show_question(q, reveal=not self.hide_answers)

    def shutdown(self) -> None:
        """Keep the topic, search text and open question for the next start."""
        self.pane.save_note()
        q = self.pane.question
        self.ctx.prefs.set("browse_state", {"topic": self.current_topic(),
                                            "search": self.search.text(),
                                            "question": q.id if q else ""})

    def _fit_to_text(self) -> None:
        """Topic names stay readable however the splitter is squeezed."""
        self.tree.fit_to_words()

    def show_changes(self) -> None:
        """The bank or the progress changed: topics, counts and list read anew, in the
        same topic; a question that is gone (deleted) leaves the pane."""
        topic = self.current_topic()
        self.tree.blockSignals(True)
        self.build_tree()
        self.select_topic(topic)
        self.tree.blockSignals(False)
        if self.pane.question is not None and self.pane.question.id not in self.ctx.bank.questions:
            self.pane.show_question(None)
        self.refresh_list()

    def apply_theme(self, dark: bool) -> None:
        self.rerender()

    def apply_text_size(self, scale: float) -> None:
        self.arrange(large_text(scale))
        self.pane.stack_header(large_text(scale))
        self.rerender()

    def arrange(self, stacked: bool) -> None:
        """Topics, questions and the question side by side; at large text sizes the
        topics over the questions, so that the question keeps a readable width."""
        if stacked:
            self.left.addWidget(self.tree)
            self.left.addWidget(self.middle)
            self.left.setSizes([300, 400])
            self.split.insertWidget(0, self.left)
            self.left.show()
            self.split.setSizes([380, 700])
        else:
            self.split.insertWidget(0, self.tree)
            self.split.insertWidget(1, self.middle)
            self.left.setParent(None)
            self.split.setSizes([230, 330, 640])

    def rerender(self) -> None:
        """Draw the page again (theme or text size changed)."""
        self._fit_to_text()
        self.pane.render()
        if self.pane.practice.isChecked():
            self.pane.drill.render_prompt()
