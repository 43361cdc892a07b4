"""Choosing another explorer lets go of the data the last one cached."""

from PySide6.QtCore import Qt

from studyapp.viz.explorers import clt


def _click_explorer(qtbot, view, explorer_id):
    item = next(view.list.item(r) for r in range(view.list.count())
                if view.list.item(r).data(Qt.UserRole) == explorer_id)
    view.list.scrollToItem(item)
    qtbot.mouseClick(view.list.viewport(), Qt.LeftButton,
                     pos=view.list.visualItemRect(item).center())


def test_choosing_another_explorer_lets_go_of_the_last_ones_data(qtbot, make_window):
    clt._running_sums.cache_clear()           # whatever other tests left in it
    window = make_window()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    _click_explorer(qtbot, view, "clt")
    assert view.explorer_cls.id == "clt"
    assert clt._running_sums.cache_info().currsize == 1          # its 10,000 × 200 sums
    _click_explorer(qtbot, view, "softmax")
    assert view.explorer_cls.id == "softmax"
    assert clt._running_sums.cache_info().currsize == 0


def test_choosing_another_explorer_gives_the_freed_memory_back(qtbot, make_window,
                                                                monkeypatch):
    from studyapp.ui import explore, free_memory

    free_memory.return_free_memory()            # callable wherever the tests run
    window = make_window()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    _click_explorer(qtbot, view, "clt")
    given_back = []
    monkeypatch.setattr(explore, "return_free_memory",
                        lambda: given_back.append((view.explorer_cls.id,
                                                   clt._running_sums.cache_info().currsize)))
    _click_explorer(qtbot, view, "softmax")
    assert given_back == [("softmax", 0)]       # once, after the CLT's sums were let go


def test_choosing_another_explorer_frees_the_last_ones_figure_at_once(qtbot, make_window):
    """The artists of a figure refer to each other: only a collection frees them, and
    leaving the explorer runs it rather than waiting for Python to."""
    import gc
    import weakref

    window = make_window()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    view = window.views["Explore"]
    _click_explorer(qtbot, view, "clt")
    old_axes = weakref.ref(view.panel.figure.axes[0])
    gc.disable()                                # no collection but the app's own
    try:
        _click_explorer(qtbot, view, "softmax")
        assert old_axes() is None
    finally:
        gc.enable()
    assert gc.get_freeze_count() > 0           # what every explorer shares is set aside
