import datetime as dt

import fsrs
import fsrs_rs_python as fsrs_rs
import pytest

from studyapp.core import fsrs_fit, learner_simulation, srs

START = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
# A learner who remembers longer than FSRS's default learner and forgets more steeply.
TRUE = (2.0, 5.0, 12.0, 40.0, 6.0, 0.6, 2.0, 0.01, 1.2, 0.2, 0.6, 1.8, 0.08, 0.3, 1.8, 0.5,
        2.0, 0.5, 0.1, 0.1, 0.5)


def row(card, day, rating, state_before=srs.REVIEW, hour=12):
    return {"question_id": card, "card_key": "q", "rating": rating, "duration_ms": 5000,
            "reviewed_at": (START + dt.timedelta(days=day, hours=hour - 12)).isoformat(),
            "state_before": state_before}


def test_fsrs_and_fsrs_rs_are_both_fsrs_6():
    assert len(fsrs.Scheduler().parameters) == len(fsrs_rs.DEFAULT_PARAMETERS) == 21
    assert pytest.approx(tuple(fsrs.Scheduler().parameters), abs=1e-6) == fsrs_fit.DEFAULTS
    fsrs_fit.check_versions()


def test_the_log_becomes_one_item_per_review_on_a_later_day():
    log = [row("a", 0, 1, srs.NEW), row("a", 0, 3, srs.LEARNING, hour=13), row("a", 1, 3),
           row("a", 5, 1), row("b", 2, 4, srs.NEW), row("b", 8, 3),
           row("a", 7, 3, srs.NEW), row("a", 9, 2)]          # a was reset on day 7
    items = fsrs_fit.items_from_log(reversed(log))
    assert [i.reviews for i in items] == [
        ((1, 0), (3, 0), (3, 1)),
        ((1, 0), (3, 0), (3, 1), (1, 4)),
        ((4, 0), (3, 6)),
        ((3, 0), (2, 2)),
    ]
    assert [i.at for i in items] == sorted(i.at for i in items)


def test_the_fit_recovers_a_simulated_learner_better_than_the_defaults():
    log = learner_simulation.review_log(TRUE, cards=300, days=200, seed=1, start=START)
    steps = []
    result = fsrs_fit.fit(log, progress=lambda done, total, text: steps.append((done, text)))
    assert result.reviews >= fsrs_fit.MIN_REVIEWS
    assert not result.defaults_returned and result.better
    assert result.fitted.log_loss < result.current.log_loss - 0.01
    assert result.fitted.rmse_bins < result.current.rmse_bins
    assert result.fitted_later.log_loss < result.current_later.log_loss
    items = fsrs_fit.items_from_log(log)
    defaults = fsrs_fit.evaluate(fsrs_fit.DEFAULTS, items)
    assert result.current.log_loss == pytest.approx(defaults.log_loss, rel=1e-5)
    assert result.current.rmse_bins == pytest.approx(defaults.rmse_bins, rel=1e-5)
    truth = fsrs_fit.evaluate(TRUE, items)
    assert result.fitted.log_loss == pytest.approx(truth.log_loss, abs=0.01)
    assert [d for d, _ in steps] == [0, 1, 2, 3]
    # Fitted parameters compared with themselves are not better: nothing would change.
    again = fsrs_fit.fit(log, current=result.parameters)
    assert not again.better


def test_too_little_history_is_refused_with_the_numbers():
    log = [row(f"c{i}", 0, 3, srs.NEW) for i in range(200)]
    log += [row(f"c{i}", 3, 3) for i in range(200)]
    log += [row(f"c{i}", 9, 3) for i in range(199)]
    with pytest.raises(fsrs_fit.NotEnoughHistory, match=r"at least 400 .* you have 399 \(of 599"):
        fsrs_fit.fit(log)


def uninformative_log():
    """100 cards whose ratings say nothing about the intervals: fsrs-rs gives its
    defaults back unchanged rather than an error."""
    ratings = (3, 1, 3, 4, 3, 2)
    log = []
    for card in range(100):
        day = 0
        log.append(row(f"c{card}", day, 3, srs.NEW))
        for k in range(5):
            day += 1 + (card * 7 + k * 3) % 20
            log.append(row(f"c{card}", day, ratings[(card + k) % 6]))
    return log


def test_the_optimizer_giving_back_the_defaults_is_detected():
    result = fsrs_fit.fit(uninformative_log())
    assert result.defaults_returned and fsrs_fit.is_default(result.parameters)
    assert not result.better


def _interval_days(due, now):
    return round((due - now).total_seconds() / 86400)


def test_fsrs_and_fsrs_rs_schedule_the_same_history_alike():
    """The same ratings on the same days: fsrs (which schedules, through our Scheduler
    with fitted parameters) and fsrs-rs (which fits) give the same memory and intervals."""
    settings = srs.Settings(parameters=TRUE, learning_steps=(), relearning_steps=(),
                            fuzz=False, desired_retention=0.9)
    scheduler = srs.Scheduler(settings)
    model = fsrs_rs.FSRS(list(TRUE))
    history = [(0, 3), (3, 3), (0, 1), (2, 3), (9, 2), (20, 4), (31, 1), (1, 3), (6, 3)]
    card = srs.CardState.new("q", "q", START)
    now, state = START, None
    for elapsed, rating in history:
        now += dt.timedelta(days=elapsed)
        card, _ = scheduler.answer(card, rating, now, 1000)
        expected = getattr(model.next_states(state, 0.9, elapsed),
                           ("again", "hard", "good", "easy")[rating - 1])
        state = expected.memory
        assert card.stability == pytest.approx(state.stability, rel=1e-4)
        assert card.difficulty == pytest.approx(state.difficulty, rel=1e-4)
        assert _interval_days(card.due, now) == max(1, round(expected.interval))


def test_review_times_without_a_time_zone_are_read_as_utc():
    naive = row("a", 3, 3)
    naive["reviewed_at"] = (START + dt.timedelta(days=3)).replace(tzinfo=None).isoformat()
    items = fsrs_fit.items_from_log([row("a", 0, 3, srs.NEW), naive, row("a", 8, 1)])
    assert [i.reviews[-1] for i in items] == [(3, 3), (1, 5)]
    assert items[0].at == START + dt.timedelta(days=3)
