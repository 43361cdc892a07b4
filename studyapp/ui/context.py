"""What every view needs: the bank, the database, the math cache and the theme."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from studyapp.core.bank import Bank
from studyapp.core.render import DARK, LIGHT, MathCache, Theme


@dataclass
class Context:
    bank: Bank
    db: sqlite_utils.Database
    data_dir: Path
    math: MathCache
    dark: bool = False

    @property
    def theme(self) -> Theme:
        return DARK if self.dark else LIGHT
