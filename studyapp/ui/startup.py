"""Start-up: the first window, and the dialogs for an unusable data folder, a damaged or
newer database and a second instance."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from studyapp.ui import theme
from studyapp.ui.main_window import MainWindow


def build_window(data_dir: Path, extra_banks: list[Path] | None = None,
                 bank: Path | None = None, window=None):
    """Open the database and bank (the shipped one unless ``bank`` is given) and show
    them in ``window``, a main window shown while loading, or a new one not yet shown."""
    from PySide6.QtWidgets import QApplication

    from studyapp import paths
    from studyapp.core.render import MathCache
    from studyapp.services.preferences import Preferences
    from studyapp.services.your_data import open_data
    from studyapp.ui.context import Context
    from studyapp.ui.search_indexing import AT_START
    from studyapp.ui.views import build_views

    shipped = bank
    data = open_data(data_dir, extra_banks or [], shipped, index_now=AT_START)
    prefs = Preferences(data.db)
    dark = theme.resolve(prefs["theme"])
    # Styled before the widgets exist, so that they are polished once.
    theme.apply(QApplication.instance(), dark, prefs["text_scale"])
    ctx = Context(data.bank, data.db, data.index, data_dir, MathCache(paths.cache_dir(data_dir) / "math"),
                  dark)
    if window is None:
        window = MainWindow()
    window.shipped_bank, window.extra_banks = shipped, list(extra_banks or [])
    window.attach(ctx, build_views(ctx))
    return window


# Dialog classes are imported where used: importing a Qt class builds its enums, which
# costs start-up time the window's first paint does not need.
def show_error(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, title, text)


def ensure_data_dir(folder: Path) -> Path | None:
    """A writable data folder: the given one, or one the user picks instead."""
    while True:
        probe = folder / f".write-test-{os.getpid()}"   # two launches at once: two files
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe.write_text("ok")
            probe.unlink()
            return folder
        except OSError as exc:
            with contextlib.suppress(OSError):            # created, then the write failed
                probe.unlink()
            from PySide6.QtWidgets import QFileDialog, QMessageBox

            answer = QMessageBox.warning(
                None, "Cannot use the data folder",
                f"DeepPrep cannot write to {folder} ({exc.strerror}).\n\n"
                "Choose another folder for your progress?",
                QMessageBox.Open | QMessageBox.Cancel)
            if answer != QMessageBox.Open:
                return None
            chosen = QFileDialog.getExistingDirectory(None, "Folder for DeepPrep data")
            if not chosen:
                return None
            folder = Path(chosen)


def take_over_lock(data_dir: Path, lock) -> bool:
    """Ask whether to take over a lock another computer left on the data folder."""
    from PySide6.QtWidgets import QMessageBox

    from studyapp.ui import instance

    answer = QMessageBox.question(
        None, "Data folder in use on another computer",
        f"{data_dir} is locked by DeepPrep on another computer: "
        f"{instance.describe(data_dir, lock)}.\n\nThis happens when a portable data folder "
        "was not closed there (a USB stick pulled out, a crash). If DeepPrep is not running "
        "on that computer now, take the lock over and continue here?",
        QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


def show_shell(settings: dict) -> MainWindow:
    """The main window, painted with the user's theme, text size and geometry before
    the database and bank are loaded (``settings`` from ``peek_settings``).

    With the "system" theme the window starts as dark or light as it was last shown:
    asking Qt for the system's colour scheme costs as much as painting the window.
    Loading corrects it if the system changed since."""
    choice = settings.get("theme", "system")
    dark = settings.get("shown_dark") if choice == "system" else choice == "dark"
    theme.apply(QApplication.instance(), theme.resolve(choice) if dark is None else dark,
                settings.get("text_scale", 1.0))
    window = MainWindow()
    window.restore_geometry(settings.get("window_geometry"))
    window.show()
    window.repaint()
    return window


def open_window(build, db_path: Path, data_dir: Path):
    """Run ``build``; on a damaged database offer the newest good backup."""
    from PySide6.QtWidgets import QMessageBox

    from studyapp.services.your_data import (
        CorruptDatabaseError,
        DatabaseError,
        newest_good_backup,
        restore_backup,
    )

    try:
        return build()
    except CorruptDatabaseError as exc:
        backup = newest_good_backup(data_dir)
        if backup is None:
            show_error("Your progress file is damaged",
                       f"{exc}\n\nNo good backup was found. The file has not been changed; "
                       "start with --data-dir to use another folder.")
            return None
        answer = QMessageBox.question(
            None, "Your progress file is damaged",
            f"{exc}\n\nRestore the backup of {backup.stem.removeprefix('deepprep-')}? "
            "The damaged file is kept beside it.", QMessageBox.Yes | QMessageBox.No)
        if answer != QMessageBox.Yes:
            return None
        restore_backup(data_dir, backup)
        return open_window(build, db_path, data_dir)
    except DatabaseError as exc:
        show_error("Cannot open your progress", str(exc))
        return None


def raise_window(window, server) -> None:
    """Another launch asked us to come forward."""
    from PySide6.QtCore import Qt

    connection = server.nextPendingConnection()
    if connection is not None:
        connection.disconnectFromServer()
    window.setWindowState((window.windowState() & ~Qt.WindowMinimized) | Qt.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
