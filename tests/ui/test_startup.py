"""Start-up in two steps: the window is painted first, as the user left it, and the
questions fill it once the database and bank are loaded."""

import datetime as dt
import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QMessageBox

from studyapp.app import SHELL_SETTINGS
from studyapp.store.backup import backup_dir, take_daily_backup
from studyapp.store.db import DB_NAME, peek_settings
from studyapp.store.settings_table import get_setting, set_setting
from studyapp.store.user_marks import set_note
from studyapp.ui import startup
from studyapp.ui.startup import build_window


def _open_shell(qtbot, data_dir):
    shell = startup.show_shell(peek_settings(data_dir / DB_NAME, SHELL_SETTINGS))
    qtbot.addWidget(shell)
    return shell


def test_the_first_window_looks_as_it_was_left_and_fills_in(qtbot, make_window, tmp_path,
                                                           fixture_bank, screenshot):
    data = tmp_path / "data"
    window = make_window(data_dir=data)
    window.set_theme_choice("dark")
    window.resize(window.width(), 500)         # not the first run's 1280 × 800
    window.close()
    window.ctx.db.close()

    shell = _open_shell(qtbot, data)
    assert shell.palette().color(QPalette.Window).name() == "#232427"
    assert shell.height() == 500
    assert shell.ctx is None and not shell.menuBar().isEnabled()
    screenshot(shell, "startup-shell-dark")
    qtbot.mouseClick(shell.mode_buttons.button(1), Qt.LeftButton)   # ignored while loading
    assert shell.stack.currentIndex() == 0 and shell.views == {}

    loaded = build_window(data, None, fixture_bank, window=shell)
    assert loaded is shell and shell.browse is shell.stack.widget(0)
    assert shell.menuBar().isEnabled() and shell.browse.tree.topLevelItemCount() > 0
    qtbot.keyClick(shell, Qt.Key_2, Qt.ControlModifier)          # shortcuts are bound now
    assert shell.mode() == "Flashcards"
    shell.close()
    assert get_setting(shell.ctx.db, "last_mode") == "Flashcards"
    shell.ctx.db.close()


def test_closing_the_window_while_it_loads_writes_nothing(qtbot, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shell = _open_shell(qtbot, data)
    shell.close()
    assert list(data.iterdir()) == []


def test_a_damaged_database_offers_the_backup_over_the_first_window(qtbot, make_window,
                                                                   tmp_path, fixture_bank,
                                                                   monkeypatch):
    data = tmp_path / "data"
    window = make_window(data_dir=data)
    set_setting(window.ctx.db, "srs_settings", {"desired_retention": 0.85})
    set_note(window.ctx.db, "relu-definition", "kinks at zero")   # progress to keep
    window.close()
    window.ctx.db.close()
    db_path = data / DB_NAME
    take_daily_backup(db_path, backup_dir(data), dt.date(2026, 11, 1))
    db_path.write_bytes(b"garbage" * 1000)

    shell = _open_shell(qtbot, data)                 # unreadable settings: the defaults
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes)
    loaded = startup.open_window(lambda: build_window(data, None, fixture_bank, window=shell),
                                 db_path, data)
    assert loaded is shell and "Restore the backup of 2026-11-01?" in asked[0]
    assert get_setting(shell.ctx.db, "srs_settings") == {"desired_retention": 0.85}
    shell.close()
    shell.ctx.db.close()


def test_the_first_paint_loads_no_store_bank_or_plotting_code(tmp_path):
    script = (
        "import sys; from pathlib import Path; from studyapp.ui import startup, theme;"
        "app = theme.new_application(); print(app.style().name());"
        "from studyapp.store.db import peek_settings;"
        f"startup.show_shell(peek_settings(Path({str(tmp_path)!r}) / 'x.sqlite3', ('theme',)));"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'matplotlib') or m.startswith('studyapp.core.')"
        " and m != 'studyapp.core.palette'))"          # the colours: a table of strings
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                 "QT_STYLE_OVERRIDE": "windows"}, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2:] == ["fusion", "[]"]


def test_the_first_paint_builds_no_qt_class_only_the_loaded_window_uses():
    """A Qt class's first use from Python builds its enums (QStyle's: 10 ms), so the
    frame painted before loading (here as a returning user sees it) leaves style,
    icons, actions and events to C++."""
    later = {"QtWidgets": ["QStyle"], "QtGui": ["QIcon", "QAction", "QKeySequence", "QFont"],
             "QtCore": ["QEvent", "Qt"]}
    script = (
        "import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets;"
        "from studyapp.ui import startup, theme; app = theme.new_application();"
        "startup.show_shell({'theme': 'system', 'shown_dark': False, 'text_scale': 1.5});"
        f"print(sorted(f'{{m}}.{{n}}' for m, names in {later!r}.items() for n in names "
        "if n in vars(getattr(PySide6, m))))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_database_from_a_newer_version_is_reported_and_left_alone(qtbot, tmp_path,
                                                                   monkeypatch):
    import sqlite3

    from studyapp.app import load_into

    data = tmp_path / "data"
    data.mkdir()
    db_path = data / DB_NAME
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = db_path.read_bytes()
    shell = _open_shell(qtbot, data)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[1:3]))
    assert load_into(shell, data, []) is False
    assert shown[0][0] == "Cannot open your progress" and "newer version" in shown[0][1]
    assert db_path.read_bytes() == before and shell.ctx is None
