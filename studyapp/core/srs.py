"""Spaced repetition on top of the ``fsrs`` package (FSRS-6): card state ↔ rows,
interval previews, the daily queue, leeches, mastery and backlog spreading. No Qt."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import fsrs

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
# A backlog banner appears when the overdue cards exceed this share of a day's reviews.
BACKLOG_THRESHOLD = 0.5


@dataclass
class Settings:
    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (1, 10)      # minutes
    relearning_steps: tuple[int, ...] = (10,)      # minutes
    maximum_interval_days: int = 36500
    new_per_day: int = 20
    reviews_per_day: int = 200
    leech_threshold: int = 6
    fuzz: bool = True
    # The 21 FSRS-6 weights fitted to the user's reviews; empty means fsrs's defaults.
    parameters: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        self.learning_steps = tuple(int(m) for m in self.learning_steps)
        self.relearning_steps = tuple(int(m) for m in self.relearning_steps)
        self.parameters = tuple(float(w) for w in self.parameters)
        if not 0.7 <= self.desired_retention <= 0.97:
            raise ValueError("desired retention must lie between 0.70 and 0.97")
        if self.parameters:
            _curve(self.parameters)      # fsrs raises ValueError for a wrong count or bounds

    def fsrs_parameters(self) -> tuple[float, ...]:
        """The weights scheduling uses: the fitted ones, else fsrs's defaults."""
        return self.parameters or tuple(_DEFAULT.parameters)


def day_start(now: dt.datetime) -> dt.datetime:
    """The start of the user's local day containing ``now``, in UTC."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@dataclass
class CardState:
    question_id: str
    card_key: str
    due: dt.datetime
    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    last_review: dt.datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: dt.datetime | None = None
    leech: bool = False

    @classmethod
    def new(cls, question_id: str, card_key: str, now: dt.datetime) -> CardState:
        return cls(question_id, card_key, due=now)

    def to_row(self) -> dict:
        # Every field is a number, text, flag or datetime: a shallow copy is enough, and
        # ten times faster than asdict's deep copy (an Anki history replays many).
        row = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for name in ("due", "last_review", "buried_until"):
            row[name] = _iso(row[name])
        return row

    @classmethod
    def from_row(cls, row: dict) -> CardState:
        values = {k: v for k, v in row.items() if k in _CARD_FIELDS}
        for name in ("due", "last_review", "buried_until"):
            values[name] = _parse(values.get(name))
        return cls(**values)

    def copy(self, **changes: Any) -> CardState:
        return dataclasses.replace(self, **changes)


_CARD_FIELDS = frozenset(f.name for f in dataclasses.fields(CardState))


def _fsrs_card(card: CardState) -> fsrs.Card:
    if card.state == NEW:
        return fsrs.Card(card_id=1, state=fsrs.State.Learning, step=0, due=card.due)
    return fsrs.Card(card_id=1, state=fsrs.State(card.state), step=card.step,
                     stability=card.stability, difficulty=card.difficulty, due=card.due,
                     last_review=card.last_review)


_DEFAULT = fsrs.Scheduler(enable_fuzzing=False)


def retrievability(card: CardState, now: dt.datetime,
                   parameters: tuple[float, ...] = ()) -> float:
    """Probability of recalling the card now (0 for a card never reviewed); the forgetting
    curve's shape is the last parameter, so fitted ``parameters`` change it."""
    if card.state == NEW or card.last_review is None:
        return 0.0
    return _curve(parameters).get_card_retrievability(_fsrs_card(card), now)


@functools.lru_cache(maxsize=4)
def _curve(parameters: tuple[float, ...]) -> fsrs.Scheduler:
    return fsrs.Scheduler(parameters, enable_fuzzing=False) if parameters else _DEFAULT


def forgetting_order(card: CardState, now: dt.datetime) -> float:
    """Sorts cards as their retrievability does, lowest first, without an fsrs card for
    each (a 20,000-card queue sorts thousands): FSRS's forgetting curve falls with the
    elapsed whole days over the stability and nothing else."""
    if card.state == NEW or card.last_review is None or not card.stability:
        return -math.inf
    return -max(0, (now - card.last_review).days) / card.stability


class Scheduler:
    def __init__(self, settings: Settings):
        self.settings = settings
        options: dict[str, Any] = {     # fsrs.Scheduler keywords
            "desired_retention": settings.desired_retention,
            "learning_steps": [dt.timedelta(minutes=m) for m in settings.learning_steps],
            "relearning_steps": [dt.timedelta(minutes=m) for m in settings.relearning_steps],
            "maximum_interval": settings.maximum_interval_days,
            "parameters": settings.fsrs_parameters(),
        }
        self._fsrs = fsrs.Scheduler(enable_fuzzing=settings.fuzz, **options)
        self._exact = fsrs.Scheduler(enable_fuzzing=False, **options)

    def _next(self, scheduler: fsrs.Scheduler, card: CardState, rating: int,
              now: dt.datetime) -> fsrs.Card:
        result, _ = scheduler.review_card(_fsrs_card(card), fsrs.Rating(rating), now)
        return result

    def preview(self, card: CardState, now: dt.datetime) -> dict[int, dt.timedelta]:
        """The interval each rating would give (without fuzz, as the buttons show it)."""
        return {r: self._next(self._exact, card, r, now).due - now for r in (1, 2, 3, 4)}

    def answer(self, card: CardState, rating: int, now: dt.datetime,
               duration_ms: int) -> tuple[CardState, dict]:
        """The card after ``rating`` and the review-log entry (with the state before)."""
        result = self._next(self._fsrs, card, rating, now)
        lapses = card.lapses + (rating == 1 and card.state == REVIEW)
        leech_now = not card.leech and lapses >= self.settings.leech_threshold
        after = card.copy(state=int(result.state), step=result.step, stability=result.stability,
                          difficulty=result.difficulty, due=result.due,
                          last_review=result.last_review, reps=card.reps + 1, lapses=lapses,
                          buried_until=None, leech=card.leech or leech_now)
        log = {
            "question_id": card.question_id, "card_key": card.card_key, "rating": rating,
            "reviewed_at": now.isoformat(), "duration_ms": duration_ms,
            "interval_days": (result.due - now).total_seconds() / 86400,
            "state_before": card.to_row(), "leech_now": leech_now,
        }
        return after, log


def format_interval(delta: dt.timedelta) -> str:
    """Anki-style short interval: 45s, 10m, 3h, 4d, 2.1mo, 1.3y."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return f"{max(0, round(seconds))}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.4375:.1f}mo"
    return f"{days / 365.25:.1f}y"


def _available(card: CardState, now: dt.datetime) -> bool:
    return not card.suspended and not (card.buried_until and card.buried_until > now)


@dataclass
class _Picker:
    """At most one card per question a day: siblings wait for another day."""

    seen: set[str] = field(default_factory=set)

    def take(self, card: CardState) -> bool:
        if card.question_id in self.seen:
            return False
        self.seen.add(card.question_id)
        return True


def build_queue(cards: list[CardState], now: dt.datetime, settings: Settings,
                new_done: int = 0, reviews_done: int = 0,
                due_at: Callable[[CardState], dt.datetime] | None = None) -> list[CardState]:
    """Today's cards: learning steps first, then reviews with new cards interleaved.

    Reviews are most-overdue first; new cards keep the bank's order. Daily limits count
    what was already studied today; siblings of a card studied today wait. ``due_at``
    says when a review card counts as due, if not at its own due time (the interview
    plan brings reviews forward).
    """
    start = day_start(now)
    end = start + dt.timedelta(days=1)
    due_at = due_at or (lambda card: card.due)
    usable = [c for c in cards if _available(c, now)]
    picker = _Picker({c.question_id for c in usable
                      if c.state == REVIEW and c.last_review and c.last_review >= start})
    learning = sorted((c for c in usable if c.state in (LEARNING, RELEARNING) and c.due < end),
                      key=lambda c: c.due)
    due = sorted((c for c in usable if c.state == REVIEW and due_at(c) < end),
                 key=lambda c: forgetting_order(c, now))
    reviews = [c for c in due if picker.take(c)][:max(0, settings.reviews_per_day - reviews_done)]
    fresh = [c for c in usable if c.state == NEW and picker.take(c)]
    fresh = fresh[:max(0, settings.new_per_day - new_done)]
    return learning + _interleave(reviews, fresh)


def _interleave(reviews: list[CardState], fresh: list[CardState]) -> list[CardState]:
    """Spread new cards evenly through the reviews."""
    if not reviews or not fresh:
        return reviews + fresh
    out: list[CardState] = []
    gap = (len(reviews) + len(fresh)) / len(fresh)
    slots = {math.floor((i + 1) * gap) - 1 for i in range(len(fresh))}
    r, f = iter(reviews), iter(fresh)
    for position in range(len(reviews) + len(fresh)):
        out.append(next(f) if position in slots else next(r))
    return out


def overdue_backlog(cards: list[CardState], now: dt.datetime,
                    settings: Settings) -> list[CardState]:
    """Review cards whose due day has passed."""
    start = day_start(now)
    return [c for c in cards if c.state == REVIEW and _available(c, now) and c.due < start]


def spread_backlog(backlog: list[CardState], days: int, now: dt.datetime,
                   settings: Settings) -> list[CardState]:
    """Reschedule a backlog over ``days`` days, the most forgotten first (today)."""
    ordered = sorted(backlog, key=lambda c: forgetting_order(c, now))
    per_day = max(1, math.ceil(len(ordered) / days))
    start = day_start(now)
    moved = []
    for i, card in enumerate(ordered):
        day = i // per_day
        moved.append(card.copy(due=now if day == 0 else start + dt.timedelta(days=day)))
    return moved


def mastery(cards: list[CardState], now: dt.datetime, settings: Settings) -> float:
    """Share of the cards recalled at least as likely as the desired retention."""
    active = [c for c in cards if not c.suspended]
    if not active:
        return 0.0
    strong = sum(retrievability(c, now, settings.parameters) >= settings.desired_retention
                 for c in active)
    return strong / len(active)
