"""Own questions, import/export and backups driven through the real window."""

import sqlite3
import zipfile

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studyapp.store.user_marks import get_note, set_note, set_star, starred_ids
from studyapp.ui import data_actions
from studyapp.ui.question_editor import QuestionEditor


def when_modal(qtbot, action):
    """Run ``action`` on the modal dialog that the next call opens."""
    def attempt():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, attempt)
        else:
            action(dialog)
    QTimer.singleShot(0, attempt)


def test_add_edit_delete_own_question_and_restart(qtbot, make_window, screenshot, monkeypatch):
    window = make_window()
    seen = {}

    def fill(dialog: QuestionEditor):
        qtbot.keyClicks(dialog.title, "What does $\\sigma(0)$ equal?")
        qtbot.keyClicks(dialog.short, "One half.")
        dialog.details.setPlainText("Because $e^0 = 1$:\n\n$$\\sigma(0) = 1/2$$")
        qtbot.keyClicks(dialog.tags, "activations")
        dialog.save()                                     # no key point yet: refused
        seen["error"] = dialog.error.text()
        qtbot.keyClicks(dialog.key_points, "sigma(0) = 0.5")
        qtbot.keyClicks(dialog.cards, "sigma(0) :: 0.5")
        dialog.update_preview()
        seen["preview"] = dialog.preview.toPlainText()
        screenshot(dialog, "question_editor")
        dialog.save()

    when_modal(qtbot, fill)
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    assert "at least one key point" in seen["error"]
    assert "One half." in seen["preview"]
    q = window.ctx.bank.questions["my-what-does-sigma-0-equal"]
    assert q.user and q.cards[0].front == "sigma(0)" and q.tags == ("activations",)
    assert window.browse.pane.question.id == q.id            # opened in Browse
    assert (window.ctx.data_dir / "bank" / "my-questions").is_dir()

    def rename(dialog: QuestionEditor):
        dialog.title.setText("What is the sigmoid at zero?")
        dialog.save()

    when_modal(qtbot, rename)
    data_actions.edit_question(window)
    assert window.ctx.bank.questions[q.id].title == "What is the sigmoid at zero?"

    again = make_window(data_dir=window.ctx.data_dir)         # restart: still there
    assert again.ctx.bank.questions[q.id].title == "What is the sigmoid at zero?"
    again.open_question(q.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    data_actions.delete_question(again)
    assert q.id not in again.ctx.bank.questions


def test_import_export_and_backups(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    messages = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, title, text, *a, **k:
                            messages.append(f"{title}: {text}"))
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text("front,back,tags\nWhat is a logit?,A pre-softmax score.,softmax\n"
                        ",missing front,\n", encoding="utf-8")
    data_actions.import_csv(window, str(csv_path))
    assert "Added 1 question " in messages[-1] and "line 3" in messages[-1]
    assert any(q.title == "What is a logit?" for q in window.ctx.bank.questions.values())
    folder = tmp_path / "md"
    folder.mkdir()
    (folder / "010-q.md").write_text('+++\nid = "dot-product"\ndifficulty = 1\n'
                                     'kind = "math"\nkey_points = ["sum of products"]\n+++\n'
                                     "# What is a dot product?\n\nThe sum of elementwise "
                                     "products.\n", encoding="utf-8")
    data_actions.import_markdown(window, str(folder))
    assert "Added 1 question " in messages[-1]
    assert "my-dot-product" in window.ctx.bank.questions
    (tmp_path / "latin1.csv").write_bytes("front,back\nCaf\xe9,x\n".encode("latin-1"))
    data_actions.import_csv(window, str(tmp_path / "latin1.csv"))
    assert "not UTF-8" in messages[-1]

    data_actions.export_anki(window, str(tmp_path / "all.apkg"))
    zipfile.ZipFile(tmp_path / "all.apkg").extract("collection.anki2", tmp_path)
    col = sqlite3.connect(tmp_path / "collection.anki2")
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] >= len(window.ctx.bank.questions)

    set_star(window.ctx.db, "my-what-is-a-logit", True)
    set_note(window.ctx.db, "my-what-is-a-logit", "remember the sign")
    data_actions.export_progress(window, str(tmp_path / "progress.json"))
    other = make_window(data_dir=tmp_path / "other")
    assert window.statusBar().currentMessage().startswith("Saved your progress to ")
    assert "1 star, " in window.statusBar().currentMessage()
    data_actions.import_progress(other, str(tmp_path / "progress.json"))
    assert messages[-1].startswith("Import progress: Added or updated: ")
    assert "1 note" in messages[-1] and "rows" not in messages[-1]
    data_actions.import_progress(other, str(tmp_path / "progress.json"))
    assert messages[-1] == "Import progress: Nothing new: everything in this file is already here."
    assert starred_ids(other.ctx.db) == {"my-what-is-a-logit"}
    assert get_note(other.ctx.db, "my-what-is-a-logit") == "remember the sign"
    data_actions.import_progress(other, str(csv_path))
    assert "Nothing was changed" in messages[-1]

    dialog = data_actions.BackupsDialog(window)
    before = dialog.list.count()
    qtbot.mouseClick(next(b for b in dialog.findChildren(type(dialog.restore_button))
                          if b.text() == "Back up now"), Qt.LeftButton)
    assert dialog.list.count() == before + 1
    set_star(window.ctx.db, "after-backup", True)      # changed after the backup
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)
    assert window.restored and not window.isVisible()
    restarted = make_window(data_dir=window.ctx.data_dir)
    assert starred_ids(restarted.ctx.db) == {"my-what-is-a-logit"}


def test_cancelling_an_import_in_its_progress_dialog_adds_nothing(qtbot, make_window, tmp_path,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    window = make_window()
    before = len(window.ctx.bank.questions)
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k:
                        messages.append(text))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: self.value() >= 3)
    csv_path = tmp_path / "many.csv"
    csv_path.write_text("front,back\n" + "".join(f"Q{i}?,A{i}.\n" for i in range(10)))
    data_actions.import_csv(window, str(csv_path))
    assert messages == ["Import cancelled; nothing was added."]
    assert len(window.ctx.bank.questions) == before
    assert not list((window.ctx.data_dir / "bank").rglob("*.md"))
