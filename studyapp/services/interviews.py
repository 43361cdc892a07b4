"""Mock interviews: choosing the questions, keeping the session, reading past ones, and
sending what was missed to the flashcards."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

from studyapp.core.bank import Bank
from studyapp.core.interview import DONE, Selection, Session, select_questions
from studyapp.services.study import Study
from studyapp.store.db import Database
from studyapp.store.interview_sessions import (
    create_interview,
    discard_interview,
    interview_history,
    recent_interview_questions,
    save_interview,
    unfinished_interview,
)
from studyapp.store.settings_table import get_setting, set_setting

WEAK_SESSIONS = 10      # past interviews that say which topics are weak


class Interviews:
    def __init__(self, db: Database, bank: Bank, now: Callable[[], dt.datetime],
                 clock: Callable[[], float] = time.monotonic):
        self.db, self.bank, self.now, self.clock = db, bank, now, clock

    def history(self) -> list[dict]:
        """Finished interviews, newest first (id, preset, started_at, score, state)."""
        return interview_history(self.db)

    def session(self, row: dict) -> Session:
        return Session.from_dict(row["state"], self.bank, self.clock)

    def presets(self) -> dict[str, dict]:
        """The user's saved interview settings by name."""
        return get_setting(self.db, "interview_presets")

    def save_preset(self, name: str, settings: dict) -> None:
        set_setting(self.db, "interview_presets", {**self.presets(), name: settings})

    def weak_topics(self) -> dict[str, float]:
        """Mean score (0–100) per topic over the latest interviews."""
        scores: dict[str, list[float]] = {}
        for h in self.history()[:WEAK_SESSIONS]:
            for a in self.session(h).answers:
                q = self.bank.questions.get(a.question_id)
                if q is not None:
                    scores.setdefault(q.topic_id, []).append(100 * a.score())
        return {t: sum(v) / len(v) for t, v in scores.items()}

    def choose(self, selection: Selection, rng: random.Random | None = None) -> list[str]:
        """The questions of a new interview: not asked lately, weak topics first if asked."""
        return select_questions(self.bank, selection,
                                recent_interview_questions(self.db),
                                self.weak_topics(), rng or random.Random())

    def begin(self, session: Session) -> int:
        """Store a session that has just started; its id."""
        return create_interview(self.db, session.plan.preset, session.to_dict(),
                                         self.now().isoformat())

    def save(self, session_id: int, session: Session) -> None:
        done = session.phase == DONE
        save_interview(self.db, session_id, session.to_dict(),
                                score=session.score() if done else None,
                                finished_at=self.now().isoformat() if done else None)

    def unfinished(self) -> tuple[int, Session] | None:
        stored = unfinished_interview(self.db)
        if stored is None:
            return None
        session_id, state = stored
        return session_id, Session.from_dict(state, self.bank, self.clock)

    def discard(self, session_id: int) -> None:
        discard_interview(self.db, session_id)

    def send_missed(self, session: Session) -> int:
        """Make the missed questions' cards due now; how many."""
        return Study(self.db, self.bank, self.now).make_due(session.missed())
