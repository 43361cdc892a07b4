"""The main window: mode switcher, menus, status bar, theme and remembered layout."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studyapp import __version__, paths
from studyapp.ui import theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from studyapp.ui.context import Context
    from studyapp.ui.dialogs import SettingsDialog
    from studyapp.ui.mode import Mode

MODES = ("Browse", "Flashcards", "Interview", "Explore", "Stats", "Drills")


class MainWindow(QMainWindow):
    def __init__(self):
        """The window's frame (mode bar, menu titles, status bar) without questions yet,
        so it can be painted before the database and bank are loaded; ``attach`` fills it.

        The frame touches as few Qt classes from Python as it can: the first use of a
        class builds its enums (QIcon's, QAction's, QKeySequence's: milliseconds each),
        so icon, menu actions and shortcuts wait for ``attach``."""
        super().__init__()
        self.ctx: Context | None = None
        self.browse = None
        self.shipped_bank = None     # a bank folder replacing the shipped one (tests)
        self.extra_banks: list = []  # --bank folders
        self.restored = False
        self._splitters_restored = False
        self._styled = False         # the theme's style sheet applied once
        self.setWindowTitle("DeepPrep")
        self.views: dict[str, Mode] = {}      # the modes built so far
        self._factories: dict[str, Callable[[], Mode]] = {}
        self.stack = QStackedWidget()
        self.mode_buttons = QButtonGroup(self)
        bar = QWidget(objectName="modeBar")
        bar_layout = QVBoxLayout(bar)
        bar_layout.setContentsMargins(0, 8, 0, 8)
        for index, mode in enumerate(MODES):
            self.stack.addWidget(QLabel("Loading questions…", objectName="loading")
                                 if mode == "Browse" else QWidget())
            button = QToolButton(text=mode, checkable=True)
            button.setToolTip(f"{mode} (Ctrl+{index + 1})")
            self.mode_buttons.addButton(button, index)
            bar_layout.addWidget(button)
        bar_layout.addStretch(1)
        self.mode_buttons.idClicked.connect(self.set_mode)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.menus = [self.menuBar().addMenu(title)
                      for title in ("&File", "&View", "&Question", "&Help")]
        self.menuBar().setEnabled(False)
        self.statusBar()             # created now, so the layout does not jump later

    def attach(self, ctx: Context, views: dict[str, Callable[[], Mode]]) -> None:
        """Show ``ctx``'s bank and progress. ``views`` builds the widget of every mode
        after Browse; each is built when its mode is first opened."""
        from PySide6.QtGui import QIcon

        from studyapp.ui.browse import BrowseView
        from studyapp.ui.search_indexing import SearchIndexing

        self.ctx = ctx
        self._factories = views
        self.indexing = SearchIndexing(ctx, self)
        self.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "deepprep.svg")))
        self._fill_menus(*self.menus)
        ctx.events.open_question.connect(self.open_question)
        ctx.events.open_explorer.connect(self.open_explorer)
        ctx.events.bank_changed.connect(self._data_changed)
        ctx.events.progress_changed.connect(self._data_changed)
        ctx.events.index_grew.connect(self._show_indexing)
        self.browse = BrowseView(ctx)
        self.browse.pane.shown.connect(self._show_own_actions)
        self._put_view("Browse", self.browse)
        self.menuBar().setEnabled(True)
        self._update_status()
        self._show_data_folder()
        self.apply_theme(ctx.dark)
        if not self.isVisible():     # splitters get their sizes once the window is shown
            self.installEventFilter(self)
        self.restore_layout()

    def view(self, mode: str) -> Mode:
        """The widget of a mode, built (and put in its place) on first use."""
        if mode not in self.views:
            view = self._factories[mode]()
            self._put_view(mode, view)
            view.apply_theme(self.ctx.dark)
            if view.split is not None and self._splitters_restored:
                self._restore_splitter(mode.lower(), view.split)
        return self.views[mode]

    def _put_view(self, mode: str, view: Mode) -> None:
        index = MODES.index(mode)
        empty = self.stack.widget(index)
        self.stack.insertWidget(index, view)
        self.stack.removeWidget(empty)
        empty.deleteLater()
        self.views[mode] = view

    # --- menus ---------------------------------------------------------------
    def _data_action(self, name: str) -> Callable[[], None]:
        """A menu action on the user's data; its module is imported when first used."""
        def run() -> None:
            from studyapp.ui import data_actions

            getattr(data_actions, name)(self)
        return run

    def _fill_menus(self, file_menu, view_menu, study, help_menu) -> None:
        from PySide6.QtGui import QActionGroup, QKeySequence

        def add(menu, text: str, slot, *keys):
            action = menu.addAction(text, slot)
            action.setShortcuts([QKeySequence(key) for key in keys])
            return action

        add(file_menu, "&New question…", self._data_action("new_question"), QKeySequence.New)
        add(file_menu, "&Import questions from CSV…", self._data_action("import_csv"))
        add(file_menu, "Import questions from a &Markdown folder…",
            self._data_action("import_markdown"))
        add(file_menu, "Import from An&ki…", self._data_action("import_anki"))
        add(file_menu, "Export topic to &Anki…", self._data_action("export_anki"))
        file_menu.addSeparator()
        add(file_menu, "&Export progress…", self._data_action("export_progress"))
        add(file_menu, "I&mport progress…", self._data_action("import_progress"))
        add(file_menu, "&Backups…", self._data_action("show_backups"))
        file_menu.addSeparator()
        add(file_menu, "&Settings…", self.open_settings, "Ctrl+,")
        file_menu.addSeparator()
        add(file_menu, "&Quit", self.close, QKeySequence.Quit)

        group = QActionGroup(self)
        self.mode_actions = []
        for index, mode in enumerate(MODES):
            action = add(view_menu, mode, lambda _=False, i=index: self.set_mode(i),
                         f"Ctrl+{index + 1}")
            action.setCheckable(True)
            group.addAction(action)
            self.mode_actions.append(action)
        view_menu.addSeparator()
        add(view_menu, "&Problems in the bank…", self.show_problems)

        add(study, "Star / unstar", lambda: self.browse.pane.toggle_star(), "Ctrl+S")
        add(study, "Search…", self.focus_search, "Ctrl+K", "Ctrl+F")
        study.addSeparator()
        add(study, "&Copy link", self.copy_question_link, "Ctrl+Shift+C")
        add(study, "&Go to link…", self.go_to_link, "Ctrl+L")
        study.addSeparator()
        self.own_actions = (add(study, "&Edit my question…", self._data_action("edit_question")),
                            add(study, "&Delete my question", self._data_action("delete_question")))
        study.setToolTipsVisible(True)
        self._show_own_actions(None)

        add(help_menu, "&Welcome", self.show_welcome)
        add(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "F1")
        add(help_menu, "&About DeepPrep", self.show_about)

    def _show_own_actions(self, question) -> None:
        """Edit and Delete work on the user's own questions only: enabled when one is open."""
        own = question is not None and question.user
        for action in self.own_actions:
            action.setEnabled(own)
            action.setToolTip("" if own else "Open one of your own questions (under “My "
                              "questions”) first: the shipped bank is never changed")

    def _update_status(self) -> None:
        from studyapp.core.wording import plural

        bank = self.ctx.bank
        text = f"{plural(len(bank.questions), 'question')} in {plural(len(bank.topics), 'topic')}"
        if bank.problems:
            text += f" · {plural(len(bank.problems), 'problem')} in the bank — View ▸ Problems"
        self.statusBar().showMessage(text)

    def _show_indexing(self) -> None:
        """How many questions are still to be indexed for search, beside the messages
        (which each step would otherwise replace), hidden when none are."""
        self.index_label.setText(f"Indexing for search: {self.ctx.unindexed:,} to go  ·")
        self.index_label.setVisible(self.ctx.unindexed > 0)

    def _show_data_folder(self) -> None:
        from PySide6.QtCore import Qt

        full = f"Data: {self.ctx.data_dir}"       # a long path would hide the message
        metrics = self.fontMetrics()
        self.data_label = QLabel(metrics.elidedText(full, Qt.ElideMiddle,
                                                    40 * metrics.averageCharWidth()),
                                 toolTip=full)
        self.index_label = QLabel()
        self.statusBar().addPermanentWidget(self.index_label)
        self.statusBar().addPermanentWidget(self.data_label)
        self._show_indexing()

    # --- modes ---------------------------------------------------------------
    def set_mode(self, index: int) -> None:
        if self.ctx is None:         # still loading
            return
        self.view(MODES[index])
        self.stack.setCurrentIndex(index)
        self.mode_buttons.button(index).setChecked(True)
        self.mode_actions[index].setChecked(True)
        self.stack.currentWidget().activate()

    def _data_changed(self) -> None:
        """The bank or the progress changed: the mode on show is shown fresh (the others
        read what they show when they are opened)."""
        self._update_status()
        self.stack.currentWidget().activate()

    def mode(self) -> str:
        return MODES[self.stack.currentIndex()]

    def open_question(self, question_id: str) -> None:
        if question_id not in self.ctx.bank.questions:     # a link in a note, say
            self.statusBar().showMessage(f"No question has the id “{question_id}”.", 8000)
            return
        self.set_mode(0)
        self.browse.open_question(question_id)

    def open_explorer(self, link: str) -> None:
        """Switch to Explore at the state a question's link describes."""
        self.set_mode(MODES.index("Explore"))
        self.view("Explore").open_link(link)

    def focus_search(self) -> None:
        self.set_mode(0)
        self.browse.focus_search()

    def copy_question_link(self) -> None:
        """The open question's deepprep:// link to the clipboard (said in the status bar)."""
        if self.browse.pane.question is None:
            self.statusBar().showMessage("Open a question first to copy its link.", 5000)
            return
        link = self.browse.pane.copy_link.copy()
        self.statusBar().showMessage(f"Copied {link}", 5000)

    def go_to_link(self) -> QDialog:
        """The Go to link box (shown, not run: it stays open until a link opens)."""
        from studyapp.ui.go_to_link import GoToLinkDialog

        dialog = GoToLinkDialog(self.open_link, self)
        dialog.open()
        return dialog

    def open_link(self, text: str) -> str | None:
        """Open what a deepprep:// link or a question id points at; why not, if it cannot."""
        from studyapp.core import links

        try:
            target = links.parse(text)
        except ValueError as exc:
            return str(exc)
        if target.kind == "question":
            if target.value not in self.ctx.bank.questions:
                return (f"No question has the id “{target.value}”. It may be one of your own "
                        "questions that was deleted, or from a bank not loaded now.")
            self.open_question(target.value)
            return None
        from studyapp.viz import registry, spec

        try:
            spec.parse_link(target.value, registry.EXPLORERS)
        except ValueError as exc:
            return f"That explorer link does not open: {exc}."
        self.open_explorer(target.value)
        return None

    # --- dialogs ---------------------------------------------------------------
    def open_settings(self) -> None:
        from studyapp.ui.dialogs import SettingsDialog

        choice = self.ctx.prefs["theme"]
        dialog = SettingsDialog(choice, self.ctx.prefs["srs_settings"],
                                self.ctx.prefs["text_scale"], self, db=self.ctx.db,
                                deck_size=sum(len(q.all_cards())
                                              for q in self.ctx.bank.questions.values()),
                                dark=self.ctx.dark)
        # a new parameter set schedules at once
        dialog.parameters_changed.connect(lambda _: self.ctx.events.progress_changed.emit())
        if dialog.exec() == SettingsDialog.Accepted:
            self.apply_settings(dialog)

    def apply_settings(self, dialog: SettingsDialog) -> None:
        if dialog.srs_settings() != self.ctx.prefs["srs_settings"]:
            self.ctx.prefs.set("srs_settings", dialog.srs_settings())
            self.ctx.events.progress_changed.emit()
        scale = dialog.text_scale()
        if scale != self.ctx.prefs["text_scale"]:
            self.ctx.prefs.set("text_scale", scale)
            self._apply_style(self.ctx.dark)
            for view in self.views.values():
                view.apply_text_size(scale)
            self.ctx.events.text_size_changed.emit(scale)
        self.set_theme_choice(dialog.theme_choice())

    def set_theme_choice(self, choice: str) -> None:
        self.ctx.prefs.set("theme", choice)
        self.apply_theme(theme.resolve(choice))

    def apply_theme(self, dark: bool) -> None:
        if dark == self.ctx.dark and self._styled:
            return
        self.ctx.dark = dark
        if self.ctx.prefs["shown_dark"] != dark:   # for the next start
            self.ctx.prefs.set("shown_dark", dark)
        self._apply_style(dark)
        for view in self.views.values():
            view.apply_theme(dark)
        self.ctx.events.theme_changed.emit(dark)

    def _apply_style(self, dark: bool) -> None:
        theme.apply(QApplication.instance(), dark,
                    self.ctx.prefs["text_scale"])
        self._styled = True

    def show_problems(self) -> None:
        from studyapp.ui.dialogs import ProblemsDialog

        ProblemsDialog(self.ctx.bank.problems, self).exec()

    def show_shortcuts(self) -> None:
        from studyapp.ui.dialogs import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_welcome(self) -> QDialog:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox

        from studyapp.ui.dialogs import WELCOME

        dialog = QDialog(self)
        dialog.setWindowTitle("Welcome to DeepPrep")
        layout = QVBoxLayout(dialog)
        label = QLabel(WELCOME, wordWrap=True)
        label.setMinimumWidth(520)
        layout.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        buttons.button(QDialogButtonBox.Ok).setText("Start browsing")
        buttons.accepted.connect(dialog.accept)
        layout.addWidget(buttons)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About DeepPrep",
                          f"<b>DeepPrep {__version__}</b><p>Offline preparation for "
                          "deep-learning interviews.</p>"
                          f"<p>Your data: {self.ctx.data_dir}</p>")

    # --- remembered layout ----------------------------------------------------
    def restore_geometry(self, geometry: str | None) -> None:
        """Size and place the window as the user left it (saved by ``save_layout``)."""
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        else:
            self.resize(1280, 800)

    def restore_layout(self) -> None:
        if not self.isVisible():     # a window shown before loading is placed already
            self.restore_geometry(self.ctx.prefs["window_geometry"])
        last = self.ctx.prefs["last_mode"]
        self.set_mode(MODES.index(last) if last in MODES else 0)
        self.browse.restore_state()
        if not self.ctx.prefs["welcomed"]:
            self.ctx.prefs.set("welcomed", True)
            self.welcome = self.show_welcome()
        self._restore_splitters()

    def eventFilter(self, watched, event) -> bool:
        """Installed by ``attach`` on a window not yet shown (an override of showEvent
        would build QEvent's enums before the first paint)."""
        from PySide6.QtCore import QEvent

        if watched is self and event.type() == QEvent.Show:
            self.removeEventFilter(self)
            self._restore_splitters()
        return False

    def _restore_splitters(self) -> None:
        """Splitter sizes are restored once, when the window has its real size and its
        questions."""
        if self._splitters_restored or self.ctx is None or not self.isVisible():
            return
        self._splitters_restored = True
        for name, splitter in self.splitters().items():
            self._restore_splitter(name, splitter)

    def _restore_splitter(self, name: str, splitter) -> None:
        state = self.ctx.prefs[f"splitter_{name}"]
        if state:
            splitter.restoreState(QByteArray.fromBase64(state.encode()))

    def splitters(self) -> dict:
        found = {"browse": self.browse.split, "browse_answer": self.browse.pane.split}
        for mode, view in self.views.items():
            if view.split is not None:
                found.setdefault(mode.lower(), view.split)
        return found

    def save_layout(self) -> None:
        self.ctx.prefs.set("window_geometry", bytes(self.saveGeometry().toBase64()).decode())
        for name, splitter in self.splitters().items():
            self.ctx.prefs.set(f"splitter_{name}", bytes(splitter.saveState().toBase64()).decode())
        self.ctx.prefs.set("last_mode", self.mode())

    def closeEvent(self, event) -> None:
        if self.restored or self.ctx is None:   # swapped for a backup, or never loaded
            super().closeEvent(event)
            return
        self.indexing.timer.stop()           # what is left is indexed at the next start
        self.browse.pane.save_note()
        for view in self.views.values():
            view.shutdown()
        self.save_layout()
        super().closeEvent(event)
