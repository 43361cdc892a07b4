"""Scheduling tuned to the user: FSRS parameter sets fitted to their reviews, the set in
use, and the review log the fits and the retention advice read."""

from __future__ import annotations

from collections.abc import Sequence

from studyapp.store import parameters
from studyapp.store.db import Database
from studyapp.store.parameters import ParameterSet
from studyapp.store.review_log import log_rows

__all__ = ["ParameterSet", "Scheduling"]


class Scheduling:
    def __init__(self, db: Database):
        self.db = db

    def review_log(self) -> list[dict]:
        return log_rows(self.db)

    def in_use(self) -> tuple[float, ...]:
        """The parameters scheduling uses; empty for FSRS's defaults."""
        return parameters.in_use(self.db)

    def history(self) -> list[ParameterSet]:
        """Every fitted set, newest first."""
        return parameters.history(self.db)

    def use(self, chosen: Sequence[float]) -> None:
        """Schedule with ``chosen`` from now on (empty: FSRS's defaults)."""
        parameters.use(self.db, chosen)

    def record_fit(self, fitted: Sequence[float], metrics: dict, applied: bool) -> None:
        """Keep a fit in the history, and put it in use when ``applied``."""
        parameters.record_fit(self.db, fitted, metrics, applied)
