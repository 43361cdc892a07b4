"""One DeepPrep per data folder: the lock file beside the database, who holds it, and
taking over a lock left by another computer or a process that no longer runs."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_NAME = "deepprep.lock"


def data_lock(data_dir: Path) -> QLockFile:
    lock = QLockFile(str(Path(data_dir) / LOCK_NAME))
    lock.setStaleLockTime(0)        # never stale by age: a session can last for days
    return lock


def holder(lock: QLockFile) -> tuple[int, str] | None:
    """(process id, host name) of whoever holds the lock, if the file says."""
    pid, host, _app = lock.getLockInfo()     # (0, "", "") when there is no lock file
    return (pid, host) if pid else None


def is_abandoned(lock: QLockFile) -> bool:
    """Held by another computer (a portable folder moved between machines): nobody here
    can be asked to give it up. (A lock of a process of this computer that no longer runs
    is removed by ``tryLock`` itself.)"""
    info = holder(lock)
    return info is not None and info[1] != socket.gethostname()


def describe(data_dir: Path, lock: QLockFile) -> str:
    info = holder(lock)
    where = f" (process {info[0]} on {info[1] or 'an unknown computer'})" if info else ""
    return f"{Path(data_dir) / LOCK_NAME}{where}"


def acquire(lock: QLockFile, take_over: Callable[[], bool]) -> bool:
    """Lock the data folder. When the lock is abandoned, ``take_over()`` decides whether to
    remove it and lock again."""
    if lock.tryLock(100):
        return True
    if is_abandoned(lock) and take_over():
        lock.removeStaleLockFile()
        return lock.tryLock(100)
    return False
