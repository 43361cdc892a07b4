"""Errors that reach the event loop become a message the user can act on.

Stores write in transactions and views update their state only after a write
succeeded, so a failed write (a full disk, a folder turned read-only) changes
nothing: the message says so and what to do.
"""

from __future__ import annotations

import errno
import sys


def describe(exc: BaseException) -> tuple[str, str]:
    """Title and text of the message for an error that interrupted an action."""
    from studyapp.services.your_data import DiskFullError, ReadOnlyDatabaseError, named_error

    exc = named_error(exc) or exc
    if isinstance(exc, DiskFullError) or (isinstance(exc, OSError)
                                          and exc.errno == errno.ENOSPC):
        return ("Disk full", ("DeepPrep could not save your last change: the disk that holds "
                "your data is full. Everything saved before it is safe. Free some space, "
                "then do it again."))
    if isinstance(exc, ReadOnlyDatabaseError) or (
            isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EROFS)):
        return ("Cannot save", ("DeepPrep could not save your last change: your data folder "
                "is read-only now. Everything saved before it is safe. Make the folder "
                "writable, then do it again."))
    return ("Something went wrong", ("DeepPrep hit an unexpected error; your saved progress "
            f"is safe.\n\n{type(exc).__name__}: {exc}"))


def report(kind, exc, tb) -> None:
    """sys.excepthook: print the traceback and tell the user."""
    import traceback

    from PySide6.QtWidgets import QApplication, QMessageBox  # not needed before an error

    traceback.print_exception(kind, exc, tb)
    if QApplication.instance() is not None and not isinstance(exc, KeyboardInterrupt):
        title, text = describe(exc)
        QMessageBox.critical(QApplication.activeWindow(), title, text)


def install() -> None:
    sys.excepthook = report
