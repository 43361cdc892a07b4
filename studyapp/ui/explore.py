"""Explore mode: interactive figures generated from explorer declarations.

matplotlib is imported only when the view first opens an explorer. Slider drags
redraw by blitting: the explorer returns the artists it changed, and only those
are drawn over a saved background; a full redraw happens on resize or when an
explorer reports that its axes changed.
"""

from __future__ import annotations

import html
import random
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.core import links
from studyapp.core.render import plain_text
from studyapp.services.practice import Practice
from studyapp.ui.challenge_bar import ChallengeBar
from studyapp.ui.context import Context
from studyapp.ui.free_memory import keep_for_good, return_free_memory
from studyapp.ui.mode import Mode
from studyapp.ui.theme import large_text
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.copy_link import CopyLinkButton
from studyapp.ui.widgets.empty_hint import EmptyHint
from studyapp.ui.widgets.flow_layout import FlowLayout
from studyapp.viz import challenges, registry, spec

if TYPE_CHECKING:       # the sliders' module loads only when the first explorer opens
    from studyapp.ui.widgets.param_controls import ParamControl


READOUT_INTERVAL = 0.1    # seconds between read-out updates while a control is dragged
TICK_MS = 30              # between training ticks of an animated explorer


class FigurePanel(QWidget):
    """A matplotlib canvas that blits the artists an explorer reports as changed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(7, 5), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setFocusPolicy(Qt.ClickFocus)
        self._background = None
        self._animated: list = []
        self._held_layout = None          # the layout engine set aside while a control is held
        self._laid_out = True             # False after a redraw that kept the held layout
        self.full_draws = 0
        self.blits = 0
        self.canvas.mpl_connect("draw_event", self._on_draw)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def _on_draw(self, _event) -> None:
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        for artist in self._animated:
            self.figure.draw_artist(artist)

    def redraw(self) -> None:
        for artist in self._animated:
            artist.set_animated(False)
        self._animated = []
        self._draw()

    def _draw(self) -> None:
        self.full_draws += 1
        self._laid_out = self._held_layout is None
        self.canvas.draw()

    def hold_layout(self, held: bool) -> None:
        """While a slider is held, full redraws (new axis limits) keep the figure's
        layout: constrained layout measures every tick label, half of such a frame.
        Letting go lays the figure out again if it was redrawn meanwhile."""
        if held and self._held_layout is None:
            self._held_layout = self.figure.get_layout_engine()
            self.figure.set_layout_engine("none")
        elif not held and self._held_layout is not None:
            self.figure.set_layout_engine(self._held_layout)
            self._held_layout = None
            if not self._laid_out:
                self.redraw()

    def show_changes(self, artists: list | None) -> None:
        """Blit ``artists``; None (axes changed) means a full redraw. That redraw leaves
        the moving artists out of the background, so the frames after it blit again
        without a second full draw. An empty list: nothing moved, nothing to draw."""
        if artists is not None and not artists and self._background is not None:
            return
        if artists is None:
            self._animated = [a for a in self._animated if self._in_figure(a)]
            self._draw()
            return
        if set(map(id, artists)) != set(map(id, self._animated)) or self._background is None:
            for artist in self._animated:
                artist.set_animated(False)
            self._animated = list(artists)
            for artist in artists:
                artist.set_animated(True)
            self._draw()
            return
        self.canvas.restore_region(self._background)
        for artist in artists:
            self.figure.draw_artist(artist)
        self.canvas.blit(self._changed_area(artists))
        self.blits += 1

    def _in_figure(self, artist) -> bool:
        """Not removed, nor on axes the explorer took away."""
        return artist.get_figure(root=True) is self.figure and (
            artist.axes is None or artist.axes in self.figure.axes)

    def _changed_area(self, artists: list):
        """The axes the artists belong to (they are clipped to them): copying less of
        the canvas to the screen is a good part of a frame."""
        from matplotlib.transforms import Bbox

        boxes = {id(a.axes): a.axes.bbox for a in artists if a.axes is not None}
        if not boxes or any(a.axes is None or not a.get_clip_on() for a in artists):
            return self.figure.bbox
        return Bbox.union(list(boxes.values())).padded(2)


class ExploreView(QWidget, Mode):
    """Explorer list · formula, figure and controls · read-outs and related questions."""

    open_question = Signal(str)

    def __init__(self, ctx: Context, rng: random.Random | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.open_question.connect(ctx.events.open_question)
        self.rng = rng or random.Random()
        self.challenge: challenges.Challenge | None = None
        self.explorer = None
        self.explorer_cls = None
        self.params: dict = {}
        self.controls: dict[str, ParamControl] = {}
        self.panel: FigurePanel | None = None

        self.search = QLineEdit(placeholderText="Find an explorer", clearButtonEnabled=True)
        self.list = QListWidget()
        for eid, cls in registry.EXPLORERS.items():
            item = QListWidgetItem(cls.title)
            item.setData(Qt.UserRole, eid)
            item.setToolTip(f"{cls.title}\n{', '.join(cls.tags)}")
            self.list.addItem(item)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)               # long titles wrap rather than elide
        self.no_match = EmptyHint(self.list, "No explorer matches these words. Try a topic "
                                  "such as “attention” or “loss”, or clear the box.")
        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(self._on_pick)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list)

        self.title = QLabel(objectName="questionTitle", wordWrap=True)
        self.formula = AnswerView(ctx)
        self.formula.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.presets = QToolButton(text="Presets ▾", popupMode=QToolButton.InstantPopup)
        self.presets.setMenu(QMenu(self.presets))
        reset = QPushButton("Reset", toolTip="Back to the default settings")
        reset.clicked.connect(self.reset)
        self.copy_link = CopyLinkButton(lambda: links.explore_link(self.link()),
                                        "this figure as it is set")
        export = QPushButton("Export…", toolTip="Save the figure as PNG or SVG")
        export.clicked.connect(self.export)
        self.predict = QPushButton("Predict…", toolTip="Answer a question about this figure "
                                   "before it is shown")
        self.predict.clicked.connect(self.start_challenge)
        # Animated explorers (a network training live) run on a timer.
        self.play = QPushButton("Train  ▶", toolTip="Run the optimiser (again to pause)")
        self.play.clicked.connect(self.toggle_training)
        self.step_button = QPushButton("Step", toolTip="One tick of training")
        self.step_button.clicked.connect(self.train_step)
        self.restart_button = QPushButton("New network", toolTip="Start training again "
                                          "from fresh weights")
        self.restart_button.clicked.connect(self.restart_training)
        self.points_button = QPushButton("Points…", toolTip="Paste or load your own points "
                                         "as CSV rows x, y, label")
        self.points_button.clicked.connect(self.ask_points)
        self.train_buttons = (self.play, self.step_button, self.restart_button,
                              self.points_button)
        self.train_timer = QTimer(self, interval=TICK_MS)
        self.train_timer.timeout.connect(self.train_step)
        self.challenge_bar = ChallengeBar()
        self.challenge_bar.hide()
        self.challenge_bar.answered.connect(self._answer_challenge)
        self.challenge_bar.next_requested.connect(self.start_challenge)
        self.challenge_bar.closed.connect(self.end_challenge)
        self.cover = QLabel("The figure appears once you answer.", alignment=Qt.AlignCenter,
                            objectName="figureCover")
        self.cover.hide()
        self.figure_box = QVBoxLayout()
        center = QWidget()
        center_layout = QVBoxLayout(center)
        buttons = FlowLayout()                # under the title, wrapping at large text sizes
        for button in (self.predict, self.presets, reset, self.copy_link, export):
            buttons.addWidget(button)
        self.header_buttons = (self.presets, reset, self.copy_link, export)
        training = FlowLayout()
        for button in self.train_buttons:
            training.addWidget(button)
        center_layout.addWidget(self.title)
        center_layout.addLayout(buttons)
        center_layout.addLayout(training)
        center_layout.addWidget(self.formula)
        center_layout.addWidget(self.challenge_bar)
        center_layout.addWidget(self.cover, 1)
        center_layout.addLayout(self.figure_box, 1)

        self.form = QFormLayout(rowWrapPolicy=QFormLayout.WrapAllRows)
        self.readouts = QLabel(wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse)
        self.readouts_at = -READOUT_INTERVAL
        self.readout_timer = QTimer(self, singleShot=True, interval=int(READOUT_INTERVAL * 1000))
        self.readout_timer.timeout.connect(self._write_readouts)
        self.notice = QLabel(wordWrap=True)
        self.related = QListWidget(maximumHeight=160, wordWrap=True)
        self.related.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.related.itemActivated.connect(self._open_related)
        self.related.itemClicked.connect(self._open_related)
        side = QWidget()
        self.side = side
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(self.form)
        side_layout.addWidget(QLabel("<b>Read-outs</b>", wordWrap=True))
        side_layout.addWidget(self.readouts)
        side_layout.addWidget(QLabel("<b>What to notice</b>", wordWrap=True))
        side_layout.addWidget(self.notice)
        self.related_label = QLabel("<b>Questions this explains</b>", wordWrap=True)
        side_layout.addWidget(self.related_label)
        side_layout.addWidget(self.related)
        side_layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(side)
        self.side_scroll = scroll
        scroll.setMinimumWidth(300)

        self.finder = left
        self.sides = QSplitter(Qt.Vertical, childrenCollapsible=False)  # large text sizes
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(center)
        self.split.addWidget(scroll)
        self.split.setChildrenCollapsible(False)
        self.arrange(large_text(ctx.prefs["text_scale"]))
        self._fit_to_text()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.split)

    def activate(self) -> None:
        if self.explorer is None and self.list.count():
            self.list.setCurrentRow(0)

    def _filter(self, text: str) -> None:
        needle = text.lower()
        for row in range(self.list.count()):
            item = self.list.item(row)
            cls = registry.get(item.data(Qt.UserRole))
            haystack = " ".join([cls.title, *cls.tags, item.data(Qt.UserRole)]).lower()
            item.setHidden(needle not in haystack)

    def _on_pick(self, item, _previous=None) -> None:
        if item is not None:
            self.open(item.data(Qt.UserRole))

    def open_link(self, link: str) -> None:
        """Open an explorer at the state a link describes (e.g. ``softmax?T=0.3``)."""
        explorer_id, params = spec.parse_link(link, registry.EXPLORERS)
        self.open(explorer_id, params)

    def open(self, explorer_id: str, params: dict | None = None) -> None:
        cls = registry.get(explorer_id)
        if self.challenge is not None and self.challenge.explorer != explorer_id:
            self.end_challenge()
        if self.explorer_cls is not cls:
            self._build(cls)
        self.set_params({**cls.defaults(), **(params or {})})
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.UserRole) == explorer_id:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
                self.list.scrollToItem(self.list.item(row))

    def _build(self, cls) -> None:
        self.pause_training()
        for button in self.train_buttons:
            button.setVisible(cls.animated)
        self.built_scale = self.ctx.prefs["text_scale"]
        if self.explorer_cls is not None:
            self.explorer_cls.release()
        self.explorer_cls = cls
        if self.panel is None:
            self.panel = FigurePanel()
            self.figure_box.addWidget(self.panel)
            self.panel.canvas.mpl_connect("button_press_event", self._on_click)
            keep_for_good()                      # matplotlib, NumPy and the canvas stay
        self.explorer = cls()
        self.panel.figure.clear()
        self.params = cls.defaults()
        self.explorer.build(self.panel.figure, self.params)
        self._theme_figure()
        self.title.setText(cls.title)
        self._show_formula()
        self.notice.setText(cls.notice)
        menu = self.presets.menu()
        menu.clear()
        for preset in cls.presets:
            menu.addAction(preset.name, lambda p=preset: self.set_params(
                {**cls.defaults(), **p.params}))
        while self.form.rowCount():
            self.form.removeRow(0)
        self.controls = {}
        for param in cls.params:
            from studyapp.ui.widgets.param_controls import ParamControl

            control = ParamControl(param)
            control.changed.connect(lambda value, name=param.name: self.set_param(name, value))
            control.held.connect(lambda held: self.panel.hold_layout(held))
            self.controls[param.name] = control
            if isinstance(param, spec.Bool):
                self.form.addRow(control)       # the check box's label spans the row
            else:
                label = QLabel(param.label, wordWrap=True)   # wraps at large text sizes
                label.setBuddy(control.focus_widget())
                self.form.addRow(label, control)
        self._fit_to_text()                      # the controls are styled now
        self.related.clear()
        for q in self.ctx.bank.linked_from(cls.id):
            item = QListWidgetItem(plain_text(q.title))
            item.setData(Qt.UserRole, q.id)
            self.related.addItem(item)
        for widget in (self.related_label, self.related):   # no empty box when none
            widget.setVisible(self.related.count() > 0)
        self.panel.redraw()
        return_free_memory()                     # what the last explorer held

    # --- predict, then reveal --------------------------------------------------------
    def start_challenge(self) -> None:
        """Hide the figure and lock the controls until the user answers a challenge."""
        if self.explorer_cls is None:
            return
        challenge = registry.draw_challenge(self.explorer_cls.id, self.rng)
        if challenge is None:
            return
        self.challenge = challenge
        self.pause_training()
        self._set_revealed(False)
        self.challenge_bar.show_challenge(challenge, self._score())

    def _answer_challenge(self, text: str) -> None:
        challenge = self.challenge
        try:
            correct = challenge.check(text)
        except ValueError:
            self.challenge_bar.show_error("Type a number, for example 0.25 or 16.")
            return
        Practice(self.ctx.db).record_challenge(challenge.key, challenge.explorer, correct)
        self.set_params({**self.explorer_cls.defaults(), **challenge.params})
        self._set_revealed(True)
        self.challenge_bar.show_result(correct, self._score())

    def end_challenge(self) -> None:
        self.challenge = None
        self.challenge_bar.hide()
        self._set_revealed(True)

    def _score(self) -> tuple[int, int]:
        return Practice(self.ctx.db).challenge_score(self.explorer_cls.id)

    def _set_revealed(self, revealed: bool) -> None:
        if self.panel is not None:
            self.panel.setVisible(revealed)
        self.cover.setVisible(not revealed)
        self.side_scroll.setVisible(revealed)  # read-outs would give the answer away
        for button in (*self.header_buttons, *self.train_buttons, self.predict):
            button.setEnabled(revealed)
        if revealed and self.panel is not None:
            self.panel.redraw()

    def _show_formula(self) -> None:
        """The explorer's formula, the view as tall as it is (cases run to four rows) and
        kept so when the formula is fitted to the width."""
        self.formula.set_page(self.formula.markdown_html(f"$$\n{self.explorer_cls.formula}\n$$"))
        self.formula.document().documentLayout().documentSizeChanged.connect(
            self._fit_formula_height, Qt.UniqueConnection)
        self._fit_formula_height()

    def _fit_formula_height(self, *_) -> None:
        height = self.formula.document().documentLayout().documentSize().height()
        self.formula.setFixedHeight(int(height) + 2 * self.formula.frameWidth())

    def _theme_figure(self) -> None:
        from studyapp.viz.theme import apply_theme

        apply_theme(self.panel.figure, self.ctx.dark)

    def _show(self, artists: list | None) -> None:
        """Blit what moved; a full redraw (None) may come with axes the explorer built
        anew, so the figure is themed again first."""
        if artists is None:
            self._theme_figure()
        self.panel.show_changes(artists)

    def set_param(self, name: str, value) -> None:
        """A control moved (many times a second while dragged): the figure follows every
        move, the read-outs at most every READOUT_INTERVAL — laying out their rich text
        costs as much as a frame of the figure — and always end on the last values."""
        self.params = {**self.params, name: value}
        self._show(self.explorer.update(self.params))
        self._readouts_soon()

    def set_params(self, params: dict) -> None:
        self.params = params
        for name, control in self.controls.items():
            control.set_value(params[name])
        self._show(self.explorer.update(params))
        self._write_readouts()

    # --- training live (animated explorers) --------------------------------------------
    def toggle_training(self) -> None:
        if self.train_timer.isActive():
            self.pause_training()
        else:
            self.train_timer.start()
            self.play.setText("Pause  ❚❚")

    def pause_training(self) -> None:
        self.train_timer.stop()
        self.play.setText("Train  ▶")

    def train_step(self) -> None:
        """One tick: a few optimiser steps, then the frame (blitted) and, at most every
        READOUT_INTERVAL, the read-outs."""
        self._show(self.explorer.tick(self.params))
        self._readouts_soon()

    def restart_training(self) -> None:
        self._show(self.explorer.reset_training(self.params))
        self._write_readouts()

    def ask_points(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        text, ok = QInputDialog.getMultiLineText(
            self, "Your points", "One point per row: x, y, label (0 or 1). Paste them from "
            "a spreadsheet or a CSV file:")
        if not ok:
            return
        try:
            self.load_points(text)
        except ValueError as exc:
            QMessageBox.warning(self, "Your points", f"These points cannot be used: {exc}.")

    def load_points(self, text: str) -> None:
        """Train on the user's points (ValueError naming the bad row otherwise)."""
        self.explorer.load_points(text)
        self.set_params({**self.params, "dataset": "loaded"})

    def hideEvent(self, event) -> None:
        self.pause_training()            # another mode took the screen
        super().hideEvent(event)

    def _readouts_soon(self) -> None:
        if self.ctx.monotonic() - self.readouts_at >= READOUT_INTERVAL:
            self._write_readouts()
        elif not self.readout_timer.isActive():
            self.readout_timer.start()

    def _write_readouts(self) -> None:
        self.readout_timer.stop()
        self.readouts_at = self.ctx.monotonic()
        self.readouts.setText("<br>".join(
            f"{html.escape(label)}: <b>{html.escape(value)}</b>"
            for label, value in self.explorer.readouts(self.params)))

    def reset(self) -> None:
        if self.explorer_cls is not None:
            self.set_params(self.explorer_cls.defaults())

    def link(self) -> str:
        return spec.format_link(self.explorer_cls, self.params)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export figure", f"{self.explorer_cls.id}.png",
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            self.save_figure(path)

    def save_figure(self, path: str) -> None:
        self.panel.figure.savefig(path, facecolor=self.panel.figure.get_facecolor())

    def _on_click(self, event) -> None:
        if event.inaxes is None or event.xdata is None:
            return
        changed = self.explorer.on_click(event.xdata, event.ydata, event.inaxes, self.params)
        if changed:
            self.set_params(changed)

    def _open_related(self, item) -> None:
        self.open_question.emit(item.data(Qt.UserRole))

    def _fit_to_text(self) -> None:
        """The explorer list wide enough for the longest word of a title at any text size
        (titles wrap at spaces); every control goes under its label, so that a slider
        spans the panel and sets values precisely."""
        metrics = self.list.fontMetrics()
        widest = max(metrics.horizontalAdvance(word) for cls in registry.EXPLORERS.values()
                     for word in cls.title.split())
        self.list.setMinimumWidth(widest + self.list.verticalScrollBar().sizeHint().width()
                                  + 2 * self.list.frameWidth() + 24)
        for control in self.controls.values():
            control.fit_to_text()
        # The scroll area does not hear by itself that its controls grew, and would
        # squeeze them.
        QApplication.sendEvent(self.side_scroll, QEvent(QEvent.LayoutRequest))

    def arrange(self, stacked: bool) -> None:
        """The explorers, the figure and its controls side by side; at large text sizes
        the explorers over the controls, so that the figure keeps a readable width."""
        if stacked:
            self.sides.addWidget(self.finder)
            self.sides.addWidget(self.side_scroll)
            self.sides.setSizes([250, 450])
            self.split.insertWidget(0, self.sides)
            self.sides.show()
            self.split.setSizes([380, 700])
        else:
            self.split.insertWidget(0, self.finder)
            self.split.addWidget(self.side_scroll)
            self.sides.setParent(None)
            self.split.setSizes([220, 690, 350])

    def apply_text_size(self, scale: float) -> None:
        """A new text size builds the controls again: the sliders' value labels are sized
        for the font they were made with."""
        self.arrange(large_text(scale))
        if self.explorer_cls is not None and scale != self.built_scale:
            params = self.params
            self._build(self.explorer_cls)       # fits the view to the text as well
            self.set_params(params)
        else:
            self._fit_to_text()
        self.apply_theme(self.ctx.dark)

    def apply_theme(self, dark: bool) -> None:
        if self.panel is not None:
            self._theme_figure()
            self.panel.redraw()
        if self.explorer_cls is not None:
            self._show_formula()
