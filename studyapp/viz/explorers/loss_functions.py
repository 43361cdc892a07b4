"""Regression and classification losses with their gradients, side by side."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.numerics import sigmoid
from studyapp.viz.spec import Choice, Explorer, Float, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

R = np.linspace(-4, 4, 401)
REGRESSION = ("mse", "mae", "huber", "log_cosh")
CLASSIFICATION = ("bce", "focal", "hinge")
LABELS = {"mse": "MSE ½r²", "mae": "MAE |r|", "huber": "Huber", "log_cosh": "log-cosh",
          "bce": "BCE on logits", "focal": "focal", "hinge": "hinge"}


def loss_and_grad(name: str, r: np.ndarray, delta: float = 1.0,
                  gamma: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Loss and derivative in r: the residual for regression, the margin y·z for classification
    (label y = ±1, logit z), so BCE is log(1 + e^{−r})."""
    if name == "mse":
        return 0.5 * r ** 2, r
    if name == "mae":
        return np.abs(r), np.sign(r)
    if name == "huber":
        small = np.abs(r) <= delta
        return (np.where(small, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta)),
                np.where(small, r, delta * np.sign(r)))
    if name == "log_cosh":
        return np.logaddexp(r, -r) - np.log(2), np.tanh(r)
    if name == "bce":
        return np.logaddexp(0, -r), -sigmoid(-r)
    if name == "focal":
        p = sigmoid(r)                                 # probability of the true class
        log_p = -np.logaddexp(0, -r)
        loss = -((1 - p) ** gamma) * log_p
        grad = gamma * (1 - p) ** gamma * p * log_p - (1 - p) ** (gamma + 1)
        return loss, grad
    if name == "hinge":
        return np.maximum(0, 1 - r), np.where(r < 1, -1.0, 0.0)
    raise ValueError(f"unknown loss {name!r}")


# --- challenges -----------------------------------------------------------------------------------
def _huber_gradient(rng: random.Random) -> Challenge:
    delta = rng.choice((0.5, 1.0, 1.5, 2.0))
    r = rng.choice((3.0, -3.5, 0.2, -0.3))
    grad = float(loss_and_grad("huber", np.array([r]), delta)[1][0])
    return Challenge("huber-gradient", "losses",
                     f"Huber loss with δ = {delta:g}: what is its gradient at residual "
                     f"r = {r:g}?", short_number(grad),
                     "Inside |r| ≤ δ the gradient is r (like MSE); outside it is δ·sign(r) "
                     "(like MAE), which caps the pull of outliers.",
                     {"family": "regression", "delta": delta}, tolerance=0.01)


def _focal_ratio(rng: random.Random) -> Challenge:
    gamma = rng.choice((1.0, 2.0, 3.0))
    pt = rng.choice((0.5, 0.8, 0.9))
    return Challenge("focal-down-weighting", "losses",
                     f"Focal loss with γ = {gamma:g}: for an example whose true-class "
                     f"probability is {pt:g}, the loss is what fraction of cross-entropy?",
                     short_number((1 - pt) ** gamma),
                     "FL = −(1 − p_t)^γ log p_t, i.e. cross-entropy times (1 − p_t)^γ.",
                     {"family": "classification", "gamma": gamma},
                     tolerance=0.02)


class LossFunctions(Explorer):
    id = "losses"
    title = "Loss functions and their gradients"
    tags = ("losses", "gradients")
    params = (
        Choice("family", "Family", ("regression", "classification"), "regression"),
        Float("delta", "Huber δ", 0.1, 3.0, 1.0, step=0.05),
        Float("gamma", "Focal γ", 0.0, 5.0, 2.0, step=0.1),
    )
    presets = (
        Preset("Regression, Huber δ = 1", {"family": "regression", "delta": 1.0}),
        Preset("Huber δ = 0.3: almost MAE", {"family": "regression", "delta": 0.3}),
        Preset("Classification, focal γ = 2", {"family": "classification", "gamma": 2.0}),
        Preset("Focal γ = 0 equals BCE", {"family": "classification", "gamma": 0.0}),
    )
    formula = (r"\mathrm{Huber}_\delta(r) = \begin{cases}\tfrac12 r^2 & |r|\le\delta\\"
               r"\delta(|r|-\tfrac12\delta) & \text{else}\end{cases},\qquad"
               r"\mathrm{FL}(p_t) = -(1-p_t)^\gamma \log p_t")
    notice = ("MSE's gradient grows with the residual, so outliers dominate; MAE's gradient has "
              "constant size and no smooth minimum; Huber and log-cosh are quadratic near zero "
              "and linear in the tails. For classification, the focal loss shrinks the loss "
              "of well-classified examples (large margin) so training focuses on hard ones.")

    challenges = (_huber_gradient, _focal_ratio)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax_grad = fig.subplots(1, 2)
        self.lines, self.grads = {}, {}
        for color, name in zip(PALETTE, REGRESSION + CLASSIFICATION, strict=False):
            self.lines[name], = self.ax.plot([], [], color=color, label=LABELS[name])
            self.grads[name], = self.ax_grad.plot([], [], color=color, label=LABELS[name])
        self.ax.set_title("Loss")
        self.ax_grad.set_title("Gradient")
        for ax in (self.ax, self.ax_grad):
            ax.set_xlim(R[0], R[-1])
            ax.grid(True, alpha=0.4)
            ax.axhline(0, color=NEUTRAL, lw=0.8)
        self.family = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        shown = REGRESSION if params["family"] == "regression" else CLASSIFICATION
        for name in self.lines:
            if name in shown:
                loss, grad = loss_and_grad(name, R, params["delta"], params["gamma"])
                self.lines[name].set_data(R, loss)
                self.grads[name].set_data(R, grad)
            else:
                self.lines[name].set_data([], [])
                self.grads[name].set_data([], [])
        if params["family"] != self.family:
            self.family = params["family"]
            label = "residual r = ŷ − y" if self.family == "regression" else "margin y·z"
            for ax in (self.ax, self.ax_grad):
                ax.set_xlabel(label)
            self.ax.set_ylim(-0.2, 5)
            limit = 4.2 if self.family == "regression" else 1.5
            self.ax_grad.set_ylim(-limit, limit)
            self.ax.legend([self.lines[n] for n in shown], [LABELS[n] for n in shown],
                           loc="upper center", fontsize=8)
            return None
        # Within a family only Huber (δ) and focal (γ) move: the rest stay in the background.
        moving = [n for n in shown if n in ("huber", "focal")]
        return [*(self.lines[n] for n in moving), *(self.grads[n] for n in moving)]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        if params["family"] == "regression":
            at = np.array([0.5, 3.0])
            return [(f"{LABELS[n]}: gradient at r = 0.5, 3", "  ".join(
                f"{g:+.2f}" for g in loss_and_grad(n, at, params["delta"], params["gamma"])[1]))
                for n in REGRESSION]
        margins = np.array([-1.0, 3.0])
        return [(f"{LABELS[n]}: loss at margin −1, 3", "  ".join(
            f"{v:.3f}" for v in loss_and_grad(n, margins, params["delta"], params["gamma"])[0]))
            for n in CLASSIFICATION]
