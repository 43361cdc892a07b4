"""Stats mode: mastery per topic, review history charts and interview-day readiness.

matplotlib is imported the first time the view is shown, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import srs, stats
from studyapp.store import progress
from studyapp.ui.context import Context
from studyapp.viz import registry

HISTORY_DAYS = 90


SHOWN_TOPICS = 6     # readiness rows listed; more would squeeze the topic tree


class StatsView(QWidget):
    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.figure = None          # progress: reviews, forecast, retention, interviews
        self.canvas = None
        self.memory_figure = None   # activity heatmap, time, memory state, answer buttons
        self.memory_canvas = None
        self.map_figure = None      # the whole bank's mastery as a treemap
        self.map_canvas = None
        self.mastery: list[stats.TopicMastery] = []
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Topic", "Cards", "Started", "Mastery"])
        self.summary = QLabel(wordWrap=True)
        self.date = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date.dateChanged.connect(self._date_changed)
        self.readiness = QLabel(wordWrap=True, textFormat=Qt.RichText)
        export = QPushButton("Export chart…", toolTip="Save the charts of the open tab as "
                             "PNG or SVG")
        export.clicked.connect(self.export)
        self.chart_box = QVBoxLayout()
        self.tabs = QTabWidget()
        self.chart_box.addWidget(self.tabs)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Mastery per topic</b> — share of cards you would "
                                     "recall now at least as likely as your desired retention",
                                     wordWrap=True))
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(QLabel("<b>Readiness for an interview</b>"))
        row = QHBoxLayout()
        row.addWidget(QLabel("Interview date:"))
        row.addWidget(self.date)
        row.addStretch(1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.readiness)
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
        right_layout.addLayout(self.chart_box, 1)
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.split)

    # --- data ----------------------------------------------------------------
    def _cards(self) -> tuple[dict, srs.Settings]:
        settings = srs.Settings(**progress.get_setting(self.ctx.db, "srs_settings"))
        stored = {(r["question_id"], r["card_key"]): r for r in progress.load_cards(self.ctx.db)}
        now = self.ctx.now()
        cards = {}
        for q in self.ctx.bank.questions.values():
            for card in q.all_cards():
                row = stored.get((q.id, card.key))
                cards[(q.id, card.key)] = (srs.CardState.from_row(row) if row
                                           else srs.CardState.new(q.id, card.key, now))
        return cards, settings

    def activated(self) -> None:
        cards, settings = self._cards()
        now = self.ctx.now()
        self.mastery = stats.topic_mastery(self.ctx.bank, cards, now, settings)
        self._fill_tree(self.mastery)
        saved = progress.get_setting(self.ctx.db, "interview_date")
        today = now.astimezone().date()
        self.date.blockSignals(True)
        self.date.setMinimumDate(QDate(today.year, today.month, today.day))
        self.date.setDate(QDate.fromString(saved, "yyyy-MM-dd") if saved
                          else QDate(today.year, today.month, today.day).addDays(28))
        self.date.blockSignals(False)
        self._show_readiness(cards, settings)
        self._show_practice()
        self._draw(cards, settings)

    def _show_practice(self) -> None:
        """Explorer challenges and shape exercises: totals and the weakest explorer."""
        lines = []
        for name, scores in (("Explorer challenges", progress.challenge_scores(self.ctx.db)),
                             ("Shape and count exercises", progress.shape_scores(self.ctx.db))):
            right = sum(r for r, _ in scores.values())
            total = sum(t for _, t in scores.values())
            lines.append(f"{name}: {right} of {total} right ({right / total:.0%})" if total
                         else f"{name}: none answered yet")
        challenge = progress.challenge_scores(self.ctx.db)
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
            bar.setMaximumHeight(16)
            self.tree.setItemWidget(item, 3, bar)
        self.tree.expandToDepth(0)
        self.tree.setColumnWidth(0, 240)

    def _date_changed(self, date: QDate) -> None:
        progress.set_setting(self.ctx.db, "interview_date", date.toString("yyyy-MM-dd"))
        self._show_readiness(*self._cards())

    def target(self) -> dt.datetime:
        d = self.date.date()
        return dt.datetime(d.year(), d.month(), d.day(), 9, tzinfo=dt.UTC)

    def _show_readiness(self, cards: dict, settings: srs.Settings) -> None:
        now, target = self.ctx.now(), self.target()
        rows = stats.readiness(self.ctx.bank, cards, now, target, settings)
        new_per_day, reviews_per_day = stats.daily_plan(cards, now, target)
        days = max(0, (target.date() - now.date()).days)
        lines = [(f"<p>In <b>{days} days</b>. Expected recall per topic if you stop now → if you "
                 "keep your pace (due cards reviewed, new cards at your daily limit):</p><table>")]
        for r in rows[:SHOWN_TOPICS]:          # weakest first; the tree above has them all
            lines.append(f"<tr><td>{html.escape(r.title)}&nbsp;&nbsp;</td>"
                         f"<td align=right>{r.if_stopped:.0%}</td><td>&nbsp;→&nbsp;</td>"
                         f"<td align=right><b>{r.on_pace:.0%}</b></td></tr>")
        if len(rows) > SHOWN_TOPICS:
            lines.append(f"<tr><td colspan=4><i>… and {len(rows) - SHOWN_TOPICS} stronger "
                         "topics</i></td></tr>")
        lines.append("</table>")
        weakest = [r.title for r in rows[:3]]
        if weakest:
            lines.append(f"<p>Weakest: {html.escape(', '.join(weakest))}.</p>")
        lines.append(f"<p><b>Plan until then, per day:</b> {new_per_day} new cards (to start "
                     f"every card in time) and about {reviews_per_day} reviews.</p>")
        self.readiness.setText("".join(lines))

    # --- charts --------------------------------------------------------------
    def _ensure_canvas(self) -> None:
        if self.figure is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(8, 6), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.memory_figure = Figure(figsize=(8, 6), layout="constrained")
        self.memory_canvas = FigureCanvasQTAgg(self.memory_figure)
        self.map_figure = Figure(figsize=(8, 6), layout="constrained")
        self.map_canvas = FigureCanvasQTAgg(self.map_figure)
        self.tabs.addTab(self.canvas, "Progress")
        self.tabs.addTab(self.memory_canvas, "Activity and memory")
        self.tabs.addTab(self.map_canvas, "Mastery map")

    def _draw(self, cards: dict, settings: srs.Settings) -> None:
        from matplotlib.ticker import MaxNLocator

        from studyapp.viz.theme import PALETTE, apply_theme

        self._ensure_canvas()
        fig = self.figure
        fig.clear()
        now = self.ctx.now()
        today = now.astimezone().date()
        log = progress.log_rows(self.ctx.db)
        history = stats.reviews_per_day(log, today, HISTORY_DAYS)
        axes = fig.subplots(2, 2)
        ax = axes[0][0]
        ax.bar(range(-HISTORY_DAYS + 1, 1), [n for _, n, _ in history], color=PALETTE[0])
        _counts_axis(ax, [n for _, n, _ in history])
        ax.set_title("Reviews per day, last 90 days")
        ax.set_xlabel("days ago")
        ax = axes[0][1]
        due = stats.forecast(list(cards.values()), now)
        ax.bar(range(len(due)), due, color=PALETTE[1])
        _counts_axis(ax, due)
        ax.set_title("Cards due, next 30 days")
        ax.set_xlabel("days from today")
        ax = axes[1][0]
        weekly = stats.retention_by_week(log, today)
        xs = [i - len(weekly) + 1 for i, v in enumerate(weekly) if v is not None]
        ax.plot(xs, [v for v in weekly if v is not None], marker="o", color=PALETTE[2],
                label="true retention")
        ax.axhline(settings.desired_retention, ls="--", color=PALETTE[3], label="desired")
        ax.set_ylim(0, 1.05)
        ax.set_xlim(-len(weekly) + 0.5, 0.5)
        ax.set_title("Retention by week (mature cards)")
        ax.set_xlabel("weeks ago")
        ax.legend(loc="lower left", fontsize=8)
        ax = axes[1][1]
        sessions = list(reversed(progress.interview_history(self.ctx.db)))
        ax.plot(range(1, len(sessions) + 1), [s["score"] for s in sessions], marker="o",
                color=PALETTE[4])
        ax.set_ylim(0, 100)
        if not sessions:
            ax.text(0.5, 0.5, "No finished mock\ninterviews yet", ha="center", va="center",
                    transform=ax.transAxes, fontsize=9)
            ax.set_xticks([])
        ax.set_title("Mock-interview score")
        ax.set_xlabel("session")
        for a in fig.axes:
            a.grid(True, alpha=0.3)
            a.title.set_fontsize(10)
        for a in (axes[0][0], axes[0][1]):
            a.yaxis.set_major_locator(MaxNLocator(integer=True))
        apply_theme(fig, self.ctx.dark)
        self.canvas.draw()
        self._draw_memory(cards, log, today)
        self._draw_map()
        minutes = sum(m for _, _, m in history)
        counts = stats.rating_counts(log)
        self.summary.setText(
            f"<b>{len(log)}</b> reviews in all · <b>{sum(n for _, n, _ in history)}</b> in the "
            f"last 90 days ({minutes:.0f} min) · Again {counts[1]}, Hard {counts[2]}, "
            f"Good {counts[3]}, Easy {counts[4]}")

    def _draw_memory(self, cards: dict, log: list[dict], today: dt.date) -> None:
        """A year of reviews as a day-by-week heatmap, minutes per day, the spread of
        stability and difficulty over studied cards, and the answer buttons used."""
        import numpy as np

        from studyapp.viz.theme import PALETTE, apply_theme

        fig = self.memory_figure
        fig.clear()
        axes = fig.subplot_mosaic([["heat", "heat"], ["time", "buttons"],
                                   ["stability", "difficulty"]], height_ratios=(1.1, 1, 1))
        year = stats.reviews_per_day(log, today, 364)
        grid = np.array([n for _, n, _ in year], float).reshape(52, 7).T
        ax = axes["heat"]
        image = ax.imshow(np.where(grid > 0, grid, np.nan), aspect="auto", cmap="Greens",
                          interpolation="nearest")
        ax.set_yticks(range(7), [year[i][0].strftime("%a") for i in range(7)])
        ax.set_xticks([0, 13, 26, 39, 51], ["52", "39", "26", "13", "this"])
        ax.set_xlabel("weeks ago")
        ax.set_title(f"Reviews per day, last year ({int(grid.sum())} reviews)")
        fig.colorbar(image, ax=ax, shrink=0.8, label="reviews")
        recent = year[-HISTORY_DAYS:]
        ax = axes["time"]
        ax.bar(range(-HISTORY_DAYS + 1, 1), [m for _, _, m in recent], color=PALETTE[5])
        _counts_axis(ax, [m for _, _, m in recent])
        ax.set_title("Minutes studied per day, last 90 days")
        ax.set_xlabel("days ago")
        counts = stats.rating_counts(log)
        ax = axes["buttons"]
        ax.bar(["Again", "Hard", "Good", "Easy"], [counts[r] for r in (1, 2, 3, 4)],
               color=[PALETTE[3], PALETTE[1], PALETTE[2], PALETTE[0]])
        _counts_axis(ax, list(counts.values()))
        ax.set_title("Answer buttons")
        studied = [c for c in cards.values() if c.stability is not None]
        ax = axes["stability"]
        if studied:
            ax.hist([c.stability for c in studied],
                    bins=np.geomspace(0.1, max(c.stability for c in studied) * 1.01 + 1, 25),
                    color=PALETTE[0])
            ax.set_xscale("log")
        ax.set_title("Stability (days until recall falls to 90%)")
        ax.set_xlabel("days")
        ax = axes["difficulty"]
        if studied:
            ax.hist([c.difficulty for c in studied], bins=np.linspace(1, 10, 19),
                    color=PALETTE[4])
        ax.set_title("Difficulty (1 easy – 10 hard)")
        for name, a in axes.items():
            if name != "heat":
                a.grid(True, alpha=0.3)
            a.title.set_fontsize(10)
        apply_theme(fig, self.ctx.dark)
        self.memory_canvas.draw()

    def _draw_map(self) -> None:
        """Each top-level topic as a rectangle sized by its cards, coloured by mastery."""
        import textwrap

        from matplotlib import colormaps
        from matplotlib.patches import Rectangle

        from studyapp.viz.theme import INACTIVE, LIGHT, apply_theme

        fig = self.map_figure
        fig.clear()
        ax = fig.add_subplot(1, 1, 1)
        top = [m for m in self.mastery if m.depth == 0 and m.cards]
        cmap = colormaps["RdYlGn"]
        self.map_rects = stats.treemap([m.cards for m in top])
        for m, (x, y, w, h) in zip(top, self.map_rects, strict=True):
            colour = cmap(0.15 + 0.7 * m.share) if m.started else INACTIVE   # not started
            ax.add_patch(Rectangle((x, 1 - y - h), w, h, facecolor=colour, edgecolor="white",
                                   lw=2))
            label = "\n".join(textwrap.wrap(m.title, max(8, int(w * 70)))[:3])
            text = ax.text(x + w / 2, 1 - y - h / 2, f"{label}\n{m.share:.0%}", ha="center",
                           va="center", fontsize=8 if w > 0.12 else 6, color=LIGHT["fg"])
            text.themed = False          # dark text on the coloured tiles in both themes
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_axis_off()
        ax.set_title("Mastery of the whole bank: area = cards, colour = share mastered")
        apply_theme(fig, self.ctx.dark)
        self.map_canvas.draw()

    def set_dark(self, dark: bool) -> None:
        if self.figure is not None and self.isVisible():
            self.activated()

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export charts", "deepprep-stats.png",
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            figure = (self.figure, self.memory_figure, self.map_figure)[self.tabs.currentIndex()]
            figure.savefig(path, facecolor=figure.get_facecolor())


def _counts_axis(ax, values) -> None:
    """Bars of counts start at zero with whole-number ticks, even before any data."""
    from matplotlib.ticker import MaxNLocator

    ax.set_ylim(0, max(1, max(values, default=0)) * 1.05)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
