import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.core import srs

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def exact() -> srs.Scheduler:
    return srs.Scheduler(srs.Settings(fuzz=False))


def graduate(scheduler, card, now):
    """Answer Good until the card reaches the review state; returns (card, now)."""
    while card.state != srs.REVIEW:
        card, _ = scheduler.answer(card, 3, now, 1000)
        now = max(now, card.due)
    return card, now


def test_new_card_previews_follow_the_learning_steps():
    card = srs.CardState.new("q1", "q", T0)
    previews = exact().preview(card, T0)
    assert previews[1] == dt.timedelta(minutes=1)
    assert previews[3] == dt.timedelta(minutes=10)
    assert previews[4] >= dt.timedelta(days=1)
    assert previews[1] < previews[2] < previews[3] < previews[4]


def test_row_round_trip_keeps_every_field():
    card, _ = exact().answer(srs.CardState.new("q1", "c1", T0), 3, T0, 1200)
    card.suspended = True
    card.buried_until = T0 + dt.timedelta(days=1)
    assert srs.CardState.from_row(card.to_row()) == card


def test_review_log_holds_the_state_before_for_undo():
    before = srs.CardState.new("q1", "q", T0)
    after, log = exact().answer(before, 1, T0, 3456)
    assert log["state_before"] == before.to_row()
    assert log["duration_ms"] == 3456
    assert log["rating"] == 1
    assert srs.CardState.from_row(log["state_before"]) == before
    assert after.reps == 1


def test_forgetting_a_review_card_counts_a_lapse_and_tags_a_leech():
    scheduler = srs.Scheduler(srs.Settings(fuzz=False, leech_threshold=3))
    card, now = graduate(scheduler, srs.CardState.new("q1", "q", T0), T0)
    flagged = []
    for _ in range(3):
        now = card.due
        card, log = scheduler.answer(card, 1, now, 1000)
        flagged.append(log["leech_now"])
        card, now = graduate(scheduler, card, now)
    assert card.lapses == 3
    assert card.leech
    assert flagged == [False, False, True]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.floats(0, 40)), min_size=1, max_size=30))
def test_random_rating_sequences_keep_intervals_sane(steps):
    scheduler = srs.Scheduler(srs.Settings())
    card, now = srs.CardState.new("q1", "q", T0), T0
    for rating, wait_days in steps:
        now = max(now, card.due) + dt.timedelta(days=wait_days)
        before = card
        card, log = scheduler.answer(card, rating, now, 500)
        assert log["interval_days"] >= 0
        assert card.due >= now
        assert card.due - now <= dt.timedelta(days=36500)
        assert srs.CardState.from_row(log["state_before"]) == before
        if rating == 3 and before.state == srs.REVIEW:
            assert card.due > before.due


def test_good_on_a_review_card_lengthens_the_interval():
    scheduler = exact()
    card, now = graduate(scheduler, srs.CardState.new("q1", "q", T0), T0)
    gaps = []
    for _ in range(4):
        now = card.due
        card, _ = scheduler.answer(card, 3, now, 1000)
        gaps.append(card.due - now)
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0]


def test_retrievability_decays_and_mastery_counts_strong_cards():
    settings_ = srs.Settings(fuzz=False)
    card, now = graduate(exact(), srs.CardState.new("q1", "q", T0), T0)
    assert srs.retrievability(card, now) > srs.retrievability(card, now + dt.timedelta(days=30))
    assert srs.retrievability(srs.CardState.new("q2", "q", T0), now) == 0
    fresh = srs.CardState.new("q2", "q", T0)
    assert srs.mastery([card, fresh], now, settings_) == 0.5
    assert srs.mastery([card, fresh], now + dt.timedelta(days=365), settings_) == 0


def review_card(qid, key="q", due_days=0.0, stability=5.0):
    due = T0 + dt.timedelta(days=due_days)
    return srs.CardState(qid, key, due=due, state=srs.REVIEW, stability=stability, difficulty=5,
                         last_review=due - dt.timedelta(days=stability), reps=3)


def test_queue_respects_limits_siblings_suspension_and_burial():
    cfg = srs.Settings(new_per_day=2, reviews_per_day=3)
    cards = [review_card(f"r{i}", due_days=-i) for i in range(5)]
    cards += [srs.CardState.new(f"n{i}", "q", T0) for i in range(4)]
    cards.append(srs.CardState.new("n0", "c1", T0))              # sibling of n0
    cards.append(review_card("later", due_days=3))               # not due today
    cards[0].suspended = True
    cards[1].buried_until = T0 + dt.timedelta(hours=5)
    queue = srs.build_queue(cards, T0, cfg)
    ids = [c.question_id for c in queue]
    assert sorted(i for i in ids if i.startswith("r")) == ["r2", "r3", "r4"]
    assert [i for i in ids if i.startswith("n")] == ["n0", "n1"]
    assert "later" not in ids
    assert len(ids) == len(set(ids))
    assert srs.build_queue(cards, T0, cfg, new_done=2, reviews_done=3) == []


def test_queue_puts_learning_first_and_spreads_new_cards_between_reviews():
    cards = [review_card(f"r{i}", due_days=-1) for i in range(4)]
    cards += [srs.CardState.new(f"n{i}", "q", T0) for i in range(2)]
    learning = srs.CardState("l", "q", due=T0, state=srs.LEARNING, step=1, stability=2,
                             difficulty=5, last_review=T0 - dt.timedelta(minutes=5))
    queue = srs.build_queue([*cards, learning], T0, srs.Settings())
    kinds = [c.question_id[0] for c in queue]
    assert kinds[0] == "l"
    assert kinds[1:].count("n") == 2
    assert "nn" not in "".join(kinds)


def test_sibling_of_a_card_reviewed_today_waits():
    done = review_card("q1", "q", due_days=5)
    done.last_review = T0 - dt.timedelta(minutes=30)
    sibling = review_card("q1", "c1", due_days=-2)
    assert srs.build_queue([done, sibling], T0, srs.Settings()) == []


def test_spreading_a_backlog_puts_the_most_forgotten_first():
    backlog = [review_card(f"r{i}", due_days=-(i + 2), stability=1 + i) for i in range(10)]
    cfg = srs.Settings()
    assert len(srs.overdue_backlog(backlog, T0, cfg)) == 10
    moved = srs.spread_backlog(backlog, 5, T0, cfg)
    today = [c for c in moved if c.due == T0]
    assert len(today) == 2
    worst = sorted(backlog, key=lambda c: srs.retrievability(c, T0))[:2]
    assert {c.question_id for c in today} == {c.question_id for c in worst}
    days = sorted({(c.due - srs.day_start(T0)).days for c in moved if c.due != T0})
    assert days == [1, 2, 3, 4]
    assert srs.overdue_backlog(moved, T0, cfg) == []


@pytest.mark.parametrize(("seconds", "text"), [
    (30, "30s"), (600, "10m"), (3 * 3600, "3h"), (4 * 86400, "4d"),
    (64 * 86400, "2.1mo"), (2 * 365.25 * 86400, "2.0y"),
])
def test_interval_formatting(seconds, text):
    assert srs.format_interval(dt.timedelta(seconds=seconds)) == text


def test_out_of_range_retention_is_refused():
    with pytest.raises(ValueError, match="retention"):
        srs.Settings(desired_retention=0.5)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0.1, 400), st.floats(0, 900), st.booleans()),
                min_size=2, max_size=40))
def test_forgetting_order_sorts_as_retrievability_does(cards):
    """The queue's cheap sort key agrees with fsrs's retrievability for any cards."""
    states = []
    for i, (stability, days_ago, new) in enumerate(cards):
        card = srs.CardState.new(f"q{i}", "c0", T0)
        if not new:
            card.state, card.stability, card.difficulty = srs.REVIEW, stability, 5.0
            card.last_review = T0 - dt.timedelta(days=days_ago)
        states.append(card)
    by_key = [srs.retrievability(c, T0) for c in sorted(
        states, key=lambda c: srs.forgetting_order(c, T0))]
    assert by_key == sorted(by_key)
