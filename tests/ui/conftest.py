import pytest

from studyapp.ui.startup import build_window


@pytest.fixture
def make_window(qtbot, tmp_path, fixture_bank):
    """Build the real main window on a temporary data dir; call again to 'restart'."""
    windows = []

    def make(bank=fixture_bank, data_dir=None, extra=None):
        data_dir = data_dir or tmp_path / "data"
        data_dir.mkdir(exist_ok=True)
        window = build_window(data_dir, extra, bank)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        if hasattr(window, "welcome"):
            window.welcome.close()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.ctx.db.close()
