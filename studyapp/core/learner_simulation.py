"""A simulated learner whose memory follows a given FSRS parameter set: review-log rows
as the app stores them, for checking that the optimizer recovers a known memory and for
timing it on a large history. Seeded, so every run gives the same log."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import fsrs_rs_python as fsrs_rs

FIRST_RATING_WEIGHTS = (0.15, 0.10, 0.60, 0.15)      # Again, Hard, Good, Easy
RECALLED_RATING_WEIGHTS = (0.15, 0.70, 0.15)         # Hard, Good, Easy when recalled


def recall_probability(parameters: Sequence[float], stability: float, days: float) -> float:
    """FSRS-6's forgetting curve: the last parameter sets its decay."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return (1 + factor * days / stability) ** decay


def review_log(parameters: Sequence[float], cards: int, days: int, seed: int,
               start: dt.datetime, desired_retention: float = 0.9) -> list[dict]:
    """``cards`` cards introduced over the first half of ``days`` days, each reviewed when
    the learner's scheduler says (a day or two late at times) until ``days`` is over."""
    rng = random.Random(seed)
    model = fsrs_rs.FSRS(list(parameters))
    rows: list[dict] = []
    for card in range(cards):
        day = rng.randrange(max(1, days // 2))
        rating = rng.choices((1, 2, 3, 4), FIRST_RATING_WEIGHTS)[0]
        state, elapsed, state_before = None, 0, 0
        while day < days:
            rows.append({"question_id": f"q{card}", "card_key": "main", "rating": rating,
                         "reviewed_at": (start + dt.timedelta(days=day)).isoformat(),
                         "duration_ms": rng.randint(3000, 20000), "state_before": state_before})
            state = getattr(model.next_states(state, desired_retention, elapsed),
                            ("again", "hard", "good", "easy")[rating - 1]).memory
            interval = max(1, round(model.next_interval(state.stability, desired_retention, 3)))
            elapsed = interval + rng.choice((0, 0, 0, 1, 2))
            day += elapsed
            recalled = rng.random() < recall_probability(parameters, state.stability, elapsed)
            rating = rng.choices((2, 3, 4), RECALLED_RATING_WEIGHTS)[0] if recalled else 1
            state_before = 2
    rows.sort(key=lambda r: r["reviewed_at"])
    return rows
