"""Stats draws the chart on screen; a chart in another tab is drawn when its tab is shown
(drawn hidden, it would be drawn at a size it never has and keep its pixels for a tab
perhaps never opened)."""

from PySide6.QtCore import Qt

from tests.ui.test_stats import open_tab


def _draws(canvas) -> list:
    drawn: list = []
    canvas.mpl_connect("draw_event", lambda _event: drawn.append(canvas.get_width_height()))
    return drawn


def _has_pixels(canvas) -> bool:
    return getattr(canvas, "renderer", None) is not None


def test_only_the_shown_chart_is_drawn_until_its_tab_is_opened(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["Stats"]
    progress, memory, mastery_map, plan = view.canvases
    qtbot.waitUntil(lambda: _has_pixels(progress))
    assert not any(map(_has_pixels, (memory, mastery_map, plan)))
    drawn = _draws(memory)
    open_tab(qtbot, view, 1)
    qtbot.waitUntil(lambda: bool(drawn))
    qtbot.wait(50)                          # a resize on showing asks for no second draw
    assert drawn == [(memory.width(), memory.height())]
    open_tab(qtbot, view, 3)
    qtbot.waitUntil(lambda: _has_pixels(plan))
    assert not _has_pixels(mastery_map)
    window.close()


def test_a_chart_redrawn_while_its_tab_is_hidden_is_drawn_again_when_shown(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["Stats"]
    memory = view.canvases[1]
    open_tab(qtbot, view, 1)
    qtbot.waitUntil(lambda: _has_pixels(memory))
    open_tab(qtbot, view, 0)
    window.set_theme_choice("dark")            # the charts are made again, dark
    drawn = _draws(memory)
    qtbot.wait(50)
    assert drawn == []                         # not while its tab is hidden
    open_tab(qtbot, view, 1)
    qtbot.waitUntil(lambda: bool(drawn))
    background = memory.renderer.buffer_rgba().tobytes()[:3]
    assert max(background) < 100           # the dark theme's background
    window.close()


def test_a_hidden_tabs_chart_is_made_when_its_tab_is_shown(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["Stats"]
    assert view.figure.axes                      # the tab on screen
    assert not view.memory_figure.axes and not view.map_figure.axes
    open_tab(qtbot, view, 2)
    assert view.map_figure.axes and view.map_rects
    assert not view.memory_figure.axes
    window.close()
