"""The interview plan: simulating the shipped bank's cards to the interview day, as Stats
and the day's first flashcard queue do, against one simulation of the same days."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.timing import median_ms

BANK_CARDS = 1141          # the shipped bank's cards (questions and their extra cards)
DAYS = 30


def exam_plan() -> dict:
    """``make_plan`` (the new-card rate found by simulating, a bisection when the full
    rate falls short) for 1,141 cards, three in four studied, 30 days ahead with a tight
    review limit, vs one 8-run simulation of those days at a fixed rate."""
    from studyapp.core import exam_plan, srs

    rng = random.Random(0)
    now = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
    cards = {}
    for i in range(BANK_CARDS):
        card = srs.CardState.new(f"q{i}", "q", now)
        if i % 4:
            card = card.copy(state=srs.REVIEW, stability=rng.uniform(1, 120),
                             difficulty=rng.uniform(1, 10),
                             last_review=now - dt.timedelta(days=rng.uniform(1, 60)),
                             due=now + dt.timedelta(days=rng.uniform(-10, 90)))
        cards[card.question_id, card.card_key] = card
    settings = srs.Settings(reviews_per_day=15)
    exam_day = (now + dt.timedelta(days=DAYS)).date()
    result = {}
    value = median_ms(lambda: result.update(
        plan=exam_plan.make_plan(cards, now, exam_day, settings)), 3)
    floor = median_ms(lambda: exam_plan.simulate(cards, now, exam_day, settings, 3), 3)
    plan = result["plan"]
    return {"value": value, "floor": floor, "unit": "ms", "ratio": value / floor,
            "goal": "≤ 1 s (Stats and the day's first queue wait for it)",
            "new_per_day": plan.new_per_day, "started_recall": plan.simulation.started_recall()}
