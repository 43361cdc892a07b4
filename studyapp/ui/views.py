"""The views of the modes beyond Browse, each built (and its module imported) when its
mode is first opened."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from studyapp.ui.context import Context


def build_views(ctx: Context) -> dict[str, Callable[[], QWidget]]:
    def flashcards() -> QWidget:
        from studyapp.ui.flashcards import FlashcardsView
        return FlashcardsView(ctx)

    def interview() -> QWidget:
        from studyapp.ui.interview import InterviewView
        return InterviewView(ctx)

    def explore() -> QWidget:
        from studyapp.ui.explore import ExploreView
        return ExploreView(ctx)

    def stats() -> QWidget:
        from studyapp.ui.stats import StatsView
        return StatsView(ctx)

    def drills() -> QWidget:
        from studyapp.ui.drills_page import DrillsView
        return DrillsView(ctx)

    return {"Flashcards": flashcards, "Interview": interview, "Explore": explore,
            "Stats": stats, "Drills": drills}
