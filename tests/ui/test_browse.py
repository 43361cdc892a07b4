import pytest
from PySide6.QtCore import Qt

from studyapp.core.render import DARK
from studyapp.store.user_marks import get_note


def row_of(window, question_id):
    lst = window.browse.list
    for row in range(lst.count()):
        if lst.key(row) == question_id:
            return row
    raise AssertionError(f"{question_id} not in the list")


def listed(browse):
    return [browse.list.key(row) for row in range(browse.list.count())]


def click_row(qtbot, window, question_id):
    lst = window.browse.list
    qtbot.mouseClick(lst.viewport(), Qt.LeftButton,
                     pos=lst.row_rect(row_of(window, question_id)).center())


def test_browse_by_keyboard_and_mouse(qtbot, make_window, screenshot):
    window = make_window()
    browse = window.browse
    assert browse.count.text() == "4 questions"
    # choose the "More" topic with the keyboard: Down twice from "All questions"
    browse.tree.setFocus()
    qtbot.keyClick(browse.tree, Qt.Key_Down)
    qtbot.keyClick(browse.tree, Qt.Key_Down)
    assert browse.current_topic() == "02-more"
    assert browse.count.text() == "2 questions"
    browse.tree.setCurrentItem(browse.tree.topLevelItem(0))
    click_row(qtbot, window, "softmax-definition")
    assert window.browse.pane.title.text() == "How is softmax computed stably?"
    html = browse.pane.answer.toHtml()
    assert "math:" in html and "Key points" in html
    screenshot(window, "browse_light")


def test_hidden_answer_revealed_by_space(qtbot, make_window):
    window = make_window()
    browse = window.browse
    qtbot.mouseClick(browse.spoilers, Qt.LeftButton)
    click_row(qtbot, window, "relu-definition")
    assert "Answer hidden" in browse.pane.answer.toPlainText()
    browse.list.setFocus()
    qtbot.keyClick(browse.list, Qt.Key_Space)
    assert "cheap and does not saturate" in browse.pane.answer.toPlainText()


def test_search_live_and_click_result(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_K, Qt.ControlModifier)
    assert window.browse.search.hasFocus()
    qtbot.keyClicks(window.browse.search, "overfl")
    qtbot.waitUntil(lambda: window.browse.count.text() == "in all topics · 1 result")
    assert "<b><u>" in window.browse.list.html(0)
    click_row(qtbot, window, "softmax-definition")
    assert window.browse.pane.question.id == "softmax-definition"


def test_filters_and_q_links(qtbot, make_window):
    window = make_window()
    browse = window.browse
    browse.difficulty.setCurrentIndex(2)
    assert listed(browse) == [
        "softmax-definition"]
    browse.open_question("relu-definition")
    browse.pane.answer.question_link.emit("softmax-definition")
    assert browse.pane.question.id == "softmax-definition"


def test_star_and_note_survive_restart(qtbot, make_window, tmp_path, screenshot):
    window = make_window()
    window.browse.open_question("relu-definition")
    qtbot.mouseClick(window.browse.pane.star, Qt.LeftButton)
    assert window.browse.pane.star.text() == "★ Starred"
    note = window.browse.pane.note
    note.setFocus()
    qtbot.keyClicks(note, "dying ReLU: check the bias init")
    qtbot.waitUntil(lambda: get_note(window.ctx.db, "relu-definition") != "")
    window.browse.starred_only.setChecked(True)
    assert window.browse.count.text() == "1 question"
    window.set_theme_choice("dark")
    screenshot(window, "browse_dark")
    window.close()
    window.ctx.db.close()

    again = make_window()
    assert again.ctx.dark is True
    assert again.browse.starred_only.isChecked() is False
    again.browse.open_question("relu-definition")
    assert again.browse.pane.star.isChecked()
    assert again.browse.pane.note.toPlainText() == "dying ReLU: check the bias init"
    assert "★" in again.browse.list.html(row_of(again, "relu-definition"))


def test_layout_and_mode_remembered(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)
    assert window.mode() == "Interview"
    window.browse.split.setSizes([300, 300, 600])
    sizes = window.browse.split.sizes()
    window.close()
    window.ctx.db.close()
    again = make_window()
    assert again.mode() == "Interview"
    qtbot.keyClick(again, Qt.Key_1, Qt.ControlModifier)
    assert again.browse.split.sizes() == sizes
    assert not hasattr(again, "welcome")


def test_bad_extra_bank_file_is_listed_as_a_problem(qtbot, make_window, tmp_path, fixture_bank):
    extra = tmp_path / "extra"
    (extra / "01-x").mkdir(parents=True)
    (extra / "01-x" / "_topic.toml").write_text('title = "X"\n')
    (extra / "01-x" / "010-bad.md").write_text("+++\nid = 'broken'\n")
    window = make_window(extra=[extra])
    assert "1 problem in the bank" in window.statusBar().currentMessage()
    assert len(window.ctx.bank.questions) == 4


def test_practice_a_drill_by_typing(qtbot, make_window, screenshot):
    window = make_window()
    window.browse.open_question("softmax-drill")
    pane = window.browse.pane
    assert pane.practice.isVisible()
    qtbot.mouseClick(pane.practice, Qt.LeftButton)
    window.set_theme_choice("dark")                 # the task follows the theme
    assert DARK.text in pane.drill.prompt.document().defaultStyleSheet()
    window.set_theme_choice("light")
    editor = pane.drill.editor
    editor.selectAll()
    editor.setFocus()
    qtbot.keyClicks(editor, "import numpy as np")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.keyClicks(editor, "def softmax(z):")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.keyClicks(editor, "e = np.exp(z - z.max(axis=-1, keepdims=True))")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.keyClicks(editor, "return e / e.sum(axis=-1, keepdims=True)")
    assert "\n    return e" in editor.toPlainText()
    with qtbot.waitSignal(pane.drill.ran, timeout=20000) as blocker:
        qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert blocker.args[0].passed
    assert "2 of 2 tests pass" in pane.drill.results.toPlainText()
    screenshot(window, "drill_light")
    window.close()
    window.ctx.db.close()
    again = make_window()
    again.browse.open_question("softmax-drill")
    qtbot.mouseClick(again.browse.pane.practice, Qt.LeftButton)
    assert "return e / e.sum" in again.browse.pane.drill.editor.toPlainText()
    assert again.browse.pane.drill.status.text() == "passed before ✔"


def test_text_size_scales_the_interface_and_the_math_and_is_kept(qtbot, make_window,
                                                                  screenshot):
    from studyapp.ui.dialogs import SettingsDialog

    window = make_window()
    window.browse.open_question("softmax-definition")
    answer = window.browse.pane.answer
    base_points = answer.font().pointSizeF()
    base_px = answer.font_px()
    for scale, name in ((1.3, "browse_text_130"), (2.0, "browse_text_200")):
        dialog = SettingsDialog("light", {}, parent=window)
        qtbot.addWidget(dialog)
        dialog.text_size.setCurrentIndex(dialog.text_size.findData(scale))
        window.apply_settings(dialog)
        assert answer.font().pointSizeF() == pytest.approx(base_points * scale, abs=0.06)
        assert answer.font_px() == pytest.approx(max(13.0, answer.font().pointSizeF() * 1.45))
        screenshot(window, name)
    assert answer.font_px() > 1.9 * base_px
    # Every mode still fits a 1280-pixel-wide window at twice the text size.
    for index, mode in enumerate(("Flashcards", "Interview", "Explore", "Stats", "Drills")):
        qtbot.keyClick(window, Qt.Key_2 + index, Qt.ControlModifier)
        assert window.mode() == mode
        assert window.minimumSizeHint().width() <= 1280, mode
        screenshot(window, f"{mode.lower()}_text_200")
    again = make_window(data_dir=window.ctx.data_dir)          # kept after a restart
    assert again.browse.pane.answer.font().pointSizeF() == pytest.approx(2 * base_points,
                                                                         abs=0.06)
    dialog = SettingsDialog("light", {}, 2.0, parent=again)
    assert dialog.text_size.currentData() == 2.0
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(1.0))
    again.apply_settings(dialog)
    assert again.browse.pane.answer.font().pointSizeF() == pytest.approx(base_points)


def test_answers_show_images_only_from_the_bank_or_the_data_folder(qtbot, make_window,
                                                                   tmp_path):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    window = make_window()
    picture = QImage(50, 40, QImage.Format_RGB32)
    picture.fill(0x336699)
    outside = tmp_path / "elsewhere" / "secret.png"
    inside = window.ctx.data_dir / "bank" / "media" / "figure.png"
    for path in (outside, inside):
        path.parent.mkdir(parents=True, exist_ok=True)
        picture.save(str(path))
    view = window.browse.pane.answer
    view.set_page(f"<p><img src='{outside.as_uri()}'><img src='{outside}'>"
                  f"<img src='{inside.as_uri()}'></p>")

    def size(path_or_uri: str):
        image = view.document().resource(QTextDocument.ImageResource, QUrl(path_or_uri))
        return (image.width(), image.height())

    assert size(outside.as_uri()) == (1, 1) and size(str(outside)) == (1, 1)
    assert size(inside.as_uri()) == (50, 40)


def test_titles_show_math_as_text_and_no_source_ids(qtbot, make_window, tmp_path):
    from PySide6.QtWidgets import QLabel

    extra = tmp_path / "extra"
    (extra / "01-x").mkdir(parents=True)
    (extra / "01-x" / "_topic.toml").write_text('title = "X"\n')
    (extra / "01-x" / "010-beta.md").write_text(
        '+++\nid = "beta-small"\ndifficulty = 2\nkind = "concept"\ntags = ["diffusion"]\n'
        'sources = ["hundred:012"]\nkey_points = ["small steps keep each reverse step '
        'Gaussian"]\n+++\n# Why is the schedule small ($\\beta_t \\ll 1$)?\n\nShort.\n')
    window = make_window(extra=[extra])
    window.browse.open_question("beta-small")
    pane = window.browse.pane
    assert pane.title.text() == "Why is the schedule small (β_t ≪ 1)?"
    badges = [w.text() for w in pane.findChildren(QLabel) if w.objectName() == "badge"]
    assert "hundred:012" not in badges and "diffusion" in badges
    tooltip = window.browse.list.currentIndex().data(Qt.ToolTipRole)
    assert "$" not in tooltip and "β_t ≪ 1" in tooltip


def test_search_says_its_scope_and_widens_to_all_topics(qtbot, make_window, screenshot):
    from studyapp.ui.dialogs import SettingsDialog

    window = make_window()
    browse = window.browse
    browse.select_topic("02-more")
    browse.search.setFocus()
    qtbot.keyClicks(browse.search, "overfl")
    qtbot.waitUntil(lambda: browse.count.text() == "in More · 0 results")
    assert browse.widen.isVisible() and browse.widen.text() == "Search all topics (1)"
    assert browse.empty.showing()
    assert browse.empty.text() == ("No results in More. Press Enter or “Search all topics” "
                                   "to see the 1 result in other topics.")
    screenshot(window, "browse_search_empty_light")
    qtbot.mouseClick(browse.widen, Qt.LeftButton)
    assert browse.current_topic() == ""
    assert browse.count.text() == "in all topics · 1 result"
    assert not browse.widen.isVisible() and not browse.empty.showing()
    assert browse.search.hasFocus()
    dialog = SettingsDialog("dark", {}, parent=window)
    qtbot.addWidget(dialog)
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(2.0))
    window.apply_settings(dialog)
    browse.select_topic("02-more")
    assert browse.count.text() == "in More · 0 results" and browse.widen.isVisible()
    screenshot(window, "browse_search_empty_dark_200")


def test_enter_in_a_search_with_no_results_in_the_topic_looks_everywhere(qtbot, make_window):
    window = make_window()
    browse = window.browse
    browse.select_topic("02-more")
    browse.search.setFocus()
    qtbot.keyClicks(browse.search, "overfl")
    qtbot.keyClick(browse.search, Qt.Key_Return)       # before the search-as-you-type delay
    assert browse.current_topic() == ""
    assert listed(browse) == [
        "softmax-definition"]


def test_empty_lists_say_what_to_do(qtbot, make_window):
    window = make_window()
    browse = window.browse
    qtbot.mouseClick(browse.starred_only, Qt.LeftButton)
    assert browse.list.count() == 0
    assert browse.empty.showing() and "Star a question with Ctrl+S" in browse.empty.text()
    qtbot.mouseClick(browse.starred_only, Qt.LeftButton)
    browse.kind.setCurrentIndex(browse.kind.findData("coding"))
    browse.difficulty.setCurrentIndex(browse.difficulty.findData(3))
    assert browse.list.count() == 0
    assert "Choose “Any difficulty” and “Any kind”" in browse.empty.text()
    browse.search.setText("zzzz")
    qtbot.waitUntil(lambda: browse.count.text() == "in all topics · 0 results")
    assert "Try other words" in browse.empty.text() and not browse.widen.isVisible()
    browse.select_topic("02-more")           # nothing elsewhere either: no button to widen
    assert browse.count.text() == "in More · 0 results" and not browse.widen.isVisible()
    assert browse.empty.text().startswith("No results in More or any other topic.")
    browse.search.setFocus()
    qtbot.keyClick(browse.search, Qt.Key_Return)
    assert browse.current_topic() == "02-more"


def test_an_empty_topic_says_how_to_add_a_question(qtbot, make_window, tmp_path):
    extra = tmp_path / "extra"
    (extra / "05-empty").mkdir(parents=True)
    (extra / "05-empty" / "_topic.toml").write_text('title = "Nothing yet"\n')
    window = make_window(extra=[extra])
    browse = window.browse
    browse.select_topic("05-empty")
    assert browse.list.count() == 0 and browse.count.text() == "0 questions"
    assert browse.empty.text() == ("No questions in this topic yet. Pick another topic, or "
                                   "write a question of your own with File ▸ New question "
                                   "(Ctrl+N).")


def click_text(qtbot, view, text):
    """Click the middle of ``text`` in a text view, as a person clicks a link."""
    found = view.document().find(text)
    assert not found.isNull(), f"{text!r} not on the page"
    middle = view.document().find(text)
    middle.setPosition(found.selectionStart() + len(text) // 2)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.cursorRect(middle).center())


def type_a_note(qtbot, window, text):
    """Type ``text`` into the note of the ReLU question, as a person would; its pane."""
    window.browse.open_question("relu-definition")
    pane = window.browse.pane
    pane.note.setFocus()
    qtbot.keyClicks(pane.note, text)
    return pane


def test_note_preview_typesets_math_and_opens_links_in_the_app(qtbot, make_window,
                                                               screenshot):
    from studyapp.ui.dialogs import SettingsDialog

    window = make_window()
    pane = type_a_note(qtbot, window, "Compare **softmax**: deepprep://q/softmax-definition.")
    qtbot.keyClick(pane.note, Qt.Key_Return)
    qtbot.keyClick(pane.note, Qt.Key_Return)
    qtbot.keyClicks(pane.note, "Its gradient is $\\sigma(x)(1 - \\sigma(x))$.")
    qtbot.mouseClick(pane.preview, Qt.LeftButton)
    assert pane.preview.text() == "Edit" and pane.note_preview.isVisible()
    page = pane.note_preview.toHtml()
    assert "math:" in page and "font-weight:" in page           # typeset, bold
    assert "$" not in pane.note_preview.toPlainText()
    assert get_note(window.ctx.db, "relu-definition").startswith("Compare")
    dialog = SettingsDialog("light", {}, parent=window)
    qtbot.addWidget(dialog)
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(2.0))
    window.apply_settings(dialog)
    pane.split.setSizes([300, 300])
    screenshot(window, "browse_note_preview_light_200")
    window.set_theme_choice("dark")
    assert "math:" in pane.note_preview.toHtml()
    screenshot(window, "browse_note_preview_dark_200")
    click_text(qtbot, pane.note_preview, "deepprep://q/softmax-definition")
    assert pane.question.id == "softmax-definition"
    assert pane.preview.isChecked()                  # the other question's note, typeset
    assert "No note yet" in pane.note_preview.toPlainText()
    qtbot.mouseClick(pane.preview, Qt.LeftButton)
    assert pane.note.isVisible() and pane.note.hasFocus()


def test_copy_link_says_so_and_go_to_link_opens_it(qtbot, make_window, screenshot):
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.go_to_link import GoToLinkDialog

    window = make_window()
    window.browse.open_question("relu-definition")
    pane = window.browse.pane
    qtbot.mouseClick(pane.copy_link, Qt.LeftButton)
    assert QApplication.clipboard().text() == "deepprep://q/relu-definition"
    assert pane.copy_link.text() == "Copied ✓"
    assert "deepprep://q/relu-definition" in pane.copy_link.toolTip()
    pane.copy_link._back.timeout.emit()              # the moment passes
    assert pane.copy_link.text() == "Copy link"
    window.browse.open_question("softmax-definition")
    qtbot.keyClick(window, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    assert QApplication.clipboard().text() == "deepprep://q/softmax-definition"
    assert window.statusBar().currentMessage() == "Copied deepprep://q/softmax-definition"
    QApplication.clipboard().setText("deepprep://q/relu-definition")

    window.browse.open_question("overfitting-signs")
    qtbot.keyClick(window, Qt.Key_L, Qt.ControlModifier)
    dialog = window.findChild(GoToLinkDialog)
    assert dialog.isVisible() and dialog.box.text() == "deepprep://q/relu-definition"
    dialog.box.setFocus()
    dialog.box.setText("deepprep://q/no-such-question")
    qtbot.keyClick(dialog.box, Qt.Key_Return)
    assert dialog.isVisible() and "No question has the id “no-such-question”" in \
        dialog.error.text()
    assert dialog.box.text() == "deepprep://q/no-such-question"     # kept to correct
    screenshot(dialog, "go_to_link_refused")
    dialog.box.setText("softmax-drill")                # a bare id opens too
    qtbot.keyClick(dialog.box, Qt.Key_Return)
    assert pane.question.id == "softmax-drill"
    qtbot.waitUntil(lambda: window.findChild(GoToLinkDialog) is None)    # closed and gone

    window.activateWindow()                  # offscreen: focus does not come back itself
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key_L, Qt.ControlModifier)
    dialog = window.findChild(GoToLinkDialog)
    dialog.box.setText("deepprep://explore/softmax?T=0.3")
    qtbot.keyClick(dialog.box, Qt.Key_Return)
    assert window.mode() == "Explore"
    explore = window.views["Explore"]
    assert explore.explorer_cls.id == "softmax" and explore.params["T"] == 0.3
    qtbot.mouseClick(explore.copy_link, Qt.LeftButton)
    assert QApplication.clipboard().text() == "deepprep://explore/softmax?T=0.3"
    assert explore.copy_link.text() == "Copied ✓"


def test_edit_and_delete_are_enabled_only_on_your_own_questions(qtbot, make_window, tmp_path,
                                                                 monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from studyapp.core import user_questions

    data = tmp_path / "data"
    user_questions.save(data / "bank", user_questions.Draft(
        "What is a logit?", "A pre-softmax score.", key_points=["an unnormalised score"]),
        set())
    window = make_window(data_dir=data)
    edit, delete = window.own_actions
    assert not edit.isEnabled() and not delete.isEnabled()       # nothing open
    window.browse.open_question("relu-definition")
    assert not edit.isEnabled() and not delete.isEnabled()
    assert "own questions" in edit.toolTip()
    own = next(q for q in window.ctx.bank.questions.values() if q.user)
    window.browse.open_question(own.id)
    assert edit.isEnabled() and delete.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    delete.trigger()
    assert own.id not in window.ctx.bank.questions
    assert window.browse.pane.question is None                   # not the deleted one
    assert window.browse.current_topic() == own.topic_id         # the topic stays
    assert window.browse.list.count() == 0 and "No questions in this topic" in \
        window.browse.empty.text()
    assert not edit.isEnabled() and not delete.isEnabled()


def test_browse_reopens_the_topic_search_and_question_after_a_restart(qtbot, make_window):
    window = make_window()
    browse = window.browse
    browse.select_topic("01-basics")
    browse.search.setFocus()
    qtbot.keyClicks(browse.search, "soft")
    qtbot.waitUntil(lambda: browse.count.text().startswith("in Basics · "))
    shown = browse.count.text()
    click_row(qtbot, window, "softmax-definition")
    window.close()
    window.ctx.db.close()

    again = make_window(data_dir=window.ctx.data_dir)
    browse = again.browse
    assert browse.current_topic() == "01-basics"
    assert browse.search.text() == "soft"
    assert browse.count.text() == shown
    assert browse.pane.question.id == "softmax-definition"
    assert browse.list.current_key() == "softmax-definition"


def test_note_links_open_explorers_and_a_question_no_longer_there_says_so(qtbot,
                                                                          make_window):
    window = make_window()
    pane = type_a_note(qtbot, window,
                       "Old: deepprep://q/deleted-one, see deepprep://explore/softmax?T=2")
    qtbot.mouseClick(pane.preview, Qt.LeftButton)
    click_text(qtbot, pane.note_preview, "deepprep://q/deleted-one")
    assert pane.question.id == "relu-definition"
    assert window.statusBar().currentMessage() == "No question has the id “deleted-one”."
    click_text(qtbot, pane.note_preview, "deepprep://explore/softmax?T=2")
    assert window.mode() == "Explore"
    assert window.views["Explore"].explorer_cls.id == "softmax"
    assert window.views["Explore"].params["T"] == 2


def test_a_long_list_makes_each_rows_html_when_the_view_first_asks(qtbot):
    """Listing thousands of questions costs their ids: a row's HTML is made when it is
    laid out or shown, and once."""
    from studyapp.ui.widgets.html_list import HtmlList

    made = []
    lst = HtmlList()
    qtbot.addWidget(lst)
    lst.resize(320, 240)
    lst.set_rows([f"q{i}" for i in range(5000)], lambda key: made.append(key) or key, str.upper)
    assert made == [] and lst.count() == 5000
    lst.show()
    qtbot.waitExposed(lst)
    assert lst.select_key("q4999") and lst.current_key() == "q4999"
    assert lst.html(4999) == "q4999" and lst.currentIndex().data(Qt.ToolTipRole) == "Q4999"
    assert made.count("q4999") == 1 and made.count("q0") == 1
    assert not lst.select_key("missing") and lst.current_key() == "q4999"
