"""Rolling backups of the user's database with the sqlite3 backup API.

At most one backup a day is taken; 7 daily and 4 weekly copies are kept.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from studyapp.store.db import check_integrity, has_progress

KEEP_DAILY = 7
KEEP_WEEKLY = 4
PREFIX = "deepprep-"


def backup_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "backups"


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    if not folder.is_dir():
        return []
    def moment(path: Path) -> str:          # a daily backup sorts at the start of its day
        stem = path.stem.removeprefix(PREFIX)
        return stem if len(stem) > 10 else f"{stem}-000000"
    return sorted(folder.glob(f"{PREFIX}*.sqlite3"), key=moment, reverse=True)


def _day(path: Path) -> dt.date:
    """Daily backups are named by date; manual ones add the time after it."""
    return dt.date.fromisoformat(path.stem.removeprefix(PREFIX)[:10])


def take_daily_backup(db_path: Path, folder: Path, today: dt.date) -> Path | None:
    """Copy the database once per day; returns the new file or None if one exists or the
    database holds no progress (a blank copy must never push out good backups)."""
    if not Path(db_path).exists() or not has_progress(db_path):
        return None
    target = folder / f"{PREFIX}{today.isoformat()}.sqlite3"
    if target.exists():
        return None
    return _copy(db_path, target)


def take_backup_now(db_path: Path, folder: Path, now: dt.datetime) -> Path:
    """A backup on request, named by date and time; it counts toward the kept ones."""
    return _copy(db_path, folder / f"{PREFIX}{now.strftime('%Y-%m-%d-%H%M%S')}.sqlite3")


def backup_label(path: Path) -> str:
    """'2026-11-26' for a daily backup, '2026-11-26 04:12:30' for one taken by hand."""
    stem = path.stem.removeprefix(PREFIX)
    if len(stem) == 10:
        return stem
    clock = stem[11:]
    return f"{stem[:10]} {clock[:2]}:{clock[2:4]}:{clock[4:6]}"


def _copy(db_path: Path, target: Path) -> Path:
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    try:
        src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)     # no half-written copy is left behind
        raise
    prune(folder)
    return target


def prune(folder: Path) -> list[Path]:
    """Keep the newest 7 backups and, beyond them, the newest one of each of 4 weeks."""
    backups = list_backups(folder)
    keep = set(backups[:KEEP_DAILY])
    weeks: set[tuple[int, int]] = set()
    for path in backups[KEEP_DAILY:]:
        week = _day(path).isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(path)
    removed = [p for p in backups if p not in keep]
    for path in removed:
        path.unlink()
    return removed


def newest_good_backup(folder: Path) -> Path | None:
    """The newest backup that is healthy and holds progress (else the newest healthy one)."""
    healthy = [p for p in list_backups(folder) if check_integrity(p) is None]
    return next((p for p in healthy if has_progress(p)), healthy[0] if healthy else None)


def restore(backup: Path, db_path: Path) -> Path:
    """Put ``backup`` in place of the database; the old file is kept beside it."""
    db_path = Path(db_path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    if db_path.exists():
        db_path.replace(kept)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.replace(kept.with_name(kept.name + suffix))
    shutil.copyfile(backup, db_path)
    return kept
