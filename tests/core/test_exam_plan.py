"""The plan toward the interview date: the array model agrees with fsrs, following the plan
meets the desired retention on the day, its forecast matches studying card by card with
the real scheduler, and the queue brings reviews forward before the day only."""

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest

from studyapp.core import exam_plan, srs

START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def study(cards, start, days, settings, exam_day=None, seed=0):
    """Study every day with the real scheduler and build_queue (steered toward
    ``exam_day`` at ``settings.new_per_day`` new cards a day, when given), recalling each
    review with its predicted probability. Returns the cards, reviews and new cards a day."""
    rng = random.Random(seed)
    scheduler = srs.Scheduler(settings)                 # with interval fuzz, as in the app
    habits = exam_plan.Habits.from_log([])              # the simulation's defaults
    cards = dict(cards)
    reviews, new = [0] * days, [0] * days
    for day in range(days):
        now = start + dt.timedelta(days=day)
        today, due_at = exam_plan.steer(settings, exam_day, now, settings.new_per_day)
        for card in srs.build_queue(list(cards.values()), now, today, due_at=due_at):
            if card.state == srs.NEW:
                new[day] += 1
                rating = rng.choices((1, 2, 3, 4), habits.first_rating)[0]
            else:
                reviews[day] += 1
                recall = srs.retrievability(card, now, settings.parameters)
                rating = (rng.choices((2, 3, 4), habits.recall_rating)[0]
                          if rng.random() < recall else 1)
            card, _ = scheduler.answer(card, rating, now, 10_000)
            while card.state != srs.REVIEW:
                # the same day's steps, Good; answered at the same moment, since both this
                # and the simulation count whole days between one day's review and the next
                card, _ = scheduler.answer(card, 3, now, 10_000)
            cards[(card.question_id, card.card_key)] = card
    return cards, reviews, new


def fresh_cards(count):
    return {(f"q{i}", "q"): srs.CardState.new(f"q{i}", "q", START) for i in range(count)}


@pytest.fixture(scope="module")
def history():
    """40 days of study, 4 new cards a day, of a 260-card bank: 160 started, 100 new."""
    return study(fresh_cards(260), START, 40, srs.Settings(new_per_day=4), seed=3)[0]


NOW = START + dt.timedelta(days=40)


@pytest.mark.parametrize("parameters", [(), tuple(
    w * f for w, f in zip(srs.Settings().fsrs_parameters(),
                          np.random.default_rng(1).uniform(1.0, 1.1, 21), strict=True))])
def test_array_model_matches_fsrs(parameters):
    """Stability, difficulty and the next interval after a review, for all four ratings,
    the default and perturbed weights."""
    settings = srs.Settings(parameters=parameters, fuzz=False)
    model, scheduler = exam_plan.Model(settings), srs.Scheduler(settings)
    for stability, difficulty, elapsed in ((0.5, 2.0, 1), (4.0, 5.5, 6), (60.0, 8.8, 45)):
        card = srs.CardState("a", "q", due=START, state=srs.REVIEW, stability=stability,
                             difficulty=difficulty, last_review=START - dt.timedelta(days=elapsed))
        recall = model.recall(elapsed, stability)
        assert recall == pytest.approx(srs.retrievability(card, START, parameters))
        for rating in (2, 3, 4):
            after, _ = scheduler.answer(card, rating, START, 0)
            assert model.recalled(difficulty, stability, recall, rating) == pytest.approx(
                after.stability)
            assert model.difficulty(difficulty, rating) == pytest.approx(after.difficulty)
            assert model.interval(after.stability) == (after.due - START).days
        lapsed, _ = scheduler.answer(card, 1, START, 0)
        assert model.forgotten(difficulty, stability, recall) == pytest.approx(lapsed.stability)
        relearned, _ = scheduler.answer(lapsed, 3, lapsed.due, 0)
        assert model.same_day(lapsed.stability, 3) == pytest.approx(relearned.stability)


def test_following_the_plan_meets_the_target_on_the_day(history):
    settings = srs.Settings()
    exam_day = (NOW + dt.timedelta(days=30)).date()
    plan = exam_plan.make_plan(history, NOW, exam_day, settings)
    assert plan.days == 30 and plan.unstarted == 100
    assert plan.new_per_day == 4                  # ceil(100 new cards / 27 days before the pass)
    assert plan.meets_target
    assert plan.simulation.started_recall() >= settings.desired_retention
    assert plan.started_in_time == 100
    # with no more study the started cards fall well below the target
    started = [plan.stopped[k] for k, c in history.items() if c.state != srs.NEW]
    assert sum(started) / len(started) < settings.desired_retention - 0.05


def test_too_many_new_cards_for_the_review_limit_lowers_the_rate(history):
    """A tight review limit leaves reviews undone at the full new-card rate, so the plan
    starts fewer new cards and still meets the target."""
    settings = srs.Settings(reviews_per_day=10, new_per_day=50)
    exam_day = (NOW + dt.timedelta(days=10)).date()
    plan = exam_plan.make_plan(history, NOW, exam_day, settings)
    full = exam_plan.simulate(history, NOW, exam_day, settings, 15)      # ceil(100 / 7)
    assert full.started_recall() < settings.desired_retention
    assert 0 < plan.new_per_day < 15 and plan.meets_target
    assert plan.simulation.undone > 0        # the limit still bites, less


def test_forecast_matches_studying_with_the_real_scheduler(history):
    """Reviews per week and recall on the day agree with card-by-card study through
    build_queue and fsrs (with fuzz) within 10 % and 0.02, averaged over 12 runs."""
    settings = srs.Settings()
    exam_day = (NOW + dt.timedelta(days=21)).date()
    plan = exam_plan.make_plan(history, NOW, exam_day, settings, runs=32)
    steered = dataclasses.replace(settings, new_per_day=plan.new_per_day)
    weeks = np.zeros(3)
    recall = []
    exam_time = dt.datetime.combine(exam_day, dt.time(9), dt.UTC)
    for seed in range(12):
        cards, reviews, new = study(history, NOW, 21, steered, exam_day, seed)
        assert new == [round(n) for n in plan.simulation.new]
        weeks += np.add.reduceat(reviews, [0, 7, 14]) / 12
        started = [c for c in cards.values() if c.state != srs.NEW]
        recall.append(np.mean([srs.retrievability(c, exam_time) for c in started]))
    forecast = np.add.reduceat(plan.simulation.reviews, [0, 7, 14])
    assert forecast == pytest.approx(weeks, rel=0.10)
    assert plan.simulation.started_recall() == pytest.approx(np.mean(recall), abs=0.02)


def review_card(due_in_days, reviewed_days_ago=10, stability=40):
    return srs.CardState("a", "q", due=START + dt.timedelta(days=due_in_days), state=srs.REVIEW,
                         stability=stability, difficulty=5,
                         last_review=START - dt.timedelta(days=reviewed_days_ago))


def test_queue_brings_a_review_forward_before_the_day_and_returns_to_normal_after():
    settings = srs.Settings()
    card = review_card(due_in_days=30)
    exam_day = (START + dt.timedelta(days=10)).date()
    offset = exam_plan._window_offset(card)
    pass_day = START + dt.timedelta(days=10 - offset)

    def queued(now, day=exam_day):
        _, due_at = exam_plan.steer(settings, day, now, 0)
        return card in srs.build_queue([card], now, settings, due_at=due_at)

    assert not queued(START)                              # not yet: before its final pass
    assert not queued(pass_day - dt.timedelta(days=1))
    assert queued(pass_day)                               # shortly before the interview
    assert not queued(pass_day, day=None)                 # without a date: plain FSRS
    assert not queued(START + dt.timedelta(days=11))      # after the day: plain FSRS again
    assert queued(START + dt.timedelta(days=30))          # … due on its own day
    reviewed = card.copy(last_review=pass_day)            # its final pass is done
    rule = exam_plan.due_rule(exam_day, settings)
    assert rule(reviewed) == reviewed.due
    # recalled on the day at 94 %, below the bar of 95 %: it comes forward
    model = exam_plan.Model(settings)
    assert model.recall(20, 40) < exam_plan.final_pass_bar(settings) == 0.95
    assert rule(card) < card.due
    # a card due before the interview keeps its own day
    early = review_card(due_in_days=4)
    assert rule(early) == early.due
    # so does one that would still be recalled at 95 % or more on the day
    strong = review_card(due_in_days=200, stability=150)
    assert model.recall(20, 150) >= 0.95 and rule(strong) == strong.due


def test_new_cards_wait_during_the_final_pass():
    settings = srs.Settings()
    cards = list(fresh_cards(3).values())
    exam_day = (START + dt.timedelta(days=exam_plan.FINAL_PASS_DAYS + 1)).date()

    def queue(now, day=exam_day):
        today, due_at = exam_plan.steer(settings, day, now, 5)
        return srs.build_queue(cards, now, today, due_at=due_at)

    assert len(queue(START)) == 3
    later = START + dt.timedelta(days=1)
    assert queue(later) == []
    assert len(queue(later, day=None)) == 3


def test_steering_uses_the_plans_rate_only_while_the_interview_is_ahead(history):
    settings = srs.Settings(new_per_day=20)
    ahead = (NOW + dt.timedelta(days=30)).isoformat()[:10]
    steered, due_at = exam_plan.steering(history, NOW, settings, ahead, list)
    assert steered.new_per_day == 4 and due_at is not None
    past = (NOW - dt.timedelta(days=1)).isoformat()[:10]
    assert exam_plan.steering(history, NOW, settings, past, list) == (settings, None)
    assert exam_plan.steering(history, NOW, settings, "", list) == (settings, None)


def test_habits_come_from_the_log_once_there_is_enough_of_it():
    default = exam_plan.Habits.from_log([])
    log = ([{"state_before": srs.NEW, "rating": 3, "duration_ms": 40_000}] * 30
           + [{"state_before": srs.REVIEW, "rating": 4, "duration_ms": 9_000}] * 30
           + [{"state_before": srs.REVIEW, "rating": 1, "duration_ms": 60_000}] * 5)
    habits = exam_plan.Habits.from_log(log)
    assert habits.first_rating == pytest.approx((0, 0, 1, 0))
    assert habits.recall_rating == pytest.approx((0, 0, 1))
    assert habits.learning[2] == 40 and habits.review[3] == 9
    assert habits.review[0] == default.review[0]            # five lapses are too few


def test_minutes_follow_the_answer_times():
    """Twice the seconds per answer, twice the minutes a day; the same reviews."""
    now = START
    cards = fresh_cards(40)
    exam_day = (now + dt.timedelta(days=10)).date()
    base = exam_plan.Habits.from_log([])
    slow = dataclasses.replace(base, **{name: tuple(2 * s for s in getattr(base, name))
                                        for name in ("learning", "review", "relearning")})
    one = exam_plan.simulate(cards, now, exam_day, srs.Settings(), 5, base)
    two = exam_plan.simulate(cards, now, exam_day, srs.Settings(), 5, slow)
    assert two.reviews == one.reviews and sum(one.minutes) > 0
    assert two.minutes == pytest.approx([2 * m for m in one.minutes])
