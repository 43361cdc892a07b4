"""Start-up: arguments, paths, single-instance lock, database, bank and window wiring."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from studyapp import __version__, paths


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="deepprep", description="DeepPrep study app",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n"
               "  deepprep export --apkg FILE [--topic T] [--tag T] | --progress FILE\n"
               "  deepprep import --csv FILE | --markdown DIR | --progress FILE\n"
               "  (each takes --data-dir DIR; 'deepprep export --help' for details)")
    parser.add_argument("--version", action="version", version=f"DeepPrep {__version__}")
    parser.add_argument("--data-dir", type=Path, help="folder for your progress (portable use)")
    parser.add_argument("--bank", type=Path, action="append", default=[],
                        help="an extra question bank folder merged into the shipped one")
    parser.add_argument("--self-test", action="store_true",
                        help="check the installation headlessly and exit 0 or 1 (with "
                             "--data-dir, also look at that folder's progress, read-only)")
    parser.add_argument("--time-startup", action="store_true",
                        help="open the window, print how long it took to paint, and quit")
    return parser.parse_args(argv)


def server_name(data_dir: Path) -> str:
    import hashlib

    digest = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:12]
    return f"deepprep-{digest}"


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    argv = sys.argv[1:] if argv is None else argv
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        # The app's matrices are small: a pool of BLAS threads only fights the GUI
        # thread for the cores (seen as 100–200 ms stalls in explorer frames).
        os.environ.setdefault(name, "1")
    if argv == ["--run-drill"]:  # the frozen app's stand-in for `python -m ...drill_runner`
        from studyapp.core.drill_runner import main as run_drill

        return run_drill()
    if argv[:1] in (["export"], ["import"]) or argv[2:3] in (["export"], ["import"]):
        from studyapp.cli import main as cli_main

        return cli_main(argv)
    args = parse_args(argv)
    if args.self_test:
        from studyapp.checks import self_test

        paths.keep_matplotlib_cache()

        return self_test(args.bank, args.data_dir)

    import gc

    # Start-up creates the objects the app keeps (bank, widgets); a collection midway
    # would scan them all for nothing, and more of them the larger the bank.
    gc.disable()
    from PySide6.QtCore import QTimer

    from studyapp.ui import errors, instance, startup, theme

    app = theme.new_application()
    errors.install()
    app.setApplicationName(paths.APP_NAME)
    data_dir = startup.ensure_data_dir(args.data_dir or paths.default_data_dir())
    if data_dir is None:
        return 1

    lock = instance.data_lock(data_dir)
    if not instance.acquire(lock, lambda: startup.take_over_lock(data_dir, lock)):
        return give_way(data_dir, lock)

    from studyapp.store.db import DB_NAME, peek_settings

    window = startup.show_shell(peek_settings(data_dir / DB_NAME, SHELL_SETTINGS))
    if args.time_startup:
        print(f"window painted {_since(started)} ms after start-up began", flush=True)

    # Listen before loading, so a launch right after this one finds us.
    from PySide6.QtNetwork import QLocalServer

    name = server_name(data_dir)
    QLocalServer.removeServer(name)
    server = QLocalServer()
    server.listen(name)
    server.newConnection.connect(lambda: startup.raise_window(window, server))

    failed = []

    def load() -> None:
        loaded = load_into(window, data_dir, args.bank)
        if loaded and args.time_startup:
            window.repaint()
            print(f"questions shown {_since(started)} ms after start-up began", flush=True)
            window.indexing.finish()         # the whole start's work, before quitting
        gc.freeze()            # what start-up made lives on: later collections skip it
        gc.enable()
        if not loaded:
            failed.append(True)
        if not loaded or args.time_startup:
            window.close()

    QTimer.singleShot(0, load)
    code = app.exec()
    lock.unlock()
    return 1 if failed else code


SHELL_SETTINGS = ("theme", "shown_dark", "text_scale", "window_geometry")


def load_into(window, data_dir: Path, extra_banks: list[Path]) -> bool:
    """The second step of start-up: back up, open the database and bank and fill the
    painted ``window``. False when there is nothing usable to show (the user was told)."""
    import datetime as dt

    from studyapp.store.backup import backup_dir, take_daily_backup
    from studyapp.store.db import DB_NAME
    from studyapp.ui import errors, startup

    paths.keep_matplotlib_cache()
    db_path = data_dir / DB_NAME
    try:
        take_daily_backup(db_path, backup_dir(data_dir), dt.date.today())
    except Exception as exc:  # noqa: BLE001 - a damaged file is handled when it is opened
        print(f"backup skipped: {exc}", file=sys.stderr)
    try:
        return startup.open_window(lambda: startup.build_window(data_dir, extra_banks, window=window),
                                   db_path, data_dir) is not None
    except Exception:  # noqa: BLE001 - told to the user, then the app ends
        errors.report(*sys.exc_info())
        return False


def _since(started: float) -> int:
    return round(1000 * (time.perf_counter() - started))


def give_way(data_dir: Path, lock) -> int:
    """Another DeepPrep holds the data folder: bring its window to the front."""
    from PySide6.QtNetwork import QLocalSocket

    from studyapp.ui import startup

    socket = QLocalSocket()
    for _ in range(50):          # the other launch may not be listening yet: wait up to 5 s
        socket.connectToServer(server_name(data_dir))
        if socket.waitForConnected(100):
            socket.write(b"raise\n")
            socket.waitForBytesWritten(1000)
            print("DeepPrep is already running; brought its window to the front.")
            return 0
        socket.abort()
        time.sleep(0.1)
    from studyapp.ui import instance

    startup.show_error("DeepPrep is already running",
                       f"Another DeepPrep is using {data_dir} but does not answer. "
                       f"Its lock file is {instance.describe(data_dir, lock)}. Close it, or "
                       "start with --data-dir pointing elsewhere.")
    return 1
