import fsrs_rs_python as fsrs_rs
import pytest

from studyapp.core import retention_advice, srs
from studyapp.core.fsrs_fit import DEFAULTS


def config(**settings):
    return retention_advice.simulator_config(srs.Settings(**settings), deck_size=400)


def test_the_curve_marks_the_least_time_per_remembered_card():
    points = retention_advice.workload_curve(DEFAULTS, config())
    assert [p.retention for p in points] == list(retention_advice.RETENTIONS)
    best = retention_advice.best(points)
    assert best.seconds_per_remembered == min(p.seconds_per_remembered for p in points)
    # Aiming higher costs more reviews a day and keeps more cards in memory.
    assert points[-1].reviews_per_day > points[0].reviews_per_day
    assert points[-1].remembered > points[0].remembered
    # The same simulation, seeded, gives the same curve.
    assert retention_advice.workload_curve(DEFAULTS, config()) == points


def test_the_simulation_follows_the_users_limits():
    few = retention_advice.workload_curve(DEFAULTS, config(new_per_day=2), retentions=[0.9])
    many = retention_advice.workload_curve(DEFAULTS, config(new_per_day=20), retentions=[0.9])
    assert few[0].minutes_per_day < many[0].minutes_per_day
    assert config(maximum_interval_days=99, learning_steps=(1, 5, 10)).max_ivl == 99
    assert config(learning_steps=(1, 5, 10)).learning_step_count == 3


def test_study_habits_come_from_the_log_once_there_are_enough():
    log = ([{"state_before": srs.NEW, "rating": 3, "duration_ms": 8000}] * 30
           + [{"state_before": srs.NEW, "rating": 1, "duration_ms": 20000}] * 10
           + [{"state_before": srs.REVIEW, "rating": 3, "duration_ms": 6000}] * 40
           + [{"state_before": srs.REVIEW, "rating": 4, "duration_ms": 2000}] * 5)
    simulated = fsrs_rs.default_simulator_config()
    defaults = fsrs_rs.default_simulator_config()
    retention_advice.study_habits(log, simulated)
    assert simulated.first_rating_prob == pytest.approx([0.25, 0, 0.75, 0])
    assert simulated.review_rating_prob == pytest.approx([0, 40 / 45, 5 / 45])
    costs = simulated.state_rating_costs
    assert costs[1][2] == pytest.approx(6.0)                       # review, Good: 40 samples
    assert costs[1][3] == pytest.approx(defaults.state_rating_costs[1][3])   # 5: too few
    assert costs[0][2] == pytest.approx(8.0)              # a new card's first answer, Good
    assert costs[0][0] == pytest.approx(defaults.state_rating_costs[0][0])   # 10: too few
    assert costs[2] == pytest.approx(defaults.state_rating_costs[2])
