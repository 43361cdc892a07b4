"""FSRS parameter sets fitted to the user's reviews (their history) and the set in use,
which lives in the ``srs_settings`` setting so every scheduler built from it uses it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studyapp.store.db import now_iso, transaction
from studyapp.store.settings_table import get_setting, set_setting

if TYPE_CHECKING:
    from studyapp.store.db import Database


@dataclass(frozen=True)
class ParameterSet:
    id: int
    fitted_at: str
    parameters: tuple[float, ...]
    metrics: dict
    applied: bool


def record_fit(db: Database, parameters: Sequence[float], metrics: dict,
               applied: bool, fitted_at: str | None = None) -> int:
    """Keep a fitted set in the history and, when ``applied``, put it in use — one
    transaction."""
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO fsrs_parameters (fitted_at, parameters, metrics, applied) "
            "VALUES (?, ?, ?, ?)", [fitted_at or now_iso(),
                                    json.dumps(list(parameters)), json.dumps(metrics),
                                    int(applied)])
        if applied:
            _store_in_use(db, parameters)
    assert cursor.lastrowid is not None     # an INSERT sets it
    return cursor.lastrowid


def history(db: Database) -> list[ParameterSet]:
    """Every fitted set, newest first."""
    rows = db.execute("SELECT id, fitted_at, parameters, metrics, applied FROM fsrs_parameters "
                      "ORDER BY id DESC")
    return [ParameterSet(i, at, tuple(json.loads(p)), json.loads(m), bool(a))
            for i, at, p, m, a in rows]


def in_use(db: Database) -> tuple[float, ...]:
    """The parameters scheduling uses; empty for fsrs's defaults."""
    return tuple(get_setting(db, "srs_settings").get("parameters", ()))


def use(db: Database, parameters: Sequence[float]) -> None:
    """Schedule with ``parameters`` from now on (empty: fsrs's defaults)."""
    with transaction(db):
        _store_in_use(db, parameters)


def _store_in_use(db: Database, parameters: Sequence[float]) -> None:
    stored = dict(get_setting(db, "srs_settings"))
    stored.pop("parameters", None)
    if parameters:
        stored["parameters"] = [float(w) for w in parameters]
    set_setting(db, "srs_settings", stored)
