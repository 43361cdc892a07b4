"""Stats mode: mastery per topic, review history charts and the plan toward the interview.

The charts are drawn by studyapp.viz.stats_charts; this module lays them out. matplotlib
is imported the first time the view is shown, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import exam_plan, srs, stats
from studyapp.core.wording import plural
from studyapp.services.interviews import Interviews
from studyapp.services.practice import Practice
from studyapp.services.study import Study
from studyapp.ui.context import Context
from studyapp.ui.mode import Mode
from studyapp.ui.theme import large_text
from studyapp.ui.widgets.flow_layout import FlowLayout
from studyapp.viz import registry

HISTORY_DAYS = 90
SHOWN_TOPICS = 8     # readiness rows listed, weakest first; the mastery tree has them all
TABS = ("Progress", "Memory", "Mastery map", "Plan")    # short: they fit at 200 % text


class StatsView(QWidget, Mode):
    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.figures: list = []     # one per tab, made when the view is first shown
        self.canvases: list = []
        self.unpainted: set = set()  # charts of hidden tabs, drawn when their tab is shown
        self.unmade: dict = {}       # canvas → how to make its chart, until it is shown
        self.map_rects: list[tuple[float, float, float, float]] = []
        self.plan: exam_plan.Plan | None = None
        self.mastery: list[stats.TopicMastery] = []
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Topic", "Cards", "Started", "Mastery"])
        self.summary = QLabel(wordWrap=True)
        export = QPushButton("Export chart…", toolTip="Save the charts of the open tab as "
                             "PNG or SVG")
        export.clicked.connect(self.export)
        self.tabs = QTabWidget()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.export_button = export

        self.plan_toggle = QCheckBox("Plan toward an interview on")
        self.plan_toggle.toggled.connect(self._toggled)
        self.date = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date.dateChanged.connect(self._date_changed)
        self.readiness = QLabel(wordWrap=True, textFormat=Qt.RichText)
        self.readiness.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.plan_page = QWidget()
        plan_layout = QVBoxLayout(self.plan_page)
        row = FlowLayout()              # the date goes under the box at large text sizes
        row.addWidget(self.plan_toggle)
        row.addWidget(self.date)
        plan_layout.addLayout(row)
        words = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
        words.setWidget(self.readiness)
        for filled in (words.viewport(), self.readiness):  # the tab's own background shows
            filled.setAutoFillBackground(False)
        plan_layout.addWidget(words, 1)         # the words and the chart share the height
        self.plan_chart = QVBoxLayout()
        plan_layout.addLayout(self.plan_chart, 1)

        left = self.topics = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Mastery per topic</b> — share of cards you would "
                                     "recall now at least as likely as your desired retention",
                                     wordWrap=True))
        left_layout.addWidget(self.tree, 1)
        self.practice = QLabel(wordWrap=True, textFormat=Qt.RichText)
        left_layout.addWidget(QLabel("<b>Practice</b>"))
        left_layout.addWidget(self.practice)
        right = QWidget(minimumWidth=600)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        header.addWidget(export)
        right_layout.addLayout(header)
        right_layout.addWidget(self.tabs, 1)
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.split)

    # the figures by what they show
    figure = property(lambda self: self.figures[0] if self.figures else None)
    memory_figure = property(lambda self: self.figures[1] if self.figures else None)
    map_figure = property(lambda self: self.figures[2] if self.figures else None)
    plan_figure = property(lambda self: self.figures[3] if self.figures else None)

    # --- data ----------------------------------------------------------------
    def _cards(self) -> tuple[dict, srs.Settings]:
        self.study = Study(self.ctx.db, self.ctx.bank, self.ctx.now)
        return self.study.cards, self.study.settings

    def activate(self) -> None:
        cards, settings = self._cards()
        now = self.ctx.now()
        self.mastery = stats.topic_mastery(self.ctx.bank, cards, now, settings)
        self._fill_tree(self.mastery)
        self._show_date(now)
        self._show_practice()
        self._draw(cards, settings)
        self.arrange(large_text(self.ctx.prefs["text_scale"]))

    def arrange(self, in_tab: bool) -> None:
        """The mastery table beside the charts, or at large text sizes in a last tab of
        its own, where side by side both would be too narrow to read."""
        if in_tab and self.tabs.indexOf(self.topics) < 0:
            self.tabs.addTab(self.topics, "Topics")
        elif not in_tab and self.split.indexOf(self.topics) < 0:
            self.tabs.removeTab(self.tabs.indexOf(self.topics))
            self.split.insertWidget(0, self.topics)
            self.topics.show()
        self._fit_columns()

    def _tab_shown(self, index: int) -> None:
        self._paint_shown()
        topics = self.tabs.widget(index) is self.topics      # the table at large text sizes
        self.export_button.setEnabled(not topics)           # has no chart to export
        if topics:
            self.topics.layout().activate()                 # its width now, not when hidden
            self._fit_columns()

    def _fit_columns(self) -> None:
        """The counts as wide as their titles, the topic names whole as far as the room
        left beside them and the mastery bars allows."""
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        bars = self.tree.fontMetrics().horizontalAdvance("Mastery") * 2
        room = (self.tree.viewport().width() - self.tree.columnWidth(1)
                - self.tree.columnWidth(2) - bars)
        self.tree.setColumnWidth(0, max(160, min(self.tree.columnWidth(0), room)))

    def _show_date(self, now: dt.datetime) -> None:
        """The stored interview date in the date box, ticked while it lies ahead."""
        saved = exam_plan.parse_day(self.ctx.prefs["interview_date"])
        tomorrow = exam_plan.local_day(now) + dt.timedelta(days=1)
        shown = saved if saved and saved >= tomorrow else tomorrow + dt.timedelta(days=27)
        for widget in (self.date, self.plan_toggle):
            widget.blockSignals(True)
        self.date.setMinimumDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.date.setDate(QDate(shown.year, shown.month, shown.day))
        self.plan_toggle.setChecked(exam_plan.active(saved, now))
        for widget in (self.date, self.plan_toggle):
            widget.blockSignals(False)

    def _show_practice(self) -> None:
        """Explorer challenges and shape exercises: totals and the weakest explorer."""
        lines = []
        practice = Practice(self.ctx.db)
        for name, scores, where in (
                ("Explorer challenges", practice.challenge_scores(),
                 "press Predict… on a figure in Explore"),
                ("Shape and count exercises", practice.shape_scores(),
                 "Flashcards ▸ Shapes &amp; counts practice…")):
            right = sum(r for r, _ in scores.values())
            total = sum(t for _, t in scores.values())
            lines.append(f"{name}: {right} of {total} right ({right / total:.0%})" if total
                         else f"{name}: none answered yet — {where}")
        challenge = practice.challenge_scores()
        if challenge:
            weakest, (r, t) = min(challenge.items(), key=lambda kv: kv[1][0] / kv[1][1])
            lines.append(f"Weakest explorer: {html.escape(registry.get(weakest).title)} "
                         f"({r} of {t})")
        self.practice.setText("<br>".join(lines))

    def _fill_tree(self, rows: list[stats.TopicMastery]) -> None:
        self.tree.clear()
        parents: list[QTreeWidgetItem] = []
        for row in rows:
            item = QTreeWidgetItem([row.title, str(row.cards), str(row.started), ""])
            item.setData(0, Qt.UserRole, row.topic_id)
            for col in (1, 2):
                item.setTextAlignment(col, Qt.AlignRight | Qt.AlignVCenter)
            del parents[row.depth:]
            if parents:
                parents[-1].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            parents.append(item)
            bar = QProgressBar(maximum=100, value=round(100 * row.share), format="%p%")
            bar.setMaximumHeight(self.tree.fontMetrics().height())   # its "%" whole
            self.tree.setItemWidget(item, 3, bar)
        self.tree.expandToDepth(0)
        self._fit_columns()

    # --- the interview plan --------------------------------------------------
    def exam_day(self) -> dt.date | None:
        """The interview day the plan aims at, None while no plan is on."""
        if not self.plan_toggle.isChecked():
            return None
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def _date_changed(self, _date: QDate) -> None:
        self.plan_toggle.blockSignals(True)
        self.plan_toggle.setChecked(True)           # picking a date turns the plan on
        self.plan_toggle.blockSignals(False)
        self._save_plan()

    def _toggled(self, _on: bool) -> None:
        self._save_plan()

    def _save_plan(self) -> None:
        day = self.exam_day()
        self.ctx.prefs.set("interview_date", day.isoformat() if day else "")
        self._show_plan(*self._cards())

    def _show_plan(self, cards: dict, settings: srs.Settings) -> None:
        now = self.ctx.now()
        day = self.exam_day()
        saved = exam_plan.parse_day(self.ctx.prefs["interview_date"])
        if day is None or not exam_plan.active(day, now):
            self.plan = None
            self.readiness.setText(_no_plan_text(saved, now))
        else:
            log = self.study.review_log()
            self.plan = exam_plan.make_plan(cards, now, day, settings,
                                            exam_plan.Habits.from_log(log))
            rows = stats.readiness(self.ctx.bank, cards, self.plan)
            self.readiness.setText(plan_text(self.plan, rows, stats.enough_data(cards), now))
        self._draw_plan()

    def _draw_plan(self) -> None:
        if not self.figures:
            return
        from studyapp.viz import stats_charts

        if self.plan is None:
            stats_charts.message(self.plan_figure, "Set an interview date to see the "
                                 "planned workload", self.ctx.dark)
        else:
            sim = self.plan.simulation
            stats_charts.workload(self.plan_figure, sim.reviews, sim.new, sim.minutes,
                                  exam_plan.FINAL_PASS_DAYS, self.ctx.dark)
        self._paint(self.canvases[3])

    # --- charts --------------------------------------------------------------
    def _ensure_canvas(self) -> None:
        if self.figures:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        for index, name in enumerate(TABS):
            figure = Figure(figsize=(8, 6), layout="constrained")
            canvas = FigureCanvasQTAgg(figure)
            self.figures.append(figure)
            self.canvases.append(canvas)
            if index < 3:
                self.tabs.addTab(canvas, name)
        self.canvases[3].setMinimumHeight(160)
        self.plan_chart.addWidget(self.canvases[3])
        self.tabs.addTab(self.plan_page, TABS[3])

    def _draw(self, cards: dict, settings: srs.Settings) -> None:
        from studyapp.viz import stats_charts

        self._ensure_canvas()
        now = self.ctx.now()
        today = now.astimezone().date()
        log = self.study.review_log()
        year = stats.reviews_per_day(log, today, 364)
        history = year[-HISTORY_DAYS:]
        sessions = list(reversed(Interviews(self.ctx.db, self.ctx.bank, self.ctx.now).history()))
        dark = self.ctx.dark
        progress = ([n for _, n, _ in history], stats.forecast(list(cards.values()), now),
                    stats.retention_by_week(log, today), settings.desired_retention,
                    [s["score"] for s in sessions])
        studied = [c for c in cards.values() if c.stability is not None]
        counts = stats.rating_counts(log)
        memory = (year, HISTORY_DAYS, counts, [c.stability for c in studied],
                  [c.difficulty for c in studied])
        top = [m for m in self.mastery if m.depth == 0 and m.cards]

        def mastery_map() -> None:
            self.map_rects = stats_charts.mastery_map(self.figures[2], top, dark)

        self.unmade = dict(zip(self.canvases, (
            lambda: stats_charts.progress_figure(self.figures[0], *progress, dark),
            lambda: stats_charts.memory_figure(self.figures[1], *memory, dark),
            mastery_map), strict=False))
        for canvas in self.canvases[:3]:
            self._paint(canvas)
        self._show_plan(cards, settings)
        minutes = sum(m for _, _, m in history)
        self.summary.setText(
            f"<b>{len(log):,}</b> {'review' if len(log) == 1 else 'reviews'} in all · "
            f"<b>{sum(n for _, n, _ in history):,}</b> in the last {HISTORY_DAYS} days "
            f"({minutes:.0f} min) · Again {counts[1]}, Hard {counts[2]}, Good {counts[3]}, "
            f"Easy {counts[4]}" if log else
            "<b>No reviews yet.</b> Study a deck in Flashcards (Ctrl+2); your progress, "
            "memory and plan show here as you go.")

    def _paint(self, canvas) -> None:
        """Make and draw a chart on screen now, one in a hidden tab when its tab is shown:
        drawn hidden it would be drawn at a size it never has (drawn again once shown),
        and a tab perhaps never opened would keep its chart's artists and pixels."""
        if canvas.isVisible():
            self.unpainted.discard(canvas)
            self._make(canvas)
            canvas.draw()
        else:
            self.unpainted.add(canvas)

    def _paint_shown(self) -> None:
        """Draw the charts just shown, once: a chart resized on showing asks for the same
        draw, and the two requests are one."""
        for canvas in [c for c in self.unpainted if c.isVisible()]:
            self.unpainted.discard(canvas)
            self._make(canvas)
            canvas.draw_idle()

    def _make(self, canvas) -> None:
        """Make the chart a canvas shows if it was left unmade while its tab was hidden."""
        make = self.unmade.pop(canvas, None)
        if make is not None:
            make()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._paint_shown()

    def apply_theme(self, dark: bool) -> None:
        if self.figures and self.isVisible():
            self.activate()

    def apply_text_size(self, scale: float) -> None:
        self.apply_theme(self.ctx.dark)      # the charts' text follows the text size

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export charts", "deepprep-stats.png",
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if path and self.figures:
            figure = self.figures[self.tabs.currentIndex()]
            figure.savefig(path, facecolor=figure.get_facecolor())


def _no_plan_text(saved: dt.date | None, now: dt.datetime) -> str:
    intro = ("<p>Tick the box and pick the day of your interview to plan toward it: reviews "
             "due after the day come forward into the last "
             f"{plural(exam_plan.FINAL_PASS_DAYS, 'day')} before it, new cards are paced so "
             "that what you start is remembered on the day, and the workload is simulated "
             "from your own reviews.</p>")
    if saved is not None and saved <= exam_plan.local_day(now):
        return (f"<p>Your interview on {saved:%A %d %B %Y} is here or past: flashcards are "
                "scheduled as usual again.</p>" + intro)
    return intro


def plan_text(plan: exam_plan.Plan, rows: list[stats.Readiness], enough: bool,
              now: dt.datetime) -> str:
    """The plan in words: the day, new cards, workload, expected recall, topics."""
    sim = plan.simulation
    reviews = sim.reviews_per_day
    reviewing = plural(round(reviews), "review") if reviews >= 0.5 else "under one review"
    minutes = sim.minutes_per_day
    time = plural(round(minutes), "minute") if minutes >= 0.5 else "under a minute"
    busiest = round(max(sim.reviews, default=0))
    parts = [(f"<p><b>{plural(plan.days, 'day')}</b> until your interview on "
              f"{plan.exam_day:%A %d %B %Y}.</p>")]
    if plan.unstarted == 0:
        new = "Every card is started, so no new cards."
    elif plan.new_per_day == 0:
        new = (f"No new cards: of {plural(plan.unstarted, 'new card')}, none can be "
               "started and still be remembered on the day.")
    else:
        last_day = max(i for i, n in enumerate(sim.new) if n)   # the last one started
        last = plan.exam_day - dt.timedelta(days=plan.days - last_day)
        share = ("all of them" if plan.started_in_time >= plan.unstarted
                 else f"{plan.started_in_time:,} of {plan.unstarted:,}")
        new = (f"{plural(plan.new_per_day, 'new card')} a day until {last:%d %B} "
               f"({share} started in time).")
    parts.append(f"<p><b>The plan:</b> {new} On average {reviewing} and "
                 f"{time} a day, {plural(busiest, 'review')} on the "
                 f"busiest day. Cards due after the interview that you would recall at less "
                 f"than {(1 + plan.target) / 2:.0%} on the day come forward into the last "
                 f"{plural(exam_plan.FINAL_PASS_DAYS, 'day')} before it.</p>")
    if round(sim.undone):
        parts.append(f"<p>Your daily review limit leaves about "
                     f"{plural(round(sim.undone), 'review')} undone until then; the cards "
                     "you are least likely to forget wait.</p>")
    recall = sim.started_recall()
    if recall is not None:
        verdict = (f"(your desired retention is {plan.target:.0%})" if plan.meets_target
                   else f"— below your desired retention of {plan.target:.0%}: raise the "
                   "daily review limit or move the date")
        parts.append(f"<p>Following it, you can expect to recall <b>{recall:.0%}</b> of the "
                     f"cards you will have started, on the day {verdict}.</p>")
    if not enough:
        parts.append(f"<p><i>Too little data yet for a forecast per topic: study at least "
                     f"{plural(stats.MIN_STUDIED, 'card')} first.</i></p>")
        return "".join(parts)
    reached = [r for r in rows if r.started or r.with_plan >= 0.005]
    untouched = [r for r in rows if r not in reached]
    if reached:
        parts.append("<p>Expected recall on the day, weakest topics first:</p><table>"
                     "<tr><th align=left>Topic</th><th>&nbsp;started&nbsp;</th>"
                     "<th>&nbsp;if you stop now&nbsp;</th><th>&nbsp;with the plan&nbsp;</th>"
                     "</tr>")
        for r in reached[:SHOWN_TOPICS]:
            parts.append(f"<tr><td>{html.escape(r.title)}</td>"
                         f"<td align=right>{r.started:,} of {r.cards:,}&nbsp;</td>"
                         f"<td align=right>{r.if_stopped:.0%}&nbsp;</td>"
                         f"<td align=right><b>{r.with_plan:.0%}</b></td></tr>")
        parts.append("</table>")
        if len(reached) > SHOWN_TOPICS:
            parts.append(f"<p><i>… and {plural(len(reached) - SHOWN_TOPICS, 'more topic')} "
                         "in the mastery tree.</i></p>")
    if untouched:
        names = ", ".join(html.escape(r.title) for r in untouched[:SHOWN_TOPICS])
        more = (f" and {len(untouched) - SHOWN_TOPICS:,} more"
                if len(untouched) > SHOWN_TOPICS else "")
        cards = sum(r.cards for r in untouched)
        parts.append(f"<p>Not reached by the day at this pace "
                     f"({plural(len(untouched), 'topic')}, {plural(cards, 'card')}): "
                     f"{names}{more}.</p>")
    return "".join(parts)
