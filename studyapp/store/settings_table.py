"""Reading and writing the settings table, with the defaults and checks of settings.py."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from studyapp.store.settings import checked, log, problem, spec

if TYPE_CHECKING:
    from studyapp.store.db import Database


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    """A setting's stored value, or its default (``default`` or the one in
    ``settings.SPECS``) when it is missing or fails its check."""
    known = spec(key)
    fallback = known.default if default is None and known is not None else default
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return fallback
    try:
        value = json.loads(row[0])
    except ValueError:
        log.warning("ignoring the stored %s: it is not JSON", key)
        return fallback
    return checked(key, value, fallback)


def set_setting(db: Database, key: str, value: Any) -> None:
    error = problem(key, value)
    if error:
        raise ValueError(error)
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
               [key, json.dumps(value)])
