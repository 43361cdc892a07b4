"""Studying flashcards: the bank's cards joined with their schedules, and every write a
review session makes (answer, undo, bury, suspend, reset, star, spread a backlog)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from studyapp.core import exam_plan, srs
from studyapp.core.bank import Bank, Card, Question
from studyapp.core.scope import Scope
from studyapp.store.db import Database
from studyapp.store.review_log import (
    delete_card,
    log_rows,
    record_review,
    review_counts_since,
    save_cards,
    stored_cards,
    undo_last_review,
)
from studyapp.store.settings_table import get_setting
from studyapp.store.user_marks import save_filter, saved_filters, set_star, starred_ids

CardKey = tuple[str, str]


class Study:
    """The deck: every card of the bank with its stored scheduling state."""

    def __init__(self, db: Database, bank: Bank, now: Callable[[], dt.datetime]):
        self.db = db
        self.now = now
        self.reload(bank)

    def reload(self, bank: Bank | None = None) -> None:
        """Read the scheduling settings and the cards' states again (and a new bank)."""
        if bank is not None:
            self.bank = bank
        self.settings = srs.Settings(**get_setting(self.db, "srs_settings"))
        self.scheduler = srs.Scheduler(self.settings)
        self._day: tuple | None = None     # today's limits and interview-plan steering
        stored = stored_cards(self.db)
        now = self.now()
        self.cards: dict[CardKey, srs.CardState] = {}
        for q in self.bank.questions.values():
            for card in q.all_cards():
                key = (q.id, card.key)
                self.cards[key] = stored.get(key) or srs.CardState.new(q.id, card.key, now)

    # --- reading ------------------------------------------------------------------
    def card_text(self, key: CardKey) -> tuple[Question, Card]:
        q = self.bank.questions[key[0]]
        return q, next(c for c in q.all_cards() if c.key == key[1])

    def in_scope(self, scope: Scope) -> list[srs.CardState]:
        ids = set(scope.select(self.bank, starred_ids(self.db)))
        return [c for (qid, _), c in self.cards.items() if qid in ids]

    def counts(self, cards: list[srs.CardState]) -> dict[str, int]:
        """New, learning and due-today cards among ``cards``."""
        end = srs.day_start(self.now()) + dt.timedelta(days=1)
        new = sum(c.state == srs.NEW for c in cards)
        learning = sum(c.state in (srs.LEARNING, srs.RELEARNING) for c in cards)
        due = sum(c.state == srs.REVIEW and c.due < end and not c.suspended for c in cards)
        return {"new": new, "learning": learning, "due": due}

    def today_counts(self, cards: list[srs.CardState]) -> dict[str, int]:
        """What studying ``cards`` now would show: today's queue, limits and plan applied,
        so a deck never promises a card that studying it does not give."""
        return self.counts(self.today(cards))

    def queue(self, scope: Scope) -> list[srs.CardState]:
        """Today's cards in ``scope``, within the daily limits left."""
        self._day = None                   # what was studied since counts
        return self.today(self.in_scope(scope))

    def today(self, cards: list[srs.CardState]) -> list[srs.CardState]:
        now = self.now()
        if self._day is None:
            done = review_counts_since(self.db, srs.day_start(now).isoformat())
            settings, due_at = exam_plan.steering(
                self.cards, now, self.settings, get_setting(self.db, "interview_date"),
                lambda: log_rows(self.db))
            self._day = (done, settings, due_at)
        done, settings, due_at = self._day
        return srs.build_queue(cards, now, settings, done["new"], done["reviews"], due_at)

    def mastery(self, cards: list[srs.CardState]) -> float:
        return srs.mastery(cards, self.now(), self.settings)

    def previews(self, card: srs.CardState) -> dict[int, dt.timedelta]:
        """The next interval each rating would give."""
        return self.scheduler.preview(card, self.now())

    def backlog(self) -> list[srs.CardState]:
        return srs.overdue_backlog(list(self.cards.values()), self.now(), self.settings)

    def review_log(self) -> list[dict]:
        """Every review not undone, oldest first."""
        return log_rows(self.db)

    def is_starred(self, question_id: str) -> bool:
        return question_id in starred_ids(self.db)

    def saved_filters(self) -> dict[str, dict]:
        return saved_filters(self.db)

    # --- writing ------------------------------------------------------------------
    def answer(self, card: srs.CardState, rating: int, ms: int) -> tuple[srs.CardState, bool]:
        """Grade a card; the new state and whether it just became a leech."""
        new, log = self.scheduler.answer(card, rating, self.now(), ms)
        record_review(self.db, new.to_row(), log)
        self.cards[(new.question_id, new.card_key)] = new
        self._day = None
        return new, bool(log.get("leech_now"))

    def undo(self) -> srs.CardState | None:
        """Take back the most recent review (also one from an earlier session or start):
        the card as it was before it, or None when there is nothing to undo."""
        state = undo_last_review(self.db)
        if state is None:
            return None
        card = srs.CardState.from_row(state)
        self.cards[(card.question_id, card.card_key)] = card
        self._day = None
        return card

    def _store(self, card: srs.CardState) -> srs.CardState:
        save_cards(self.db, [card.to_row()])
        self.cards[(card.question_id, card.card_key)] = card
        return card

    def bury(self, card: srs.CardState) -> srs.CardState:
        """Hide a card until tomorrow."""
        tomorrow = srs.day_start(self.now()) + dt.timedelta(days=1)
        return self._store(card.copy(buried_until=tomorrow))

    def suspend(self, card: srs.CardState) -> srs.CardState:
        return self._store(card.copy(suspended=True))

    def unsuspend(self, card: srs.CardState) -> srs.CardState:
        """Take a card back into the deck with the schedule it had."""
        return self._store(card.copy(suspended=False))

    def reset(self, card: srs.CardState) -> srs.CardState:
        """Forget a card's schedule; its review history stays."""
        delete_card(self.db, card.question_id, card.card_key)
        fresh = srs.CardState.new(card.question_id, card.card_key, self.now())
        self.cards[(card.question_id, card.card_key)] = fresh
        return fresh

    def toggle_star(self, question_id: str) -> bool:
        """Star or unstar a question; whether it is starred now."""
        starred = not self.is_starred(question_id)
        set_star(self.db, question_id, starred)
        return starred

    def save_filter(self, name: str, scope: Scope) -> None:
        save_filter(self.db, name, scope.to_dict())

    def spread_backlog(self, days: int) -> int:
        """Move overdue cards over ``days`` days; how many moved."""
        moved = srs.spread_backlog(self.backlog(), days, self.now(), self.settings)
        save_cards(self.db, [c.to_row() for c in moved])
        self.reload()
        return len(moved)

    def make_due(self, question_ids: list[str]) -> int:
        """Bring questions' cards forward to now (e.g. the ones missed in an interview);
        new cards stay new, first in line. How many cards."""
        now = self.now()
        stored = stored_cards(self.db)
        rows = []
        for qid in question_ids:
            card = stored.get((qid, "q")) or srs.CardState.new(qid, "q", now)
            rows.append(card.copy(due=now, suspended=False, buried_until=None).to_row())
        save_cards(self.db, rows)
        return len(rows)
