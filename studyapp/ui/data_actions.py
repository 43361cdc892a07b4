"""File-menu actions on the user's data: own questions, import, export and backups."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from studyapp.core import anki, user_questions
from studyapp.core.wording import plural
from studyapp.services.your_data import BACKUP_POLICY, YourData
from studyapp.ui.question_editor import QuestionEditor, confirm_delete
from studyapp.ui.widgets.empty_hint import EmptyHint


def your_data(ctx) -> YourData:
    return YourData(ctx.db, ctx.data_dir, ctx.index)


def reload_bank(window) -> None:
    """Load the bank again (after the user's questions changed) and refresh the views."""
    ctx = window.ctx
    ctx.bank = your_data(ctx).reload_bank(window.extra_banks, window.shipped_bank)
    ctx.events.bank_changed.emit()


def _own_question(window):
    """The question open in Browse if it is the user's own, else None (the menu disables
    Edit and Delete then)."""
    q = window.browse.pane.question
    return q if q is not None and q.user else None


def new_question(window, question=None) -> None:
    """Open the editor for a new question, or for ``question``; show it once saved."""
    editor = QuestionEditor(window.ctx, question, parent=window)
    if editor.exec() == QDialog.Accepted:
        reload_bank(window)
        window.open_question(editor.saved_id)


def edit_question(window) -> None:
    q = _own_question(window)
    if q is not None:
        new_question(window, q)


def delete_question(window) -> None:
    q = _own_question(window)
    if q is not None and confirm_delete(window, q):
        user_questions.delete(q.path)
        reload_bank(window)


def import_csv(window, path: str | None = None) -> None:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Import questions", "",
                                              "CSV or TSV (*.csv *.tsv *.txt)")
        if not path:
            return
    _import(window, user_questions.import_csv, path)


def import_markdown(window, path: str | None = None) -> None:
    if path is None:
        path = QFileDialog.getExistingDirectory(window, "Import a folder of question files")
        if not path:
            return
    _import(window, user_questions.import_markdown, path)


def _progress_dialog(window, title: str):
    """A progress dialog and the callback an import reports to; Cancel makes it False."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    dialog = QProgressDialog("Importing questions…", "Cancel", 0, 0, window)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(500)

    def progress(done: int, total: int) -> bool:
        dialog.setMaximum(total)
        dialog.setValue(done)
        QApplication.processEvents()
        return not dialog.wasCanceled()
    return dialog, progress


def _import(window, importer, path: str) -> None:
    """Run an import with a progress dialog whose Cancel leaves the bank untouched."""
    ctx = window.ctx
    dialog, progress = _progress_dialog(window, "Import questions")
    try:
        written, errors = importer(path, ctx.data_dir / "bank", set(ctx.bank.questions),
                                   {q.title for q in ctx.bank.questions.values()}, progress)
    except ValueError as exc:
        QMessageBox.warning(window, "Import questions", str(exc))
        return
    finally:
        dialog.close()
    if written:
        reload_bank(window)
    report = f"Added {plural(len(written), 'question')} under “My questions”."
    if errors:
        report += "\n\nSkipped:\n" + "\n".join(errors[:20])
        if len(errors) > 20:
            report += f"\n… and {len(errors) - 20} more"
    QMessageBox.information(window, "Import questions", report)


def import_anki(window, path: str | None = None) -> None:
    """Notes of an Anki package as the user's questions, with their review history."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Import from Anki", "",
                                              "Anki package (*.apkg *.colpkg)")
        if not path:
            return
    ctx = window.ctx
    dialog, progress = _progress_dialog(window, "Import from Anki")
    try:
        summary = your_data(ctx).import_anki(path, ctx.bank, progress)
    except (ValueError, OSError) as exc:
        QMessageBox.warning(window, "Import from Anki", str(exc))
        return
    finally:
        dialog.close()
    if summary.questions or summary.reviews:
        reload_bank(window)
    report = summary.sentence()
    if summary.skipped:
        report += "\n\nSkipped:\n" + "\n".join(summary.skipped[:20])
        if len(summary.skipped) > 20:
            report += f"\n… and {len(summary.skipped) - 20} more"
    QMessageBox.information(window, "Import from Anki", report)


def export_anki(window, path: str | None = None) -> None:
    ctx = window.ctx
    topic = window.browse.current_topic() or None
    questions = anki.select(ctx.bank, topic)
    where = ctx.bank.topics[topic].title if topic else "the whole bank"
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, f"Export {where} to Anki",
                                              "deepprep.apkg", "Anki package (*.apkg)")
        if not path:
            return
    try:
        counts = anki.export_apkg(ctx.bank, questions, path)
    except (ValueError, OSError) as exc:
        QMessageBox.warning(window, "Export to Anki", str(exc))
        return
    window.statusBar().showMessage(
        f"Exported {counts['questions']} questions ({counts['notes']} notes) from {where}",
        8000)


def export_progress(window, path: str | None = None) -> None:
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, "Export progress",
                                              "deepprep-progress.json", "JSON (*.json)")
        if not path:
            return
    try:
        written = your_data(window.ctx).export_progress(path)
    except OSError as exc:
        QMessageBox.warning(window, "Export progress", f"Could not write the file: {exc}")
        return
    window.statusBar().showMessage(f"Saved your progress to {path}: {written}.", 8000)


def import_progress(window, path: str | None = None) -> None:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Import progress", "", "JSON (*.json)")
        if not path:
            return
    try:
        added = your_data(window.ctx).import_progress(path)
    except ValueError as exc:
        QMessageBox.warning(window, "Import progress", f"{exc}\n\nNothing was changed.")
        return
    window.ctx.events.progress_changed.emit()
    QMessageBox.information(window, "Import progress",
                            f"Added or updated: {added}." if added
                            else "Nothing new: everything in this file is already here.")


def show_backups(window) -> None:
    BackupsDialog(window).exec()


class BackupsDialog(QDialog):
    """The list of backups with their dates; back up now or restore one."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Backups")
        self.resize(440, 380)
        self.data = your_data(window.ctx)
        self.list = QListWidget()
        self.no_backups = EmptyHint(self.list, "No backups yet. “Back up now” makes one.")
        now = QPushButton("Back up now")
        now.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Restore selected…")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(now, QDialogButtonBox.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Backups in {self.data.backup_folder}. {BACKUP_POLICY}",
                                wordWrap=True))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        for path, label in self.data.backups():
            item = QListWidgetItem(label)
            item.setData(Qt.UserRole, str(path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(self.list.count() > 0)

    def back_up_now(self) -> None:
        self.data.back_up_now(dt.datetime.now())
        self.fill()

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        if QMessageBox.question(
                self, "Restore backup",
                f"Replace your current progress with the backup of {item.text()}? The "
                "current file is kept beside it, and DeepPrep closes; start it again to "
                "continue.") != QMessageBox.Yes:
            return
        from pathlib import Path

        self.data.restore(Path(item.data(Qt.UserRole)))
        self.accept()
        self.window_.restored = True
        self.window_.close()
