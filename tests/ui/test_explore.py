import numpy as np
import pytest
from PySide6.QtCore import Qt

from studyapp.viz import registry
from studyapp.viz.explorers.activations import X, activation


def open_relu_explorer(qtbot, window):
    window.browse.open_question("relu-definition")
    buttons = [b for b in window.browse.pane.findChildren(type(window.browse.pane.star))
               if b.text().startswith("Explore:")]
    assert [b.text() for b in buttons] == ["Explore: Activation functions  ▸"]
    qtbot.mouseClick(buttons[0], Qt.LeftButton)
    return window.views["Explore"]


def test_question_link_opens_the_explorer_at_its_preset(qtbot, make_window, screenshot):
    window = make_window()
    view = open_relu_explorer(qtbot, window)
    assert window.mode() == "Explore"
    assert view.params["fn"] == ("relu", "leaky_relu")
    assert view.link() == "activations?fn=relu,leaky_relu"
    assert np.allclose(view.explorer.lines["relu"].get_ydata(), np.maximum(X, 0))
    assert len(view.explorer.lines["sigmoid"].get_xdata()) == 0
    # the explorer lists the question and opens it again
    assert view.related.count() == 1
    qtbot.mouseClick(view.related.viewport(), Qt.LeftButton,
                     pos=view.related.visualItemRect(view.related.item(0)).center())
    assert window.mode() == "Browse"
    assert window.browse.pane.question.id == "relu-definition"
    screenshot(window, "explore_from_link")


def test_controls_drive_the_figure(qtbot, make_window, tmp_path, screenshot):
    window = make_window()
    clock = [0.0]
    window.ctx.monotonic = lambda: clock[0]
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    assert view.explorer_cls is registry.get("activations")
    alpha = view.controls["alpha"]
    view.controls["fn"].items.item(3).setCheckState(Qt.Checked)     # leaky_relu
    assert "leaky_relu" in view.params["fn"]
    alpha.slider.setValue(0.3)
    assert view.params["alpha"] == 0.3
    ydata = view.explorer.lines["leaky_relu"].get_ydata()
    assert np.allclose(ydata, activation("leaky_relu", X, 0.3))
    blits = view.panel.blits
    view.controls["x0"].slider.setValue(-2.0)
    view.controls["x0"].slider.setValue(-1.0)
    assert view.panel.blits > blits
    # Dragged within one read-out interval: the figure followed, the read-outs wait...
    assert view.readout_timer.isActive() and "leaky_relu" not in view.readouts.text()
    view.readout_timer.timeout.emit()                      # ...until the interval ends
    assert "leaky_relu: <b>f(x₀)=-0.3," in view.readouts.text()
    clock[0] += 1.0
    view.controls["x0"].slider.setValue(0.5)               # after a pause: at once
    assert "leaky_relu: <b>f(x₀)=0.5," in view.readouts.text()
    assert not view.readout_timer.isActive()
    view.reset()
    assert view.params == registry.get("activations").defaults()
    view.save_figure(str(tmp_path / "fig.svg"))
    assert (tmp_path / "fig.svg").read_text().startswith("<?xml")
    screenshot(window, "explore_activations_light")
    window.set_theme_choice("dark")
    screenshot(window, "explore_activations_dark")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_explorer_opens_and_every_preset_applies(qtbot, make_window, screenshot, theme):
    from matplotlib.colors import to_hex
    from PySide6.QtWidgets import QApplication

    from studyapp.viz.theme import colors

    window = make_window()
    window.set_theme_choice(theme)
    background = colors(theme == "dark")["bg"]
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    for row in range(view.list.count()):
        view.list.setCurrentRow(row)
        cls = view.explorer_cls
        assert view.title.text() == cls.title
        assert set(view.controls) == {p.name for p in cls.params}
        QApplication.processEvents()
        assert view.formula.document().idealWidth() <= view.formula.viewport().width(), \
            f"{cls.id}: the formula is wider than its pane (it would scroll, cut off)"
        for preset in cls.presets:
            view.set_params({**cls.defaults(), **preset.params})
            assert view.readouts.text()
            # axes an explorer builds anew for a preset wear the theme too
            assert {to_hex(ax.get_facecolor()) for ax in view.panel.figure.axes
                    if ax.get_visible() and ax.patch.get_visible()} <= {background}, cls.id
        screenshot(window, f"explorer_{cls.id}_{theme}")


def test_search_filters_the_list(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    qtbot.keyClicks(view.search, "temperature")
    visible = [view.list.item(r).text() for r in range(view.list.count())
               if not view.list.item(r).isHidden()]
    assert visible == ["Softmax temperature"]


def open_explorer(qtbot, window, explorer_id):
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    view.open(explorer_id)
    return view


def test_predict_then_reveal_by_keyboard_and_after_restart(qtbot, make_window, screenshot):
    import random

    from studyapp.store.practice_results import challenge_scores

    window = make_window()
    view = open_explorer(qtbot, window, "conv-arithmetic")
    view.rng = random.Random(3)
    qtbot.mouseClick(view.predict, Qt.LeftButton)
    challenge = view.challenge
    assert challenge.explorer == "conv-arithmetic"
    bar = view.challenge_bar
    assert bar.isVisible() and not view.panel.isVisible() and view.cover.isVisible()
    assert not view.side.isVisible()                    # read-outs would give it away
    screenshot(window, "explore_challenge_hidden")
    if challenge.options:
        qtbot.keyClick(bar, Qt.Key_1 + challenge.options.index(challenge.answer))
    else:
        qtbot.keyClicks(bar.entry, "not a number")
        qtbot.keyClick(bar.entry, Qt.Key_Return)
        assert "Type a number" in bar.result.text() and not view.panel.isVisible()
        bar.entry.clear()
        qtbot.keyClicks(bar.entry, challenge.answer)
        qtbot.keyClick(bar.entry, Qt.Key_Return)
    assert "Right." in bar.result.text()
    assert view.panel.isVisible() and view.side.isVisible()
    assert all(view.params[k] == v for k, v in challenge.params.items())   # revealed state
    assert challenge_scores(window.ctx.db)["conv-arithmetic"] == (1, 1)
    screenshot(window, "explore_challenge_revealed")

    qtbot.keyClick(bar, Qt.Key_N)                        # next challenge, answered wrongly
    wrong = view.challenge
    assert wrong is not challenge and not view.panel.isVisible()
    if wrong.options:
        bad = next(i for i, o in enumerate(wrong.options) if o != wrong.answer)
        qtbot.keyClick(bar, Qt.Key_1 + bad)
    else:
        qtbot.keyClicks(bar.entry, "-12345")
        qtbot.keyClick(bar.entry, Qt.Key_Return)
    assert f"the answer is {wrong.answer}" in bar.result.text()
    assert "1 of 2 right" in bar.score.text()
    qtbot.keyClick(bar, Qt.Key_Escape)
    assert not bar.isVisible() and view.panel.isVisible() and view.challenge is None
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)     # the results feed the stats
    practice = window.views["Stats"].practice.text()
    assert "Explorer challenges: 1 of 2 right (50%)" in practice
    assert "Weakest explorer: Convolution arithmetic (1 of 2)" in practice

    again = make_window(data_dir=window.ctx.data_dir)    # restart: the record is kept
    view2 = open_explorer(qtbot, again, "conv-arithmetic")
    qtbot.mouseClick(view2.predict, Qt.LeftButton)
    assert "1 of 2 right" in view2.challenge_bar.score.text()
    view2.open("softmax")                                # leaving the explorer ends it
    assert view2.challenge is None and view2.panel.isVisible()


def test_every_control_of_every_explorer_drives_its_parameter(qtbot, make_window):
    from studyapp.viz import spec

    window = make_window()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    for explorer_id in registry.ids():
        view.open(explorer_id)
        for name, control in view.controls.items():
            p = control.param
            before = view.params[name]
            if isinstance(p, (spec.Float, spec.Int)):
                slider = control.slider
                target = slider.minimum() if before != p.min else slider.maximum()
                slider.setValue(target)
            elif isinstance(p, spec.Choice):
                control.combo.setFocus()
                key = Qt.Key_Down if control.combo.currentIndex() == 0 else Qt.Key_Up
                qtbot.keyClick(control.combo, key)
            elif isinstance(p, spec.Bool):
                control.check.setFocus()
                qtbot.keyClick(control.check, Qt.Key_Space)
            elif isinstance(p, spec.MultiChoice):
                item = control.items.item(control.items.count() - 1)
                item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked
                                   else Qt.Checked)
            else:                                          # Numbers: typed
                control.entry.setFocus()
                control.entry.selectAll()
                qtbot.keyClicks(control.entry, "1, 2, 3")
                qtbot.keyClick(control.entry, Qt.Key_Return)
            assert view.params[name] != before, (explorer_id, name)
            assert view.readouts.text(), (explorer_id, name)
        view.reset()
        assert view.params == registry.get(explorer_id).defaults()


def test_the_side_panel_shows_every_option_and_related_question_in_full(qtbot, make_window):
    window = make_window()
    view = open_explorer(qtbot, window, "optimizers")
    options = view.controls["opt"].items
    assert options.verticalScrollBar().maximum() == 0          # all options in view
    assert options.viewport().width() >= options.sizeHintForColumn(0)
    assert view.related.wordWrap()
    assert view.related.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff


def test_a_drag_copies_only_the_panel_it_changed(qtbot, monkeypatch):
    from studyapp.ui.explore import FigurePanel

    panel = FigurePanel()
    qtbot.addWidget(panel)
    panel.resize(800, 400)
    panel.show()
    left, right = panel.figure.subplots(1, 2)
    line, = right.plot([0, 1], [0, 1])
    label = panel.figure.text(0.5, 0.02, "x")               # not clipped to an axes
    copied = []
    monkeypatch.setattr(panel.canvas, "blit", copied.append)
    for y in (0.2, 0.4):
        line.set_ydata([0, y])
        panel.show_changes([line])
    assert panel.blits == 1 and len(copied) == 1
    assert copied[0].x0 > left.bbox.x1 and copied[0].contains(*right.bbox.p1)
    panel.show_changes([line, label])          # a new set of artists: drawn in full once
    panel.show_changes([line, label])
    assert copied[-1].bounds == panel.figure.bbox.bounds


def test_a_new_scale_redraws_once_and_the_next_frame_blits(qtbot):
    from studyapp.ui.explore import FigurePanel

    panel = FigurePanel()
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    ax = panel.figure.subplots()
    line, = ax.plot([0, 1], [0, 1])
    gone, = ax.plot([0, 1], [1, 0])
    panel.show_changes([line, gone])                        # the first frame draws in full
    gone.remove()                                           # (an explorer rebuilt it)
    ax.set_ylim(0, 2)
    panel.show_changes(None)                                # new limits: drawn in full again
    assert (panel.full_draws, panel.blits) == (2, 0)
    line.set_ydata([0, 2])
    panel.show_changes([line])                              # ...and the next frame blits
    assert (panel.full_draws, panel.blits) == (2, 1)


def test_a_frame_where_nothing_moved_draws_nothing(qtbot, monkeypatch):
    from studyapp.ui.explore import FigurePanel

    panel = FigurePanel()
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    line, = panel.figure.subplots().plot([0, 1], [0, 1])
    panel.show_changes([line])
    copied = []
    monkeypatch.setattr(panel.canvas, "blit", copied.append)
    panel.show_changes([])                                  # e.g. a slider past the last step
    assert (panel.full_draws, panel.blits, copied) == (1, 0, [])
    assert line.get_animated()                              # still the moving artist
    line.set_ydata([0, 2])
    panel.show_changes([line])
    assert (panel.full_draws, panel.blits) == (1, 1)


def test_the_explorer_fits_its_pane_at_every_text_size(qtbot, make_window, screenshot):
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.dialogs import SettingsDialog

    window = make_window()
    window.open_explorer("normalization")                  # four rows of cases
    view = window.views["Explore"]
    for scale in (1.0, 2.0):
        dialog = SettingsDialog("light", {}, parent=window)
        qtbot.addWidget(dialog)
        dialog.text_size.setCurrentIndex(dialog.text_size.findData(scale))
        window.apply_settings(dialog)
        content = view.formula.document().documentLayout().documentSize().height()
        assert view.formula.viewport().height() >= content
        QApplication.processEvents()
        # Nothing runs off the side: labels wrap and sliders go under their labels.
        assert view.side.width() <= view.side.parentWidget().width()
        assert all(c.width() >= 10 * c.fontMetrics().averageCharWidth()
                   for c in view.controls.values() if c.slider is not None)
    assert content > 150                                    # typeset at twice the size
    screenshot(window, "explore_text_200")


def test_a_check_box_text_toggles_its_box_when_clicked(qtbot, make_window):
    from studyapp.ui.widgets.toggle_label import ToggleLabel

    window = make_window()
    window.open_explorer("activations")
    view = window.views["Explore"]
    check = view.controls["derivative"].check
    before = check.isChecked()
    text = next(w for w in view.controls["derivative"].findChildren(ToggleLabel))
    assert text.text() == "Show derivatives" and check.accessibleName() == "Show derivatives"
    qtbot.mouseClick(text, Qt.LeftButton)
    assert check.isChecked() != before and view.params["derivative"] != before


def test_holding_a_slider_keeps_the_layout_until_it_is_let_go(qtbot, make_window):
    """A drag that changes the axes' scale redraws without laying the figure out again
    (constrained layout measures every tick label); letting go lays it out."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    window = make_window()
    window.open_explorer("init-depth?init=normal&act=tanh&sigma=0.5")
    view = window.views["Explore"]
    qtbot.waitUntil(lambda: view.controls["sigma"].slider.width() < 640)   # laid out
    panel, slider = view.panel, view.controls["sigma"].slider
    engine = panel.figure.get_layout_engine()
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle,
                                           slider).center()
    qtbot.mousePress(slider, Qt.LeftButton, pos=handle)
    assert panel.figure.get_layout_engine() is not engine
    redraws, position = panel.full_draws, view.explorer.ax.get_position().bounds
    left = QPoint(handle.x() // 4, handle.y())
    qtbot.mouseMove(slider, left)
    assert view.params["sigma"] < 0.5 and panel.full_draws > redraws   # a new scale...
    assert view.explorer.ax.get_position().bounds == position         # ...in the old layout
    drawn = panel.full_draws
    qtbot.mouseRelease(slider, Qt.LeftButton, pos=left)
    assert panel.figure.get_layout_engine() is engine and panel.full_draws == drawn + 1
