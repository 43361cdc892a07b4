"""Training a network live from the Explore view: Step, Train/Pause on the timer, new
network, your own points; the timer stops when the mode is left."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox


def open_trainer(qtbot, window):
    window.open_explorer("trainer")
    view = window.views["Explore"]
    assert view.explorer_cls.id == "trainer" and view.play.isVisible()
    return view


def test_step_train_pause_and_a_new_network(qtbot, make_window, screenshot):
    window = make_window()
    clock = [0.0]
    window.ctx.monotonic = lambda: clock[0]
    view = open_trainer(qtbot, window)
    first = view.explorer.trainer.history[-1][1]
    for _ in range(30):
        qtbot.mouseClick(view.step_button, Qt.LeftButton)
    assert view.explorer.trainer.steps == 30 * 4
    assert view.explorer.trainer.history[-1][1] < first            # it learns
    clock[0] += 1.0                                                # read-outs follow
    qtbot.mouseClick(view.step_button, Qt.LeftButton)
    assert "Steps: <b>124</b>" in view.readouts.text()
    qtbot.mouseClick(view.play, Qt.LeftButton)
    assert view.train_timer.isActive() and view.play.text().startswith("Pause")
    qtbot.waitUntil(lambda: view.explorer.trainer.steps > 124, timeout=5000)
    screenshot(window, "explore_trainer")
    qtbot.mouseClick(view.play, Qt.LeftButton)
    assert not view.train_timer.isActive()
    qtbot.mouseClick(view.restart_button, Qt.LeftButton)
    assert view.explorer.trainer.steps == 0
    qtbot.mouseClick(view.play, Qt.LeftButton)
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)          # leave the mode
    assert not view.train_timer.isActive()
    assert not view.play.isHidden()
    window.open_explorer("softmax")
    assert view.play.isHidden() and view.step_button.isHidden()    # only for the trainer


def test_your_own_points_are_trained_and_bad_ones_refused(qtbot, make_window, monkeypatch):
    window = make_window()
    view = open_trainer(qtbot, window)
    rows = "x,y,label\n" + "".join(f"{i % 7},{i // 7},{int(i % 7 > 3)}\n" for i in range(40))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: (rows, True))
    qtbot.mouseClick(view.points_button, Qt.LeftButton)
    assert view.params["dataset"] == "loaded"
    trainer = view.explorer.trainer
    assert len(trainer.x_train) + len(trainer.x_test) == 40
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("1,2,0\n3,x,1", True))
    qtbot.mouseClick(view.points_button, Qt.LeftButton)
    assert "row 2" in warnings[0] and view.explorer.trainer is trainer   # nothing changed
