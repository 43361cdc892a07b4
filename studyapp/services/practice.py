"""Practice outside the flashcards: coding drills, explorer challenges and the shapes and
counts exercises — what was tried, what was solved, the scores."""

from __future__ import annotations

from studyapp.store.db import Database
from studyapp.store.practice_results import (
    DrillRecord,
    challenge_scores,
    drill_attempt,
    drill_records,
    record_challenge_result,
    record_shape_result,
    save_drill_code,
    shape_scores,
)

NOT_TRIED = DrillRecord(0, False, None)


class Practice:
    def __init__(self, db: Database):
        self.db = db

    def drill_attempt(self, question_id: str) -> dict | None:
        """The code last written for a drill, and its runs, if any."""
        return drill_attempt(self.db, question_id)

    def save_drill_code(self, question_id: str, code: str, passed: bool | None = None,
                        seconds: float | None = None) -> None:
        """Keep the code; ``passed`` after a run, ``seconds`` to solve when it passed."""
        save_drill_code(self.db, question_id, code, passed, seconds)

    def drill_records(self) -> dict[str, DrillRecord]:
        return drill_records(self.db)

    def record_challenge(self, challenge: str, explorer: str, correct: bool) -> None:
        record_challenge_result(self.db, challenge, explorer, correct)

    def challenge_scores(self) -> dict[str, tuple[int, int]]:
        """(right, tried) per explorer."""
        return challenge_scores(self.db)

    def challenge_score(self, explorer: str) -> tuple[int, int]:
        """(right, tried) for one explorer's challenges."""
        return self.challenge_scores().get(explorer, (0, 0))

    def record_shape(self, kind: str, correct: bool) -> None:
        record_shape_result(self.db, kind, correct)

    def shape_scores(self) -> dict[str, tuple[int, int]]:
        return shape_scores(self.db)
