"""Every setting the app stores: its default and the check its value must pass, in one
place. Reading is tolerant — a stored value that fails its check (a hand-edited file,
an old bug) reads as the default with a warning in the log, so a bad setting never stops
the app — and writing or importing a value that fails is refused."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
TEXT_SCALE_RANGE = (0.9, 2.0)


@dataclass(frozen=True)
class Spec:
    default: Any
    check: Callable[[Any], bool]
    meaning: str                  # what a valid value is, for error messages


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text_scale(value: Any) -> bool:
    low, high = TEXT_SCALE_RANGE
    return _number(value) and low <= value <= high


def _date_or_empty(value: Any) -> bool:
    import datetime as dt  # off the first painted window's path

    if value == "":
        return True
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _srs(value: Any) -> bool:
    from studyapp.core import srs  # fsrs is slow to import; only this check needs it

    if not isinstance(value, dict):
        return False
    try:
        settings = srs.Settings(**value)
    except (TypeError, ValueError):
        return False
    whole = (settings.maximum_interval_days, settings.new_per_day, settings.reviews_per_day,
             settings.leech_threshold)
    return all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in whole) and \
        all(m > 0 for m in (*settings.learning_steps, *settings.relearning_steps))


def _presets(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, dict) and _number(v.get("seconds"))
        and isinstance(v.get("count"), int) for k, v in value.items())


BROWSE_STATE_KEYS = ("topic", "search", "question")


def _browse_state(value: Any) -> bool:
    return isinstance(value, dict) and set(value) <= set(BROWSE_STATE_KEYS) and all(
        isinstance(v, str) for v in value.values())


SPECS: dict[str, Spec] = {
    "theme": Spec("system", lambda v: v in THEMES, "one of " + ", ".join(THEMES)),
    "text_scale": Spec(1.0, _text_scale, "a number from 0.9 to 2.0"),
    "shown_dark": Spec(None, lambda v: v is None or isinstance(v, bool), "true or false"),
    "window_geometry": Spec(None, lambda v: v is None or isinstance(v, str), "text"),
    "last_mode": Spec("Browse", lambda v: isinstance(v, str), "a mode's name"),
    "welcomed": Spec(False, lambda v: isinstance(v, bool), "true or false"),
    "hide_answers": Spec(False, lambda v: isinstance(v, bool), "true or false"),
    "browse_state": Spec({}, _browse_state, "the topic, search text and question open in "
                                            "Browse, each as text"),
    "srs_settings": Spec({}, _srs, "scheduling settings (desired retention 0.70–0.97, "
                                   "whole-number limits)"),
    "interview_presets": Spec({}, _presets, "named presets with a count and seconds"),
    "interview_date": Spec("", _date_or_empty, "a date as YYYY-MM-DD"),
}


def spec(key: str) -> Spec | None:
    """The spec of a key; keys named by prefix (a splitter's layout) are free text."""
    if key.startswith("splitter_"):
        return Spec(None, lambda v: v is None or isinstance(v, str), "text")
    return SPECS.get(key)


def problem(key: str, value: Any) -> str | None:
    """Why ``value`` cannot be stored under ``key``, or None when it can."""
    known = spec(key)
    if known is None or known.check(value):
        return None
    return f"setting {key!r} must be {known.meaning}, not {value!r}"


def checked(key: str, value: Any, default: Any = None) -> Any:
    """``value`` when it passes its key's check, else the default (logged)."""
    known = spec(key)
    if known is None:
        return value
    fallback = known.default if default is None else default
    if not known.check(value):
        log.warning("ignoring the stored %s (%r): it is not %s", key, value, known.meaning)
        return fallback
    return value
