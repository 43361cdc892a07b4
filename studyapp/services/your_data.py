"""The user's data as a whole: the bank loaded again after their questions changed,
progress files, Anki packages and backups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp import paths
from studyapp.banks import bank_cache, load, user_banks
from studyapp.core.bank import Bank
from studyapp.store import backup, transfer
from studyapp.store.db import (
    DB_NAME,
    CorruptDatabaseError,
    Database,
    DatabaseError,
    DiskFullError,
    ReadOnlyDatabaseError,
    named_error,
    open_db,
)
from studyapp.store.search import INDEX_NAME, ensure_index, open_index

if TYPE_CHECKING:
    from studyapp.store import anki_history

# The errors a screen turns into messages, named by the store.
__all__ = ["BACKUP_POLICY", "CorruptDatabaseError", "Database", "DatabaseError",
           "DiskFullError", "ReadOnlyDatabaseError", "YourData", "named_error", "newest_good_backup", "open_data",
           "restore_backup"]

BACKUP_POLICY = (f"One is taken each day at start; {backup.KEEP_DAILY} recent and "
                 f"{backup.KEEP_WEEKLY} weekly ones are kept.")


def open_data(data_dir: Path, extra: list[Path], shipped: Path | None,
              index_now: int | None = None) -> YourData:
    """Open the progress file (DatabaseError and its kinds say why not), load the banks
    and open their search index, indexing at most ``index_now`` new or changed questions
    (None: all of them); ``search.index_more`` indexes the rest."""
    db = open_db(data_dir / DB_NAME)
    bank = load(user_banks(data_dir, extra), shipped, bank_cache(data_dir))
    data = YourData(db, data_dir, open_index(search_index(data_dir), bank, index_now))
    data.bank = bank
    return data


def search_index(data_dir: Path) -> Path:
    """The search index's file: derived from the bank, so kept with the caches."""
    return paths.cache_dir(data_dir) / INDEX_NAME


class YourData:
    def __init__(self, db: Database, data_dir: Path, index: Database):
        self.db = db
        self.data_dir = data_dir
        self.index = index                 # the search index
        self.bank: Bank | None = None      # set by open_data

    def reload_bank(self, extra: list[Path], shipped: Path | None) -> Bank:
        """The banks read again (changed files only) and searchable."""
        bank = load(user_banks(self.data_dir, extra), shipped, bank_cache(self.data_dir))
        ensure_index(self.index, bank)
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
                    progress: Callable[[int, int], bool]) -> anki_history.Summary:
        """An Anki package's notes as the user's questions, with their review history."""
        from studyapp.store import anki_history  # zip and zstd readers: when used

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
        restore_backup(self.data_dir, chosen)


def newest_good_backup(data_dir: Path) -> Path | None:
    """The newest backup that opens cleanly (and holds progress, if any does)."""
    return backup.newest_good_backup(backup.backup_dir(data_dir))


def restore_backup(data_dir: Path, chosen: Path) -> None:
    """Put a backup in place of a closed progress file; the damaged one is kept beside."""
    backup.restore(chosen, data_dir / DB_NAME)
