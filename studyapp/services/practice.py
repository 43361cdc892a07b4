"""Practice outside the flashcards: coding drills, explorer challenges and the shapes and
counts exercises — what was tried, what was solved, the scores."""

from __future__ import annotations

from studyapp.store import progress
from studyapp.store.db import Database
from studyapp.store.progress import DrillRecord

NOT_TRIED = DrillRecord(0, False, None)


class Practice:
    def __init__(self, db: Database):
        self.db = db

    def drill_attempt(self, question_id: str) -> dict | None:
        """The code last written for a drill, and its runs, if any."""
        return progress.drill_attempt(self.db, question_id)

    def save_drill_code(self, question_id: str, code: str, passed: bool | None = None,
                        seconds: float | None = None) -> None:
        """Keep the code; ``passed`` after a run, ``seconds`` to solve when it passed."""
        progress.save_drill_code(self.db, question_id, code, passed, seconds)

    def drill_records(self) -> dict[str, DrillRecord]:
        return progress.drill_records(self.db)

    def record_challenge(self, challenge: str, explorer: str, correct: bool) -> None:
        progress.record_challenge_result(self.db, challenge, explorer, correct)

    def challenge_scores(self) -> dict[str, tuple[int, int]]:
        """(right, tried) per explorer."""
        return progress.challenge_scores(self.db)

    def challenge_score(self, explorer: str) -> tuple[int, int]:
        """(right, tried) for one explorer's challenges."""
        return self.challenge_scores().get(explorer, (0, 0))

    def record_shape(self, kind: str, correct: bool) -> None:
        progress.record_shape_result(self.db, kind, correct)

    def shape_scores(self) -> dict[str, tuple[int, int]]:
        return progress.shape_scores(self.db)
