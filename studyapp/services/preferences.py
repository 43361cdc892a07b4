"""The user's settings by name, with the defaults and checks of store/settings: a missing
or unusable stored value reads as its default, and a bad new value is refused."""

from __future__ import annotations

from typing import Any

from studyapp.store.db import Database
from studyapp.store.settings_table import get_setting, set_setting


class Preferences:
    def __init__(self, db: Database):
        self.db = db

    def __getitem__(self, key: str) -> Any:
        return get_setting(self.db, key)

    def set(self, key: str, value: Any) -> None:
        set_setting(self.db, key, value)
