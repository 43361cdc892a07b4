"""Frame time of every explorer during a scripted 200-step slider drag.

Each step is what a drag does in the app: the explorer updates its artists and the
panel blits them (or redraws when the explorer reports changed axes). The floor is a
bare blit of one line on the same canvas; ``draw_only_ms`` blits each frame's artists
again without the explorer's model, to tell drawing from computing.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

STEPS = 200
# The control a person drags most, where it is not the explorer's first slider.
DRAG = {"optimizers": "lr", "lr-schedules": "warmup", "init-depth": "sigma",
        "positional-encoding": "anchor", "diffusion-schedules": "t", "attention": "d",
        "normalization": "channel", "conv-arithmetic": "pos", "decoding": "T", "l1-l2": "lam"}
# Settings under which that control matters (σ only scales the plain normal init).
START = {"init-depth": {"init": "normal"}}


def _drag_values(param, steps: int) -> list:
    if hasattr(param, "min") and not hasattr(param, "options"):
        values = np.linspace(param.min, param.max, steps)
        return [type(param.default)(v) if isinstance(param.default, int) else float(v)
                for v in values]
    return []


def _time_steps(apply, values) -> list[float]:
    times = []
    for value in values:
        start = time.perf_counter()
        apply(value)
        times.append(time.perf_counter() - start)
    return times


def explorer_frames() -> dict:
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.explore import FigurePanel
    from studyapp.viz import registry

    app = QApplication.instance() or QApplication([])
    panel = FigurePanel()
    panel.resize(900, 600)
    panel.show()
    app.processEvents()

    ax = panel.figure.add_subplot(1, 1, 1)
    xs = np.linspace(0, 1, 200)
    line, = ax.plot(xs, xs)
    panel.show_changes([line])
    floor_times = _time_steps(
        lambda v: (line.set_ydata(xs * v), panel.show_changes([line])),
        np.linspace(0, 1, STEPS))
    floor = statistics.median(floor_times) * 1000

    per_explorer = {}
    for eid, cls in registry.EXPLORERS.items():
        panel.figure.clear()
        explorer = cls()
        params = {**cls.defaults(), **START.get(eid, {})}
        explorer.build(panel.figure, params)
        panel.redraw()
        param = (cls.param(DRAG[eid]) if eid in DRAG
                 else next(p for p in cls.params if _drag_values(p, 2)))

        drawn = []

        def step(value, explorer=explorer, params=params, name=param.name, drawn=drawn):
            params[name] = value
            drawn.append(explorer.update(params))
            panel.show_changes(drawn[-1])

        times = sorted(_time_steps(step, _drag_values(param, STEPS)))
        # The same frames' artists blitted again, without the explorer's model: drawing cost.
        draws = _time_steps(panel.show_changes, [a for a in drawn if a is not None])
        median, p95 = statistics.median(times) * 1000, times[int(0.95 * len(times))] * 1000
        per_explorer[eid] = {"param": param.name, "median_ms": median, "p95_ms": p95,
                             "median_ratio": median / floor, "p95_ratio": p95 / floor,
                             "draw_only_ms": statistics.median(draws) * 1000}
    worst = max(per_explorer.values(), key=lambda r: r["median_ms"])
    within = sum(r["median_ratio"] <= 1.5 for r in per_explorer.values())
    return {"value": worst["median_ms"], "floor": floor, "unit": "ms",
            "ratio": worst["median_ms"] / floor,
            "goal": f"worst median < 16 ms and ≤ 1.5× ({within}/{len(per_explorer)} are)",
            "explorers": per_explorer}
