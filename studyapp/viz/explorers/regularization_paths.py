"""L1 versus L2 penalties: loss contours, the constraint region and solution paths."""

from __future__ import annotations

import random

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.spec import Choice, Explorer, Float, Preset
from studyapp.viz.theme import NEUTRAL, PALETTE

LAMBDAS = np.logspace(-3, 1.5, 120)


def quadratic(w_star: np.ndarray, corr: float) -> np.ndarray:
    """Hessian A of the least-squares loss ½ (w − w*)ᵀ A (w − w*) with feature correlation."""
    return np.array([[1.0, corr], [corr, 1.0]])


def ridge(w_star: np.ndarray, a: np.ndarray, lam: float) -> np.ndarray:
    """argmin ½(w − w*)ᵀA(w − w*) + ½ λ‖w‖² = (A + λI)⁻¹ A w*."""
    return np.linalg.solve(a + lam * np.eye(2), a @ w_star)


def lasso(w_star: np.ndarray, a: np.ndarray, lam: float, iters: int = 500) -> np.ndarray:
    """argmin ½(w − w*)ᵀA(w − w*) + λ‖w‖₁ by coordinate descent (exact per coordinate)."""
    w = np.zeros(2)
    b = a @ w_star
    for _ in range(iters):
        previous = w.copy()
        for j in range(2):
            rho = b[j] - a[j, 1 - j] * w[1 - j]
            w[j] = np.sign(rho) * max(abs(rho) - lam, 0.0) / a[j, j]
        if np.abs(w - previous).max() < 1e-12:
            break
    return w


def solution(penalty: str, w_star: np.ndarray, a: np.ndarray, lam: float) -> np.ndarray:
    return ridge(w_star, a, lam) if penalty == "l2" else lasso(w_star, a, lam)


# --- challenges -----------------------------------------------------------------------------------
def _lasso_threshold(rng: random.Random) -> Challenge:
    w1, w2 = rng.choice((2.0, 1.5, -2.5)), rng.choice((0.6, -0.4, 1.2))
    lam = rng.choice((0.3, 0.5, 0.8))
    w = lasso(np.array([w1, w2]), np.eye(2), lam)
    return Challenge("lasso-soft-threshold", "l1-l2",
                     f"Uncorrelated features, unregularised solution w* = ({w1:g}, {w2:g}), "
                     f"L1 strength λ = {lam:g}: what is the lasso's ŵ₂?", short_number(w[1] + 0.0),
                     "With orthonormal features lasso soft-thresholds: sign(w)·max(|w| − λ, "
                     "0), so small weights become exactly zero.",
                     {"penalty": "l1", "lam": lam, "w1": w1, "w2": w2, "corr": 0.0},
                     tolerance=0.01)


def _ridge_shrink(rng: random.Random) -> Challenge:
    w1, lam = rng.choice((2.0, 3.0, -1.5)), rng.choice((0.5, 1.0, 2.0))
    return Challenge("ridge-shrinkage", "l1-l2",
                     f"Uncorrelated features, w₁* = {w1:g}, L2 strength λ = {lam:g}: what is "
                     "the ridge estimate ŵ₁?", short_number(w1 / (1 + lam)),
                     "Ridge with orthonormal features scales every weight by 1/(1 + λ).",
                     {"penalty": "l2", "lam": lam, "w1": w1, "w2": 0.6, "corr": 0.0},
                     tolerance=0.01)


class RegularizationPaths(Explorer):
    id = "l1-l2"
    title = "L1 vs L2 regularization"
    tags = ("regularization", "weight-decay", "linear-models")
    params = (
        Choice("penalty", "Penalty", ("l1", "l2"), "l1", labels=("L1 (lasso)", "L2 (ridge)")),
        Float("lam", "Strength λ", 0.001, 30.0, 0.5, log=True),
        Float("w1", "Unregularised w₁*", -3.0, 3.0, 2.0, step=0.1),
        Float("w2", "Unregularised w₂*", -3.0, 3.0, 0.6, step=0.1),
        Float("corr", "Feature correlation", -0.9, 0.9, 0.3, step=0.05),
    )
    presets = (
        Preset("Lasso zeroes w₂", {"penalty": "l1", "lam": 0.5}),
        Preset("Ridge only shrinks", {"penalty": "l2", "lam": 0.5}),
        Preset("Correlated features, lasso", {"penalty": "l1", "corr": 0.8, "lam": 0.3}),
        Preset("Strong penalty", {"penalty": "l1", "lam": 5.0}),
    )
    formula = (r"\hat w = \arg\min_w \tfrac12 (w-w^*)^\top A (w-w^*) + "
               r"\begin{cases}\lambda\lVert w\rVert_1 \\ \tfrac{\lambda}{2}\lVert w\rVert_2^2"
               r"\end{cases}")
    notice = ("The solution is where a loss contour first touches the penalty's ball. The L1 "
              "ball has corners on the axes, so the contact point often sits on an axis and a "
              "weight becomes exactly zero; the round L2 ball only shrinks every weight toward "
              "zero. On the right, lasso paths hit zero one by one while ridge paths decay "
              "smoothly.")

    challenges = (_lasso_threshold, _ridge_shrink)

    def build(self, fig, params: dict) -> None:
        self.ax, self.ax_path = fig.subplots(1, 2)
        g = np.linspace(-3.5, 3.5, 141)
        self.gx, self.gy = np.meshgrid(g, g)
        self.ax.axhline(0, color=NEUTRAL, lw=0.8)
        self.ax.axvline(0, color=NEUTRAL, lw=0.8)
        self.ball, = self.ax.plot([], [], color=PALETTE[2], lw=2, label="penalty ball")
        self.star, = self.ax.plot([], [], "x", color=PALETTE[1], ms=9, mew=2, label="w*")
        self.sol, = self.ax.plot([], [], "o", color=PALETTE[3], ms=8, label="solution")
        self.ax.set_xlim(-3.5, 3.5)
        self.ax.set_ylim(-3.5, 3.5)
        self.ax.set_aspect("equal")
        self.ax.set_xlabel("w₁")
        self.ax.set_ylabel("w₂")
        self.ax.legend(loc="lower left", fontsize=8)
        self.path1, = self.ax_path.semilogx([], [], color=PALETTE[0], label="w₁")
        self.path2, = self.ax_path.semilogx([], [], color=PALETTE[4], label="w₂")
        self.lam_line = self.ax_path.axvline(1, color=NEUTRAL, ls="--", lw=1)
        self.ax_path.axhline(0, color=NEUTRAL, lw=0.8)
        self.ax_path.set_xlim(LAMBDAS[0], LAMBDAS[-1])
        self.ax_path.set_ylim(-3.2, 3.2)
        self.ax_path.set_xlabel("λ")
        self.ax_path.set_title("Solution path")
        self.ax_path.legend(loc="upper right", fontsize=8)
        self.ax_path.grid(True, alpha=0.4)
        self.contours = None
        self.problem = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        w_star = np.array([params["w1"], params["w2"]])
        a = quadratic(w_star, params["corr"])
        w = solution(params["penalty"], w_star, a, params["lam"])
        self.star.set_data([w_star[0]], [w_star[1]])
        self.sol.set_data([w[0]], [w[1]])
        t = np.linspace(0, 2 * np.pi, 200)
        if params["penalty"] == "l1":
            r = np.abs(w).sum()
            self.ball.set_data(r * np.sign(np.cos(t)) * np.cos(t) ** 2,
                               r * np.sign(np.sin(t)) * np.sin(t) ** 2)
        else:
            r = np.linalg.norm(w)
            self.ball.set_data(r * np.cos(t), r * np.sin(t))
        self.lam_line.set_xdata([params["lam"], params["lam"]])
        problem = (params["penalty"], params["w1"], params["w2"], params["corr"])
        if problem == self.problem:          # λ alone moves only the ball and the solution
            return [self.ball, self.sol, self.lam_line]
        self.problem = problem
        path = np.array([solution(params["penalty"], w_star, a, lam) for lam in LAMBDAS])
        self.path1.set_data(LAMBDAS, path[:, 0])
        self.path2.set_data(LAMBDAS, path[:, 1])
        if self.contours is not None:
            self.contours.remove()
        d = np.stack([self.gx - w_star[0], self.gy - w_star[1]])
        loss = 0.5 * np.einsum("i...,ij,j...->...", d, a, d)
        self.contours = self.ax.contour(self.gx, self.gy, loss, levels=np.geomspace(0.02, 12, 9),
                                        colors=PALETTE[0], linewidths=0.8)
        return None                          # new contours: drawn in full

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        w_star = np.array([params["w1"], params["w2"]])
        a = quadratic(w_star, params["corr"])
        w = solution(params["penalty"], w_star, a, params["lam"])
        zeros = int(np.sum(np.abs(w) < 1e-9))
        return [
            ("Solution ŵ", f"({w[0]:.3f}, {w[1]:.3f})"),
            ("Exact zeros", f"{zeros} of 2"),
            ("‖ŵ‖₁ / ‖ŵ‖₂", f"{np.abs(w).sum():.3f} / {np.linalg.norm(w):.3f}"),
        ]
