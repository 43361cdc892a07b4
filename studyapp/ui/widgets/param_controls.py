"""Qt controls generated from explorer parameter declarations (studyapp.viz.spec).

A number is a slider with a box beside it to type the value. The slider moves over a
fixed number of positions (on a log scale for log parameters), so the keyboard moves it
by 1 % (arrows), 10 % (Page Up/Down) or to either end (Home/End), or by the declared step.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QWidget,
)

from studyapp.ui.widgets.toggle_label import labelled_check
from studyapp.viz import spec

POSITIONS = 1000       # slider positions of a parameter without a (fine enough) step
SLIDER_WIDTH = 160     # px at least; in the side panel a slider spans the panel's width


class ValueSlider(QSlider):
    """A horizontal slider whose ``setValue``, ``value``, ``minimum`` and ``maximum``
    speak in the parameter's units; ``moved`` carries the value at each change."""

    moved = Signal(float)

    def __init__(self, param, parent=None):
        super().__init__(Qt.Horizontal, parent)
        self.param = param
        self.log = isinstance(param, spec.Float) and param.log
        self.low, self.high = (math.log10(param.min), math.log10(param.max)) if self.log \
            else (param.min, param.max)
        step = param.step if isinstance(param, spec.Int) or not self.log else None
        span = param.max - param.min
        if step and span / step <= 10 * POSITIONS:
            self.positions, single = max(1, round(span / step)), 1
        else:
            self.positions, single = POSITIONS, POSITIONS // 100
        super().setRange(0, self.positions)
        self.setSingleStep(single)
        self.setPageStep(max(single, self.positions // 10))
        self.setFocusPolicy(Qt.StrongFocus)
        self.valueChanged.connect(lambda position: self.moved.emit(self.to_value(position)))

    def to_value(self, position: int) -> float:
        x = self.low + (self.high - self.low) * position / self.positions
        if isinstance(self.param, spec.Int):
            return round(x)
        return 10 ** x if self.log else x

    def to_position(self, value: float) -> int:
        x = math.log10(value) if self.log else value
        return round((x - self.low) / (self.high - self.low) * self.positions)

    def setValue(self, value: float) -> None:
        super().setValue(self.to_position(min(self.param.max, max(self.param.min, value))))

    def value(self) -> float:
        return self.to_value(super().value())

    def minimum(self) -> float:
        return self.param.min

    def maximum(self) -> float:
        return self.param.max


class ParamControl(QWidget):
    """One parameter's control; ``changed`` fires with the parsed value, ``held`` when
    a slider is pressed (True) and let go (False)."""

    changed = Signal(object)
    held = Signal(bool)

    def __init__(self, param, parent=None):
        super().__init__(parent)
        self.param = param
        self.setToolTip(param.label)
        # The parts a parameter of this kind has; the others stay None.
        self.slider: ValueSlider | None = None
        self.entry: QLineEdit | None = None
        self.combo: QComboBox | None = None
        self.check: QCheckBox | None = None
        self.items: QListWidget | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._build(layout)
        if self.slider is not None:
            self.slider.sliderPressed.connect(lambda: self.held.emit(True))
            self.slider.sliderReleased.connect(lambda: self.held.emit(False))
        self.set_value(param.default)

    def fit_to_text(self) -> None:
        """Sized for the font it shows (call again once styled): a slider keeps room to
        drag precisely, its box fits the longest value, a list shows every option."""
        self.ensurePolished()
        if self.slider is not None:
            metrics = self.entry.fontMetrics()
            widest = max(metrics.horizontalAdvance(self.param.format(v)) for v in
                         (self.param.min, self.param.max, self.param.default))
            em = metrics.averageCharWidth()
            self.entry.setFixedWidth(max(widest, 4 * em) + 2 * em)
            self.slider.setMinimumWidth(SLIDER_WIDTH)    # in pixels: dragging is not text
        if self.items is not None:
            self.items.ensurePolished()
            self._fit_items()

    def _build(self, layout: QHBoxLayout) -> None:
        p = self.param
        if isinstance(p, (spec.Float, spec.Int)):
            self.slider = ValueSlider(p)
            self.entry = QLineEdit(alignment=Qt.AlignRight, toolTip=p.label)
            self.entry.setAccessibleName(p.label)
            self.slider.moved.connect(self._emit)
            self.entry.editingFinished.connect(self._typed)
            layout.addWidget(self.slider, 1)
            layout.addWidget(self.entry)
        elif isinstance(p, spec.Choice):
            self.combo = QComboBox()
            labels = p.labels or p.options
            for option, label in zip(p.options, labels, strict=True):
                self.combo.addItem(label, option)
            self.combo.currentIndexChanged.connect(lambda _: self._emit(self.combo.currentData()))
            layout.addWidget(self.combo)
        elif isinstance(p, spec.Bool):
            self.check = QCheckBox()
            self.check.toggled.connect(self._emit)
            layout.addWidget(labelled_check(self.check, p.label))
        elif isinstance(p, spec.MultiChoice):
            self.items = QListWidget()
            for option in p.options:
                item = QListWidgetItem(option)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Unchecked)
                self.items.addItem(item)
            self.items.itemChanged.connect(lambda _: self._emit(self._checked()))
            self._fit_items()
            layout.addWidget(self.items)
        else:  # spec.Numbers
            self.entry = QLineEdit()
            self.entry.editingFinished.connect(self._typed)
            layout.addWidget(self.entry)

    def focus_widget(self) -> QWidget:
        """The widget that takes the keyboard focus (a form label's buddy)."""
        parts = (self.slider, self.combo, self.check, self.items, self.entry)
        return next((part for part in parts if part is not None), self)

    def _fit_items(self, most_rows: int = 8) -> None:
        """Show every option (up to ``most_rows``) at full width, without scrolling."""
        items, frame = self.items, 2 * self.items.frameWidth()
        rows = min(items.count(), most_rows)
        items.setFixedHeight(items.sizeHintForRow(0) * rows + frame)
        scroll = items.verticalScrollBar().sizeHint().width() if items.count() > rows else 0
        items.setMinimumWidth(items.sizeHintForColumn(0) + frame + scroll + 4)
        items.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)

    def _checked(self) -> tuple[str, ...]:
        return tuple(self.items.item(i).text() for i in range(self.items.count())
                     if self.items.item(i).checkState() == Qt.Checked)

    def _typed(self) -> None:
        try:
            value = self.param.parse(self.entry.text())
            if isinstance(self.param, (spec.Float, spec.Int)) and \
                    not self.param.min <= float(self.entry.text()) <= self.param.max:
                raise ValueError(f"{self.param.label} goes from {self.param.format(self.param.min)}"
                                 f" to {self.param.format(self.param.max)}")
        except ValueError as exc:
            self.entry.setToolTip(str(exc))
            self._mark_invalid(True)
            return
        self._mark_invalid(False)
        self.entry.setToolTip(self.param.label)
        self.set_value(value)
        self.changed.emit(value)

    def _mark_invalid(self, invalid: bool) -> None:
        """Outline the entry in the palette's danger colour (the style sheet's rule)."""
        self.entry.setProperty("invalid", invalid)
        self.entry.style().unpolish(self.entry)
        self.entry.style().polish(self.entry)

    def _emit(self, value) -> None:
        if self.slider is not None:
            self.entry.setText(self.param.format(value))
        self.changed.emit(self.param.parse(self.param.format(value)))

    def set_value(self, value) -> None:
        """Show a value without emitting ``changed``."""
        self.blockSignals(True)
        try:
            p = self.param
            if isinstance(p, (spec.Float, spec.Int)):
                self.slider.setValue(value)
                self.entry.setText(p.format(value))
            elif isinstance(p, spec.Choice):
                self.combo.setCurrentIndex(p.options.index(value))
            elif isinstance(p, spec.Bool):
                self.check.setChecked(bool(value))
            elif isinstance(p, spec.MultiChoice):
                for i in range(self.items.count()):
                    item = self.items.item(i)
                    item.setCheckState(Qt.Checked if item.text() in value else Qt.Unchecked)
            else:
                self.entry.setText(p.format(value))
        finally:
            self.blockSignals(False)
