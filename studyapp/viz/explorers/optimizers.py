"""Optimisers on 2-D loss surfaces, with torch.optim's update rules."""

from __future__ import annotations

import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.spec import Choice, Explorer, Float, Int, MultiChoice, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

SURFACES = ("quadratic", "rosenbrock", "saddle", "himmelblau")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
LIMITS = {"quadratic": (-3, 3, -3, 3), "rosenbrock": (-2, 2, -1, 3), "saddle": (-3, 3, -3, 3),
          "himmelblau": (-5, 5, -5, 5)}
BLOW_UP = 1e6


COS30, SIN30 = math.cos(math.pi / 6), math.sin(math.pi / 6)


def loss_and_grad(surface: str, p, kappa: float = 10.0):
    """Loss and (∂x, ∂y) at p = (x, y); x and y may be arrays of points."""
    x, y = p
    if surface == "quadratic":      # eigenvalues 1 and kappa, rotated 30°
        c, s = COS30, SIN30
        u, v = c * x + s * y, -s * x + c * y
        gu, gv = u, kappa * v
        return 0.5 * (u * u + kappa * v * v), (c * gu - s * gv, s * gu + c * gv)
    if surface == "rosenbrock":
        return ((1 - x) ** 2 + 100 * (y - x * x) ** 2,
                (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)))
    if surface == "saddle":
        return 0.5 * (x * x - y * y), (x, -y)
    if surface == "himmelblau":
        a, b = x * x + y - 11, x + y * y - 7
        return a * a + b * b, (4 * x * a + 2 * b, 2 * a + 4 * y * b)
    raise ValueError(f"unknown surface {surface!r}")


def trajectory(surface: str, opt: str, params: dict) -> np.ndarray:
    """Positions after each step, following torch.optim (dampening 0, default eps).

    Stops early when the iterate blows up, so plots never receive non-finite points.
    The two coordinates are plain floats: NumPy's per-call cost on 2-vectors made
    this loop most of a slider frame.
    """
    lr, mom, beta2, wd = params["lr"], params["momentum"], params["beta2"], params["weight_decay"]
    beta1, kappa = mom, params.get("kappa", 10.0)
    x, y = float(params["x_start"]), float(params["y_start"])
    bx = by = sx = sy = 0.0          # momentum buffer / first moment, second moment
    path = [(x, y)]
    for t in range(1, params["steps"] + 1):
        gx, gy = loss_and_grad(surface, (x, y), kappa)[1]
        if opt != "adamw":
            gx, gy = gx + wd * x, gy + wd * y  # L2 added to the gradient, as torch does
        if opt == "sgd":
            x, y = x - lr * gx, y - lr * gy
        elif opt in ("momentum", "nesterov"):
            bx, by = (gx, gy) if t == 1 else (mom * bx + gx, mom * by + gy)
            if opt == "nesterov":
                x, y = x - lr * (gx + mom * bx), y - lr * (gy + mom * by)
            else:
                x, y = x - lr * bx, y - lr * by
        elif opt == "adagrad":
            sx, sy = sx + gx * gx, sy + gy * gy
            x, y = x - lr * gx / (math.sqrt(sx) + 1e-10), y - lr * gy / (math.sqrt(sy) + 1e-10)
        elif opt == "rmsprop":
            sx, sy = beta2 * sx + (1 - beta2) * gx * gx, beta2 * sy + (1 - beta2) * gy * gy
            x, y = x - lr * gx / (math.sqrt(sx) + 1e-8), y - lr * gy / (math.sqrt(sy) + 1e-8)
        else:                                  # adam, adamw
            if opt == "adamw":
                x, y = x * (1 - lr * wd), y * (1 - lr * wd)    # decoupled weight decay
            bx, by = beta1 * bx + (1 - beta1) * gx, beta1 * by + (1 - beta1) * gy
            sx, sy = beta2 * sx + (1 - beta2) * gx * gx, beta2 * sy + (1 - beta2) * gy * gy
            c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
            x = x - lr * (bx / c1) / (math.sqrt(sx / c2) + 1e-8)
            y = y - lr * (by / c1) / (math.sqrt(sy / c2) + 1e-8)
        if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > BLOW_UP:
            break
        path.append((x, y))
    return np.array(path)


# --- challenges -----------------------------------------------------------------------------------
def _momentum_race(rng: random.Random) -> Challenge:
    options = ("plain SGD", "SGD with momentum 0.9")
    setting = {**Optimizers.defaults(), "surface": "quadratic", "kappa": 100.0,
               "lr": 0.01, "steps": 200}
    final = {opt: loss_and_grad("quadratic", trajectory(
        "quadratic", opt, setting)[-1], 100.0)[0] for opt in ("sgd", "momentum")}
    return Challenge("momentum-ill-conditioned", "optimizers",
                     "On an ill-conditioned quadratic (κ = 100) with lr = 0.01, which gets "
                     "lower after 200 steps?", options[int(final["momentum"] < final["sgd"])],
                     "Momentum accumulates speed along the shallow direction, where plain SGD "
                     "crawls at a rate set by the smallest curvature.",
                     {"surface": "quadratic", "kappa": 100.0, "lr": 0.01, "steps": 200,
                      "opt": ("sgd", "momentum")}, options=options)


class Optimizers(Explorer):
    id = "optimizers"
    title = "Optimizers on a surface"
    tags = ("optimizers", "gradient-descent", "learning-rate")
    params = (
        Choice("surface", "Surface", SURFACES, "quadratic"),
        Float("kappa", "Condition number (quadratic)", 1.0, 100.0, 10.0, log=True),
        MultiChoice("opt", "Optimizers", OPTIMIZERS, ("sgd", "momentum", "adam")),
        Float("lr", "Learning rate", 0.0005, 1.0, 0.05, log=True),
        Float("momentum", "Momentum / β₁", 0.0, 0.99, 0.9, step=0.01),
        Float("beta2", "β₂ (Adam) / α (RMSprop)", 0.8, 0.9999, 0.999, step=0.0001),
        Float("weight_decay", "Weight decay", 0.0, 0.5, 0.0, step=0.01),
        Int("steps", "Steps", 5, 300, 80),
        Float("x_start", "Start x", -5.0, 5.0, -2.5, step=0.1),
        Float("y_start", "Start y", -5.0, 5.0, 2.0, step=0.1),
    )
    presets = (
        Preset("Ill-conditioned bowl: SGD zig-zags", {"surface": "quadratic", "kappa": 50.0,
                                                      "opt": ("sgd", "momentum"), "lr": 0.035}),
        Preset("Rosenbrock valley", {"surface": "rosenbrock", "opt": ("momentum", "adam"),
                                     "lr": 0.001, "steps": 300, "x_start": -1.5,
                                     "y_start": 2.0}),
        Preset("Escaping a saddle", {"surface": "saddle", "opt": ("sgd", "adam"), "lr": 0.1,
                                     "x_start": 2.5, "y_start": 0.01}),
        Preset("Himmelblau: four minima", {"surface": "himmelblau",
                                           "opt": ("sgd", "momentum", "adam"), "lr": 0.01,
                                           "x_start": 0.0, "y_start": 0.0}),
    )
    formula = (r"\text{Adam: }\theta_t = \theta_{t-1} - \eta\,\frac{\hat m_t}"
               r"{\sqrt{\hat v_t}+\epsilon},\quad \text{momentum: }"
               r"\theta_t = \theta_{t-1} - \eta\,(\mu b_{t-1} + g_t)")
    notice = ("On an elongated bowl plain SGD zig-zags across the valley while momentum builds "
              "speed along it; Adam rescales each coordinate so both directions move at similar "
              "speed. Click the contour plot to choose a new start.")

    challenges = (_momentum_race,)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax2 = fig.subplots(1, 2, width_ratios=(3, 2))
        self.lines, self.loss_lines = {}, {}
        for i, name in enumerate(OPTIMIZERS):
            color = PALETTE[i % len(PALETTE)]
            self.lines[name], = self.ax.plot([], [], "-", color=color, lw=1.6, label=name)
            self.loss_lines[name], = self.ax2.semilogy([], [], color=color, lw=1.4)
        self.start, = self.ax.plot([], [], "o", color=NEUTRAL, ms=6)
        self.ax.set_title("Trajectories")
        self.ax2.set_title("Loss − lowest loss seen")
        self.ax2.set_xlabel("step")
        self.ax2.grid(True, alpha=0.4)
        self.contours = None
        self.shown = None
        self.update(params)

    def _draw_surface(self, params: dict) -> None:
        surface = params["surface"]
        x0, x1, y0, y1 = LIMITS[surface]
        xs, ys = np.meshgrid(np.linspace(x0, x1, 160), np.linspace(y0, y1, 160))
        z = loss_and_grad(surface, np.array([xs, ys]), params["kappa"])[0]
        if self.contours is not None:
            self.contours.remove()
        levels = np.quantile(z, np.linspace(0.01, 0.95, 18))
        self.contours = self.ax.contour(xs, ys, z, levels=np.unique(levels), cmap="viridis",
                                        linewidths=0.7, alpha=0.7)
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, y1)

    def update(self, params: dict) -> list | None:
        layout = (params["surface"], params["kappa"], params["opt"], params["steps"])
        full = layout != self.shown
        if full:
            self._draw_surface(params)
        paths = {name: trajectory(params["surface"], name, params) if name in params["opt"]
                 else np.empty((0, 2)) for name in OPTIMIZERS}
        losses = {name: loss_and_grad(params["surface"], path.T, params["kappa"])[0]
                  for name, path in paths.items()}       # elementwise over the whole path
        everything = np.concatenate([v for v in losses.values()] + [np.zeros(1)])
        floor = min(0.0, float(everything.min())) - 1e-12    # the saddle has no minimum
        low, high = np.inf, -np.inf
        for name in OPTIMIZERS:
            path, shifted = paths[name], losses[name] - floor
            self.lines[name].set_data(path[:, 0], path[:, 1])
            self.loss_lines[name].set_data(np.arange(len(path)), shifted)
            if len(shifted):
                low, high = min(low, shifted.min()), max(high, shifted.max())
        self.start.set_data([params["x_start"]], [params["y_start"]])
        if full:
            self.shown = layout
            self.ax2.set_xlim(0, params["steps"])
            if np.isfinite(low):
                self.ax2.set_ylim(max(low, 1e-12) * 0.5, high * 2)
            handles = [self.lines[n] for n in params["opt"]]
            if handles:
                self.ax.legend(handles=handles, loc="upper right", fontsize=9)
            return None
        return [*(self.lines[n] for n in params["opt"]),
                *(self.loss_lines[n] for n in params["opt"]), self.start]

    def on_click(self, x: float, y: float, ax, params: dict) -> dict | None:
        if ax is not self.ax:
            return None
        return {**params, "x_start": round(x, 2), "y_start": round(y, 2)}

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        out = []
        for name in params["opt"]:
            path = trajectory(params["surface"], name, params)
            loss = loss_and_grad(params["surface"], path[-1], params["kappa"])[0]
            status = "" if len(path) == params["steps"] + 1 else f" — diverged at {len(path)}"
            out.append((name, (f"end ({path[-1][0]:.3f}, {path[-1][1]:.3f}), loss {loss:.3g}"
                              f"{status}")))
        return out
