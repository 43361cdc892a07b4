"""Learning-rate schedules as PyTorch's schedulers define them, side by side."""

from __future__ import annotations

import math
import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.spec import Explorer, Float, Int, MultiChoice, Preset
from studyapp.viz.theme import PALETTE

NAMES = ("constant", "step", "exponential", "cosine", "cosine_restarts", "warmup_cosine",
         "one_cycle", "inverse_sqrt")


def schedule_values(name: str, steps: int, lr: float = 0.1, warmup: int = 10,
                    gamma: float = 0.5, step_size: int = 30, period: int = 25,
                    min_lr: float = 0.0) -> np.ndarray:
    """Learning rate at steps 0..steps-1."""
    t = np.arange(steps, dtype=float)
    if name == "constant":
        return np.full(steps, lr)
    if name == "step":                              # StepLR
        return lr * gamma ** np.floor(t / step_size)
    if name == "exponential":                       # ExponentialLR with a per-step gamma
        return lr * (gamma ** (1 / step_size)) ** t
    if name == "cosine":                            # CosineAnnealingLR, T_max = steps
        return min_lr + (lr - min_lr) * (1 + np.cos(np.pi * t / steps)) / 2
    if name == "cosine_restarts":                   # CosineAnnealingWarmRestarts, T_mult = 1
        return min_lr + (lr - min_lr) * (1 + np.cos(np.pi * (t % period) / period)) / 2
    if name == "warmup_cosine":                     # linear warm-up then cosine to min_lr
        warm = lr * (t + 1) / max(1, warmup)
        progress = (t - warmup) / max(1, steps - warmup)
        cos = min_lr + (lr - min_lr) * (1 + np.cos(np.pi * np.clip(progress, 0, 1))) / 2
        return np.where(t < warmup, warm, cos)
    if name == "one_cycle":                         # OneCycleLR, cos annealing, defaults
        return one_cycle(steps, lr)
    if name == "inverse_sqrt":                      # Transformer schedule, peak lr at warm-up
        w = max(1, warmup)
        return lr * np.minimum((t + 1) / w, np.sqrt(w / (t + 1)))
    raise ValueError(f"unknown schedule {name!r}")


def one_cycle(steps: int, max_lr: float, pct_start: float = 0.3, div_factor: float = 25.0,
              final_div_factor: float = 1e4) -> np.ndarray:
    """torch.optim.lr_scheduler.OneCycleLR with anneal_strategy='cos' (three_phase=False)."""
    initial = max_lr / div_factor
    final = initial / final_div_factor
    up_end = float(pct_start * steps) - 1
    down_end = float(steps) - 1

    def cos(start, end, pct):
        return end + (start - end) / 2 * (math.cos(math.pi * pct) + 1)

    out = []
    for step in range(steps):
        if step <= up_end:
            out.append(cos(initial, max_lr, step / up_end if up_end else 1.0))
        else:
            out.append(cos(max_lr, final, (step - up_end) / (down_end - up_end)))
    return np.array(out)


# --- challenges -----------------------------------------------------------------------------------
def _cosine_lr(rng: random.Random) -> Challenge:
    total = rng.choice((100, 200, 400))
    step = rng.randint(1, total - 1)
    lr = rng.choice((0.1, 0.01))
    value = lr / 2 * (1 + math.cos(math.pi * step / total))
    return Challenge("cosine-schedule-value", "lr-schedules",
                     f"Cosine decay from lr = {lr:g} over {total} steps without warm-up: what "
                     f"is the learning rate at step {step}?", short_number(value, 4),
                     "lr_t = lr · ½ (1 + cos(π t / T)).",
                     {"schedule": ("cosine",), "lr": lr, "steps": total}, tolerance=0.03)


class LrSchedules(Explorer):
    id = "lr-schedules"
    title = "Learning-rate schedules"
    tags = ("learning-rate", "optimization", "training")
    params = (
        MultiChoice("schedule", "Schedules", NAMES, ("step", "cosine", "warmup_cosine")),
        Float("lr", "Base / peak learning rate", 0.001, 1.0, 0.1, log=True),
        Int("steps", "Training steps", 20, 500, 100),
        Int("warmup", "Warm-up steps", 0, 100, 10),
        Float("gamma", "Decay factor γ", 0.05, 0.99, 0.5, step=0.01),
        Int("step_size", "Step size (steps per decay)", 1, 200, 30),
        Int("period", "Restart period", 5, 200, 25),
    )
    presets = (
        Preset("Transformer: warm-up + inverse sqrt", {"schedule": ("inverse_sqrt",),
                                                       "warmup": 20}),
        Preset("Warm-up then cosine", {"schedule": ("warmup_cosine",), "warmup": 10}),
        Preset("One-cycle vs cosine", {"schedule": ("cosine", "one_cycle")}),
        Preset("Restarts (SGDR)", {"schedule": ("cosine_restarts",), "period": 25}),
    )
    formula = (r"\eta_t = \eta_{\min} + \tfrac12(\eta_{\max}-\eta_{\min})"
               r"\left(1+\cos\frac{\pi t}{T}\right)")
    notice = ("Warm-up avoids huge early updates while Adam's statistics and the network's "
              "scales settle; decay then lets the iterates settle into a minimum. Step decay "
              "drops suddenly, cosine glides, restarts jump back up to explore again.")

    challenges = (_cosine_lr,)

    def build(self, fig, params: dict) -> None:
        self.ax = fig.add_subplot(1, 1, 1)
        self.lines = {}
        for i, name in enumerate(NAMES):
            self.lines[name], = self.ax.plot([], [], lw=2, color=PALETTE[i % len(PALETTE)],
                                             label=name)
        self.ax.set_xlabel("step")
        self.ax.set_ylabel("learning rate")
        self.ax.grid(True, alpha=0.4)
        self.shown = None
        self.update(params)

    def hyper(self, params: dict) -> dict:
        return {k: params[k] for k in ("lr", "warmup", "gamma", "step_size", "period")}

    def update(self, params: dict) -> list | None:
        steps = params["steps"]
        for name in NAMES:
            on = name in params["schedule"]
            y = schedule_values(name, steps, **self.hyper(params)) if on else []
            self.lines[name].set_data(np.arange(steps) if on else [], y)
        shown = (params["schedule"], steps, params["lr"])
        if shown != self.shown:
            self.shown = shown
            self.ax.set_xlim(0, steps)
            self.ax.set_ylim(0, params["lr"] * 1.08)
            handles = [self.lines[n] for n in params["schedule"]]
            legend = self.ax.get_legend()
            if handles:
                self.ax.legend(handles=handles, loc="upper right", fontsize=9)
            elif legend:
                legend.remove()
            return None
        return [self.lines[n] for n in params["schedule"]]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        out = []
        for name in params["schedule"]:
            y = schedule_values(name, params["steps"], **self.hyper(params))
            out.append((name, (f"peak {y.max():.4g} at step {int(y.argmax())}, "
                              f"final {y[-1]:.3g}, mean {y.mean():.3g}")))
        return out
