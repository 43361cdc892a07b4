import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def fixture_bank() -> Path:
    return FIXTURE_BANK


@pytest.fixture
def screenshot():
    """Save a widget's picture to tests/artifacts/ for a person to look at."""
    def save(widget, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        QApplication.processEvents()   # let queued shows and layouts settle first
        widget.grab().save(str(path))
        return path
    return save
