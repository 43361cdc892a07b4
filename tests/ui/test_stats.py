import datetime as dt
import random

import pytest
from PySide6.QtCore import QDate, Qt

from studyapp.core import srs, stats
from studyapp.store import progress
from tests.ui.test_flashcards import Clock

T_END = dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC)


def simulate_history(db, bank, days=180, seed=7):
    """Six months of daily study with the real scheduler: returns the final card states."""
    rng = random.Random(seed)
    scheduler = srs.Scheduler(srs.Settings())
    start = T_END - dt.timedelta(days=days)
    cards = {(q.id, c.key): srs.CardState.new(q.id, c.key, start)
             for q in bank.questions.values() for c in q.all_cards()}
    for day in range(days):
        now = start + dt.timedelta(days=day)
        for key, card in list(cards.items()):
            if card.state == srs.NEW or card.due <= now:
                rating = rng.choices((1, 2, 3, 4), (1, 2, 6, 1))[0]
                card, log = scheduler.answer(card, rating, now, rng.randint(3000, 40000))
                progress.record_review(db, card.to_row(), log)
                cards[key] = card
    return cards


def test_stats_with_six_months_of_reviews(qtbot, make_window, tmp_path, screenshot):
    window = make_window()
    cards = simulate_history(window.ctx.db, window.ctx.bank)
    clock = Clock(T_END)
    window.ctx.now = clock
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["Stats"]
    tree = view.tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
        "Basics", "More"]
    basics = tree.topLevelItem(0)
    assert basics.text(1) == "3"
    mastery = stats.topic_mastery(window.ctx.bank, cards, T_END, srs.Settings())
    bar = tree.itemWidget(basics, 3)
    assert bar.value() == round(100 * mastery[0].share)
    log = progress.log_rows(window.ctx.db)
    assert f"<b>{len(log)}</b> reviews in all" in view.summary.text()
    assert len(view.figure.axes) == 4
    bars = view.figure.axes[0].patches
    assert sum(p.get_height() for p in bars) == sum(
        n for _, n, _ in stats.reviews_per_day(log, T_END.astimezone().date(), 90))
    view.date.setDate(QDate(2026, 9, 15))
    assert "In <b>14 days</b>" in view.readiness.text()
    screenshot(window, "stats_light")
    heat, minutes, buttons, stability, difficulty = view.memory_figure.axes[:5]
    year = stats.reviews_per_day(log, T_END.astimezone().date(), 364)
    assert heat.images[0].get_array().sum() == sum(n for _, n, _ in year)
    assert [p.get_height() for p in buttons.patches] == list(stats.rating_counts(log).values())
    studied = [c for c in cards.values() if c.stability is not None]
    assert sum(p.get_height() for p in stability.patches) == len(studied)
    assert sum(p.get_height() for p in difficulty.patches) == len(studied)
    assert sum(p.get_height() for p in minutes.patches) == pytest.approx(
        sum(m for _, _, m in year[-90:]))
    view.tabs.setCurrentIndex(1)
    screenshot(window, "stats_memory_light")
    view.tabs.setCurrentIndex(2)
    tiles = view.map_figure.axes[0].patches
    assert len(tiles) == 2 and sum(w * h for _, _, w, h in view.map_rects) == pytest.approx(1)
    assert "100%" in " ".join(t.get_text() for t in view.map_figure.axes[0].texts)
    screenshot(window, "stats_map_light")
    view.tabs.setCurrentIndex(0)
    window.set_theme_choice("dark")
    screenshot(window, "stats_dark")
    window.close()
    window.ctx.db.close()
    window = make_window(data_dir=tmp_path / "data")
    window.ctx.now = clock
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    assert window.views["Stats"].date.date() == QDate(2026, 9, 15)


def test_readiness_projection_and_plan():
    now = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    settings = srs.Settings(new_per_day=1)
    reviewed = srs.CardState("a", "q", due=now + dt.timedelta(days=3), state=srs.REVIEW,
                             stability=10, difficulty=5, last_review=now - dt.timedelta(days=7))
    cards = {("a", "q"): reviewed, ("b", "q"): srs.CardState.new("b", "q", now),
             ("c", "q"): srs.CardState.new("c", "q", now)}

    class Topic:
        def __init__(self, tid, title):
            self.id, self.title, self.children = tid, title, []

    class FakeBank:
        def roots(self):
            return [Topic("t", "T")]

        def subtree_question_ids(self, _):
            return ["a", "b", "c"]

    target = now + dt.timedelta(days=1)
    [r] = stats.readiness(FakeBank(), cards, now, target, settings)
    recall_a = srs.retrievability(reviewed, target)
    assert r.if_stopped == pytest.approx(recall_a / 3)
    # one new card can be started in a day; keeping pace never lowers a card's recall
    assert r.on_pace == pytest.approx((max(recall_a, 0.9) + 0.9 + 0) / 3)
    assert stats.daily_plan(cards, now, target) == (2, 0)
    assert stats.daily_plan(cards, now, now + dt.timedelta(days=10)) == (1, 1)


def test_forecast_and_retention():
    now = dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)
    due = [srs.CardState(f"q{i}", "q", due=now + dt.timedelta(days=i), state=srs.REVIEW,
                         stability=3, difficulty=5, last_review=now) for i in (-5, 0, 2, 40)]
    counts = stats.forecast(due, now)
    assert counts[0] == 2 and counts[2] == 1 and sum(counts) == 3
    today = now.astimezone().date()
    log = [{"reviewed_at": now.isoformat(), "rating": r, "state_before": srs.REVIEW,
            "duration_ms": 1000} for r in (1, 3, 3, 4)]
    log.append({"reviewed_at": now.isoformat(), "rating": 1, "state_before": srs.NEW,
                "duration_ms": 1000})
    assert stats.retention_by_week(log, today)[-1] == 0.75
    assert stats.rating_counts(log) == {1: 2, 2: 0, 3: 2, 4: 1}


def test_count_charts_start_at_zero_before_any_review(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    axes = window.views["Stats"].figure.axes
    assert axes and all(ax.get_ylim()[0] >= 0 for ax in axes[:2])
    assert axes[0].get_ylim()[1] >= 1
