"""FSRS-6 parameters fitted to the user's own review log with fsrs-rs-python's optimizer,
and the evaluation that decides whether they replace the parameters in use. No Qt, no SQL.

Metrics are fsrs-rs's: log loss (binary cross-entropy of the predicted recall against
what happened) and RMSE (bins) — predictions grouped by interval, review count and lapse
count on log-scaled bins, the squared gap between mean predicted and observed recall in
each group weighted by its size, then the root (the FSRS benchmark's "RMSE (bins)").
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import fsrs
import fsrs.scheduler
import fsrs_rs_python as fsrs_rs

# Anki asks for several hundred reviews before it optimizes; below this many reviews the
# fit follows noise more than memory.
MIN_REVIEWS = 400
# The latest fifth of the reviews judges parameters fitted on the earlier four fifths.
HOLDOUT = 0.2
DEFAULTS = tuple(fsrs_rs.DEFAULT_PARAMETERS)
STAGES = ("Fitting on your earlier reviews", "Fitting on all your reviews",
          "Comparing with the parameters in use")

Progress = Callable[[int, int, str], None]


class NotEnoughHistory(ValueError):
    """Too few reviews to fit parameters; the message says how many are needed."""


def check_versions() -> None:
    """fsrs (which schedules) and fsrs-rs (which fits) must speak the same FSRS version."""
    python_count = len(fsrs.Scheduler().parameters)
    if python_count != len(DEFAULTS):
        raise RuntimeError(f"fsrs schedules with {python_count} parameters but fsrs-rs "
                           f"fits {len(DEFAULTS)}: install matching FSRS-6 versions")


@dataclass(frozen=True)
class Metrics:
    log_loss: float
    rmse_bins: float

    def to_dict(self) -> dict:
        return {"log_loss": self.log_loss, "rmse_bins": self.rmse_bins}


@dataclass(frozen=True)
class Item:
    """One prediction to learn from: a card's reviews up to one made on a later day than
    the one before it, with the moment of that last review (for the time-series split)."""

    at: dt.datetime
    reviews: tuple[tuple[int, int], ...]     # (rating, whole days since the previous one)

    def to_fsrs(self) -> fsrs_rs.FSRSItem:
        return fsrs_rs.FSRSItem([fsrs_rs.FSRSReview(r, t) for r, t in self.reviews])


def _moment(text: str) -> dt.datetime:
    """A stored review time; one without a time zone is UTC, as the app writes them."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def items_from_log(rows: Iterable[dict]) -> list[Item]:
    """The review log (``progress.log_rows``) as optimizer items, oldest last review first.

    Each card's reviews in order; a review of a card in the new state (its first, or the
    first after a reset) starts a fresh history. Days are the user's local calendar days.
    """
    by_card: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        by_card[row["question_id"], row["card_key"]].append(row)
    items = []
    for reviews in by_card.values():
        reviews.sort(key=lambda r: _moment(r["reviewed_at"]))
        history: list[tuple[int, int]] = []
        previous: dt.date | None = None
        for row in reviews:
            moment = _moment(row["reviewed_at"])
            day = moment.astimezone().date()
            if row["state_before"] == 0 or previous is None:
                history, delta = [], 0
            else:
                delta = (day - previous).days
            history.append((int(row["rating"]), delta))
            previous = day
            if delta > 0:
                items.append(Item(moment, tuple(history)))
    items.sort(key=lambda item: item.at)
    return items


def evaluate(parameters: Sequence[float], items: Sequence[Item]) -> Metrics:
    result = fsrs_rs.FSRS(list(parameters)).evaluate([i.to_fsrs() for i in items])
    return Metrics(float(result.log_loss), float(result.rmse_bins))


def is_default(parameters: Sequence[float]) -> bool:
    return all(math.isclose(a, b, abs_tol=1e-6) for a, b in zip(parameters, DEFAULTS,
                                                                strict=True))


def _fit(items: Sequence[Item], relearning_steps: int) -> tuple[float, ...]:
    optimizer = fsrs_rs.FSRS(list(DEFAULTS))
    fitted = optimizer.compute_parameters([i.to_fsrs() for i in items],
                                          num_relearning_steps=relearning_steps)
    # fsrs-rs clamps in 32-bit floats: a weight on a bound can land a hair outside the
    # 64-bit bounds fsrs checks when it builds a scheduler.
    low, high = fsrs.scheduler.LOWER_BOUNDS_PARAMETERS, fsrs.scheduler.UPPER_BOUNDS_PARAMETERS
    return tuple(min(max(float(w), lo), hi) for w, lo, hi in zip(fitted, low, high, strict=True))


@dataclass(frozen=True)
class FitResult:
    parameters: tuple[float, ...]
    reviews: int                 # the items fitted (reviews on a later day than the last)
    current: Metrics             # the parameters in use, on every item
    fitted: Metrics              # the new parameters, on every item
    current_later: Metrics       # the parameters in use, on the latest HOLDOUT share
    fitted_later: Metrics        # parameters fitted on the earlier items, on the latest
    defaults_returned: bool      # the optimizer gave fsrs's defaults back unchanged

    @property
    def better(self) -> bool:
        """Lower log loss on all reviews and on the later reviews when fitted on earlier
        ones; both, so neither overfitting nor a lucky split replaces good parameters."""
        return (not self.defaults_returned
                and self.fitted.log_loss < self.current.log_loss
                and self.fitted_later.log_loss < self.current_later.log_loss)

    def metrics(self) -> dict:
        return {"reviews": self.reviews, "current": self.current.to_dict(),
                "fitted": self.fitted.to_dict(), "current_later": self.current_later.to_dict(),
                "fitted_later": self.fitted_later.to_dict()}


def fit(rows: Iterable[dict], current: Sequence[float] = DEFAULTS, relearning_steps: int = 1,
        progress: Progress | None = None) -> FitResult:
    """Fit parameters to ``rows`` and measure them against ``current`` on the same items.

    NotEnoughHistory below MIN_REVIEWS items or when the split leaves nothing to fit.
    """
    check_versions()
    rows = list(rows)
    items = items_from_log(rows)
    if len(items) < MIN_REVIEWS:
        raise NotEnoughHistory(
            f"Optimizing needs at least {MIN_REVIEWS} reviews made a day or more after the "
            f"card's previous review; you have {len(items)} (of {len(rows)} reviews in all). "
            "Keep studying with the default parameters until then.")
    step = progress or (lambda done, total, text: None)
    cut = round(len(items) * (1 - HOLDOUT))
    earlier, later = items[:cut], items[cut:]
    step(0, len(STAGES), STAGES[0])
    fitted_earlier = _fit(earlier, relearning_steps)
    step(1, len(STAGES), STAGES[1])
    fitted = _fit(items, relearning_steps)
    step(2, len(STAGES), STAGES[2])
    result = FitResult(
        parameters=fitted, reviews=len(items),
        current=evaluate(current, items), fitted=evaluate(fitted, items),
        current_later=evaluate(current, later), fitted_later=evaluate(fitted_earlier, later),
        defaults_returned=is_default(fitted))
    step(3, len(STAGES), "Done")
    return result
