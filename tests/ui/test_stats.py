import datetime as dt
import random

import pytest
from PySide6.QtCore import QDate, Qt

from studyapp.core import exam_plan, srs, stats
from studyapp.store.interview_sessions import create_interview, save_interview
from studyapp.store.review_log import log_rows, record_review
from studyapp.store.settings_table import get_setting
from studyapp.ui import stats as stats_view
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
                record_review(db, card.to_row(), log)
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
    log = log_rows(window.ctx.db)
    assert f"<b>{len(log)}</b> reviews in all" in view.summary.text()
    assert len(view.figure.axes) == 4
    bars = view.figure.axes[0].patches
    assert sum(p.get_height() for p in bars) == sum(
        n for _, n, _ in stats.reviews_per_day(log, T_END.astimezone().date(), 90))
    view.date.setDate(QDate(2026, 9, 15))
    assert view.plan_toggle.isChecked()
    assert "<b>14 days</b> until your interview" in view.readiness.text()
    screenshot(window, "stats_light")
    view.tabs.setCurrentIndex(1)                 # its chart is made when its tab is shown
    heat, minutes, buttons, stability, difficulty = view.memory_figure.axes[:5]
    year = stats.reviews_per_day(log, T_END.astimezone().date(), 364)
    assert heat.images[0].get_array().sum() == sum(n for _, n, _ in year)
    assert [p.get_height() for p in buttons.patches] == list(stats.rating_counts(log).values())
    studied = [c for c in cards.values() if c.stability is not None]
    assert sum(p.get_height() for p in stability.patches) == len(studied)
    assert sum(p.get_height() for p in difficulty.patches) == len(studied)
    assert sum(p.get_height() for p in minutes.patches) == pytest.approx(
        sum(m for _, _, m in year[-90:]))
    screenshot(window, "stats_memory_light")
    view.tabs.setCurrentIndex(2)
    tiles = view.map_figure.axes[0].patches
    assert len(tiles) == 2 and sum(w * h for _, _, w, h in view.map_rects) == pytest.approx(1)
    qtbot.waitUntil(lambda: "100%" in " ".join(    # labels fitted to the tiles as drawn
        t.get_text() for t in view.map_figure.axes[0].texts))
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
    assert window.views["Stats"].plan_toggle.isChecked()


class Topic:
    def __init__(self, tid, title):
        self.id, self.title, self.children = tid, title, []


class TwoTopics:
    """Topic "Studied" holds card a, topic "Unstarted" cards b and c."""

    def roots(self):
        return [Topic("u", "Unstarted"), Topic("s", "Studied")]

    def subtree_question_ids(self, topic_id):
        return ["a"] if topic_id == "s" else ["b", "c"]


def test_readiness_per_topic_comes_from_memory_states_and_the_plan():
    now = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    settings = srs.Settings(new_per_day=1)
    reviewed = srs.CardState("a", "q", due=now + dt.timedelta(days=3), state=srs.REVIEW,
                             stability=10, difficulty=5, last_review=now - dt.timedelta(days=7))
    cards = {("a", "q"): reviewed, ("b", "q"): srs.CardState.new("b", "q", now),
             ("c", "q"): srs.CardState.new("c", "q", now)}
    exam_day = (now + dt.timedelta(days=4)).date()
    plan = exam_plan.make_plan(cards, now, exam_day, settings)
    unstarted, studied = stats.readiness(TwoTopics(), cards, plan)     # weakest first
    exam_time = dt.datetime.combine(exam_day, dt.time(9), dt.UTC)
    assert studied.title == "Studied" and studied.started == 1
    assert studied.if_stopped == pytest.approx(srs.retrievability(reviewed, exam_time))
    assert studied.with_plan > 0.95                     # reviewed in the final pass
    # one day before the final pass at one new card a day: one of the two is started
    assert plan.new_per_day == 1 and plan.started_in_time == 1
    assert unstarted.if_stopped == 0 and 0.3 < unstarted.with_plan < 0.5
    assert not stats.enough_data(cards)


def test_plan_wording_counts_in_words_and_says_when_data_is_short():
    now = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    cards = {(f"q{i}", "q"): srs.CardState.new(f"q{i}", "q", now) for i in range(3)}
    plan = exam_plan.make_plan(cards, now, (now + dt.timedelta(days=5)).date(),
                               srs.Settings(new_per_day=1))
    plan.simulation.reviews[:] = [1.0] * len(plan.simulation.reviews)
    plan.simulation.minutes[:] = [1.0] * len(plan.simulation.minutes)
    text = stats_view.plan_text(plan, stats.readiness(TwoTopics(), cards, plan), False, now)
    # at one a day, new cards start on the 2 days before the final pass: 2 of 3
    assert "<b>5 days</b> until your interview on Tuesday 06 January 2026" in text
    assert "1 new card a day until 02 January (2 of 3 started in time)" in text
    assert "On average 1 review and 1 minute a day" in text
    assert "Too little data yet" in text and "stronger" not in text
    assert "undone" not in text
    # topics the plan does not reach are named apart, not listed as rows of 0 %
    rows = [stats.Readiness("a", "Studied", 10, 10, 0.7, 0.97),
            stats.Readiness("b", "Half", 10, 3, 0.2, 0.5),
            stats.Readiness("c", "Late", 12, 0, 0.0, 0.0),
            stats.Readiness("d", "Later", 1, 0, 0.0, 0.0)]
    text = stats_view.plan_text(plan, sorted(rows, key=lambda r: r.with_plan), True, now)
    table = text[text.index("<table>"):text.index("</table>")]
    assert table.index("Half") < table.index("Studied") and "Late" not in table
    assert "Not reached by the day at this pace (2 topics, 13 cards): Late, Later." in text
    plan.simulation.undone = 1.2
    assert "leaves about 1 review undone" in stats_view.plan_text(plan, [], False, now)


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


def open_tab(qtbot, view, index):
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert view.tabs.currentIndex() == index


def test_interview_plan_from_the_stats_tab(qtbot, make_window, tmp_path, screenshot):
    from PySide6.QtWidgets import QDateTimeEdit

    from studyapp.ui.dialogs import SettingsDialog

    window = make_window()
    simulate_history(window.ctx.db, window.ctx.bank, days=60)
    clock = Clock(T_END)
    window.ctx.now = clock
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["Stats"]
    open_tab(qtbot, view, 3)
    assert not view.plan_toggle.isChecked() and "Tick the box" in view.readiness.text()
    qtbot.mouseClick(view.plan_toggle, Qt.LeftButton)
    assert get_setting(window.ctx.db, "interview_date") == "2026-09-29"
    assert "<b>28 days</b> until your interview" in view.readiness.text()
    view.date.setFocus()
    view.date.setCurrentSection(QDateTimeEdit.DaySection)
    qtbot.keyClick(view.date, Qt.Key_Down)                   # a day earlier
    assert get_setting(window.ctx.db, "interview_date") == "2026-09-28"
    text = view.readiness.text()
    assert "<b>27 days</b> until your interview" in text
    assert "Basics" in text and "More" in text and "if you stop now" in text
    plan = view.plan
    assert plan.meets_target and f"<b>{plan.simulation.started_recall():.0%}</b>" in text
    cards_ax, _ = view.plan_figure.axes
    bars = [p.get_height() for p in cards_ax.patches if p.get_width() < 1]
    assert sum(bars) == pytest.approx(sum(plan.simulation.reviews) + sum(plan.simulation.new))
    for theme, scale in (("light", 1.0), ("dark", 1.0), ("light", 2.0), ("dark", 2.0)):
        dialog = SettingsDialog(theme, {}, parent=window)
        qtbot.addWidget(dialog)
        dialog.text_size.setCurrentIndex(dialog.text_size.findData(scale))
        window.apply_settings(dialog)
        for index, name in enumerate(("progress", "memory", "map", "plan")):
            open_tab(qtbot, view, index)
            screenshot(window, f"stats_{name}_{theme}_{round(scale * 100)}")
        assert window.minimumSizeHint().width() <= 1280
    window.close()
    window.ctx.db.close()

    window = make_window(data_dir=tmp_path / "data")         # restart: the plan is kept
    window.ctx.now = clock
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["Stats"]
    assert view.plan_toggle.isChecked() and view.date.date() == QDate(2026, 9, 28)
    assert "<b>27 days</b> until your interview" in view.readiness.text()
    clock.now = dt.datetime(2026, 9, 29, 9, tzinfo=dt.UTC)   # the day after: back to normal
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    assert not view.plan_toggle.isChecked() and view.plan is None
    assert "is here or past" in view.readiness.text()
    qtbot.mouseClick(view.plan_toggle, Qt.LeftButton)
    qtbot.mouseClick(view.plan_toggle, Qt.LeftButton)        # on, then off again
    assert get_setting(window.ctx.db, "interview_date") == ""
    assert "Tick the box" in view.readiness.text()


def test_stats_with_too_little_data_say_so(qtbot, make_window, screenshot):
    window = make_window()
    window.ctx.now = Clock(T_END)
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["Stats"]
    open_tab(qtbot, view, 3)
    qtbot.mouseClick(view.plan_toggle, Qt.LeftButton)
    assert "Too little data yet" in view.readiness.text()
    # five new cards at one a day: the last starts on day 4, long before the final pass
    assert "1 new card a day until 05 September (all of them started in time)" in \
        view.readiness.text()
    retention = view.figure.axes[2]
    assert any(t.get_text().startswith("Not enough data yet") for t in retention.texts)
    screenshot(window, "stats_plan_no_data")


def test_charts_with_one_interview_and_one_day_of_reviews_read_right(qtbot, make_window,
                                                                     screenshot):
    """Issue 29 item 14, in the Stats view: one session gives whole-number session ticks
    (not 0.96 … 1.04), one day's reviews give a colour bar from zero (not 6.5 … 7.5), the
    retention chart without mature reviews says so, and the map has a colour key."""
    window = make_window()
    db = window.ctx.db
    session = create_interview(db, "quick", {"answers": []})
    save_interview(db, session, {"answers": []}, score=72.0,
                            finished_at=T_END.isoformat())
    scheduler = srs.Scheduler(srs.Settings())
    for q in list(window.ctx.bank.questions.values())[:3]:
        card = srs.CardState.new(q.id, "q", T_END)
        card, log = scheduler.answer(card, 3, T_END - dt.timedelta(hours=1), 6000)
        record_review(db, card.to_row(), log)
    window.ctx.now = Clock(T_END)
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["Stats"]
    view.canvases[0].draw()
    scores = view.figure.axes[3]
    low, high = scores.get_xlim()
    assert [t for t in scores.get_xticks() if low <= t <= high] == [1]
    retention = view.figure.axes[2]
    assert any(t.get_text().startswith("Not enough data yet") for t in retention.texts)
    open_tab(qtbot, view, 1)
    heat = view.memory_figure.axes[0]
    assert heat.images[0].norm.vmin == 0 and heat.images[0].norm.vmax == 3
    open_tab(qtbot, view, 2)
    key = view.map_figure.axes[1]
    assert key.get_ylabel() == "cards mastered"
    assert [t.get_text() for t in key.get_legend().get_texts()] == ["not started"]
    screenshot(window, "stats_map_one_day")
