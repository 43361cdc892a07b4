"""A system-design round run start to finish through the real widgets: phases against the
clock, the scratchpad, a kill and resume, the rubric review, the report and its export."""

import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from studyapp.core import interview, rounds
from tests.ui.test_flashcards import Clock
from tests.ui.test_interview import open_interview

DESIGN = """+++
id = "design-feed"
difficulty = 3
kind = "design"
tags = ["system-design"]
key_points = [
  "clarify users, QPS and the latency budget",
  "offline ranking metric and online engagement metric",
  "a two-stage retrieval then ranking architecture",
]
follow_ups = ["How do you handle cold start?"]
+++
# Design a news-feed ranking system

Clarify, choose metrics, then retrieval and ranking.

## Details
Walk through requirements, metrics, data, model, serving and monitoring.
"""
BEHAVIORAL = """+++
id = "conflict-story"
difficulty = 1
kind = "behavioral"
tags = ["behavioral"]
key_points = ["situation", "your actions", "a measured result"]
follow_ups = ["What would you do differently?"]
+++
# Tell me about a disagreement with a teammate

Use situation, task, action, result and reflection.

## Details
Pick a real story with a measured result.
"""


def design_bank(tmp_path):
    extra = tmp_path / "extra"
    topic = extra / "01-rounds"
    topic.mkdir(parents=True)
    (topic / "_topic.toml").write_text('title = "Rounds"\n')
    (topic / "010-design-feed.md").write_text(DESIGN)
    (topic / "020-conflict-story.md").write_text(BEHAVIORAL)
    return extra


def choose_preset(view, name):
    box = view.setup.preset
    box.setCurrentIndex(box.findText(name))
    box.activated.emit(box.currentIndex())


def test_design_round_with_phases_scratchpad_rubric_and_report(qtbot, make_window, tmp_path,
                                                               monkeypatch, screenshot):
    clock = Clock()
    extra = design_bank(tmp_path)
    window, view = open_interview(qtbot, make_window, clock, extra=[extra])
    choose_preset(view, "System design round")
    assert view.setup.pace.currentData() == 45 * 60
    assert [k for k, box in view.setup.kinds.items() if box.isChecked()] == ["design"]
    qtbot.mouseClick(view.setup.begin_button, Qt.LeftButton)
    ask = view.ask
    assert view.session.plan.mode == rounds.DESIGN
    assert view.session.answer.question_id == "design-feed"
    assert ask.side.isVisible() and len(ask.phase_checks) == len(rounds.DESIGN_PHASES)
    assert "Clarify requirements and assumptions" in ask.phase_label.text()
    assert "5:00 left" in ask.phase_label.text() and ask.clock.text() == "45:00"
    qtbot.keyClicks(ask.answer, "Users: 100M daily; retrieval then ranking")
    qtbot.keyClick(ask.answer, Qt.Key_F6)
    assert ask.scratchpad.hasFocus()
    qtbot.keyClicks(ask.scratchpad, "QPS = 100M * 20 / 86400 ~ 23k")
    clock.advance(seconds=4 * 60)
    qtbot.keyClick(ask.scratchpad, Qt.Key_N, Qt.AltModifier)       # requirements: done
    assert ask.phase_checks[0].isChecked()
    assert "Offline and online metrics" in ask.phase_label.text()
    assert "5:00 left" in ask.phase_label.text()                     # 9 min mark − 4 min
    clock.advance(seconds=6 * 60)
    view.tick()
    assert "1:00 over" in ask.phase_label.text()
    screenshot(window, "design_round_answering")
    window.close()                                                   # saved on close
    window.ctx.db.close()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    window, view = open_interview(qtbot, make_window, Clock(), extra=[extra],
                                  data_dir=tmp_path / "data")
    ask = view.ask
    assert view.currentWidget() is ask
    assert ask.answer.toPlainText() == "Users: 100M daily; retrieval then ranking"
    assert ask.scratchpad.toPlainText() == "QPS = 100M * 20 / 86400 ~ 23k"
    assert ask.phase_checks[0].isChecked() and not ask.phase_checks[1].isChecked()
    qtbot.keyClick(ask.answer, Qt.Key_Escape)                        # resume the clock
    qtbot.keyClick(ask.answer, Qt.Key_Return, Qt.ControlModifier)
    review = view.review
    assert view.currentWidget() is review
    assert review.rubric.isVisible() and len(review.rubric.groups) == 7
    assert "QPS = 100M" in review.model.toPlainText()                # scratchpad shown
    qtbot.keyClick(review, Qt.Key_3)
    assert view.currentWidget() is review and "7 not scored yet" in review.rubric_note.text()
    for key, group in review.rubric.groups.items():
        score = 2 if key == "monitoring" else 3
        qtbot.mouseClick(group.button(score), Qt.LeftButton)
    monitoring = review.rubric.anchors["monitoring"].text()
    assert monitoring == rounds.DESIGN_RUBRIC[5].anchors[1]
    screenshot(window, "design_round_review")
    qtbot.keyClick(review, Qt.Key_3)
    assert view.session.phase == interview.DONE
    report = view.report.toPlainText()
    assert "Rubric" in report and "Monitoring" in report and "monitoring named in general" in report
    assert "QPS = 100M" in report
    screenshot(window, "design_round_report")
    out = tmp_path / "report.md"
    view.export_to(str(out))
    exported = out.read_text(encoding="utf-8")
    assert "| Monitoring | 2 | monitoring named in general terms |" in exported


def test_behavioral_round_asks_behavioral_questions_for_four_minutes(qtbot, make_window,
                                                                     tmp_path):
    clock = Clock()
    _window, view = open_interview(qtbot, make_window, clock, extra=[design_bank(tmp_path)])
    choose_preset(view, "Behavioral round")
    qtbot.mouseClick(view.setup.begin_button, Qt.LeftButton)
    assert view.session.plan.mode == rounds.BEHAVIORAL
    assert [a.question_id for a in view.session.answers] == ["conflict-story"]
    assert view.ask.clock.text() == "4:00" and not view.ask.side.isVisible()
    qtbot.keyClicks(view.ask.answer, "Situation: a launch slipped")
    qtbot.keyClick(view.ask.answer, Qt.Key_Return, Qt.ControlModifier)
    assert [s.name for s in view.review.rubric.signals] == [
        "Situation and task", "Actions", "Result", "Reflection", "Communication"]
    assert view.review.rubric.isVisible()


def test_a_killed_design_round_keeps_its_scratchpad(qtbot, make_window, tmp_path, monkeypatch):
    extra = design_bank(tmp_path)
    data = tmp_path / "data"
    script = textwrap.dedent(f"""
        import os, signal, pathlib
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from studyapp.ui.startup import build_window
        from studyapp.core.interview import Plan, Selection
        from studyapp.core.scope import Scope
        app = QApplication([])
        os.makedirs({str(data)!r}, exist_ok=True)
        window = build_window(pathlib.Path({str(data)!r}), [pathlib.Path({str(extra)!r})])
        t = [100.0]
        window.ctx.monotonic = lambda: t[0]
        view = window.view("Interview")
        view.begin(Selection(Scope(kinds=("design",)), count=1),
                   Plan([], seconds_per_question=2700, mode="design"))
        view.ask.scratchpad.setPlainText("p99 budget: 50 ms")
        view.ask.phase_checks[0].setChecked(True)
        for _ in range(5):
            t[0] += 0.5
            view.tick()
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.returncode == -9, result.stderr
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    _window, view = open_interview(qtbot, make_window, Clock(), extra=[extra], data_dir=data)
    assert view.session.plan.mode == rounds.DESIGN
    assert view.ask.scratchpad.toPlainText() == "p99 budget: 50 ms"
    assert view.ask.phase_checks[0].isChecked()
