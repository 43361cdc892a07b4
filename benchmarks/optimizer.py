"""Scheduling-parameter benchmarks: fitting FSRS to 100,000 reviews and the
desired-retention simulation, each against a floor measured in the same run."""

from __future__ import annotations

import datetime as dt

from benchmarks.timing import median_ms

REVIEWS = 100_000
# A learner unlike FSRS's default one, so the optimizer has something to find.
LEARNER = (2.0, 5.0, 12.0, 40.0, 6.0, 0.6, 2.0, 0.01, 1.2, 0.2, 0.6, 1.8, 0.08, 0.3, 1.8, 0.5,
           2.0, 0.5, 0.1, 0.1, 0.5)
BANK_CARDS = 1141          # the shipped bank's cards (questions and their extra cards)


def optimizer() -> dict:
    """"Optimize from my reviews" on 100,000 simulated reviews (two fits — earlier
    reviews and all — and four evaluations) vs one evaluation pass of the defaults over
    the same reviews."""
    from studyapp.core import fsrs_fit, learner_simulation

    start = dt.datetime(2025, 1, 6, 12, tzinfo=dt.UTC)
    log = learner_simulation.review_log(LEARNER, cards=10_000, days=365, seed=0,
                                        start=start)[:REVIEWS]
    items = fsrs_fit.items_from_log(log)
    result = {}
    value = median_ms(lambda: result.update(fit=fsrs_fit.fit(log)), 1)
    floor = median_ms(lambda: fsrs_fit.evaluate(fsrs_fit.DEFAULTS, items), 3)
    fit = result["fit"]
    return {"value": value / 1000, "floor": floor / 1000, "unit": "s",
            "ratio": value / floor, "goal": "≤ 30 s on 100,000 reviews", "reviews": len(log),
            "items": len(items), "log_loss_before": fit.current.log_loss,
            "log_loss_after": fit.fitted.log_loss, "applied": fit.better}


def retention_simulation() -> dict:
    """The desired-retention curve for the shipped bank's cards (28 retentions, two seeded
    simulated years each) vs one simulated year."""
    import fsrs_rs_python as fsrs_rs

    from studyapp.core import retention_advice, srs
    from studyapp.core.fsrs_fit import DEFAULTS

    config = retention_advice.simulator_config(srs.Settings(), BANK_CARDS)
    value = median_ms(lambda: retention_advice.workload_curve(DEFAULTS, config), 3)
    floor = median_ms(lambda: fsrs_rs.simulate(list(DEFAULTS), 0.9, config, 0), 5)
    return {"value": value, "floor": floor, "unit": "ms", "ratio": value / floor,
            "goal": "≤ 3 s, off the GUI thread"}
