"""Finding questions by their words: the full-text index, best matches first, each with
a snippet whose matched words lie between MARK_OPEN and MARK_CLOSE."""

from __future__ import annotations

from studyapp.core.bank import Bank
from studyapp.store import search
from studyapp.store.db import Database
from studyapp.store.search import MARK_CLOSE, MARK_OPEN, Hit

__all__ = ["MARK_CLOSE", "MARK_OPEN", "Hit", "Search", "index_more"]


class Search:
    def __init__(self, db: Database):
        self.db = db

    def find(self, text: str, limit: int = 60) -> list[Hit]:
        return search.search(self.db, text, limit)


def index_more(index: Database, bank: Bank, limit: int) -> tuple[Database, int]:
    """Index up to ``limit`` more of the questions start-up left unindexed (see
    ``open_data``): the index to search from now on and how many are still left."""
    return search.grow_index(index, bank, limit)
