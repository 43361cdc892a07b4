"""Desired-retention advice as Anki gives it: simulate a year of study at each retention
with the user's parameters, limits and answer times (fsrs-rs-python's simulator) and
mark the retention that costs the least study time per card remembered. No Qt, no SQL."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import fsrs_rs_python as fsrs_rs

from studyapp.core import srs

RETENTIONS = tuple(round(0.70 + 0.01 * i, 2) for i in range(28))    # the settings' range
DAYS = 365
# Simulated card-years per retention: a small deck is simulated several times (seeded) so
# the curve's steps come from the retention rather than from chance.
CARD_YEARS = 2000
# A rating probability or answer time is taken from the user's log once it has this many
# samples; below that the simulator's defaults (from Anki users) stand in.
MIN_SAMPLES = 30


@dataclass(frozen=True)
class WorkloadPoint:
    retention: float
    minutes_per_day: float
    reviews_per_day: float
    remembered: float                  # expected cards recalled at the end of the span
    seconds_per_remembered: float      # study time over the span per card remembered


def _probabilities(counts: dict[int, int], ratings: Sequence[int],
                   default: Sequence[float]) -> list[float]:
    total = sum(counts[r] for r in ratings)
    if total < MIN_SAMPLES:
        return list(default)
    return [counts[r] / total for r in ratings]


def study_habits(rows: Iterable[dict], config: fsrs_rs.SimulatorConfig) -> None:
    """Put the user's first ratings, ratings when recalled and answer times (median seconds
    per state and rating) from the review log (``progress.log_rows``) into ``config``."""
    first: dict[int, int] = defaultdict(int)
    recalled: dict[int, int] = defaultdict(int)
    seconds: dict[tuple[int, int], list[float]] = defaultdict(list)
    for row in rows:
        state, rating = row["state_before"], int(row["rating"])
        if state == srs.NEW:
            first[rating] += 1
        elif state == srs.REVIEW and rating > 1:
            recalled[rating] += 1
        if row["duration_ms"]:      # a new card's first answer is its first learning step
            seconds[srs.LEARNING if state == srs.NEW else state, rating].append(
                row["duration_ms"] / 1000)
    config.first_rating_prob = _probabilities(first, (1, 2, 3, 4), config.first_rating_prob)
    config.review_rating_prob = _probabilities(recalled, (2, 3, 4), config.review_rating_prob)
    costs = [list(row) for row in config.state_rating_costs]   # learning, review, relearning
    for index, state in enumerate((srs.LEARNING, srs.REVIEW, srs.RELEARNING)):
        for rating in (1, 2, 3, 4):
            if len(samples := seconds[state, rating]) >= MIN_SAMPLES:
                costs[index][rating - 1] = statistics.median(samples)
    config.state_rating_costs = costs


def simulator_config(settings: srs.Settings, deck_size: int,
                     rows: Iterable[dict] = ()) -> fsrs_rs.SimulatorConfig:
    """The simulator set up as the user studies: their deck, limits, steps and habits."""
    config = fsrs_rs.default_simulator_config()
    config.deck_size = max(1, deck_size)
    config.learn_span = DAYS
    config.max_cost_perday = 24 * 3600.0           # the app limits cards a day, not minutes
    config.max_ivl = float(settings.maximum_interval_days)
    config.learn_limit = settings.new_per_day
    config.review_limit = settings.reviews_per_day
    config.learning_step_count = len(settings.learning_steps)
    config.relearning_step_count = len(settings.relearning_steps)
    study_habits(rows, config)
    return config


def workload_curve(parameters: Sequence[float], config: fsrs_rs.SimulatorConfig,
                   retentions: Sequence[float] = RETENTIONS, seed: int = 42
                   ) -> list[WorkloadPoint]:
    """Simulated years per retention, averaged over enough seeds for CARD_YEARS (the same
    seeds for every retention)."""
    runs = min(4, max(1, round(CARD_YEARS / config.deck_size)))
    points = []
    for retention in retentions:
        cost = reviews = remembered = 0.0
        for run in range(runs):
            result = fsrs_rs.simulate(list(parameters), retention, config, seed + run)
            cost += sum(result.cost_per_day) / runs
            reviews += (sum(result.review_cnt_per_day) + sum(result.learn_cnt_per_day)) / runs
            remembered += result.memorized_cnt_per_day[-1] / runs
        points.append(WorkloadPoint(
            retention=retention, minutes_per_day=cost / 60 / DAYS,
            reviews_per_day=reviews / DAYS, remembered=remembered,
            seconds_per_remembered=cost / remembered if remembered else float("inf")))
    return points


def best(points: Sequence[WorkloadPoint]) -> WorkloadPoint:
    """The retention with the least study time per card remembered."""
    return min(points, key=lambda p: p.seconds_per_remembered)
