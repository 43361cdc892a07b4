"""The views of the modes beyond Browse, built from the shared context."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from studyapp.ui.context import Context
from studyapp.ui.explore import ExploreView
from studyapp.ui.flashcards import FlashcardsView
from studyapp.ui.interview import InterviewView
from studyapp.ui.stats import StatsView


def build_views(ctx: Context) -> dict[str, QWidget]:
    return {"Flashcards": FlashcardsView(ctx), "Interview": InterviewView(ctx),
            "Explore": ExploreView(ctx), "Stats": StatsView(ctx)}
