"""The user's data as a whole: the bank loaded again after their questions changed,
progress files, Anki packages and backups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from studyapp.banks import bank_cache, load, user_banks
from studyapp.core.bank import Bank
from studyapp.store import anki_history, backup, transfer
from studyapp.store.anki_history import Summary
from studyapp.store.db import DB_NAME, Database
from studyapp.store.search import ensure_index

BACKUP_POLICY = (f"One is taken each day at start; {backup.KEEP_DAILY} recent and "
                 f"{backup.KEEP_WEEKLY} weekly ones are kept.")


class YourData:
    def __init__(self, db: Database, data_dir: Path):
        self.db = db
        self.data_dir = data_dir

    def reload_bank(self, extra: list[Path], shipped: Path | None) -> Bank:
        """The banks read again (changed files only) and searchable."""
        bank = load(user_banks(self.data_dir, extra), shipped, bank_cache(self.data_dir))
        ensure_index(self.db, bank)
        return bank

    def export_progress(self, path: str | Path) -> str:
        """Write every review, card, note and setting to a file; what was written, in words."""
        return transfer.summary(transfer.export_progress(self.db, Path(path)))

    def import_progress(self, path: str | Path) -> str | None:
        """Merge a progress file (all or nothing; ValueError says why not). What was added,
        in words, or None when everything in it was here already."""
        counts = transfer.import_progress(self.db, Path(path))
        return transfer.summary(counts) if any(counts.values()) else None

    def import_anki(self, path: str | Path, bank: Bank,
                    progress: Callable[[int, int], bool]) -> Summary:
        """An Anki package's notes as the user's questions, with their review history."""
        return anki_history.import_package(Path(path), self.db, self.data_dir / "bank", bank,
                                           progress)

    # --- backups ------------------------------------------------------------------
    @property
    def backup_folder(self) -> Path:
        return backup.backup_dir(self.data_dir)

    def backups(self) -> list[tuple[Path, str]]:
        """Backups newest first, each with a label saying when it was taken."""
        return [(p, backup.backup_label(p)) for p in backup.list_backups(self.backup_folder)]

    def back_up_now(self, now: dt.datetime) -> Path:
        return backup.take_backup_now(self.data_dir / DB_NAME, self.backup_folder, now)

    def restore(self, chosen: Path) -> None:
        """Put a backup in place of the progress file (closed first; the app then ends)."""
        self.db.conn.close()
        backup.restore(chosen, self.data_dir / DB_NAME)
