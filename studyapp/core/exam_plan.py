"""A plan toward the interview date, from simulating the user's own FSRS parameters.

Two rules steer the scheduler while the interview lies ahead:

* Final pass — a review card whose FSRS due day falls on or after the interview day, and
  whose recall on the day would fall below ``final_pass_bar`` (halfway from the desired
  retention to certain), is brought forward into the last ``FINAL_PASS_DAYS`` days before
  it, so it is reviewed shortly before the day and recalled then near its just-reviewed
  level. The day within that window comes from a stable hash of the card, which splits
  the pass evenly over the window. A card already reviewed inside the window keeps its
  FSRS due.
* New cards — introduced in the bank's order until the final pass begins, at the highest
  rate (within the daily new-card limit, and no more than starting every card needs) at
  which the simulated started cards still average the desired retention on the day. Too many new cards cause more reviews than the daily review limit allows, and the
  reviews left undone lower recall: the simulation finds where that starts.

From the interview day on, the scheduler is back to plain FSRS.

The simulation is a Monte-Carlo run of the FSRS-6 model over whole days, vectorised over
cards and runs: each day the due reviews (most forgotten first, up to the daily review
limit) are recalled with their predicted probability, ratings and seconds per review come
from the user's own log, and new cards go through their learning steps exactly as the
``fsrs`` scheduler takes them. Siblings' one-card-a-day rule and interval fuzz are left out
(fuzz averages out; siblings are few).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeGuard

import fsrs_rs_python as fsrs_rs
import numpy as np

from studyapp.core import retention_advice, srs

FINAL_PASS_DAYS = 3
RUNS = 8                       # Monte-Carlo runs, simulated side by side
HORIZON_DAYS = 730             # a plan looks at most this far ahead

# Per card and run, or one value: the model's formulas broadcast.
Values = np.ndarray | float


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def active(exam_day: dt.date | None, now: dt.datetime) -> TypeGuard[dt.date]:
    """Whether the plan steers today: an interview date is set and still ahead."""
    return exam_day is not None and local_day(now) < exam_day


def _window_offset(card: srs.CardState) -> int:
    """1 … FINAL_PASS_DAYS: how many days before the interview this card's final pass falls."""
    key = f"{card.question_id}\x00{card.card_key}".encode()
    return 1 + zlib.crc32(key) % FINAL_PASS_DAYS


DueRule = Callable[[srs.CardState], dt.datetime]


def final_pass_bar(settings: srs.Settings) -> float:
    """Recall on the day below which a card gets the final pass: halfway from the desired
    retention to certain. Cards above it would gain little from one more review."""
    return (1 + settings.desired_retention) / 2


def due_rule(exam_day: dt.date, settings: srs.Settings) -> DueRule:
    """The due time the plan gives each card while the interview lies ahead."""
    exam_start = srs.day_start(dt.datetime.combine(exam_day, dt.time(12)).astimezone())
    model, bar = Model(settings), final_pass_bar(settings)

    def due(card: srs.CardState) -> dt.datetime:
        if card.state != srs.REVIEW or card.due < exam_start or card.last_review is None:
            return card.due
        pass_start = exam_start - dt.timedelta(days=_window_offset(card))
        elapsed = (exam_day - local_day(card.last_review)).days
        if (card.last_review >= pass_start
                or model.recall(elapsed, card.stability or 0.001) >= bar):
            return card.due
        return pass_start

    return due


def starts_new_cards(exam_day: dt.date | None, now: dt.datetime) -> bool:
    """New cards wait once the final pass begins: those days are for reviewing."""
    return not active(exam_day, now) or (exam_day - local_day(now)).days > FINAL_PASS_DAYS


def parse_day(text: str) -> dt.date | None:
    """The stored interview date ("" when none is set)."""
    return dt.date.fromisoformat(text) if text else None


def steer(settings: srs.Settings, exam_day: dt.date | None, now: dt.datetime,
          new_per_day: int) -> tuple[srs.Settings, DueRule | None]:
    """Today's settings and due rule for ``srs.build_queue`` under a plan that starts
    ``new_per_day`` new cards a day (none in the final pass); unchanged without a plan."""
    if not active(exam_day, now):
        return settings, None
    rate = new_per_day if starts_new_cards(exam_day, now) else 0
    return dataclasses.replace(settings, new_per_day=rate), due_rule(exam_day, settings)


def steering(cards: dict[tuple[str, str], srs.CardState], now: dt.datetime,
             settings: srs.Settings, stored_date: str,
             log: Callable[[], list[dict]]) -> tuple[srs.Settings, DueRule | None]:
    """What today's queue follows: the plan's new-card rate and due rule while an
    interview lies ahead (simulated from the cards and the log), else the user's settings."""
    exam_day = parse_day(stored_date)
    if not active(exam_day, now):
        return settings, None
    plan = make_plan(cards, now, exam_day, settings, Habits.from_log(log()))
    return steer(settings, exam_day, now, plan.new_per_day)


# --- the FSRS-6 model on arrays --------------------------------------------------------

class Model:
    """FSRS-6 formulas on numpy arrays, for the parameters the scheduler uses.

    They are the ``fsrs`` package's, written for arrays; a test checks both agree."""

    def __init__(self, settings: srs.Settings):
        self.settings = settings
        self.w = np.array(settings.fsrs_parameters(), float)
        self.decay = -self.w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1

    def recall(self, elapsed: Values, stability: Values) -> Values:
        return (1 + self.factor * np.maximum(elapsed, 0) / stability) ** self.decay

    def interval(self, stability: Values) -> Values:
        s = self.settings
        days = np.rint(stability / self.factor * (s.desired_retention ** (1 / self.decay) - 1))
        return np.clip(days, 1, s.maximum_interval_days)

    def _init_difficulty(self, rating: Values) -> Values:
        return self.w[4] - np.exp(self.w[5] * (rating - 1)) + 1

    def difficulty(self, difficulty: Values, rating: Values) -> Values:
        w = self.w
        changed = difficulty + (10 - difficulty) * (-w[6] * (rating - 3)) / 9
        return np.clip(w[7] * self._init_difficulty(4) + (1 - w[7]) * changed, 1, 10)

    def recalled(self, difficulty: Values, stability: Values, recall: Values,
                 rating: Values) -> Values:
        w = self.w
        bonus = np.where(rating == 2, w[15], 1.0) * np.where(rating == 4, w[16], 1.0)
        grown = stability * (1 + np.exp(w[8]) * (11 - difficulty) * stability ** -w[9]
                             * (np.exp((1 - recall) * w[10]) - 1) * bonus)
        return np.maximum(grown, 0.001)

    def forgotten(self, difficulty: Values, stability: Values, recall: Values) -> Values:
        w = self.w
        long_term = (w[11] * difficulty ** -w[12] * ((stability + 1) ** w[13] - 1)
                     * np.exp((1 - recall) * w[14]))
        return np.maximum(np.minimum(long_term, stability / np.exp(w[17] * w[18])), 0.001)

    def same_day(self, stability: Values, rating: int) -> Values:
        w = self.w
        growth = np.exp(w[17] * (rating - 3 + w[18])) * stability ** -w[19]
        if rating >= 2:
            growth = np.maximum(growth, 1.0)
        return np.maximum(stability * growth, 0.001)


# --- what the user's log says about them -----------------------------------------------

@dataclass(frozen=True)
class Habits:
    """How this user rates and how many seconds an answer takes them, read from the review
    log as the desired-retention advice reads it (with its defaults, from Anki users,
    until the log has enough of each)."""

    first_rating: tuple[float, ...]     # Again, Hard, Good, Easy on a new card
    recall_rating: tuple[float, ...]    # Hard, Good, Easy when recalled
    learning: tuple[float, ...]         # seconds per answer by rating (Again … Easy)
    review: tuple[float, ...]
    relearning: tuple[float, ...]

    @classmethod
    def from_log(cls, log: Iterable[dict]) -> Habits:
        config = fsrs_rs.default_simulator_config()
        retention_advice.study_habits(log, config)
        learning, review, relearning = (tuple(row) for row in config.state_rating_costs)
        return cls(tuple(config.first_rating_prob), tuple(config.review_rating_prob),
                   learning, review, relearning)


def _shares(values: tuple[float, ...]) -> np.ndarray:
    shares = np.array(values, float)
    return shares / shares.sum()


@dataclass(frozen=True)
class Learning:
    """What a new card's first day leaves, for each first rating (fsrs's own steps)."""

    stability: np.ndarray
    difficulty: np.ndarray
    interval: np.ndarray
    steps: np.ndarray           # reviews on the first day, the first one included


def learning_outcomes(settings: srs.Settings, now: dt.datetime) -> Learning:
    """Each first rating followed by Good until the card graduates, as the scheduler
    takes them (the interval without fuzz)."""
    scheduler = srs.Scheduler(dataclasses.replace(settings, fuzz=False))
    rows = []
    for first in (1, 2, 3, 4):
        card, moment, rating, steps = srs.CardState.new("plan", "q", now), now, first, 0
        while card.state != srs.REVIEW and steps < 20:
            card, _ = scheduler.answer(card, rating, moment, 0)
            moment, rating, steps = card.due, 3, steps + 1
        rows.append((card.stability, card.difficulty, max(1, (card.due - now).days), steps))
    stability, difficulty, interval, step_counts = (np.array(col, float)
                                                    for col in zip(*rows, strict=True))
    return Learning(stability, difficulty, interval, step_counts)


# --- the simulation --------------------------------------------------------------------

@dataclass
class Simulation:
    """Mean over the runs: per day until the interview, and recall on the day per card."""

    reviews: list[float]        # reviews of cards already started, per day
    new: list[float]            # new cards started, per day
    minutes: list[float]
    recall: dict[tuple[str, str], float]     # expected recall on the interview day
    started: dict[tuple[str, str], bool]     # started by the day (in every run)
    undone: float               # reviews the daily limit left undone over the period

    def started_recall(self) -> float | None:
        values = [self.recall[k] for k, s in self.started.items() if s]
        return sum(values) / len(values) if values else None

    @property
    def reviews_per_day(self) -> float:
        """Reviews a day on average until the interview (new cards not counted)."""
        return sum(self.reviews) / len(self.reviews) if self.reviews else 0.0

    @property
    def minutes_per_day(self) -> float:
        return sum(self.minutes) / len(self.minutes) if self.minutes else 0.0


def _day_of(moment: dt.datetime | None, today: dt.date) -> int:
    return (local_day(moment) - today).days if moment else 0


def simulate(cards: dict[tuple[str, str], srs.CardState], now: dt.datetime,
             exam_day: dt.date, settings: srs.Settings, new_per_day: int,
             habits: Habits | None = None, runs: int = RUNS, seed: int = 0) -> Simulation:
    """Follow the plan day by day until the interview, ``runs`` times side by side."""
    today = local_day(now)
    days = min(HORIZON_DAYS, max(0, (exam_day - today).days))
    model, learning = Model(settings), learning_outcomes(settings, now)
    rng = np.random.default_rng(seed)
    keys = [k for k, c in cards.items() if not c.suspended]
    items = [cards[k] for k in keys]
    fresh = np.array([c.state == srs.NEW or c.stability is None for c in items], bool)
    stability = np.array([c.stability or 1.0 for c in items], float)
    difficulty = np.array([c.difficulty or 5.0 for c in items], float)
    last = np.array([_day_of(c.last_review, today) for c in items], float)
    due = np.array([min(_day_of(c.due, today), 0) if c.state in (srs.LEARNING, srs.RELEARNING)
                    else _day_of(c.due, today) for c in items], float)
    window = np.array([days - _window_offset(c) for c in items], float)
    bar = final_pass_bar(settings)
    order = np.cumsum(fresh) * fresh           # 1, 2, … in bank order for new cards
    stability, difficulty, last, due = (np.tile(a, (runs, 1))
                                        for a in (stability, difficulty, last, due))
    started = np.tile(~fresh, (runs, 1))
    reviews, new, minutes = np.zeros(days), np.zeros(days), np.zeros(days)
    undone = 0.0
    intro_until = days - FINAL_PASS_DAYS
    habits = habits or Habits.from_log([])
    first_p, recall_p = _shares(habits.first_rating), _shares(habits.recall_rating)
    relearn_steps = len(settings.relearning_steps)
    review_s = np.array(habits.review)
    lapse_s = review_s[0] + relearn_steps * habits.relearning[2]    # Again, then Good steps
    # a new card's first day: its first answer, then Good until it graduates
    learn_s = np.array(habits.learning) + (learning.steps - 1) * habits.learning[2]
    for day in range(days):
        passing = (due >= days) & (last < window) & (model.recall(days - last, stability) < bar)
        planned = np.where(passing, window, due)
        wanted = started & (planned <= day)
        recall_now = np.asarray(model.recall(day - last, stability))
        limit = settings.reviews_per_day
        counts = wanted.sum(axis=1)
        if (counts > limit).any():
            rank = np.argsort(np.argsort(np.where(wanted, recall_now, np.inf), axis=1), axis=1)
            undone += float((counts - np.minimum(counts, limit)).sum()) / runs
            wanted &= rank < limit
        if wanted.any():
            r = recall_now[wanted]
            d, s = difficulty[wanted], stability[wanted]
            passed = rng.random(r.size) < r
            rating = np.where(passed, 2 + rng.choice(3, size=r.size, p=recall_p), 1)
            s_new = np.where(passed, model.recalled(d, s, r, rating), model.forgotten(d, s, r))
            d_new = model.difficulty(d, rating)
            for _ in range(relearn_steps):      # a lapse relearns with Good the same day
                s_new = np.where(passed, s_new, model.same_day(s_new, 3))
                d_new = np.where(passed, d_new, model.difficulty(d_new, 3))
            stability[wanted], difficulty[wanted] = s_new, d_new
            last[wanted], due[wanted] = day, day + model.interval(s_new)
            lapses = r.size - passed.sum()
            reviews[day] += r.size / runs
            minutes[day] += (review_s[rating[passed] - 1].sum() + lapses * lapse_s) / 60 / runs
        if day < intro_until and new_per_day > 0:
            starting = fresh & (order > day * new_per_day) & (order <= (day + 1) * new_per_day)
            count = int(starting.sum())
            if count:
                first = rng.choice(4, size=(runs, count), p=first_p)
                cols = np.flatnonzero(starting)
                stability[:, cols] = learning.stability[first]
                difficulty[:, cols] = learning.difficulty[first]
                last[:, cols], due[:, cols] = day, day + learning.interval[first]
                started[:, cols] = True
                new[day] = count
                minutes[day] += learn_s[first].sum() / 60 / runs
    on_day = np.where(started, model.recall(days - last, stability), 0.0).mean(axis=0)
    every = np.all(started, axis=0)
    return Simulation(list(reviews), list(new), list(minutes),
                      dict(zip(keys, on_day.tolist(), strict=True)),
                      dict(zip(keys, every.tolist(), strict=True)), undone)


def recall_if_stopped(cards: dict[tuple[str, str], srs.CardState], exam_day: dt.date,
                      now: dt.datetime, settings: srs.Settings) -> dict[tuple[str, str], float]:
    """Expected recall on the interview day with no more study (0 for unstarted cards)."""
    model, today = Model(settings), local_day(now)
    days = (exam_day - today).days
    return {k: 0.0 if c.state == srs.NEW or c.stability is None
            else float(model.recall(days - _day_of(c.last_review, today), c.stability))
            for k, c in cards.items() if not c.suspended}


# --- the plan --------------------------------------------------------------------------

@dataclass
class Plan:
    exam_day: dt.date
    days: int                        # days left before the interview day
    new_per_day: int                 # the rate the plan starts new cards at
    unstarted: int                   # new cards not started yet
    simulation: Simulation
    stopped: dict[tuple[str, str], float]
    target: float                    # the desired retention

    @property
    def meets_target(self) -> bool:
        recall = self.simulation.started_recall()
        return recall is not None and recall >= self.target

    @property
    def started_in_time(self) -> int:
        """New cards the plan starts before the interview."""
        return round(sum(self.simulation.new))


def make_plan(cards: dict[tuple[str, str], srs.CardState], now: dt.datetime,
              exam_day: dt.date, settings: srs.Settings, habits: Habits | None = None,
              runs: int = RUNS, seed: int = 0) -> Plan:
    """The plan with the fastest new-card rate that still meets the desired retention on
    the day (found by bisection over simulated rates)."""
    days = min(HORIZON_DAYS, max(0, (exam_day - local_day(now)).days))
    unstarted = sum(c.state == srs.NEW and not c.suspended for c in cards.values())
    intro_days = days - FINAL_PASS_DAYS
    needed = math.ceil(unstarted / intro_days) if intro_days > 0 and unstarted else 0
    rate = min(needed, settings.new_per_day)

    def run(rate: int) -> Simulation:
        return simulate(cards, now, exam_day, settings, rate, habits, runs, seed)

    def good(sim: Simulation) -> bool:
        recall = sim.started_recall()
        return recall is None or recall >= settings.desired_retention

    best = run(rate)
    if not good(best) and rate > 0:
        low, high, best_low = 0, rate, None          # low passes (or is 0), high fails
        while high - low > 1:
            middle = (low + high) // 2
            sim = run(middle)
            if good(sim):
                low, best_low = middle, sim
            else:
                high = middle
        rate, best = low, best_low or run(low)
    stopped = recall_if_stopped(cards, exam_day, now, settings)
    return Plan(exam_day, days, rate, unstarted, best, stopped, settings.desired_retention)
