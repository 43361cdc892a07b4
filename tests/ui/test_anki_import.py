"""File ▸ Import from Anki… driven through the real window."""

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTreeWidget

from tests.store.anki_packages import write_apkg


def _menu_action(window, text: str):
    for menu in window.menus:
        for action in menu.actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu action {text!r}")


def _rows(tree: QTreeWidget) -> dict[str, list[str]]:
    rows, stack = {}, [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        rows[item.text(0)] = [item.text(c) for c in range(tree.columnCount())]
        stack += [item.child(i) for i in range(item.childCount())]
    return rows


def test_import_from_anki_through_the_file_menu_then_restart(qtbot, make_window, tmp_path,
                                                             monkeypatch, screenshot):
    package = write_apkg(tmp_path / "deck.apkg")
    window = make_window()
    messages = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, title, text, *a, **k:
                            messages.append((title, text)))
    offered = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda _p, title, _d, filters:
                        offered.append(filters) or (str(package), filters))
    _menu_action(window, "Import from Anki…").trigger()
    assert offered == ["Anki package (*.apkg *.colpkg)"]
    assert messages == [("Import from Anki",
                         "Added 4 questions, 9 reviews and 1 image from deck.apkg.")]

    # Browse shows the decks as topics, the question with its picture
    rows = _rows(window.browse.tree)
    assert "Deep learning (4)" in rows and "Optimisation (2)" in rows
    assert "Regularisation › Dropout (2)" in rows
    momentum = next(q for q in window.ctx.bank.questions.values()
                    if q.title.startswith("What does momentum"))
    window.open_question(momentum.id)
    view = window.browse.pane.answer
    picture = re.search(r"\((_media/[^)]+)\)", momentum.short).group(1)
    image = view.document().resource(QTextDocument.ImageResource, QUrl(picture))
    assert (image.width(), image.height()) == (2, 2)
    screenshot(window, "anki_import_browse")

    # Flashcards count the imported cards: those reviewed long ago due, the others new
    window.set_mode(1)
    view = window.views["Flashcards"]
    tree = view.overview.tree
    deep = tree.findItems("Deep learning", Qt.MatchStartsWith | Qt.MatchRecursive)[0]
    new, learning, due = (int(deep.text(column)) for column in (1, 2, 3))
    assert due >= 2 and new + learning + due >= 4    # without the history: 0 due, all new
    tree.setCurrentItem(deep)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key_Return)
    assert view.currentWidget() is view.review
    assert view.review.current.question_id.startswith("my-anki-")
    qtbot.keyClick(view.review, Qt.Key_Space)
    screenshot(window, "anki_import_flashcard")

    # the same package again: nothing new, said in words
    _menu_action(window, "Import from Anki…").trigger()
    assert messages[-1][1] == "Nothing new in deck.apkg: everything in it is already here."

    # restart: questions and history are still there
    data_dir = window.ctx.data_dir
    window.close()
    window.ctx.db.close()
    again = make_window(data_dir=data_dir)
    assert sum(q.startswith("my-anki-") for q in again.ctx.bank.questions) == 4
    assert again.ctx.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 9


def test_a_bad_package_is_refused_in_one_sentence(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    before = len(window.ctx.bank.questions)
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k:
                        messages.append(text))
    (tmp_path / "broken.apkg").write_bytes(b"PK\x03\x04 not really")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (
        str(tmp_path / "broken.apkg"), ""))
    _menu_action(window, "Import from Anki…").trigger()
    assert messages == [("broken.apkg is not a readable Anki package (damaged or truncated: "
                         "File is not a zip file); nothing was imported.")]
    assert len(window.ctx.bank.questions) == before


def test_cancel_in_the_progress_dialog_adds_nothing(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    window = make_window()
    before = (len(window.ctx.bank.questions),
              window.ctx.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0])
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k:
                        messages.append(text))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: self.value() >= 4)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (
        str(write_apkg(tmp_path / "deck.apkg")), ""))
    _menu_action(window, "Import from Anki…").trigger()
    assert messages == ["Import cancelled; nothing was added."]
    after = (len(window.ctx.bank.questions),
             window.ctx.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0])
    assert after == before
    assert not list((window.ctx.data_dir / "bank").rglob("*.md"))


@pytest.mark.parametrize(("theme", "scale"), [("dark", 1.0), ("light", 2.0)])
def test_imported_questions_in_the_dark_and_at_large_text(qtbot, make_window, tmp_path,
                                                          screenshot, theme, scale):
    from studyapp.store import anki_history
    from studyapp.store.settings_table import set_setting

    data = tmp_path / "data"
    first = make_window(data_dir=data)
    anki_history.import_package(write_apkg(tmp_path / "deck.apkg"), first.ctx.db,
                                data / "bank", first.ctx.bank)
    set_setting(first.ctx.db, "theme", theme)
    set_setting(first.ctx.db, "text_scale", scale)
    first.close()
    first.ctx.db.close()
    window = make_window(data_dir=data)
    cloze = next(q for q in window.ctx.bank.questions.values() if q.title.startswith("Dropout"))
    window.open_question(cloze.id)
    assert window.browse.pane.title.text() == "Dropout zeroes units with probability [symbol]."
    screenshot(window, f"anki_import_{theme}_{round(scale * 100)}")
