"""The user's own marks on questions: notes and stars."""

from __future__ import annotations

from studyapp.store.db import Database
from studyapp.store.user_marks import get_note, noted_ids, set_note, set_star, starred_ids


class Notes:
    def __init__(self, db: Database):
        self.db = db

    def note(self, question_id: str) -> str:
        return get_note(self.db, question_id)

    def save_note(self, question_id: str, body: str) -> bool:
        """Keep a note (an empty one removes it); whether anything changed."""
        if body == self.note(question_id):
            return False
        set_note(self.db, question_id, body)
        return True

    def noted(self) -> set[str]:
        """Ids of the questions that have a note."""
        return noted_ids(self.db)

    def starred(self) -> set[str]:
        return starred_ids(self.db)

    def set_star(self, question_id: str, starred: bool) -> None:
        set_star(self.db, question_id, starred)
