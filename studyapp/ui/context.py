"""What every view needs: bank, database, math cache, theme, clocks and change events.

The clocks are injected so tests can move time without waiting.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core.bank import Bank
from studyapp.core.render import DARK, LIGHT, MathCache, Theme
from studyapp.services.preferences import Preferences
from studyapp.ui.events import Events

if TYPE_CHECKING:
    from studyapp.services.your_data import Database


@dataclass
class Context:
    bank: Bank
    db: Database
    index: Database         # the search index
    data_dir: Path
    math: MathCache
    dark: bool = False
    unindexed: int = 0      # questions not yet in the search index (ui/search_indexing.py)
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    monotonic: Callable[[], float] = time.monotonic
    events: Events = field(default_factory=Events)

    @property
    def prefs(self) -> Preferences:
        return Preferences(self.db)

    @property
    def theme(self) -> Theme:
        return DARK if self.dark else LIGHT
