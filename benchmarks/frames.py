"""Frame time of every explorer during a scripted 200-step drag of one of its sliders.

The drag goes through the app's own window and controls: the slider is held down, as
a mouse drag holds it, and each step sets it, which updates the explorer, blits its
changed artists (or redraws when its axes changed) and rewrites the read-outs; the
events that paint them are processed before the clock stops. The floor is a bare blit
of one line on a canvas in the explorer's place, timed the same way just before each
explorer. ``draw_only_ms`` blits each frame's artists again without the explorer's
model or read-outs, to tell drawing from computing.
"""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

STEPS = 200
# The control a person drags most, where it is not the explorer's first slider.
DRAG = {"optimizers": "lr", "lr-schedules": "warmup", "init-depth": "sigma",
        "positional-encoding": "anchor", "diffusion-schedules": "t", "attention": "d",
        "normalization": "channel", "conv-arithmetic": "pos", "decoding": "T", "l1-l2": "lam",
        "lora": "r"}
# Settings under which that control matters (σ only scales the plain normal init).
START = {"init-depth": {"init": "normal"}}


def drag_positions(param, steps: int = STEPS) -> list:
    """Slider positions a steady drag passes: even steps along a float slider (in log10
    for a log slider), back and forth over an integer one (every step a new value)."""
    if getattr(param, "log", False):
        return list(np.linspace(math.log10(param.min), math.log10(param.max), steps))
    if isinstance(param.default, int):
        sweep = list(range(param.min, param.max + 1))
        cycle = sweep + sweep[-2:0:-1]
        return [cycle[i % len(cycle)] for i in range(steps)]
    return list(np.linspace(param.min, param.max, steps))


def dragged(cls):
    """The parameter the benchmark drags: DRAG's choice, else the first slider."""
    if cls.id in DRAG:
        return cls.param(DRAG[cls.id])
    return next(p for p in cls.params if hasattr(p, "min") and not hasattr(p, "options"))


def _time_steps(apply, values) -> list[float]:
    times = []
    for value in values:
        start = time.perf_counter()
        apply(value)
        times.append(time.perf_counter() - start)
    return times


class BareLine:
    """The floor: one line blitted on a canvas that takes the explorer's place in the
    window (same size, same paint path), timed between the explorers so that the
    machine's drift slows both alike."""

    def __init__(self, view, app):
        from studyapp.ui.explore import FigurePanel

        self.view, self.app = view, app
        self.panel = FigurePanel()
        view.figure_box.addWidget(self.panel)
        self.panel.hide()
        ax = self.panel.figure.add_subplot(1, 1, 1)
        self.xs = np.linspace(0, 1, 200)
        self.line, = ax.plot(self.xs, self.xs)

    def draw(self, scale: float) -> None:
        self.line.set_ydata(self.xs * scale)
        self.panel.show_changes([self.line])

    def step(self, scale: float) -> None:
        self.draw(scale)
        self.app.processEvents()

    def median_ms(self) -> float:
        self._swap(self.view.panel, self.panel)
        self.step(0.0)                          # a full draw at the new size, untimed
        floor = statistics.median(_time_steps(self.step, np.linspace(0, 1, STEPS))) * 1000
        self._swap(self.panel, self.view.panel)
        return floor

    def _swap(self, shown, replacement) -> None:
        shown.hide()
        replacement.show()
        self.app.processEvents()


def explorer_frames() -> dict:
    from PySide6.QtWidgets import QApplication

    from studyapp.app import build_window
    from studyapp.viz import registry

    app = QApplication.instance() or QApplication([])
    per_explorer = {}
    with tempfile.TemporaryDirectory() as tmp:
        window = build_window(Path(tmp))
        window.resize(1280, 800)
        window.show()
        window.open_explorer("softmax")
        view = window.view("Explore")
        bare = BareLine(view, app)
        app.processEvents()
        for eid, cls in registry.EXPLORERS.items():
            view.open(eid, START.get(eid, {}))
            app.processEvents()
            floor = bare.median_ms()
            param = dragged(cls)
            slider = view.controls[param.name].slider
            drawn = []
            explorer_update = view.explorer.update

            def update(params, explorer_update=explorer_update, drawn=drawn):
                drawn.append(explorer_update(params))
                return drawn[-1]

            view.explorer.update = update          # to blit the same frames again below

            def step(position, slider=slider):
                slider.setValue(position)
                app.processEvents()

            slider.setSliderDown(True)
            times = sorted(_time_steps(step, drag_positions(param)))
            slider.setSliderDown(False)
            draws = _time_steps(view.panel.show_changes, [a for a in drawn if a is not None])
            median = statistics.median(times) * 1000
            p95 = times[int(0.95 * len(times))] * 1000
            per_explorer[eid] = {"param": param.name, "median_ms": median, "p95_ms": p95,
                                 "draw_only_ms": statistics.median(draws) * 1000,
                                 "floor_ms": floor, "median_ratio": median / floor,
                                 "p95_ratio": p95 / floor, "frames": len(times)}

        # The bare blit driven by the last explorer's slider: what a frame costs before
        # any explorer code runs (the slider and its value label repaint too).
        bare._swap(view.panel, bare.panel)
        slider.valueChanged.disconnect()
        slider.valueChanged.connect(lambda value: bare.draw(value / param.max))
        slider.setSliderDown(True)
        slider_floor = statistics.median(_time_steps(step, drag_positions(param))) * 1000
        slider.setSliderDown(False)
        window.close()
        window.ctx.db.close()
    floor = statistics.median(r["floor_ms"] for r in per_explorer.values())
    worst = max(per_explorer.values(), key=lambda r: r["median_ms"])
    within = sum(r["median_ratio"] <= 1.5 for r in per_explorer.values())
    return {"value": worst["median_ms"], "floor": floor, "unit": "ms",
            "ratio": worst["median_ratio"], "slider_blit_ms": slider_floor,
            "goal": f"worst median < 16 ms and ≤ 1.5× ({within}/{len(per_explorer)} are)",
            "explorers": per_explorer}
