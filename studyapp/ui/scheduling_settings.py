"""Settings ▸ Flashcards ▸ "Optimize from my reviews": fit the FSRS parameters to the
user's review log off the GUI thread, show log loss and RMSE before and after, keep every
fitted set to go back to, and the desired-retention advice from simulated workload."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import fsrs_fit, retention_advice, srs
from studyapp.services.scheduling import Scheduling


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)


class _Task(QRunnable):
    """Runs ``work(progress)`` on the thread pool and emits what it returns (or the
    message of the ValueError/RuntimeError it raised)."""

    def __init__(self, work):
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        result = "The calculation stopped on an unexpected error (see the log)."
        try:
            result = self.work(self.signals.progress.emit)
        except (ValueError, RuntimeError) as exc:   # NotEnoughHistory and fsrs-rs's errors
            result = str(exc)
        finally:                                    # the dialog never stays busy
            self.signals.done.emit(result)


def _when(fitted_at: str) -> str:
    return dt.datetime.fromisoformat(fitted_at).astimezone().strftime("%Y-%m-%d %H:%M")


def _change(before: dict, after: dict, key: str) -> str:
    return f"{before[key]:.4f} → <b>{after[key]:.4f}</b>"


def result_html(metrics: dict, applied: bool, defaults_returned: bool) -> str:
    """The fit's numbers and what was done with it, as a short page."""
    if defaults_returned:
        verdict = ("The optimizer returned the default parameters unchanged: your reviews "
                   "do not yet show enough about your memory. Nothing was changed.")
    elif applied:
        verdict = "The new parameters predict your reviews better and are now in use."
    else:
        verdict = ("The new parameters are not better than the ones in use, which stay. "
                   "The fit is kept in the list below.")
    rows = "".join(
        f"<tr><td>{label}</td><td>{_change(metrics[a], metrics[b], 'log_loss')}</td>"
        f"<td>{_change(metrics[a], metrics[b], 'rmse_bins')}</td></tr>"
        for label, a, b in (("All reviews", "current", "fitted"),
                            ("Latest fifth, fitted on the earlier reviews",
                             "current_later", "fitted_later")))
    return (f"<p>{html.escape(verdict)}</p><table cellspacing=6>"
            "<tr><th align=left>In use → fitted, "
            f"{metrics['reviews']:,} reviews</th><th align=left>Log loss</th>"
            f"<th align=left>RMSE (bins)</th></tr>{rows}</table>")


class SchedulingDialog(QDialog):
    """The parameter sets and the retention advice; parameter changes apply at once."""

    parameters_changed = Signal(tuple)
    retention_chosen = Signal(float)

    def __init__(self, db, settings: srs.Settings, deck_size: int, dark: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Scheduling parameters")
        self.db, self.settings, self.deck_size, self.dark = db, settings, deck_size, dark
        self.busy = False
        self.advice: retention_advice.WorkloadPoint | None = None
        intro = QLabel(
            "DeepPrep schedules with FSRS, whose 21 parameters describe how memory fades. "
            f"Fitted to your own reviews (at least {fsrs_fit.MIN_REVIEWS} made a day or more "
            "after the card's previous one) they predict your recall better. A fit is used "
            "only when it beats the parameters in use on all your reviews and on your latest "
            "reviews when fitted on the earlier ones.", wordWrap=True)
        self.in_use = QLabel(wordWrap=True)
        self.optimize_button = QPushButton("Optimize from my reviews")
        self.optimize_button.clicked.connect(self.optimize)
        self.bar = QProgressBar(textVisible=False, maximumHeight=10)
        self.bar.hide()
        self.status = QLabel(wordWrap=True, textFormat=Qt.RichText)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Fitted", "Reviews", "Log loss", "RMSE (bins)"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.use_button = QPushButton("Use this set", enabled=False)
        self.use_button.clicked.connect(self.use_selected)
        self.defaults_button = QPushButton("Defaults")
        self.defaults_button.clicked.connect(lambda: self._use(()))
        self.advice_label = QLabel(wordWrap=True)
        self.retention_button = QPushButton(enabled=False)
        self.retention_button.clicked.connect(self._choose_retention)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5.6, 3.2), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(280)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(self.in_use, 1)
        row.addWidget(self.optimize_button)
        layout.addLayout(row)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("<b>Parameter sets fitted so far</b>", wordWrap=True))
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.use_button)
        row.addWidget(self.defaults_button)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Desired retention: workload over a simulated year</b>",
                                wordWrap=True))
        layout.addWidget(self.canvas)
        row = QHBoxLayout()
        row.addWidget(self.advice_label, 1)
        row.addWidget(self.retention_button)
        layout.addLayout(row)
        layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)   # text wraps instead
        scroll.setWidget(page)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addWidget(buttons)
        em = self.fontMetrics().height()
        room = self.screen().availableGeometry()
        self.resize(min(48 * em, room.width() * 9 // 10), min(52 * em, room.height() * 9 // 10))
        self._show_sets()
        self._simulate()

    # --- parameter sets ----------------------------------------------------------
    def _show_sets(self) -> None:
        current = Scheduling(self.db).in_use()
        self.sets = Scheduling(self.db).history()
        in_use = next((s for s in self.sets if s.parameters == current), None)
        self.in_use.setText("In use: " + ("the default parameters" if not current else
                                          f"the set fitted {_when(in_use.fitted_at)}"
                                          if in_use else "parameters imported with your progress"))
        self.table.setRowCount(len(self.sets))
        for row, fitted in enumerate(self.sets):
            m = fitted.metrics
            mark = " (in use)" if fitted.parameters == current else ""
            for col, text in enumerate((_when(fitted.fitted_at) + mark, f"{m['reviews']:,}",
                                        f"{m['fitted']['log_loss']:.4f}",
                                        f"{m['fitted']['rmse_bins']:.4f}")):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, col, item)
        shown = min(max(len(self.sets), 1), 4)    # up to four rows before it scrolls
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 4 + shown *
                                  self.table.verticalHeader().defaultSectionSize())
        self.defaults_button.setEnabled(bool(current))
        self._selection_changed()

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.use_button.setEnabled(bool(rows) and not self.busy and
                                   self.sets[rows[0].row()].parameters
                                   != Scheduling(self.db).in_use())

    def use_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._use(self.sets[rows[0].row()].parameters)

    def _use(self, chosen: tuple[float, ...]) -> None:
        Scheduling(self.db).use(chosen)
        self._parameters_now_in_use()

    def _parameters_now_in_use(self) -> None:
        self.settings = srs.Settings(**{**vars(self.settings),
                                        "parameters": Scheduling(self.db).in_use()})
        self._show_sets()
        self.parameters_changed.emit(self.settings.parameters)
        self._simulate()

    # --- optimizing -----------------------------------------------------------------
    def _start(self, work, done, text: str) -> None:
        self.busy = True
        self.optimize_button.setEnabled(False)
        self.defaults_button.setEnabled(False)
        self.use_button.setEnabled(False)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.status.setText(html.escape(text))
        task = _Task(work)
        task.signals.progress.connect(self._progress)
        task.signals.done.connect(done)
        QThreadPool.globalInstance().start(task)

    def _stop(self) -> None:
        self.busy = False
        self.bar.hide()
        self.optimize_button.setEnabled(True)
        self._show_sets()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.status.setText(html.escape(text) + "…")

    def optimize(self) -> None:
        if self.busy:
            return
        rows = Scheduling(self.db).review_log()
        current = self.settings.fsrs_parameters()
        steps = len(self.settings.relearning_steps)
        self._start(lambda report: fsrs_fit.fit(rows, current, steps, report),
                    self._fitted, "Reading your reviews…")

    def _fitted(self, result: fsrs_fit.FitResult | str) -> None:
        self._stop()
        if isinstance(result, str):
            self.status.setText(html.escape(result))
            return
        applied = result.better
        if not result.defaults_returned:
            Scheduling(self.db).record_fit(result.parameters, result.metrics(), applied)
        self.status.setText(result_html(result.metrics(), applied, result.defaults_returned))
        if applied:
            self._parameters_now_in_use()
        else:
            self._show_sets()

    # --- retention advice -------------------------------------------------------------
    def _simulate(self) -> None:
        config = retention_advice.simulator_config(self.settings, self.deck_size,
                                                   Scheduling(self.db).review_log())
        weights = self.settings.fsrs_parameters()
        self.simulating = True
        self.advice_label.setText("Simulating a year of study at each retention…")
        task = _Task(lambda report: retention_advice.workload_curve(weights, config))
        task.signals.done.connect(self._simulated)
        self._latest_simulation = task.signals
        QThreadPool.globalInstance().start(task)

    def _simulated(self, points: list[retention_advice.WorkloadPoint] | str) -> None:
        if self.sender() is not self._latest_simulation:
            return                      # for parameters no longer in use
        self.simulating = False
        if isinstance(points, str):
            self.advice_label.setText(points)
            return
        self.advice = retention_advice.best(points)
        self._draw(points)
        a = self.advice
        self.advice_label.setText(
            f"Least study time per card remembered at <b>{a.retention:.2f}</b>: about "
            f"{a.seconds_per_remembered / 60:.1f} minutes of study per card you remember a "
            f"year from now, {a.minutes_per_day:.1f} minutes and {a.reviews_per_day:.0f} "
            f"cards a day for your {self.deck_size:,} cards. Your setting is "
            f"{self.settings.desired_retention:.2f}.")
        self.retention_button.setText(f"Use {a.retention:.2f}")
        self.retention_button.setEnabled(
            round(a.retention, 2) != round(self.settings.desired_retention, 2))

    def _draw(self, points: list[retention_advice.WorkloadPoint]) -> None:
        from studyapp.viz.theme import PALETTE, apply_theme

        fig = self.figure
        fig.clear()
        ax = fig.add_subplot()
        xs = [p.retention for p in points]
        ax.plot(xs, [p.seconds_per_remembered / 60 for p in points], color=PALETTE[0],
                label="study time per card remembered")
        best = self.advice
        ax.plot([best.retention], [best.seconds_per_remembered / 60], "o", color=PALETTE[3],
                label=f"least at {best.retention:.2f}")
        ax.axvline(self.settings.desired_retention, ls="--", color=PALETTE[2],
                   label=f"your setting {self.settings.desired_retention:.2f}")
        ax.set_xlabel("desired retention")
        ax.set_ylabel("minutes per card remembered")
        fig.legend(fontsize=8, ncols=3, loc="outside lower center", frameon=False)
        ax.grid(True, alpha=0.3)
        apply_theme(fig, self.dark)
        self.canvas.draw()

    def _choose_retention(self) -> None:
        if self.advice is not None:
            self.retention_chosen.emit(self.advice.retention)
            self.retention_button.setEnabled(False)
