"""Qt controls generated from explorer parameter declarations (studyapp.viz.spec)."""

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
    QWidget,
)
from superqt import QDoubleSlider, QLabeledDoubleSlider, QLabeledSlider

from studyapp.ui.widgets.toggle_label import labelled_check
from studyapp.viz import spec


class ParamControl(QWidget):
    """One parameter's control; ``changed`` fires with the parsed value, ``held`` when
    a slider is pressed (True) and let go (False)."""

    changed = Signal(object)
    held = Signal(bool)

    def __init__(self, param, parent=None):
        super().__init__(parent)
        self.param = param
        self.setToolTip(param.label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._build(layout)
        if hasattr(self, "slider"):
            self.slider.sliderPressed.connect(lambda: self.held.emit(True))
            self.slider.sliderReleased.connect(lambda: self.held.emit(False))
        self.set_value(param.default)

    def fit_to_text(self) -> None:
        """Sized for the font it shows (call again once styled): a slider keeps room to
        drag, a list of options shows every option."""
        self.ensurePolished()
        if hasattr(self, "slider"):
            self.setMinimumWidth(14 * self.fontMetrics().averageCharWidth())
        if hasattr(self, "items"):
            self.items.ensurePolished()
            self._fit_items()

    def _build(self, layout: QHBoxLayout) -> None:
        p = self.param
        if isinstance(p, spec.Float) and p.log:
            self.slider = QDoubleSlider(Qt.Horizontal)
            self.slider.setRange(math.log10(p.min), math.log10(p.max))
            self.entry = QLineEdit(maximumWidth=80)
            self.slider.valueChanged.connect(lambda v: self._emit(10 ** v))
            self.entry.editingFinished.connect(self._typed)
            layout.addWidget(self.slider, 1)
            layout.addWidget(self.entry)
        elif isinstance(p, spec.Float):
            self.slider = QLabeledDoubleSlider(Qt.Horizontal)
            self.slider.setRange(p.min, p.max)
            if p.step:
                self.slider.setSingleStep(p.step)
            self.slider.setDecimals(3)
            self.slider.valueChanged.connect(self._emit)
            layout.addWidget(self.slider)
        elif isinstance(p, spec.Int):
            self.slider = QLabeledSlider(Qt.Horizontal)
            self.slider.setRange(p.min, p.max)
            self.slider.setSingleStep(p.step)
            self.slider.valueChanged.connect(self._emit)
            layout.addWidget(self.slider)
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
        for name in ("slider", "combo", "check", "items", "entry"):
            if hasattr(self, name):
                return getattr(self, name)
        return self

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
        if isinstance(self.param, spec.Float) and self.param.log:
            self.entry.setText(self.param.format(value))
        self.changed.emit(self.param.parse(self.param.format(value)))

    def set_value(self, value) -> None:
        """Show a value without emitting ``changed``."""
        self.blockSignals(True)
        try:
            p = self.param
            if isinstance(p, spec.Float) and p.log:
                self.slider.setValue(math.log10(value))
                self.entry.setText(p.format(value))
            elif isinstance(p, (spec.Float, spec.Int)):
                self.slider.setValue(value)
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
