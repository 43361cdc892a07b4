import datetime as dt
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from studyapp.core import interview
from studyapp.core.render import DARK
from studyapp.store.interview_sessions import interview_history, unfinished_interview
from tests.ui.test_flashcards import Clock


def open_interview(qtbot, make_window, clock, **kwargs):
    window = make_window(**kwargs)
    window.ctx.now = clock
    window.ctx.monotonic = clock.monotonic
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)
    return window, window.views["Interview"]


def start(qtbot, view, count=3, pace=0):
    setup = view.setup
    setup.count.setValue(count)
    setup.pace.setCurrentIndex(pace)           # lightning: 60 s
    qtbot.mouseClick(setup.begin_button, Qt.LeftButton)


def test_three_questions_by_keyboard_then_report_and_flashcards(qtbot, make_window, tmp_path,
                                                                 screenshot):
    clock = Clock()
    window, view = open_interview(qtbot, make_window, clock)
    screenshot(window, "interview_setup_light")
    start(qtbot, view)
    ask = view.ask
    session = view.session
    assert view.currentWidget() is ask
    assert ask.progress.text() == "Question 1/3"
    assert ask.clock.text() == "1:00"
    order = [a.question_id for a in session.answers]
    assert sorted(order) == ["overfitting-signs", "relu-definition", "softmax-definition"]

    def answer_for(qid):
        return {"relu-definition": "ReLU outputs max(0, x). The gradient is 1 for positive "
                                   "inputs and 0 for negative inputs.",
                "softmax-definition": "exponentiate the logits and normalise",
                "overfitting-signs": ""}[qid]

    # question 1: answered in 40 s, amber clock, suggested key points
    qtbot.keyClicks(ask.answer, answer_for(order[0]))
    clock.advance(seconds=40)
    view.tick()
    assert ask.clock.text() == "0:20" and ask.clock.property("clockState") == "warning"
    screenshot(window, "interview_answering_amber")
    qtbot.keyClick(ask.answer, Qt.Key_Return, Qt.ControlModifier)
    assert view.currentWidget() is view.review
    screenshot(window, "interview_review_light")
    suggested = [box.isChecked() for box in view.review.points]
    assert suggested == session.answers[0].suggested
    qtbot.keyClick(view.review, Qt.Key_3)
    # question 2: a hint, then overrun
    assert ask.progress.text() == "Question 2/3"
    qtbot.keyClick(ask.answer, Qt.Key_H, Qt.ControlModifier)
    assert "Hints" in ask.hints.text()
    qtbot.keyClick(ask.answer, Qt.Key_Escape)          # pause: time stands still
    clock.advance(seconds=300)
    view.tick()
    assert ask.paused_note.isVisible()
    qtbot.keyClick(ask.answer, Qt.Key_Escape)
    clock.advance(seconds=75)
    view.tick()
    assert ask.clock.text() == "+0:15" and ask.clock.property("clockState") == "overrun"
    qtbot.keyClicks(ask.answer, answer_for(order[1]))
    qtbot.keyClick(ask.answer, Qt.Key_Return, Qt.ControlModifier)
    qtbot.keyClick(view.review, Qt.Key_1)
    # question 3: skipped
    qtbot.mouseClick(ask.skip_button, Qt.LeftButton)
    qtbot.keyClick(view.review, Qt.Key_2)

    assert view.currentWidget() is view.report_page
    answers = session.answers
    assert [a.seconds for a in answers] == [40, 75, 0]
    assert answers[1].hints == 1 and answers[2].skipped
    text = view.report.toPlainText()
    assert f"Score: {session.score():.0f} / 100" in text
    assert "(overrun)" in text
    screenshot(window, "interview_report_light")
    history = interview_history(window.ctx.db)
    assert len(history) == 1 and history[0]["score"] == pytest.approx(session.score())
    missed = session.missed()
    assert order[1] in missed and order[2] in missed
    qtbot.mouseClick(view.send_button, Qt.LeftButton)
    view.export_to(str(tmp_path / "report.md"))
    assert (tmp_path / "report.md").read_text().startswith("# Mock interview report")
    view.export_to(str(tmp_path / "report.html"))
    assert "<table>" in (tmp_path / "report.html").read_text()

    clock.advance(minutes=1)
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    deck = window.views["Flashcards"].deck
    for qid in missed:
        assert deck.cards[(qid, "q")].due <= clock.now
    queue = [c.question_id for c in deck.queue(window.views["Flashcards"].overview.scope())]
    assert set(missed) <= set(queue)
    window.set_theme_choice("dark")
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)
    report = window.views["Interview"].report
    assert DARK.text in report.document().defaultStyleSheet()       # drawn again, dark
    assert "Time per question" in report.toPlainText()
    screenshot(window, "interview_report_dark")


def test_closed_window_resumes_at_the_same_question_and_time(qtbot, make_window, tmp_path,
                                                             monkeypatch):
    clock = Clock()
    window, view = open_interview(qtbot, make_window, clock)
    start(qtbot, view)
    first = view.session.answer.question_id
    clock.advance(seconds=25)
    view.tick()
    window.close()
    window.ctx.db.close()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    later = Clock(dt.datetime(2026, 3, 3, tzinfo=dt.UTC))
    window, view = open_interview(qtbot, make_window, later, data_dir=tmp_path / "data")
    assert view.currentWidget() is view.ask
    assert view.session.answer.question_id == first
    assert view.session.paused and view.session.elapsed() == 25
    assert view.ask.clock.text() == "0:35"
    qtbot.keyClick(view.ask.answer, Qt.Key_Escape)
    later.advance(seconds=5)
    view.tick()
    assert view.ask.clock.text() == "0:30"


def test_discarding_an_interrupted_session(qtbot, make_window, tmp_path, monkeypatch):
    clock = Clock()
    window, view = open_interview(qtbot, make_window, clock)
    start(qtbot, view)
    window.close()
    window.ctx.db.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    window, view = open_interview(qtbot, make_window, clock, data_dir=tmp_path / "data")
    assert view.currentWidget() is view.setup
    assert unfinished_interview(window.ctx.db) is None


def test_a_killed_process_resumes_within_a_second(qtbot, make_window, tmp_path, fixture_bank,
                                                  monkeypatch):
    data = tmp_path / "data"
    script = textwrap.dedent(f"""
        import os, signal
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from studyapp.ui.startup import build_window
        from studyapp.core.interview import Plan, Selection
        app = QApplication([])
        data = {str(data)!r}
        os.makedirs(data, exist_ok=True)
        window = build_window(__import__("pathlib").Path(data), None,
                              __import__("pathlib").Path({str(fixture_bank)!r}))
        t = [100.0]
        window.ctx.monotonic = lambda: t[0]
        view = window.view("Interview")
        view.begin(Selection(count=2), Plan([], seconds_per_question=90))
        for _ in range(17):
            t[0] += 0.5
            view.tick()
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                            timeout=60)
    assert result.returncode == -9, result.stderr
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    _window, view = open_interview(qtbot, make_window, Clock(), data_dir=data)
    assert view.session.phase == interview.ANSWERING
    assert abs(view.session.elapsed() - 8.5) <= 1.0


def test_spoken_mode_has_no_answer_box(qtbot, make_window):
    clock = Clock()
    _window, view = open_interview(qtbot, make_window, clock)
    view.setup.spoken.setChecked(True)
    start(qtbot, view, count=1)
    assert not view.ask.answer.isVisible() and view.ask.spoken_note.isVisible()
    clock.advance(seconds=20)
    qtbot.keyClick(view.ask, Qt.Key_Return, Qt.ControlModifier)
    assert view.currentWidget() is view.review
    assert view.session.answer.seconds == 20


def to_review(qtbot, view, answer):
    start(qtbot, view, count=1)
    qtbot.keyClicks(view.ask.answer, answer)
    qtbot.keyClick(view.ask.answer, Qt.Key_Return, Qt.ControlModifier)
    assert view.currentWidget() is view.review


def test_hints_point_the_way_step_by_step_and_say_what_they_cost(qtbot, make_window,
                                                                 screenshot):
    clock = Clock()
    _window, view = open_interview(qtbot, make_window, clock)
    start(qtbot, view, count=1)
    ask, session = view.ask, view.session
    points = session.question.key_points
    assert "costs 10 of this question's 100 points" in ask.hint_cost.text()
    assert not ask.hints.isVisible()
    qtbot.keyClick(ask.answer, Qt.Key_H, Qt.ControlModifier)
    first = ask.hints.text()
    assert "Point 1 of" in first and "starts from" in first
    qtbot.mouseClick(ask.hint_button, Qt.LeftButton)
    assert "a cue word" in ask.hints.text()
    screenshot(view, "interview_hints_light")
    for _ in range(2 * len(points) - 2):
        qtbot.keyClick(ask.answer, Qt.Key_H, Qt.ControlModifier)
    shown = ask.hints.text()
    assert all(point not in shown for point in points)        # never a point word for word
    assert not ask.hint_button.isEnabled()
    assert "No hints left" in ask.hint_cost.text()
    assert f"−{10 * 2 * len(points)} points" in ask.hint_cost.text()
    assert session.answer.hints == 2 * len(points)
    from tests.ui.test_look import set_look

    set_look(qtbot, _window, "dark", 2.0)
    assert view.currentWidget() is ask
    screenshot(_window, "interview_hints_dark_200")
    assert ask.hint_cost.height() >= ask.hint_cost.heightForWidth(ask.hint_cost.width())


def point_geometry(review):
    last = review.point_rows[-1]
    bottom = last.mapTo(review.points_pane.viewport(), last.rect().bottomLeft()).y()
    return bottom, review.points_pane.viewport().height()


@pytest.mark.parametrize("theme_choice", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_review_sets_answer_and_key_points_side_by_side_or_stacked_without_a_gap(
        qtbot, make_window, screenshot, theme_choice, scale):
    from tests.ui.test_look import set_look

    clock = Clock()
    window, view = open_interview(qtbot, make_window, clock)
    set_look(qtbot, window, theme_choice, scale)
    to_review(qtbot, view, "The training loss keeps dropping but the validation loss goes up; "
                           "ReLU is max(0, x); exponentiate the logits and normalise.")
    review = view.review
    name = f"{theme_choice}_{int(scale * 100)}"
    screenshot(window, f"interview_review_{name}")
    model, pane = review.model.geometry(), review.points_pane.geometry()
    for row in review.point_rows:                      # every key point whole, wrapped
        label = row.layout().itemAt(1).widget()
        assert label.height() >= label.heightForWidth(label.width())
    bottom, height = point_geometry(review)
    if scale == 1.0:
        assert review.split.orientation() == Qt.Horizontal
        assert pane.left() >= model.right() and abs(pane.top() - model.top()) <= 2
        assert pane.width() >= 0.3 * review.split.width()
    else:
        assert review.split.orientation() == Qt.Vertical
        assert pane.top() >= model.bottom()
        # the key points take the height they need (or half): no empty band above them
        assert height - bottom <= review.fontMetrics().height() * 2
        assert model.height() >= review.split.height() // 2 - 8
    qtbot.keyClick(review, Qt.Key_3)
    assert view.currentWidget() is view.report_page
    screenshot(window, f"interview_report_{name}")
    assert "(s)" not in view.report.toPlainText()


def test_export_says_where_the_report_was_saved(qtbot, make_window, tmp_path, monkeypatch):
    clock = Clock()
    _window, view = open_interview(qtbot, make_window, clock)
    to_review(qtbot, view, "")
    qtbot.keyClick(view.review, Qt.Key_1)
    export = next(b for b in view.report_page.findChildren(QPushButton)
                  if b.text() == "Export report…")
    target = tmp_path / "out" / "my-report.md"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert not view.export_note.isVisible()
    qtbot.mouseClick(export, Qt.LeftButton)
    assert target.read_text().startswith("# Mock interview report")
    assert view.export_note.isVisible()
    assert str(target) in view.export_note.text() and "open its folder" in view.export_note.text()
    assert "## Key points missed" in target.read_text()          # a list, one per point
    assert "\n    - " in target.read_text()

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    missing = tmp_path / "no-such-folder" / "report.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    qtbot.mouseClick(export, Qt.LeftButton)
    assert warned and str(missing) in warned[0] and "Choose another folder" in warned[0]
    assert str(target) in view.export_note.text()              # the last saved file still


def test_one_question_is_one_question(qtbot, make_window):
    clock = Clock()
    _window, view = open_interview(qtbot, make_window, clock)
    view.setup.count.setValue(1)
    assert view.setup.count.text() == "1 question"
    to_review(qtbot, view, "")
    qtbot.keyClick(view.review, Qt.Key_2)
    assert "1 question ·" in view.report.toPlainText()
    qtbot.mouseClick(next(b for b in view.report_page.findChildren(QPushButton)
                          if b.text() == "New session"), Qt.LeftButton)
    assert "1 question  ·" in view.setup.history.item(0).text()
