import datetime as dt

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QPushButton

from studyapp.core import palette, srs
from studyapp.core.render import LIGHT
from studyapp.store.review_log import log_rows, save_cards, stored_cards
from studyapp.store.settings_table import get_setting, set_setting

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Clock:
    """Injected wall clock and monotonic clock that tests move by hand."""

    def __init__(self, start=T0):
        self.now = start
        self.seconds = 0.0

    def __call__(self):
        return self.now

    def monotonic(self):
        return self.seconds

    def advance(self, **delta):
        step = dt.timedelta(**delta)
        self.now += step
        self.seconds += step.total_seconds()


def open_flashcards(qtbot, make_window, clock, **kwargs):
    window = make_window(**kwargs)
    window.ctx.now = clock
    window.ctx.monotonic = clock.monotonic
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    view = window.views["Flashcards"]
    assert view.currentWidget() is view.overview
    return window, view


def pick_topic(view, title):
    tree = view.overview.tree
    item = tree.findItems(title, Qt.MatchExactly | Qt.MatchRecursive)[0]
    tree.setCurrentItem(item)
    tree.setFocus()
    return item


def counts(item):
    return [item.text(col) for col in range(1, 5)]


def test_study_a_topic_by_keys_only(qtbot, make_window, screenshot):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    item = pick_topic(view, "Basics")
    assert counts(item) == ["2", "0", "0", "0%"]     # 3 cards, siblings wait a day
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    assert view.currentWidget() is review
    assert review.current.question_id == "relu-definition"
    assert not review.rate_buttons[3].isVisible()
    screenshot(window, "flashcards_question_light")
    clock.advance(seconds=7)
    qtbot.keyClick(review, Qt.Key_Space)
    assert "does not saturate" in review.view.toPlainText()
    assert "Explore: Activation functions ▸" in review.view.toPlainText()
    assert review.rate_buttons[3].text().startswith("Good  10m")
    assert review.rate_buttons[1].text().startswith("Again  1m")
    screenshot(window, "flashcards_answer_light")
    answered = []
    while view.currentWidget() is review:
        answered.append(review.current.question_id)
        qtbot.keyClick(review, Qt.Key_Space)
        qtbot.keyClick(review, Qt.Key_3)
    # two new cards, each twice (learning step, then graduation); the sibling card waits
    assert answered == ["relu-definition", "softmax-definition"] * 2
    assert "Cards reviewed: <b>4</b>" in view.summary.text()
    rows = log_rows(window.ctx.db)
    assert [r["rating"] for r in rows] == [3, 3, 3, 3]
    assert rows[0]["duration_ms"] == 7000
    states = stored_cards(window.ctx.db)
    assert states[("relu-definition", "q")].state == srs.REVIEW
    assert ("relu-definition", "c1") not in states


def test_undo_restores_the_card_and_survives_restart(qtbot, make_window, tmp_path):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    qtbot.keyClick(review, Qt.Key_Space)
    qtbot.keyClick(review, Qt.Key_4)          # Easy: relu graduates at once
    assert review.current.question_id == "softmax-definition"
    qtbot.keyClick(review, Qt.Key_Space)
    qtbot.keyClick(review, Qt.Key_1)          # Again on softmax
    qtbot.keyClick(review, Qt.Key_Z, Qt.ControlModifier)
    assert review.current.question_id == "softmax-definition"
    assert review.current.state == srs.NEW and review.revealed
    qtbot.keyClick(review, Qt.Key_Z, Qt.ControlModifier)
    assert review.current.question_id == "relu-definition"
    assert review.current.state == srs.NEW
    qtbot.keyClick(review, Qt.Key_3)          # answer relu again, now with Good
    assert log_rows(window.ctx.db)[-1]["rating"] == 3
    window.close()
    window.ctx.db.close()

    window, view = open_flashcards(qtbot, make_window, clock, data_dir=tmp_path / "data")
    card = view.deck.cards[("relu-definition", "q")]
    assert card.state == srs.LEARNING and card.reps == 1
    assert [r["rating"] for r in log_rows(window.ctx.db)] == [3]
    # undo still works after the restart
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    qtbot.keyClick(view.review, Qt.Key_Z, Qt.ControlModifier)
    assert view.review.current.question_id == "relu-definition"
    assert log_rows(window.ctx.db) == []


def test_ctrl_z_on_the_deck_list_after_a_restart_takes_back_the_last_review(
        qtbot, make_window, tmp_path):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    qtbot.keyClick(view.review, Qt.Key_Space)
    qtbot.keyClick(view.review, Qt.Key_3)
    window.close()
    window.ctx.db.close()

    window, view = open_flashcards(qtbot, make_window, clock, data_dir=tmp_path / "data")
    assert len(log_rows(window.ctx.db)) == 1
    qtbot.keyClick(view.overview.tree, Qt.Key_Z, Qt.ControlModifier)
    assert view.currentWidget() is view.review
    assert view.review.current.question_id == "relu-definition"
    assert view.review.current.state == srs.NEW and view.review.revealed
    assert log_rows(window.ctx.db) == []
    qtbot.keyClick(view.review, Qt.Key_4)                  # rated anew
    assert [r["rating"] for r in log_rows(window.ctx.db)] == [4]


def test_a_deck_counts_only_what_studying_it_gives_today(qtbot, make_window):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    set_setting(window.ctx.db, "srs_settings", {"new_per_day": 1})
    window.ctx.events.progress_changed.emit()              # as the settings dialog does
    item = pick_topic(view, "Basics")
    assert counts(item)[0] == "1"                          # the daily limit, not 3
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    qtbot.keyClick(view.review, Qt.Key_Space)
    qtbot.keyClick(view.review, Qt.Key_4)
    assert "Cards reviewed: <b>1</b>" in view.summary.text()
    view.show_overview()
    item = pick_topic(view, "Basics")
    assert counts(item)[0] == "0"                          # nothing more today
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    assert "Nothing due here right now" in view.summary.text()


def review_row(qid, key, due, stability=3.0):
    return srs.CardState(qid, key, due=due, state=srs.REVIEW, stability=stability, difficulty=6,
                         last_review=due - dt.timedelta(days=stability), reps=4).to_row()


def test_overdue_banner_spreads_the_backlog(qtbot, make_window, tmp_path):
    clock = Clock()
    window = make_window()
    db = window.ctx.db
    set_setting(db, "srs_settings", {"reviews_per_day": 4})
    save_cards(db, [
        review_row("relu-definition", "q", T0 - dt.timedelta(days=9)),
        review_row("relu-definition", "c1", T0 - dt.timedelta(days=8)),
        review_row("softmax-definition", "q", T0 - dt.timedelta(days=7), stability=20),
        review_row("overfitting-signs", "q", T0 - dt.timedelta(days=6)),
    ])
    window.close()
    db.close()
    window, view = open_flashcards(qtbot, make_window, clock, data_dir=tmp_path / "data")
    overview = view.overview
    assert overview.banner.isVisible()
    assert "4 overdue cards" in overview.banner.text()
    overview.spread_backlog(4)
    assert not overview.banner.isVisible()
    dues = sorted(c.due for c in view.deck.cards.values() if c.state == srs.REVIEW)
    assert dues[0] == T0
    assert [d.date() for d in dues[1:]] == sorted({d.date() for d in dues[1:]})
    assert all(d >= T0 for d in dues)


def test_leech_prompt_offers_the_full_answer(qtbot, make_window, tmp_path, screenshot):
    window, view, review = open_on_a_leech(qtbot, make_window, tmp_path, Clock())
    assert review.current.question_id == "relu-definition"
    assert "forgotten this card 2 times" in review.leech.text()
    assert "Details" in review.view.toPlainText()
    screenshot(window, "flashcards_leech")
    assert view.deck.cards[("relu-definition", "q")].leech
    qtbot.keyClick(review, Qt.Key_Space)    # continue
    assert not review.leech.isVisible()
    assert review.current.question_id == "softmax-definition"


def test_suspend_and_bury_from_the_review_screen(qtbot, make_window):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    pick_topic(view, "All topics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    first = review.key()
    qtbot.keyClick(review, Qt.Key_At, Qt.ShiftModifier)
    second = review.key()
    qtbot.keyClick(review, Qt.Key_Minus)
    stored = stored_cards(window.ctx.db)
    assert stored[first].suspended
    assert stored[second].buried_until > T0
    qtbot.keyClick(review, Qt.Key_Escape)
    view.show_overview()

    def queued():
        return [(c.question_id, c.card_key) for c in view.deck.queue(view.overview.scope())]

    assert first not in queued() and second not in queued()
    clock.advance(days=1)
    assert second in queued() and first not in queued()


def test_dark_review_screen_renders_math(qtbot, make_window, screenshot):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    window.set_theme_choice("dark")
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    qtbot.keyClick(review, Qt.Key_Space)
    qtbot.mouseClick(review.full_button, Qt.LeftButton)
    assert "math:" in review.view.toHtml() or "<img" in review.view.toHtml()
    screenshot(window, "flashcards_answer_dark")
    window.set_theme_choice("light")                # the card on show follows, still full
    assert LIGHT.text in review.view.document().defaultStyleSheet()
    assert "Details" in review.view.toPlainText()


def test_settings_dialog_changes_the_daily_limit(qtbot, make_window):
    from studyapp.ui.dialogs import SettingsDialog

    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    dialog = SettingsDialog("light", {}, parent=window)
    qtbot.addWidget(dialog)
    dialog.new_per_day.setValue(1)
    dialog.learning.setText("2, 30")
    dialog.retention.setValue(0.95)
    window.apply_settings(dialog)
    assert get_setting(window.ctx.db, "srs_settings")["learning_steps"] == [2, 30]
    assert view.deck.settings.new_per_day == 1
    assert len(view.deck.queue(view.overview.scope())) == 1
    dialog.learning.setText("soon")
    dialog._accept()
    assert "whole minutes" in dialog.error.text()


def test_a_drill_is_a_solve_card_graded_by_its_tests(qtbot, make_window, screenshot):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    pick_topic(view, "More")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    while review.current.question_id != "softmax-drill" or review.current.card_key != "q":
        qtbot.keyClick(review, Qt.Key_Space)          # other cards of the topic first
        qtbot.keyClick(review, Qt.Key_3)
    assert review.pages.currentWidget() is review.drill
    editor = review.drill.editor
    editor.selectAll()
    editor.setFocus()
    qtbot.keyClicks(editor, "def softmax(z):")         # a wrong solution first
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.keyClicks(editor, "return z")
    with qtbot.waitSignal(review.drill.ran, timeout=20000) as blocker:
        qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert not blocker.args[0].passed
    assert review.revealed and review.suggested == 1
    assert review.rate_buttons[1].text().endswith("← tests")
    assert "Reference solution" in review.view.toPlainText()
    assert "0 of 2 tests pass" in review.view.toPlainText()
    screenshot(window, "flashcards_solve_card")
    clock.advance(seconds=30)
    qtbot.keyClick(review, Qt.Key_Return)              # Enter takes the tests' grade
    rows = log_rows(window.ctx.db)
    assert (rows[-1]["question_id"], rows[-1]["rating"]) == ("softmax-drill", 1)


def test_enter_on_the_deck_page_starts_studying_at_once(qtbot, make_window):
    window, view = open_flashcards(qtbot, make_window, Clock())
    assert view.overview.tree.hasFocus()                 # not the tag box
    qtbot.keyClick(window.focusWidget(), Qt.Key_Return)
    assert view.currentWidget() is view.review and view.review.current is not None


def test_an_undone_rating_is_not_counted_in_the_session_summary(qtbot, make_window):
    clock = Clock()
    _window, view = open_flashcards(qtbot, make_window, clock)
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    qtbot.keyClick(review, Qt.Key_Space)
    qtbot.keyClick(review, Qt.Key_1)                        # Again…
    qtbot.keyClick(review, Qt.Key_Z, Qt.ControlModifier)    # …undone
    while view.currentWidget() is review:
        qtbot.keyClick(review, Qt.Key_Space)
        qtbot.keyClick(review, Qt.Key_3)
    assert "Cards reviewed: <b>4</b>" in view.summary.text()
    assert "Again rate: <b>0%</b>" in view.summary.text()


def studying_the_math_card(qtbot, make_window, tmp_path, clock, look=None):
    """The ReLU derivative card (math on its front) due today, first in the session."""
    window = make_window()
    db = window.ctx.db
    save_cards(db, [review_row("relu-definition", "c1", T0 - dt.timedelta(hours=2))])
    window.close()
    db.close()
    window, view = open_flashcards(qtbot, make_window, clock, data_dir=tmp_path / "data")
    if look is not None:
        look(window)
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    assert view.review.key() == ("relu-definition", "c1")
    return window, view, view.review


def front_format(review, text):
    doc = review.view.document()
    cursor = doc.find(text)
    assert not cursor.isNull(), text
    return cursor


def bottom_edge_colors(button):
    image = button.grab().toImage()
    y = image.height() - 2
    return {image.pixelColor(x, y).name() for x in range(4, image.width() - 4)}


@pytest.mark.parametrize("theme_choice", ["light", "dark"])
def test_the_front_is_centred_and_large_and_the_grades_wear_their_colours(
        qtbot, make_window, tmp_path, theme_choice):
    clock = Clock()
    window, _view, review = studying_the_math_card(qtbot, make_window, tmp_path, clock)
    window.set_theme_choice(theme_choice)
    cursor = front_format(review, "Derivative of ReLU")
    assert cursor.blockFormat().alignment() & Qt.AlignHCenter
    body_px = review.view.font_px()
    front_px = cursor.charFormat().font().pixelSize()
    assert front_px >= 1.5 * body_px                      # not the body's size
    block = cursor.block()                                 # its math typeset on the line
    fragments = []
    it = block.begin()
    while not it.atEnd():
        fragments.append(it.fragment())
        it += 1
    images = [f.charFormat().toImageFormat() for f in fragments if f.charFormat().isImageFormat()]
    assert images and images[0].name().startswith("math:")
    formula = window.ctx.math.formulas[QUrl(images[0].name()).path()]
    assert formula.latex == "x > 0" and formula.size >= front_px    # set at the front's size
    qtbot.keyClick(review, Qt.Key_Space)
    colors = palette.get(theme_choice == "dark")
    for rating, role in palette.GRADE_ROLES.items():
        button = review.rate_buttons[rating]
        assert getattr(colors, role) in bottom_edge_colors(button), (rating, role)
        assert review.deck.previews(review.current)[rating]     # an interval is shown
    assert review.rate_buttons[3].text().startswith("Good  ")
    assert len({frozenset(bottom_edge_colors(b)) for b in review.rate_buttons.values()}) == 4


def test_suspend_and_reset_sit_apart_from_the_grades_and_both_can_be_taken_back(
        qtbot, make_window, monkeypatch):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    pick_topic(view, "All topics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    qtbot.keyClick(review, Qt.Key_Space)
    suspend, reset = review.action_buttons["Suspend"], review.action_buttons["Reset…"]

    def rect(widget):
        return widget.rect().translated(widget.mapTo(review, widget.rect().topLeft()))

    grades = rect(review.rate_buttons[1]).united(rect(review.rate_buttons[4]))
    for button in (suspend, reset):
        assert button.isVisible()
        assert rect(button).top() > grades.bottom() + 8      # below the row, not in it
        assert not rect(button).intersects(grades.adjusted(-40, -40, 40, 40))
    assert rect(reset).left() - rect(suspend).right() > review.width() // 2

    first = review.key()
    qtbot.mouseClick(suspend, Qt.LeftButton)                 # a slip of the mouse…
    stored = stored_cards(window.ctx.db)
    assert stored[first].suspended and review.key() != first
    assert review.notice.isVisible() and "Suspended" in review.notice.text()
    qtbot.mouseClick(review.undo_suspend, Qt.LeftButton)     # …taken back at once
    stored = stored_cards(window.ctx.db)
    assert not stored[first].suspended
    assert review.key() == first and not review.notice.isVisible()
    qtbot.keyClick(review, Qt.Key_At, Qt.ShiftModifier)      # by keys: @ then Ctrl+Z
    qtbot.keyClick(review, Qt.Key_Z, Qt.ControlModifier)
    assert review.key() == first and not view.deck.cards[first].suspended

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    qtbot.mouseClick(reset, Qt.LeftButton)
    assert asked and "start it as new" in asked[0] and review.key() == first


@pytest.mark.parametrize("theme_choice", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_screenshots_of_the_reviewer(qtbot, make_window, tmp_path, screenshot, theme_choice,
                                     scale):
    from tests.ui.test_look import set_look

    clock = Clock()
    window, _view, review = studying_the_math_card(
        qtbot, make_window, tmp_path, clock,
        look=lambda window: set_look(qtbot, window, theme_choice, scale))
    name = f"{theme_choice}_{int(scale * 100)}"
    screenshot(window, f"reviewer_front_{name}")
    qtbot.keyClick(review, Qt.Key_Space)
    screenshot(window, f"reviewer_back_{name}")
    for button in (*review.rate_buttons.values(), *review.action_buttons.values()):
        assert button.width() >= button.sizeHint().width(), button.text()
    qtbot.keyClick(review, Qt.Key_3)                 # a question card next (relu's waits)
    assert review.key() == ("softmax-definition", "q")
    screenshot(window, f"reviewer_question_{name}")
    qtbot.keyClick(review, Qt.Key_Space)
    screenshot(window, f"reviewer_question_back_{name}")


def test_suspending_the_last_card_of_a_session_can_be_taken_back(qtbot, make_window):
    clock = Clock()
    window, view = open_flashcards(qtbot, make_window, clock)
    set_setting(window.ctx.db, "srs_settings", {"new_per_day": 1})
    window.ctx.events.progress_changed.emit()
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    only = review.key()
    qtbot.keyClick(review, Qt.Key_At, Qt.ShiftModifier)     # the one card of the session
    assert view.currentWidget() is not review
    assert view.summary_undo.isVisible() and "suspended the last card" in view.summary.text()
    assert view.deck.cards[only].suspended
    qtbot.mouseClick(view.summary_undo, Qt.LeftButton)
    assert view.currentWidget() is review and review.key() == only
    assert not view.deck.cards[only].suspended
    stored = stored_cards(window.ctx.db)
    assert not stored[only].suspended
    qtbot.keyClick(review, Qt.Key_At, Qt.ShiftModifier)      # again, then Ctrl+Z on the decks
    qtbot.mouseClick(next(b for b in view.widget(2).findChildren(QPushButton)
                          if b.text() == "Back to the decks"), Qt.LeftButton)
    qtbot.keyClick(view.overview.tree, Qt.Key_Z, Qt.ControlModifier)
    assert view.currentWidget() is review and not view.deck.cards[only].suspended


def open_on_a_leech(qtbot, make_window, tmp_path, clock):
    window = make_window()
    db = window.ctx.db
    set_setting(db, "srs_settings", {"leech_threshold": 2})
    row = review_row("relu-definition", "q", T0 - dt.timedelta(hours=1))
    row["lapses"] = 1
    save_cards(db, [row])
    window.close()
    db.close()
    window, view = open_flashcards(qtbot, make_window, clock, data_dir=tmp_path / "data")
    pick_topic(view, "Basics")
    qtbot.keyClick(view.overview.tree, Qt.Key_Return)
    review = view.review
    qtbot.keyClick(review, Qt.Key_Space)
    qtbot.keyClick(review, Qt.Key_1)                      # the second lapse: a leech
    assert review.leech.isVisible()
    return window, view, review


def test_a_leech_suspended_from_its_note_keeps_its_review_and_stays_away(
        qtbot, make_window, tmp_path):
    clock = Clock()
    window, view, review = open_on_a_leech(qtbot, make_window, tmp_path, clock)
    assert "Activation functions ▸" in review.leech.text()     # the explorer by its name
    qtbot.mouseClick(review.action_buttons["Suspend"], Qt.LeftButton)
    stored = stored_cards(window.ctx.db)
    leech = stored[("relu-definition", "q")]
    assert leech.suspended and leech.lapses == 2        # the lapse is kept
    seen = []
    while view.currentWidget() is review:
        seen.append(review.key())
        qtbot.keyClick(review, Qt.Key_Space)
        qtbot.keyClick(review, Qt.Key_3)
    assert ("relu-definition", "q") not in seen               # not back in this session


def test_undo_from_a_leech_note_rates_the_card_anew_and_the_next_card_opens_normally(
        qtbot, make_window, tmp_path):
    clock = Clock()
    _window, _view, review = open_on_a_leech(qtbot, make_window, tmp_path, clock)
    qtbot.keyClick(review, Qt.Key_Z, Qt.ControlModifier)
    assert not review.leech.isVisible() and review.key() == ("relu-definition", "q")
    qtbot.keyClick(review, Qt.Key_3)
    assert review.key() == ("softmax-definition", "q") and not review.revealed
    qtbot.keyClick(review, Qt.Key_Space)                      # shows the answer, no skip
    assert review.revealed and review.key() == ("softmax-definition", "q")
